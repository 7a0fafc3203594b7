# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for the browser tests: a daemon Session, the local HTTPS sites
and a browser with the extension; logs attached when a test fails."""

import os
import tempfile

import pytest

from browser_harness import Browser, Sites
from unscroll_harness import Session

if os.environ.get('TMPDIR'):
    os.makedirs(os.environ['TMPDIR'], exist_ok=True)
    tempfile.tempdir = None

# Only the nudges a test sets up: no heads-up before a limit, no
# continuous-use suggestion.
QUIET = {'heads-up-minutes': 'uint32 0', 'continuous-use-minutes': 'uint32 0'}

THINGS = pytest.StashKey[list]()


@pytest.fixture
def unscroll(request):
    """The daemon on its test clock (Monday 2026-03-02 10:00 UTC), only the nudges a test sets."""
    session = Session(settings=QUIET)
    request.node.stash.setdefault(THINGS, []).append(session)
    yield session
    session.close()


@pytest.fixture
def sites(unscroll):
    server = Sites(unscroll.workdir)
    yield server
    server.close()


def _browser(request, unscroll, sites, kind, **options):
    browser = Browser(unscroll, sites, kind, **options)
    request.node.stash.setdefault(THINGS, []).append(browser)
    return browser


@pytest.fixture
def chromium(request, unscroll, sites):
    browser = _browser(request, unscroll, sites, 'chromium')
    yield browser
    browser.close()


@pytest.fixture
def chromium_on_a_display(request, unscroll, sites):
    """Chromium on an Xvfb display: headless Chromium never marks a tab audible."""
    browser = _browser(request, unscroll, sites, 'chromium', headful=True)
    yield browser
    browser.close()


@pytest.fixture
def firefox(request, unscroll, sites):
    browser = _browser(request, unscroll, sites, 'firefox')
    yield browser
    browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    for thing in item.stash.get(THINGS, []):
        if isinstance(thing, Session):
            for title, text in thing.logs():
                report.sections.append((f'Log: {title}', text or '(empty)'))
        else:
            try:
                with open(thing.driver.log_path, encoding='utf-8', errors='replace') as f:
                    text = f.read()
            except OSError:
                text = ''
            report.sections.append((f'Log: {thing.kind} (browser and host stderr)',
                                    text[-20000:] or '(empty)'))
