# SPDX-License-Identifier: GPL-3.0-or-later
"""Pause for a while, pause until resumed, resume."""

from unscroll_harness import T0, USAGE

DISCORD = 'com.discordapp.Discord'


def test_pause_for_a_while_resumes_by_itself(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(100)
    unscroll.pause(600)
    assert unscroll.usage('PausedUntil') == T0 + 700
    unscroll.assert_state('paused')
    assert unscroll.totals('service') == {'discord': 100}

    unscroll.advance(599)
    assert unscroll.state() == 'paused'
    assert unscroll.totals('service') == {'discord': 100}

    # The pause ends at its own instant, not at the next event.
    unscroll.advance(1)
    assert unscroll.usage('PausedUntil') == 0
    activity = unscroll.activity()
    assert activity['state'] == 'tracking'
    assert activity['since'] == T0 + 700
    unscroll.advance(50)
    assert unscroll.totals('service') == {'discord': 150}


def test_pause_until_resumed(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(100)
    unscroll.pause(0)
    assert unscroll.usage('PausedUntil') == -1
    assert unscroll.state() == 'paused'
    unscroll.advance(7 * 86400)
    assert unscroll.state() == 'paused'
    # Focus changes while paused are remembered, not recorded.
    unscroll.focus('org.signal.Signal')
    unscroll.advance(100)

    unscroll.resume()
    assert unscroll.usage('PausedUntil') == 0
    assert unscroll.activity()['subject'] == 'org.signal.Signal'
    unscroll.advance(10)
    assert unscroll.totals('service') == {'discord': 100}
    today = unscroll.usage('Day')
    assert unscroll.totals('service', today) == {'signal': 10}


def test_pausing_again_replaces_the_pause(unscroll):
    unscroll.focus(DISCORD)
    unscroll.pause(600)
    unscroll.advance(100)
    unscroll.pause(100)
    assert unscroll.usage('PausedUntil') == T0 + 200
    unscroll.advance(100)
    assert unscroll.state() == 'tracking'
    unscroll.advance(20)
    assert unscroll.totals('service') == {'discord': 20}

    # And a timed pause can become an open-ended one.
    unscroll.pause(60)
    unscroll.pause(0)
    assert unscroll.usage('PausedUntil') == -1
    unscroll.advance(120)
    assert unscroll.state() == 'paused'
    assert unscroll.totals('service') == {'discord': 20}


def test_resume_ends_a_timed_pause_early(unscroll):
    unscroll.focus(DISCORD)
    unscroll.pause(3600)
    unscroll.advance(60)
    unscroll.resume()
    assert unscroll.usage('PausedUntil') == 0
    unscroll.advance(30)
    # The old pause's end passes without pausing again.
    unscroll.advance(3600)
    assert unscroll.state() == 'tracking'
    assert unscroll.totals('service') == {'discord': 3630}


def test_resume_when_not_paused_does_nothing(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(30)
    unscroll.resume()
    assert unscroll.activity()['since'] == T0
    unscroll.advance(30)
    assert unscroll.totals('service') == {'discord': 60}
    assert unscroll.prop(USAGE, 'PausedUntil') == 0


def test_longest_pause(unscroll):
    unscroll.pause(31 * 86400)
    assert unscroll.usage('PausedUntil') == T0 + 31 * 86400
