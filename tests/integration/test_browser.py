# SPDX-License-Identifier: GPL-3.0-or-later
"""Browser and site: the time goes to one of them, never to both."""

from unscroll_harness import T0, wait_until

FIREFOX = 'firefox-esr'
EDITOR = 'org.gnome.TextEditor'


def test_browser_without_tab_report_counts_as_the_browser(unscroll):
    unscroll.focus(FIREFOX)
    unscroll.advance(300)
    assert unscroll.totals('app') == {FIREFOX: 300}
    assert unscroll.totals('category') == {'other': 300}
    assert unscroll.summary('service') == []
    assert unscroll.summary('site') == []


def test_site_takes_the_time_from_the_browser(unscroll):
    unscroll.focus(FIREFOX)
    unscroll.advance(300)
    unscroll.tab('firefox', 'www.instagram.com', focused=True)
    assert unscroll.activity() == {
        'state': 'tracking', 'since': T0 + 300, 'kind': 'site', 'subject': 'instagram.com',
        'service': 'instagram', 'service-name': 'Instagram', 'category': 'social',
    }
    unscroll.advance(240)

    assert unscroll.totals('app') == {FIREFOX: 300}
    assert unscroll.summary('site') == [('instagram.com', 'instagram.com', 240)]
    assert unscroll.summary('service') == [('instagram', 'Instagram', 240)]
    assert unscroll.totals('category') == {'other': 300, 'social': 240}

    # The mobile site is the same service and the same registrable domain:
    # the activity does not even change.
    unscroll.tab('firefox', 'm.instagram.com', focused=True)
    assert unscroll.activity()['since'] == T0 + 300
    unscroll.advance(60)
    assert unscroll.totals('site') == {'instagram.com': 300}
    assert unscroll.totals('app') == {FIREFOX: 300}
    rows, _ = unscroll.export('csv')
    assert rows == 2


def test_hostnames_are_case_insensitive(unscroll):
    unscroll.focus(FIREFOX)
    unscroll.tab('firefox', 'WWW.Reddit.COM', focused=True)
    unscroll.advance(45)
    assert unscroll.totals('site') == {'reddit.com': 45}
    assert unscroll.totals('service') == {'reddit': 45}


def test_site_outside_the_catalog_is_anonymous(unscroll):
    unscroll.focus(FIREFOX)
    unscroll.tab('firefox', 'www.example.org', focused=True)
    activity = unscroll.activity()
    assert activity['kind'] == 'site'
    assert activity['subject'] == ''
    assert activity['service'] == ''
    assert activity['category'] == 'other'
    unscroll.advance(120)
    unscroll.tab('firefox', 'news.example.com', focused=True)
    unscroll.advance(30)

    assert unscroll.summary('site') == [('', 'Other sites', 150)]
    assert unscroll.summary('service') == []
    assert unscroll.summary('app') == []
    assert unscroll.totals('category') == {'other': 150}
    # Social time only counts services.
    assert unscroll.usage('TodaySeconds') == 0


def test_site_outside_the_catalog_by_domain_when_asked(make_session):
    session = make_session(settings={'site-policy': "'per-domain'"})
    session.focus(FIREFOX)
    session.tab('firefox', 'news.example.co.uk', focused=True)
    session.advance(70)
    session.tab('firefox', 'www.instagram.com', focused=True)
    session.advance(30)
    assert session.summary('site') == [('example.co.uk', 'example.co.uk', 70),
                                       ('instagram.com', 'instagram.com', 30)]


def test_private_window_records_nothing(unscroll):
    unscroll.focus(FIREFOX)
    unscroll.tab('firefox', 'www.instagram.com', focused=True)
    unscroll.advance(60)
    unscroll.tab('firefox', 'www.instagram.com', focused=True, incognito=True)
    unscroll.assert_state('private')
    unscroll.advance(600)
    assert unscroll.totals('category') == {'social': 60}
    assert unscroll.totals('app') == {}

    # Back in a normal window, counting goes on.
    unscroll.tab('firefox', 'www.instagram.com', focused=True)
    unscroll.advance(40)
    assert unscroll.totals('category') == {'social': 100}


def test_tab_report_while_another_app_has_focus(unscroll):
    unscroll.focus(EDITOR)
    unscroll.tab('firefox', 'www.instagram.com', focused=True)
    activity = unscroll.activity()
    assert activity['kind'] == 'app'
    assert activity['subject'] == EDITOR
    unscroll.advance(100)
    assert unscroll.totals('app') == {EDITOR: 100}
    assert unscroll.summary('site') == []

    # The browser comes to the front: its remembered tab gets the time.
    unscroll.focus(FIREFOX)
    unscroll.advance(50)
    assert unscroll.totals('app') == {EDITOR: 100}
    assert unscroll.totals('site') == {'instagram.com': 50}


def test_unfocused_tab_leaves_the_time_with_the_browser(unscroll):
    unscroll.focus(FIREFOX)
    unscroll.tab('firefox', 'www.instagram.com', focused=False)
    unscroll.advance(80)
    assert unscroll.totals('app') == {FIREFOX: 80}
    assert unscroll.summary('site') == []


def test_tab_without_any_focus_source(unscroll):
    # Without the Shell extension or X11, the browser's idea of focus is all
    # there is.
    unscroll.tab('chromium', 'www.tiktok.com', focused=True)
    unscroll.advance(90)
    assert unscroll.totals('service') == {'tiktok': 90}
    unscroll.tab('chromium', 'www.tiktok.com', focused=False)
    assert unscroll.state() == 'none'
    unscroll.advance(90)
    assert unscroll.totals('service') == {'tiktok': 90}


def test_forget_browser_gives_the_time_back_to_the_browser_app(unscroll):
    unscroll.focus(FIREFOX)
    unscroll.tab('firefox', 'www.instagram.com', focused=True)
    unscroll.advance(60)
    unscroll.forget_browser('firefox')
    assert unscroll.activity()['subject'] == FIREFOX
    unscroll.advance(40)
    assert unscroll.totals('site') == {'instagram.com': 60}
    assert unscroll.totals('app') == {FIREFOX: 40}


def test_native_host_leaving_the_bus_drops_its_tabs(unscroll):
    host = unscroll.connect()
    unscroll.focus(FIREFOX)
    unscroll.tab('firefox', 'www.reddit.com', focused=True, connection=host)
    assert unscroll.activity()['subject'] == 'reddit.com'
    unscroll.advance(50)

    # The host crashes or the browser quits: its connection closes.
    host.close_sync(None)
    activity = wait_until(lambda: unscroll.activity()['subject'] == FIREFOX and
                          unscroll.activity(), what='the browser app to get the time back')
    assert activity['kind'] == 'app'
    assert activity['since'] == T0 + 50
    unscroll.advance(70)
    assert unscroll.totals('site') == {'reddit.com': 50}
    assert unscroll.totals('app') == {FIREFOX: 70}


def test_two_hosts_with_the_same_browser_id_are_kept_apart(unscroll):
    first = unscroll.connect()
    second = unscroll.connect()
    unscroll.focus(FIREFOX)
    unscroll.tab('firefox', 'www.reddit.com', focused=True, connection=first)
    unscroll.tab('firefox', 'www.instagram.com', focused=True, connection=second)
    unscroll.advance(30)
    # The second host going away hands the time back to the first one's tab.
    second.close_sync(None)
    wait_until(lambda: unscroll.activity()['subject'] == 'reddit.com',
               what="the first host's tab to get the time back")
    unscroll.advance(20)
    assert unscroll.totals('site') == {'instagram.com': 30, 'reddit.com': 20}
