# SPDX-License-Identifier: GPL-3.0-or-later
"""Downtime: windows across midnight, on the days they are set for, the
InDowntime property and DowntimeChanged signal at their exact edges, and one
gentle reminder per window for a limited service."""

import pytest

from unscroll_harness import utc
from limits_harness import (BREAK, INVALID_ARGS, LIMITS, MINUTE, NO_STRETCH, Notifications,
                            Signals, add_limit, advance_to, dbus_error, in_downtime,
                            list_downtime, list_limits, nudges, set_downtime)

DISCORD = 'com.discordapp.Discord'
TELEGRAM = 'org.telegram.desktop'
EDITOR = 'org.gnome.TextEditor'

EVERY_DAY = 0b1111111
WEEKDAYS = 0b0011111
NIGHT = (23 * 60, 7 * 60)

DOWNTIME_TITLE = "It's downtime"


def downtime_body(name, until='07:00'):
    return f'You asked for quiet time until {until}. {name} will still be there later.'


def test_downtime_across_midnight(make_session):
    # Monday 22:50.
    start = utc(2026, 3, 2, 22, 50)
    session = make_session(start=start, notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    edges = Signals(session, LIMITS, 'DowntimeChanged')
    changed = Signals(session, LIMITS, 'NudgeChanged')
    add_limit(session, 'service', 'discord', [120])

    set_downtime(session, [(*NIGHT, EVERY_DAY)])
    assert list_downtime(session) == [(*NIGHT, EVERY_DAY)]
    assert in_downtime(session) is False
    assert edges.take() == []

    # It begins at 23:00 exactly.
    advance_to(session, 10 * MINUTE - 1, start)
    assert edges.take() == []
    assert in_downtime(session) is False
    advance_to(session, 10 * MINUTE, start)
    assert edges.take() == [(True,)]
    assert in_downtime(session) is True

    # A service without a limit: no reminder.
    session.focus(TELEGRAM)
    session.advance(MINUTE)
    assert notes.new() == []

    # Opening a limited service: one gentle reminder.
    session.focus(DISCORD)
    note = notes.one()
    assert note.summary == DOWNTIME_TITLE
    assert note.body == downtime_body('Discord')
    assert note.actions == [BREAK]
    assert note.hints['urgency'] == 1
    details = {'level': 'downtime', 'limit-id': 0, 'title': DOWNTIME_TITLE,
               'body': downtime_body('Discord'), 'used-seconds': 0, 'limit-seconds': 0,
               'can-snooze': False, 'strict': False}
    assert changed.take() == [('discord', details)]
    assert nudges(session) == {'discord': details}

    # Not again in the same window: not on coming back, not after the new
    # day begins at 04:00.
    session.advance(MINUTE)
    session.focus(EDITOR)
    session.advance(MINUTE)
    session.focus(DISCORD)
    session.advance(MINUTE)
    session.focus(EDITOR)
    assert notes.new() == []
    advance_to(session, 6 * 60 * MINUTE, start)   # Tuesday 04:50
    session.focus(DISCORD)
    session.advance(MINUTE)
    session.focus(EDITOR)
    assert notes.new() == []

    # It ends at 07:00 exactly, and the reminder with it.
    advance_to(session, 8 * 60 * MINUTE + 10 * MINUTE - 1, start)
    assert edges.take() == []
    assert in_downtime(session) is True
    advance_to(session, 8 * 60 * MINUTE + 10 * MINUTE, start)
    assert edges.take() == [(False,)]
    assert in_downtime(session) is False
    assert nudges(session) == {}
    session.focus(DISCORD)
    session.advance(MINUTE)
    session.focus(EDITOR)
    assert notes.new() == []

    # Tuesday night is a new window, with a reminder of its own.
    advance_to(session, 24 * 60 * MINUTE + 10 * MINUTE, start)
    assert edges.take() == [(True,)]
    session.focus(DISCORD)
    note = notes.one()
    assert (note.summary, note.body) == (DOWNTIME_TITLE, downtime_body('Discord'))


def test_downtime_on_the_days_it_is_set_for(make_session):
    # Friday 22:00; downtime on weekday nights only.
    start = utc(2026, 3, 6, 22, 0)
    session = make_session(start=start)
    edges = Signals(session, LIMITS, 'DowntimeChanged')
    set_downtime(session, [(*NIGHT, WEEKDAYS)])
    assert in_downtime(session) is False

    hour = 60 * MINUTE
    expected = [
        (1 * hour, True),          # Friday 23:00
        (9 * hour, False),         # Saturday 07:00: Friday's night ends
        (25 * hour, None),         # Saturday 23:00: not a weekday night
        (33 * hour, None),         # Sunday 07:00
        (49 * hour, None),         # Sunday 23:00
        (57 * hour, None),         # Monday 07:00: Sunday's night was never set
        (73 * hour, True),         # Monday 23:00
        (81 * hour, False),        # Tuesday 07:00
    ]
    for at, active in expected:
        advance_to(session, at - 1, start)
        assert edges.take() == [], at
        before = in_downtime(session)
        advance_to(session, at, start)
        if active is None:
            assert edges.take() == [], at
            assert in_downtime(session) is before is False, at
        else:
            assert edges.take() == [(active,)], at
            assert in_downtime(session) is active, at


def test_downtime_set_and_cleared_inside_a_window(make_session):
    # Monday 23:30, with Discord open.
    start = utc(2026, 3, 2, 23, 30)
    session = make_session(start=start, notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    edges = Signals(session, LIMITS, 'DowntimeChanged')
    changed = Signals(session, LIMITS, 'NudgeChanged')
    add_limit(session, 'category', 'messaging', [120])
    session.focus(DISCORD)
    session.advance(MINUTE)
    assert notes.new() == []

    # The window ends at 06:30: the reminder says so, and it comes at once.
    set_downtime(session, [(23 * 60, 6 * 60 + 30, EVERY_DAY)])
    assert edges.take() == [(True,)]
    assert in_downtime(session) is True
    note = notes.one()
    assert note.body == downtime_body('Discord', '06:30')
    changed.take()

    # Cleared: downtime ends now, and the reminder with it.
    set_downtime(session, [])
    assert list_downtime(session) == []
    assert edges.take() == [(False,)]
    assert in_downtime(session) is False
    assert changed.take() == [('discord', {})]
    assert nudges(session) == {}
    assert note.id in notes.closed()

    # Nothing is armed any more: no edge at 06:30 or 23:00.
    session.advance(24 * 60 * MINUTE)
    assert edges.take() == []


def test_limits_and_downtime_survive_a_restart(make_session):
    start = utc(2026, 3, 2, 22, 0)
    session = make_session(start=start)
    lid = add_limit(session, 'service', 'discord', [30, 30, 30, 30, 30, 90, 90], strict=True)
    set_downtime(session, [(*NIGHT, WEEKDAYS), (12 * 60, 13 * 60, 0b1100000)])
    limits = list_limits(session)
    session.advance(90 * MINUTE)
    assert in_downtime(session) is True

    session.stop_daemon()
    session.start_daemon(start=session.start + 90 * MINUTE)
    assert list_downtime(session) == [(*NIGHT, WEEKDAYS), (12 * 60, 13 * 60, 0b1100000)]
    assert list_limits(session) == limits
    assert limits[0]['id'] == lid
    assert limits[0]['strict'] is True
    # Downtime is worked out again on start-up.
    assert in_downtime(session) is True


WINDOW_ERROR = ('A downtime window needs a start and an end between 00:00 and 23:59 that '
                'differ, and at least one day.')


@pytest.mark.parametrize('windows, message', [
    ([(1440, 420, EVERY_DAY)], WINDOW_ERROR),
    ([(1380, 1440, EVERY_DAY)], WINDOW_ERROR),
    ([(600, 600, EVERY_DAY)], WINDOW_ERROR),
    ([(1380, 420, 0)], WINDOW_ERROR),
    ([(1380, 420, 0x80)], WINDOW_ERROR),
    ([(1380, 420, EVERY_DAY), (0xffffffff, 420, EVERY_DAY)], WINDOW_ERROR),
    ([(i * 60, i * 60 + 30, EVERY_DAY) for i in range(17)],
     'At most 16 downtime windows can be set.'),
], ids=['start-1440', 'end-1440', 'start-is-end', 'no-days', 'day-bit-7', 'second-bad',
        'seventeen'])
def test_downtime_refuses_bad_windows(unscroll, windows, message):
    edges = Signals(unscroll, LIMITS, 'DowntimeChanged')
    good = [(12 * 60, 13 * 60, WEEKDAYS), (*NIGHT, EVERY_DAY)]
    set_downtime(unscroll, good)

    name, text = dbus_error(set_downtime, unscroll, windows)
    assert (name, text) == (INVALID_ARGS, message)
    assert list_downtime(unscroll) == good
    assert edges.take() == []


def test_sixteen_downtime_windows_are_fine(unscroll):
    windows = [(i * 60, i * 60 + 30, 1 << (i % 7)) for i in range(16)]
    set_downtime(unscroll, windows)
    assert list_downtime(unscroll) == windows


def test_downtime_after_waking_from_sleep(make_session):
    # Monday 22:30: the laptop goes to sleep and wakes at 23:30, inside the
    # window. The monotonic clock stood still while it slept; the wall
    # clock did not.
    start = utc(2026, 3, 2, 22, 30)
    session = make_session(start=start, notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    edges = Signals(session, LIMITS, 'DowntimeChanged')
    add_limit(session, 'service', 'discord', [120])
    set_downtime(session, [(*NIGHT, EVERY_DAY)])
    session.sleep()
    session.jump_wall_clock(start + 60 * MINUTE)
    session.wake(expect_state='none')

    session.focus(DISCORD)
    assert in_downtime(session) is True, 'downtime not in force at 23:30 after waking'
    assert edges.take() == [(True,)]
    note = notes.one()
    assert (note.summary, note.body) == (DOWNTIME_TITLE, downtime_body('Discord'))


def test_downtime_on_the_night_clocks_go_forward(make_session):
    # Berlin, 2026-03-29: at 02:00 local time the clocks go to 03:00. A
    # window from 01:30 to 02:30 ends when 02:00 becomes 03:00.
    session = make_session(tz='Europe/Berlin', start=utc(2026, 3, 29, 0, 0))
    edges = Signals(session, LIMITS, 'DowntimeChanged')
    set_downtime(session, [(90, 150, EVERY_DAY)])
    assert in_downtime(session) is False
    for at, expected in ((utc(2026, 3, 29, 0, 30), True), (utc(2026, 3, 29, 1, 0), False),
                         (utc(2026, 3, 29, 23, 30), True), (utc(2026, 3, 30, 0, 30), False)):
        advance_to(session, -1, at)
        assert edges.take() == [], at
        advance_to(session, 0, at)
        assert edges.take() == [(expected,)], at
        assert in_downtime(session) is expected
