# SPDX-License-Identifier: GPL-3.0-or-later
"""Forget: a range of days, or one service in it, for good."""

from unscroll_harness import T0, USAGE

DISCORD = 'com.discordapp.Discord'
TELEGRAM = 'org.telegram.desktop'
DAY1 = '2026-03-02'
DAY2 = '2026-03-03'


def record_two_days(session):
    """Day 1: Discord 10 min, Telegram 5 min. Day 2: Discord going on for 2 min."""
    session.focus(DISCORD)
    session.advance(600)
    session.focus(TELEGRAM)
    session.advance(300)
    session.focus('')
    session.advance(86400 - 900)
    assert session.usage('Day') == DAY2
    session.focus(DISCORD)
    session.advance(120)


def test_forget_one_service(unscroll):
    record_two_days(unscroll)
    assert unscroll.forget(DAY1, DAY1, 'telegram') == 1

    assert unscroll.totals('service', DAY1) == {'discord': 600}
    assert unscroll.totals('app', DAY1) == {DISCORD: 600}
    # Other days keep their time, the one going on included.
    assert unscroll.totals('service', DAY2) == {'discord': 120}
    _, text = unscroll.export('csv', DAY1, DAY2)
    assert 'telegram' not in text
    assert len(text.splitlines()) == 1 + 2


def test_forget_a_range_including_today(unscroll):
    record_two_days(unscroll)
    # Today's activity is saved first, so it is one of the spans removed.
    assert unscroll.forget(DAY1, DAY2) == 3

    for day in (DAY1, DAY2):
        assert unscroll.summary('category', day) == []
    assert unscroll.usage('TodaySeconds') == 0
    assert unscroll.usage('TodayServices') == []
    rows, _ = unscroll.export('csv', DAY1, DAY2)
    assert rows == 0

    # The activity going on starts afresh from this instant.
    activity = unscroll.activity()
    assert activity['state'] == 'tracking'
    assert activity['subject'] == DISCORD
    unscroll.advance(30)
    assert unscroll.totals('service', DAY2) == {'discord': 30}
    assert unscroll.summary('category', DAY1) == []


def test_forget_today_for_one_service_while_it_goes_on(unscroll):
    unscroll.focus(TELEGRAM)
    unscroll.advance(200)
    unscroll.focus(DISCORD)
    unscroll.advance(400)
    assert unscroll.forget(DAY1, DAY1, 'discord') == 1
    assert unscroll.totals('service') == {'telegram': 200}
    assert unscroll.usage('TodaySeconds') == 200
    unscroll.advance(50)
    assert unscroll.totals('service') == {'telegram': 200, 'discord': 50}


def test_forget_where_nothing_was_recorded(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(60)
    assert unscroll.forget('2026-02-01', '2026-02-28') == 0
    assert unscroll.forget(DAY1, DAY1, 'reddit') == 0
    assert unscroll.totals('service') == {'discord': 60}
    assert unscroll.prop(USAGE, 'Day') == DAY1
    assert unscroll.activity()['since'] == T0
