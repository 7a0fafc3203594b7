# SPDX-License-Identifier: GPL-3.0-or-later
"""Firefox ESR with the extension installed temporarily: the reporting path
through the real native host to the daemon."""

from test_chromium import wait_service


def test_firefox_reports_the_active_tab(unscroll, firefox):
    firefox.new_page('main')
    firefox.goto('main', 'www.instagram.com', '/explore?q=secret')
    wait_service(unscroll, 'instagram')
    unscroll.advance(200)

    firefox.goto('main', 'example.org', '/somewhere')
    wait_service(unscroll, '')
    unscroll.advance(50)

    firefox.new_page('second')
    firefox.goto('second', 'www.reddit.com')
    wait_service(unscroll, 'reddit')
    unscroll.advance(25)

    assert unscroll.totals('service') == {'instagram': 200, 'reddit': 25}
    assert unscroll.totals('site') == {'instagram.com': 200, '': 50, 'reddit.com': 25}
