# SPDX-License-Identifier: GPL-3.0-or-later
"""Limits: the exact instants of heads-up, limit and reminders, per weekday,
per category and in total, and the fresh budget of a new day."""

import pytest
from gi.repository import GLib

from unscroll_harness import DAY0, T0, utc
from limits_harness import (ADJUST, BREAK, LIMITS, MINUTE, NO_STRETCH, REACHED_BODY, SNOOZE,
                            SUPPORT, Notifications, Signals, add_limit, advance_to,
                            change_limit, expect_nothing_then, limit_by_id, list_limits,
                            nudge_summary, nudges, remove_limit, snooze)

DISCORD = 'com.discordapp.Discord'
TELEGRAM = 'org.telegram.desktop'
SIGNAL = 'org.signal.Signal'
EDITOR = 'org.gnome.TextEditor'


def test_heads_up_limit_and_reminders(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    approaching = Signals(session, LIMITS, 'LimitApproaching')
    reached = Signals(session, LIMITS, 'LimitReached')

    lid = add_limit(session, 'service', 'discord', [30])
    session.focus(DISCORD)
    assert notes.new() == []

    # Heads-up 10 minutes before the limit: at 20:00 of use, not at 19:59.
    heads_up = expect_nothing_then(session, notes, T0, 20 * MINUTE)
    assert heads_up.app_name == 'Unscroll'
    assert heads_up.replaces_id == 0
    assert heads_up.icon == 'io.github.Unscroll'
    assert heads_up.summary == 'Discord: 10m left today'
    assert heads_up.body == "You've used 20m of the 30m you set."
    assert heads_up.actions == [BREAK, ADJUST]
    assert heads_up.hints['urgency'] == 0
    assert heads_up.hints['desktop-entry'] == 'io.github.Unscroll'
    assert heads_up.hints['category'] == 'x-unscroll.nudge'
    assert approaching.take() == [(lid, 600)]
    assert reached.take() == []
    limit = limit_by_id(session, lid)
    assert (limit['used-seconds'], limit['remaining-seconds']) == (1200, 600)

    # The limit itself, replacing the heads-up in place.
    limit_note = expect_nothing_then(session, notes, T0, 30 * MINUTE)
    assert limit_note.replaces_id == heads_up.id
    assert limit_note.summary == "That's your 30m of Discord for today"
    assert limit_note.body == REACHED_BODY
    assert limit_note.actions == [SNOOZE, BREAK, ADJUST, SUPPORT]
    assert limit_note.hints['urgency'] == 1
    assert reached.take() == [(lid, 1800)]
    assert approaching.take() == []
    limit = limit_by_id(session, lid)
    assert (limit['used-seconds'], limit['remaining-seconds']) == (1800, 0)

    # Reminders after 5, 10, 20, 40 and then at most 60 minutes of more use.
    for at, past in ((35, '5m'), (45, '15m'), (65, '35m'), (105, '1h 15m'), (165, '2h 15m')):
        reminder = expect_nothing_then(session, notes, T0, at * MINUTE)
        assert reminder.replaces_id == heads_up.id, at
        assert reminder.summary == 'Still on Discord'
        assert reminder.body == f"You're {past} past the 30m you set for today."
        assert reminder.actions == [SNOOZE, BREAK, ADJUST, SUPPORT]
        assert reached.take() == [(lid, at * MINUTE)]

    advance_to(session, 225 * MINUTE - 1, T0)
    assert notes.new() == []
    advance_to(session, 225 * MINUTE, T0)
    assert notes.one().body == "You're 3h 15m past the 30m you set for today."

    assert nudge_summary(session, DAY0) == {'nudges': 8}


def test_time_away_from_the_service_does_not_count(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    add_limit(session, 'service', 'discord', [30])

    session.focus(DISCORD)
    session.advance(15 * MINUTE)
    # Telegram has no limit of its own: its time does not bring Discord's
    # heads-up nearer.
    session.focus(TELEGRAM)
    session.advance(40 * MINUTE)
    session.focus(EDITOR)
    session.advance(10 * MINUTE)
    assert notes.new() == []

    # Back on Discord: 5 more minutes make the 20 of the heads-up.
    back = session.now()
    session.focus(DISCORD)
    note = expect_nothing_then(session, notes, back, 5 * MINUTE)
    assert note.summary == 'Discord: 10m left today'


def test_limit_set_past_its_budget_nudges_at_once(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    session.focus(DISCORD)
    session.advance(45 * MINUTE)
    session.focus(EDITOR)

    # Over the limit already: the limit nudge comes the next time Discord
    # has focus, not a heads-up first.
    lid = add_limit(session, 'service', 'discord', [30])
    assert notes.new() == []
    session.focus(DISCORD)
    note = notes.one()
    assert note.summary == "That's your 30m of Discord for today"
    assert limit_by_id(session, lid)['used-seconds'] == 45 * MINUTE


def test_disabled_and_removed_limits_stay_quiet(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    lid = add_limit(session, 'service', 'discord', [30], enabled=False)
    session.focus(DISCORD)
    session.advance(40 * MINUTE)
    assert notes.new() == []
    assert nudges(session) == {}

    change_limit(session, lid, {'enabled': GLib.Variant('b', True)})
    # Enabled while already past the limit: the limit nudge at once.
    assert notes.one().summary == "That's your 30m of Discord for today"

    remove_limit(session, lid)
    assert list_limits(session) == []
    session.advance(3 * 60 * MINUTE)
    assert notes.new() == []


@pytest.mark.parametrize('start, day, budget', [
    (utc(2026, 3, 2, 10, 0), 'monday', 30),
    (utc(2026, 3, 7, 10, 0), 'saturday', 60),
    # 02:00 on Monday still belongs to Sunday: the day starts at 04:00.
    (utc(2026, 3, 9, 2, 0), 'sunday-night', 60),
], ids=['monday', 'saturday', 'sunday-night'])
def test_weekday_and_weekend_budgets(make_session, start, day, budget):
    session = make_session(start=start, notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    lid = add_limit(session, 'service', 'discord', [30, 30, 30, 30, 30, 60, 60])
    limit = limit_by_id(session, lid)
    assert limit['minutes'] == [30, 30, 30, 30, 30, 60, 60]
    assert limit['today-minutes'] == budget
    assert limit['remaining-seconds'] == budget * MINUTE

    session.focus(DISCORD)
    heads_up = expect_nothing_then(session, notes, start, (budget - 10) * MINUTE)
    label = {30: '30m', 60: '1h 00m'}[budget]
    assert heads_up.summary == 'Discord: 10m left today'
    assert heads_up.body == f"You've used {budget - 10}m of the {label} you set."
    reached = expect_nothing_then(session, notes, start, budget * MINUTE)
    assert reached.summary == f"That's your {label} of Discord for today"


def test_limit_resets_at_the_day_boundary(make_session):
    # Monday 03:00 is still Sunday's day, which ends at 04:00.
    start = utc(2026, 3, 2, 3, 0)
    session = make_session(start=start, notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    changed = Signals(session, LIMITS, 'NudgeChanged')
    lid = add_limit(session, 'service', 'discord', [30])

    session.focus(DISCORD)
    session.advance(30 * MINUTE)
    assert [n.summary for n in notes.new()] == ['Discord: 10m left today',
                                                "That's your 30m of Discord for today"]
    session.advance(15 * MINUTE)
    assert [n.summary for n in notes.new()] == ['Still on Discord', 'Still on Discord']
    assert snooze(session, 'discord') == start + 50 * MINUTE
    session.advance(5 * MINUTE)
    last = notes.one()
    assert last.body == "You're 20m past the 30m you set for today."
    assert limit_by_id(session, lid)['snoozes'] == 1
    changed.take()

    # Nothing more on Sunday's day (the next reminder would be at 04:10).
    advance_to(session, 60 * MINUTE - 1, start)
    assert notes.new() == []
    assert changed.take() == []
    assert 'discord' in nudges(session)

    # 04:00: a new day, a fresh budget. The old nudge goes away.
    advance_to(session, 60 * MINUTE, start)
    assert notes.new() == []
    assert changed.take() == [('discord', {})]
    assert last.id in Notifications(session).closed()
    assert nudges(session) == {}
    limit = limit_by_id(session, lid)
    assert limit['used-seconds'] == 0
    assert limit['remaining-seconds'] == 30 * MINUTE
    assert limit['snoozes'] == 0
    assert limit['snoozed-until'] == 0

    # Discord kept focus: the new day's heads-up comes at 04:20, the limit at 04:30.
    heads_up = expect_nothing_then(session, notes, start, 80 * MINUTE)
    assert heads_up.summary == 'Discord: 10m left today'
    assert heads_up.body == "You've used 20m of the 30m you set."
    reached = expect_nothing_then(session, notes, start, 90 * MINUTE)
    assert reached.summary == "That's your 30m of Discord for today"
    assert reached.actions == [SNOOZE, BREAK, ADJUST, SUPPORT]

    assert nudge_summary(session, '2026-03-01') == {'nudges': 5, 'snoozed': 1}
    assert nudge_summary(session, '2026-03-02') == {'nudges': 2}


def test_limit_resets_when_nothing_is_open_at_the_boundary(make_session):
    start = utc(2026, 3, 2, 21, 0)
    session = make_session(start=start, notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    lid = add_limit(session, 'service', 'discord', [30])
    session.focus(DISCORD)
    session.advance(30 * MINUTE)
    assert notes.new()[-1].summary == "That's your 30m of Discord for today"
    session.focus(EDITOR)

    # Tuesday 09:00: Discord again, with a full budget.
    advance_to(session, 12 * 60 * MINUTE, start)
    assert nudges(session) == {}
    limit = limit_by_id(session, lid)
    assert (limit['used-seconds'], limit['remaining-seconds']) == (0, 1800)
    morning = session.now()
    session.focus(DISCORD)
    assert notes.new() == []
    heads_up = expect_nothing_then(session, notes, morning, 20 * MINUTE)
    assert heads_up.summary == 'Discord: 10m left today'


def test_category_limit(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    lid = add_limit(session, 'category', 'messaging', [30])
    limit = limit_by_id(session, lid)
    assert (limit['scope'], limit['target'], limit['target-name']) == \
        ('category', 'messaging', 'Messaging')

    session.focus(DISCORD)
    session.advance(15 * MINUTE)
    # YouTube is video, not messaging: its time does not count.
    session.focus('io.freetubeapp.FreeTube')
    session.advance(30 * MINUTE)
    assert notes.new() == []
    assert limit_by_id(session, lid)['used-seconds'] == 15 * MINUTE

    # Telegram shares the budget: 5 more minutes make 20.
    session.focus(TELEGRAM)
    origin = session.now()
    heads_up = expect_nothing_then(session, notes, origin, 5 * MINUTE)
    assert heads_up.summary == 'Messaging: 10m left today'
    assert heads_up.body == "You've used 20m of the 30m you set."
    assert heads_up.actions == [BREAK, ADJUST]
    assert nudges(session)['telegram']['limit-id'] == lid

    # Signal, messaging too, reaches the limit 10 minutes later. The title
    # names what the limit is for, the category, not the app in focus.
    session.focus(SIGNAL)
    origin = session.now()
    reached = expect_nothing_then(session, notes, origin, 10 * MINUTE)
    assert reached.replaces_id == 0
    assert reached.summary == "That's your 30m of Messaging for today"
    assert reached.body == REACHED_BODY
    assert reached.actions == [SNOOZE, BREAK, ADJUST, SUPPORT]
    details = nudges(session)['signal']
    assert (details['level'], details['limit-id'], details['used-seconds'],
            details['limit-seconds']) == ('reached', lid, 1800, 1800)

    # A reminder comes after 5 more minutes of any messaging service.
    session.focus(DISCORD)
    origin = session.now()
    reminder = expect_nothing_then(session, notes, origin, 5 * MINUTE)
    assert reminder.summary == 'Still on Messaging'
    assert reminder.body == "You're 5m past the 30m you set for today."


def test_total_limit(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    lid = add_limit(session, 'total', '', [30])
    limit = limit_by_id(session, lid)
    assert (limit['scope'], limit['target'], limit['target-name']) == \
        ('total', '', 'All social media')

    session.focus(DISCORD)
    session.advance(10 * MINUTE)
    # An app outside the catalog does not count.
    session.focus(EDITOR)
    session.advance(20 * MINUTE)
    # A site in the browser counts as its service.
    session.focus('firefox-esr')
    session.tab('firefox', 'www.youtube.com', focused=True)
    origin = session.now()
    heads_up = expect_nothing_then(session, notes, origin, 10 * MINUTE)
    assert heads_up.summary == 'Social media: 10m left today'
    assert heads_up.body == "You've used 20m of the 30m you set."

    session.tab('firefox', 'old.reddit.com', focused=True)
    origin = session.now()
    reached = expect_nothing_then(session, notes, origin, 10 * MINUTE)
    assert reached.summary == "That's your 30m of social media for today"
    assert limit_by_id(session, lid)['used-seconds'] == 30 * MINUTE
    assert nudges(session)['reddit']['limit-id'] == lid

    # Any other service of the catalog uses the same budget: the reminder
    # comes after 5 more minutes, wherever they are spent.
    session.focus('com.slack.Slack')
    origin = session.now()
    reminder = expect_nothing_then(session, notes, origin, 5 * MINUTE)
    assert reminder.summary == 'Still on social media'
    assert reminder.body == "You're 5m past the 30m you set for today."


def test_changing_another_limit_keeps_the_snooze(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    add_limit(session, 'service', 'discord', [30])
    session.focus(DISCORD)
    session.advance(30 * MINUTE)
    notes.new()
    snooze(session, 'discord')
    session.advance(MINUTE)

    # A limit for something else has nothing to do with Discord's nudges:
    # its five more minutes still run to 35:00.
    add_limit(session, 'service', 'telegram', [60])
    assert [(n.summary, n.body) for n in notes.new()] == [], \
        'a limit added for Telegram repeated Discord’s limit nudge during its snooze'
    reminder = expect_nothing_then(session, notes, T0, 35 * MINUTE)
    assert reminder.summary == 'Still on Discord'
    assert reminder.body == "You're 5m past the 30m you set for today."


def test_raising_a_limit_after_reaching_it(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    lid = add_limit(session, 'service', 'discord', [30])
    session.focus(DISCORD)
    session.advance(30 * MINUTE)
    assert notes.new()[-1].summary == "That's your 30m of Discord for today"

    change_limit(session, lid, {'minutes': GLib.Variant('au', [60])})
    assert notes.new() == []
    assert limit_by_id(session, lid)['remaining-seconds'] == 30 * MINUTE
    heads_up = expect_nothing_then(session, notes, T0, 50 * MINUTE)
    assert heads_up.summary == 'Discord: 10m left today'
    assert heads_up.body == "You've used 50m of the 1h 00m you set."
    reached = expect_nothing_then(session, notes, T0, 60 * MINUTE)
    assert reached.summary == "That's your 1h 00m of Discord for today"


def test_lowering_a_limit_below_the_time_used(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    lid = add_limit(session, 'service', 'discord', [60])
    session.focus(DISCORD)
    session.advance(25 * MINUTE)
    assert notes.new() == []

    change_limit(session, lid, {'minutes': GLib.Variant('au', [20])})
    note = notes.one()
    assert note.summary == "That's your 20m of Discord for today"
    reminder = expect_nothing_then(session, notes, T0, 30 * MINUTE)
    assert reminder.body == "You're 10m past the 20m you set for today."


def test_a_day_without_time(make_session):
    # 0 minutes allows no time that day: the limit nudge comes on opening.
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    lid = add_limit(session, 'service', 'discord', [0, 30, 30, 30, 30, 30, 30])
    assert limit_by_id(session, lid)['today-minutes'] == 0
    session.focus(DISCORD)
    note = notes.one()
    details = nudges(session)['discord']
    assert (details['level'], details['used-seconds'], details['limit-seconds']) == \
        ('reached', 0, 0)
    assert note.actions == [SNOOZE, BREAK, ADJUST, SUPPORT]
    assert (note.summary, note.body) == (details['title'], details['body'])
    assert (note.summary, note.body) == ('You set today aside from Discord',
                                         'Maybe something else for now?')
    reminder = expect_nothing_then(session, notes, T0, 5 * MINUTE)
    assert (reminder.summary, reminder.body) == ('You set today aside from Discord',
                                                 '5m so far today.')
