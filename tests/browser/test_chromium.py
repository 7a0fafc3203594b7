# SPDX-License-Identifier: GPL-3.0-or-later
"""Headless Chromium with the real extension, native host and daemon: where
the time goes, the in-page nudge and the mindful pause."""

import json
import os
import signal

from gi.repository import GLib

from browser_harness import extension_id
from unscroll_harness import DAY0, wait_until

LIMITS = 'io.github.Unscroll.Limits'

# The overlay's parts, read inside its shadow root.
OVERLAY = '''(() => {
    const host = document.querySelector('[data-unscroll-nudge]');
    const root = host && host.shadowRoot;
    const dialog = root && root.querySelector('[role=dialog]');
    if (!dialog)
        return null;
    const label = root.getElementById(dialog.getAttribute('aria-labelledby'));
    const active = root.activeElement;
    return {
        modal: dialog.getAttribute('aria-modal'),
        title: label ? label.textContent : null,
        body: root.getElementById(dialog.getAttribute('aria-describedby')).textContent,
        buttons: [...root.querySelectorAll('button')].map(b => b.textContent),
        focused: active ? active.textContent : null,
        pageFocus: document.activeElement === host,
        bodyInert: document.body.inert,
    };
})()'''
# The overlay has faded in: nothing left to animate.
SETTLED = ('(() => { const h = document.querySelector("[data-unscroll-nudge]");'
           ' return h && h.shadowRoot.querySelector(".backdrop").getAnimations().length === 0; })()')
NO_OVERLAY = '!document.querySelector("[data-unscroll-nudge]")'


def button(label):
    return ('(() => { const h = document.querySelector("[data-unscroll-nudge]");'
            f' return h && [...h.shadowRoot.querySelectorAll("button")].find(b => b.textContent === {json.dumps(label)}); }})()')


def wait_service(session, service, kind='site'):
    """Waits until the daemon tracks @service ('' for a site outside the catalog)."""
    def tracking():
        activity = session.activity()
        return activity['state'] == 'tracking' and activity.get('kind') == kind and \
            activity.get('service') == service and activity
    return wait_until(tracking, what=f'the daemon to track {service or "another site"}')


def add_limit(session, service, minutes, **options):
    variants = {key.replace('_', '-'): GLib.Variant('b', value) for key, value in options.items()}
    return session.call(LIMITS, 'AddLimit',
                        GLib.Variant('(ssaua{sv})', ('service', service, [minutes], variants)),
                        '(u)')[0]


def nudge_summary(session):
    return session.call(LIMITS, 'GetNudgeSummary', GLib.Variant('(ss)', (DAY0, DAY0)),
                        '(a{st})')[0]


def nudges(session):
    return session.prop(LIMITS, 'Nudges')


def report_json(session):
    result = session.cli('report', '--json')
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_time_on_instagram_then_elsewhere(unscroll, chromium):
    chromium.new_page('main')
    chromium.goto('main', 'www.instagram.com', '/explore/some-path?q=secret')
    wait_service(unscroll, 'instagram')
    # Only the hostname reaches the daemon: the activity is the site.
    assert unscroll.activity()['subject'] == 'instagram.com'
    unscroll.advance(300)

    chromium.goto('main', 'example.org', '/private/page')
    wait_service(unscroll, '')
    unscroll.advance(120)

    assert unscroll.totals('service') == {'instagram': 300}
    assert unscroll.totals('site') == {'instagram.com': 300, '': 120}
    assert unscroll.usage('TodaySeconds') == 300
    rows = {row['key']: row['seconds'] for row in report_json(unscroll)['rows']}
    assert rows == {'instagram': 300}


def test_switching_tabs_moves_the_time(unscroll, chromium):
    chromium.new_page('insta')
    chromium.goto('insta', 'www.instagram.com')
    chromium.new_page('reddit')
    chromium.goto('reddit', 'www.reddit.com')
    wait_service(unscroll, 'reddit')
    unscroll.advance(60)

    chromium.front('insta')
    wait_service(unscroll, 'instagram')
    unscroll.advance(30)

    chromium.front('reddit')
    wait_service(unscroll, 'reddit')
    unscroll.advance(10)

    assert unscroll.totals('service') == {'instagram': 30, 'reddit': 70}


def test_audible_tab_keeps_counting_while_idle(unscroll, chromium_on_a_display):
    chromium = chromium_on_a_display
    chromium.new_page('main')
    chromium.goto('main', 'www.youtube.com', '/tone')
    chromium.wait_reported('r.hostname === "www.youtube.com" && r.audible')
    wait_service(unscroll, 'youtube')
    unscroll.advance(60)

    unscroll.go_idle()
    assert unscroll.state() == 'tracking'
    unscroll.advance(300)
    assert unscroll.totals('service') == {'youtube': 360}

    # Silence ends it: a quiet tab is cut at idle.
    chromium.evaluate('main', 'document.getElementById("tone").pause()')
    chromium.wait_reported('r.hostname === "www.youtube.com" && !r.audible')
    unscroll.wait_state('idle')
    unscroll.advance(120)
    assert unscroll.totals('service') == {'youtube': 360}


def test_reconnects_when_the_host_goes_away(unscroll, chromium):
    chromium.new_page('main')
    chromium.goto('main', 'www.instagram.com')
    wait_service(unscroll, 'instagram')
    [host] = wait_until(chromium.host_pids, what='the native host to start')

    os.kill(host, signal.SIGKILL)
    # The daemon drops the browser's tab when its host leaves the bus …
    wait_until(lambda: unscroll.activity().get('service') != 'instagram',
               what='the daemon to forget the tab')
    # … and the extension starts a new host and says again where it is.
    wait_service(unscroll, 'instagram')
    assert host not in chromium.host_pids()


def test_reconnects_when_the_service_worker_restarts(unscroll, chromium):
    chromium.new_page('main')
    chromium.goto('main', 'www.instagram.com')
    wait_service(unscroll, 'instagram')
    [host] = wait_until(chromium.host_pids, what='the native host to start')
    # A mark only this instance of the worker carries.
    chromium.background('globalThis.beforeTheRestart = true')

    chromium.stop_worker()
    # The worker's port closes with it: its host leaves and the daemon
    # forgets the tab.
    wait_until(lambda: host not in chromium.host_pids(), what='the host to leave with the worker')
    wait_until(lambda: unscroll.activity().get('service') != 'instagram',
               what='the daemon to forget the tab')

    # Another tab, behind the one shown, changes: that event wakes the
    # worker, which starts a new host and says again which tab is shown.
    chromium.goto('first', 'example.org')
    chromium.wait_worker()
    assert chromium.background('typeof globalThis.beforeTheRestart') == 'undefined'
    wait_service(unscroll, 'instagram')
    [new_host] = wait_until(chromium.host_pids, what='a new native host')
    assert new_host != host


def test_reached_limit_shows_the_overlay(unscroll, chromium):
    add_limit(unscroll, 'instagram', 1)
    chromium.wait_host_state('s.sites.instagram !== undefined')
    chromium.new_page('main')
    chromium.goto('main', 'www.instagram.com')
    wait_service(unscroll, 'instagram')
    chromium.evaluate('main', 'document.getElementById("field").focus()')

    unscroll.advance(60)
    nudge = wait_until(lambda: nudges(unscroll).get('instagram'), what='the nudge')
    overlay = chromium.wait_for('main', OVERLAY)
    assert overlay == {
        'modal': 'true',
        'title': nudge['title'],
        'body': nudge['body'],
        'buttons': ['5 more minutes', 'Take a break', 'Get support', 'Close'],
        'focused': '5 more minutes',
        'pageFocus': True,
        'bodyInert': True,
    }
    chromium.wait_for('main', SETTLED)
    chromium.screenshot('main', 'overlay.png')

    # Tab and Shift+Tab stay inside the dialog.
    seen = []
    for _ in range(4):
        chromium.press('main', 'Tab')
        seen.append(chromium.evaluate('main', OVERLAY)['focused'])
    assert seen == ['Take a break', 'Get support', 'Close', '5 more minutes']
    chromium.press('main', 'Shift+Tab')
    assert chromium.evaluate('main', OVERLAY)['focused'] == 'Close'

    # "Get support" opens the list of support services from the daemon.
    chromium.click('main', button('Get support'))
    chromium.driver.call('waitForPage', page='support', urlIncludes='/pages/support.html')
    entries = chromium.wait_for('support',
                                '(() => { const items = document.querySelectorAll("li h2");'
                                ' return items.length > 0 && [...items].map(i => i.textContent); })()')
    assert all(entries)
    chromium.front('main')

    # Escape closes a gentle nudge, and it stays closed on the next page.
    chromium.press('main', 'Escape')
    chromium.wait_for('main', NO_OVERLAY)
    assert chromium.evaluate('main', 'document.body.inert') is False
    chromium.goto('main', 'www.instagram.com', '/another')
    assert chromium.evaluate('main', NO_OVERLAY) is True


def test_strict_limit_keeps_the_page_covered(unscroll, chromium):
    add_limit(unscroll, 'instagram', 1, strict=True)
    chromium.wait_host_state('s.sites.instagram?.strict === true')
    chromium.new_page('main')
    chromium.goto('main', 'www.instagram.com')
    wait_service(unscroll, 'instagram')
    unscroll.advance(60)

    overlay = chromium.wait_for('main', OVERLAY)
    assert overlay['buttons'] == ['5 more minutes', 'Take a break', 'Get support']
    chromium.wait_for('main', SETTLED)
    chromium.screenshot('main', 'overlay-strict.png')
    chromium.press('main', 'Escape')
    assert chromium.evaluate('main', OVERLAY) is not None

    # Another page of the site is covered as well.
    chromium.goto('main', 'www.instagram.com', '/reels')
    chromium.wait_for('main', OVERLAY)

    # "5 more minutes" uncovers it.
    chromium.click('main', button('5 more minutes'))
    chromium.wait_for('main', NO_OVERLAY)
    wait_until(lambda: 'instagram' not in nudges(unscroll), what='the nudge to end')
    assert nudge_summary(unscroll).get('snoozed') == 1


def test_take_a_break_leaves_the_site(unscroll, chromium):
    add_limit(unscroll, 'instagram', 1)
    chromium.wait_host_state('s.sites.instagram !== undefined')
    chromium.new_page('main')
    chromium.goto('main', 'www.instagram.com')
    wait_service(unscroll, 'instagram')
    unscroll.advance(60)
    chromium.wait_for('main', OVERLAY)

    chromium.click('main', button('Take a break'))
    # The tab closes (the window keeps the tab it opened with).
    chromium.driver.call('waitClosed', page='main')
    wait_until(lambda: nudge_summary(unscroll).get('break') == 1, what='the break to be counted')
    assert not any('instagram' in url for url in chromium.driver.call('openUrls'))


def pause_page(chromium):
    return f'chrome-extension://{extension_id()}/pages/pause.html'


def test_mindful_pause_continue(unscroll, chromium):
    add_limit(unscroll, 'instagram', 30, mindful_pause=True)
    chromium.wait_host_state('s.sites.instagram?.mindful_pause === true')
    chromium.new_page('main')
    chromium.goto('main', 'example.org')
    chromium.goto('main', 'www.instagram.com', '/p/some-post')
    chromium.wait_for('main', f'location.href.startsWith("{pause_page(chromium)}")')
    # First the breath: no choice is offered yet.
    assert chromium.wait_for('main', 'document.readyState === "complete" &&'
                                     ' document.getElementById("choices").hidden') is True
    labels = chromium.wait_for('main', '!document.getElementById("choices").hidden &&'
                                       ' [...document.querySelectorAll("#choices button")]'
                                       '.map(b => b.textContent)')
    assert labels == ['Continue to Instagram', "Don't open"]
    chromium.screenshot('main', 'mindful-pause.png')

    chromium.click('main', 'document.getElementById("continue")')
    chromium.wait_for('main', 'location.hostname === "www.instagram.com" &&'
                              ' location.pathname === "/p/some-post" &&'
                              ' document.readyState === "complete"')
    wait_service(unscroll, 'instagram')
    wait_until(lambda: nudge_summary(unscroll).get('opened') == 1, what='"opened" to be counted')

    # Moving around inside the site does not pause again.
    chromium.goto('main', 'www.instagram.com', '/explore')
    assert chromium.url('main').startswith(chromium.sites.url('www.instagram.com', '/explore'))


def test_mindful_pause_dont_open(unscroll, chromium):
    add_limit(unscroll, 'instagram', 30, mindful_pause=True)
    chromium.wait_host_state('s.sites.instagram?.mindful_pause === true')
    chromium.new_page('main')
    chromium.goto('main', 'example.org', '/before')
    chromium.goto('main', 'www.instagram.com')
    chromium.wait_for('main', f'location.href.startsWith("{pause_page(chromium)}")')
    chromium.click('main', '!document.getElementById("choices").hidden &&'
                           ' document.getElementById("dont-open")')

    chromium.wait_for('main', 'location.hostname === "example.org" &&'
                              ' location.pathname === "/before"')
    wait_until(lambda: nudge_summary(unscroll).get('didnt-open') == 1,
               what='"didn\'t open" to be counted')
    assert 'instagram' not in unscroll.totals('service')
    result = unscroll.cli('report')
    assert result.returncode == 0, result.stderr
    assert "Didn't open a limited site: 1" in result.stdout
