# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for the daemon-level tests: a Session per test, its logs attached when it fails."""

import os
import tempfile

import pytest

from unscroll_harness import Session

# Tests run with TMPDIR in the build tree: dbusmock and dbus-daemon leave
# folders behind, and the build tree is where those belong.
if os.environ.get('TMPDIR'):
    os.makedirs(os.environ['TMPDIR'], exist_ok=True)
    tempfile.tempdir = None

SESSIONS = pytest.StashKey[list]()


@pytest.fixture
def make_session(request):
    """Returns a function that starts a Session with the given options.

    Options: tz (default UTC), start (Unix seconds, default T0), settings
    ({key: GVariant text}), start_daemon (default True), umask, notifications
    (a python-dbusmock notification daemon, default False).
    """
    sessions = []
    request.node.stash[SESSIONS] = sessions

    def make(**kwargs):
        session = Session(**kwargs)
        sessions.append(session)
        return session

    yield make

    errors = []
    for session in sessions:
        try:
            session.close()
        except AssertionError as e:
            errors.append(str(e))
    if errors:
        pytest.fail('; '.join(errors), pytrace=False)


@pytest.fixture
def unscroll(make_session):
    """A Session with the defaults: UTC, the clock at T0 (Monday 2026-03-02 10:00)."""
    return make_session()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    for session in item.stash.get(SESSIONS, []):
        for title, text in session.logs():
            report.sections.append((f'Log: {title}', text or '(empty)'))
