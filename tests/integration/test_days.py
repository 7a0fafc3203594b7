# SPDX-License-Identifier: GPL-3.0-or-later
"""Local days with a 04:00 boundary, daylight saving time, and wall-clock jumps."""

from unscroll_harness import T0, utc

DISCORD = 'com.discordapp.Discord'


def test_day_boundary_splits_the_time(make_session):
    # 03:50 in Berlin (CET, UTC+1) on Monday 2026-03-02: still Sunday's day.
    start = utc(2026, 3, 2, 2, 50)
    session = make_session(tz='Europe/Berlin', start=start)
    assert session.usage('Day') == '2026-03-01'

    session.focus(DISCORD)
    session.advance(599)
    assert session.usage('Day') == '2026-03-01'
    # Day changes at 04:00 exactly, on its own timer.
    session.advance(1)
    assert session.usage('Day') == '2026-03-02'
    session.advance(600)

    assert session.summary('day', '2026-03-01', '2026-03-02') == [
        ('2026-03-01', '2026-03-01', 600),
        ('2026-03-02', '2026-03-02', 600),
    ]
    assert session.totals('service', '2026-03-01') == {'discord': 600}
    assert session.totals('service', '2026-03-02') == {'discord': 600}
    assert session.totals('service', '2026-03-01', '2026-03-02') == {'discord': 1200}

    # The span is stored in two pieces, one per day.
    rows, text = session.export('csv', '2026-03-01', '2026-03-02')
    assert rows == 2
    assert text.splitlines()[1:] == [
        '2026-03-02T02:50:00Z,2026-03-02T03:00:00Z,2026-03-01,600.000,app,'
        'com.discordapp.Discord,discord,messaging',
        '2026-03-02T03:00:00Z,2026-03-02T03:10:00Z,2026-03-02,600.000,app,'
        'com.discordapp.Discord,discord,messaging',
    ]

    # Today's figures count only the new day.
    session.focus('org.telegram.desktop')
    assert session.usage('TodaySeconds') == 600


def test_day_boundary_from_settings(make_session):
    # Days starting at midnight (boundary 0) in UTC.
    session = make_session(start=utc(2026, 3, 2, 23, 55), settings={'day-boundary': 'uint32 0'})
    assert session.usage('DayBoundary') == 0
    assert session.usage('Day') == '2026-03-02'
    session.focus(DISCORD)
    session.advance(600)
    assert session.usage('Day') == '2026-03-03'
    assert session.summary('day', '2026-03-02', '2026-03-03') == [
        ('2026-03-02', '2026-03-02', 300),
        ('2026-03-03', '2026-03-03', 300),
    ]


def test_day_summary_fills_days_without_time(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(60)
    assert unscroll.summary('day', '2026-02-27', '2026-03-03') == [
        ('2026-02-27', '2026-02-27', 0),
        ('2026-02-28', '2026-02-28', 0),
        ('2026-03-01', '2026-03-01', 0),
        ('2026-03-02', '2026-03-02', 60),
        ('2026-03-03', '2026-03-03', 0),
    ]


def test_spring_forward(make_session):
    # 00:30 CET on 2026-03-29; at 02:00 CET the clocks go to 03:00 CEST.
    start = utc(2026, 3, 28, 23, 30)
    session = make_session(tz='Europe/Berlin', start=start)
    assert session.usage('Day') == '2026-03-28'
    session.focus(DISCORD)
    # 04:00 CEST is 02:00 UTC, two and a half real hours later.
    session.advance(9000 - 1)
    assert session.usage('Day') == '2026-03-28'
    session.advance(1)
    assert session.usage('Day') == '2026-03-29'
    session.advance(5400)
    assert session.summary('day', '2026-03-28', '2026-03-29') == [
        ('2026-03-28', '2026-03-28', 9000),
        ('2026-03-29', '2026-03-29', 5400),
    ]


def test_fall_back(make_session):
    # 00:30 CEST on 2026-10-25; at 03:00 CEST the clocks go back to 02:00 CET.
    start = utc(2026, 10, 24, 22, 30)
    session = make_session(tz='Europe/Berlin', start=start)
    session.focus(DISCORD)
    # 04:00 CET is 03:00 UTC, four and a half real hours later.
    session.advance(16200 - 1)
    assert session.usage('Day') == '2026-10-24'
    session.advance(1)
    assert session.usage('Day') == '2026-10-25'
    session.advance(5400)
    assert session.summary('day', '2026-10-24', '2026-10-25') == [
        ('2026-10-24', '2026-10-24', 16200),
        ('2026-10-25', '2026-10-25', 5400),
    ]


def test_wall_clock_jumps_neither_add_nor_lose_time(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(600)
    # The clock is set back an hour (10:10 becomes 09:10)...
    unscroll.jump_wall_clock(T0 + 600 - 3600)
    assert unscroll.now() == T0 - 3000
    unscroll.advance(600)
    assert unscroll.totals('service') == {'discord': 1200}
    # ...and forward an hour again (09:20 becomes 10:20).
    unscroll.jump_wall_clock(T0 + 1200)
    unscroll.advance(600)
    assert unscroll.now() == T0 + 1800

    assert unscroll.totals('service') == {'discord': 1800}
    rows, text = unscroll.export('csv')
    assert rows == 3
    assert text.splitlines()[1:] == [
        '2026-03-02T09:10:00Z,2026-03-02T09:20:00Z,2026-03-02,600.000,app,'
        'com.discordapp.Discord,discord,messaging',
        '2026-03-02T10:00:00Z,2026-03-02T10:10:00Z,2026-03-02,600.000,app,'
        'com.discordapp.Discord,discord,messaging',
        '2026-03-02T10:20:00Z,2026-03-02T10:30:00Z,2026-03-02,600.000,app,'
        'com.discordapp.Discord,discord,messaging',
    ]


def test_wall_clock_jump_to_another_day(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(300)
    # A day forward: the time from now on belongs to the new day, and the
    # Day property follows.
    unscroll.jump_wall_clock(T0 + 300 + 86400)
    assert unscroll.usage('Day') == '2026-03-03'
    unscroll.advance(120)
    assert unscroll.totals('service', '2026-03-02') == {'discord': 300}
    assert unscroll.totals('service', '2026-03-03') == {'discord': 120}
