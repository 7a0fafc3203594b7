# SPDX-License-Identifier: GPL-3.0-or-later
"""Nudges: the answers to them (snooze, break, adjust, support, dismiss), the
pause suggestion after unbroken use, servers without actions, and the signal
and property the panel and the browser overlay follow."""

import pytest

from unscroll_harness import DAY0, T0
from limits_harness import (ADJUST, BREAK, LIMITS, MINUTE, NO_STRETCH, NOT_ALLOWED,
                            PAUSE_BODY, REACHED_BODY, SNOOZE, SUPPORT, Notifications, Signals,
                            add_limit, advance_to, dbus_error, expect_nothing_then,
                            limit_by_id, nudge_summary, nudges, snooze, take_break)

DISCORD = 'com.discordapp.Discord'
TELEGRAM = 'org.telegram.desktop'
EDITOR = 'org.gnome.TextEditor'

PAUSE_TITLE = '25m of scrolling without a break'


def reach_limit(session, notes, minutes=30):
    """A limit of @minutes for Discord, reached after @minutes of use from T0;
    returns (limit id, the limit notification)."""
    lid = add_limit(session, 'service', 'discord', [minutes])
    session.focus(DISCORD)
    advance_to(session, minutes * MINUTE, T0)
    shown = notes.new()
    assert shown[-1].summary == f"That's your {minutes}m of Discord for today", shown
    return lid, shown[-1]


def test_snooze_from_the_notification(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    snoozed = Signals(session, LIMITS, 'Snoozed')
    changed = Signals(session, LIMITS, 'NudgeChanged')
    lid, note = reach_limit(session, notes)
    changed.take()

    expected = [(35, '5m'), (40, '10m'), (45, '15m')]
    for count, (at, past) in enumerate(expected, 1):
        assert SNOOZE in note.actions
        notes.invoke(note.id, 'snooze')
        now = at * MINUTE - 5 * MINUTE
        assert snoozed.wait(what='Snoozed') == [('discord', T0 + at * MINUTE)]
        # The nudge ends until the five minutes are up.
        assert changed.take() == [('discord', {})]
        assert nudges(session) == {}
        assert note.id in notes.closed()
        limit = limit_by_id(session, lid)
        assert (limit['snoozes'], limit['snoozed-until']) == (count, T0 + at * MINUTE)
        assert session.now() == T0 + now

        # Exactly five minutes of use later, the next nudge.
        note = expect_nothing_then(session, notes, T0, at * MINUTE)
        assert note.summary == 'Still on Discord'
        assert note.body == f"You're {past} past the 30m you set for today."
        assert [args[1]['title'] for args in changed.take()] == ['Still on Discord']

    # Three snoozes a day: the fourth is no longer offered, nor allowed.
    assert note.actions == [BREAK, ADJUST, SUPPORT]
    assert nudges(session)['discord']['can-snooze'] is False
    name, message = dbus_error(snooze, session, 'discord')
    assert name == NOT_ALLOWED
    assert message == ("You've had your 3 snoozes for Discord today. "
                       "Maybe this is a good moment to stop?")
    assert limit_by_id(session, lid)['snoozes'] == 3
    assert snoozed.take() == []
    assert nudge_summary(session, DAY0) == {'nudges': 5, 'snoozed': 3}


def test_snooze_by_method(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    snoozed = Signals(session, LIMITS, 'Snoozed')
    lid = add_limit(session, 'service', 'discord', [30])
    session.focus(DISCORD)

    # Before the limit there is nothing to snooze.
    session.advance(20 * MINUTE)
    name, message = dbus_error(snooze, session, 'discord')
    assert name == NOT_ALLOWED
    assert message == "Discord hasn't reached its limit today, so there is nothing to snooze yet."

    session.advance(10 * MINUTE)
    assert snooze(session, 'discord') == T0 + 35 * MINUTE
    assert snoozed.take() == [('discord', T0 + 35 * MINUTE)]
    notes.new()
    # Time on another service does not use up the five minutes.
    session.focus(EDITOR)
    session.advance(10 * MINUTE)
    session.focus(DISCORD)
    origin = session.now()
    note = expect_nothing_then(session, notes, origin, 5 * MINUTE)
    assert note.body == "You're 5m past the 30m you set for today."
    assert limit_by_id(session, lid)['snoozes'] == 1


def test_break_from_the_notification(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    changed = Signals(session, LIMITS, 'NudgeChanged')
    lid, note = reach_limit(session, notes)
    changed.take()

    notes.invoke(note.id, 'break')
    assert changed.wait(what='the nudge to end') == [('discord', {})]
    assert nudges(session) == {}
    assert note.id in notes.closed()

    # Ten minutes of quiet, even though Discord keeps focus; the reminder
    # due at 35:00 comes when the break ends.
    note = expect_nothing_then(session, notes, T0, 40 * MINUTE)
    assert note.summary == 'Still on Discord'
    assert note.body == "You're 10m past the 30m you set for today."
    assert SNOOZE in note.actions
    # Reminders go on from there, 10 minutes apart now.
    note = expect_nothing_then(session, notes, T0, 50 * MINUTE)
    assert note.body == "You're 20m past the 30m you set for today."
    assert nudge_summary(session, DAY0) == {'nudges': 4, 'break': 1}
    assert limit_by_id(session, lid)['snoozes'] == 0


def test_take_break_by_method(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    add_limit(session, 'service', 'discord', [30])
    session.focus(DISCORD)
    session.advance(15 * MINUTE)

    # A 15-minute break: the heads-up due at 20:00 waits until 30:00, and
    # then it is the limit that is due.
    assert take_break(session, 15 * MINUTE) == T0 + 30 * MINUTE
    note = expect_nothing_then(session, notes, T0, 30 * MINUTE)
    assert note.summary == "That's your 30m of Discord for today"
    # The default break is 10 minutes.
    assert take_break(session) == T0 + 40 * MINUTE
    note = expect_nothing_then(session, notes, T0, 40 * MINUTE)
    assert note.body == "You're 10m past the 30m you set for today."
    assert nudge_summary(session, DAY0) == {'nudges': 2, 'break': 2}


def test_adjust_support_and_dismiss_are_counted(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    add_limit(session, 'service', 'discord', [30])
    session.focus(DISCORD)
    session.advance(20 * MINUTE)
    heads_up = notes.one()

    # Closed by the user: a dismissal. (The barrier: the daemon handles the
    # signal before the next call, which the mock's reply came before.)
    notes.dismiss(heads_up.id)
    assert nudge_summary(session, DAY0) == {'nudges': 1, 'dismissed': 1}

    session.advance(10 * MINUTE)
    reached = notes.one()
    assert reached.replaces_id == 0
    notes.invoke(reached.id, 'adjust')
    assert nudge_summary(session, DAY0) == {'nudges': 2, 'dismissed': 1, 'adjust': 1}
    # No preferences window here (the Shell extension is not installed), so
    # a notification of its own says how to change the limit instead.
    explained = notes.one()
    assert explained.replaces_id == 0
    assert explained.summary == 'Changing a limit'
    assert explained.body == ('Run “unscroll limit edit discord 45m” with the time that suits '
                              'you, or “unscroll limit list” to see them all.')
    assert explained.actions == []
    notes.invoke(reached.id, 'support')
    assert nudge_summary(session, DAY0) == {'nudges': 2, 'dismissed': 1, 'adjust': 1,
                                            'support': 1}
    # Closing it after answering is not a dismissal.
    notes.dismiss(reached.id)
    assert nudge_summary(session, DAY0)['dismissed'] == 1
    # Neither answer ends the nudge.
    assert nudges(session)['discord']['level'] == 'reached'


def test_continuous_use_nudge(make_session):
    session = make_session(notifications=True)
    notes = Notifications(session)
    changed = Signals(session, LIMITS, 'NudgeChanged')

    # No limit needed: 25 minutes on social media without a break.
    session.focus(DISCORD)
    session.advance(10 * MINUTE)
    # Moving between services is not a break.
    session.focus(TELEGRAM)
    note = expect_nothing_then(session, notes, T0, 25 * MINUTE)
    assert note.app_name == 'Unscroll'
    assert note.summary == PAUSE_TITLE
    assert note.body == PAUSE_BODY
    assert note.actions == [BREAK, SUPPORT]
    assert note.hints['urgency'] == 1
    details = {'level': 'continuous-use', 'limit-id': 0, 'title': PAUSE_TITLE,
               'body': PAUSE_BODY, 'used-seconds': 1500, 'limit-seconds': 0,
               'can-snooze': False, 'strict': False}
    assert changed.take() == [('telegram', details)]
    assert nudges(session) == {'telegram': details}

    # Once per stretch.
    session.advance(2 * 60 * MINUTE)
    assert notes.new() == []
    assert nudge_summary(session, DAY0) == {'nudges': 1}


def test_continuous_use_starts_again_after_five_minutes_idle(make_session):
    session = make_session(notifications=True, settings={'idle-timeout': 'uint32 60'})
    notes = Notifications(session)
    session.mutter.wait_for_calls('AddIdleWatch')
    session.focus(DISCORD)
    # Input stops at 10:00; Mutter says so a minute later.
    session.advance(11 * MINUTE)
    session.go_idle()
    # Five minutes idle: a real break.
    session.advance(5 * MINUTE)
    session.go_active()

    advance_to(session, 25 * MINUTE, T0)
    assert notes.new() == []
    note = expect_nothing_then(session, notes, T0, 16 * MINUTE + 25 * MINUTE)
    assert note.summary == PAUSE_TITLE


def test_short_idle_is_not_a_break(make_session):
    session = make_session(notifications=True, settings={'idle-timeout': 'uint32 60'})
    notes = Notifications(session)
    session.mutter.wait_for_calls('AddIdleWatch')
    session.focus(DISCORD)
    session.advance(11 * MINUTE)
    session.go_idle()
    session.advance(2 * MINUTE)
    session.go_active()

    note = expect_nothing_then(session, notes, T0, 25 * MINUTE)
    assert note.summary == PAUSE_TITLE


def test_idle_counts_as_a_break_from_when_input_stopped(make_session):
    # The default idle timeout: Mutter tells the daemon 5 minutes after
    # input stopped. Input stops at 10:00 and comes back at 16:00: six
    # minutes away, a real break ("idle or away for 5 minutes"), so the count
    # starts again at 16:00.
    session = make_session(notifications=True)
    notes = Notifications(session)
    session.mutter.wait_for_calls('AddIdleWatch')
    session.focus(DISCORD)
    session.advance(15 * MINUTE)
    session.go_idle()
    assert session.totals('service') == {'discord': 10 * MINUTE}
    session.advance(1 * MINUTE)
    session.go_active()

    advance_to(session, 25 * MINUTE, T0)
    assert [n.summary for n in notes.new()] == [], \
        'a pause suggested 9 minutes after a 6-minute break'
    note = expect_nothing_then(session, notes, T0, 16 * MINUTE + 25 * MINUTE)
    assert note.summary == PAUSE_TITLE


@pytest.mark.parametrize('away, nudge_at', [(5 * MINUTE, 40 * MINUTE),
                                           (5 * MINUTE - 1, 25 * MINUTE)],
                         ids=['five-minutes', 'just-under'])
def test_lock_as_a_break(make_session, away, nudge_at):
    session = make_session(notifications=True)
    notes = Notifications(session)
    session.focus(DISCORD)
    session.advance(10 * MINUTE)
    session.lock()
    session.advance(away)
    session.unlock()

    note = expect_nothing_then(session, notes, T0, nudge_at)
    assert note.summary == PAUSE_TITLE


def test_break_starts_the_count_again(make_session):
    session = make_session(notifications=True)
    notes = Notifications(session)
    session.focus(DISCORD)
    session.advance(20 * MINUTE)
    take_break(session)
    advance_to(session, 25 * MINUTE, T0)
    assert notes.new() == []
    note = expect_nothing_then(session, notes, T0, 45 * MINUTE)
    assert note.summary == PAUSE_TITLE


@pytest.mark.parametrize('settings, first_at, first_title, first_body', [
    ({'heads-up-minutes': 'uint32 5'}, 25 * MINUTE, 'Discord: 5m left today',
     "You've used 25m of the 30m you set."),
    ({'heads-up-minutes': 'uint32 0'}, 30 * MINUTE, "That's your 30m of Discord for today",
     REACHED_BODY),
    ({'continuous-use-minutes': 'uint32 10'}, 10 * MINUTE, '10m of scrolling without a break',
     PAUSE_BODY),
], ids=['heads-up-5', 'heads-up-off', 'continuous-use-10'])
def test_settings_move_the_first_nudge(make_session, settings, first_at, first_title,
                                       first_body):
    all_settings = dict(NO_STRETCH)
    all_settings.update(settings)
    session = make_session(notifications=True, settings=all_settings)
    notes = Notifications(session)
    add_limit(session, 'service', 'discord', [30])
    session.focus(DISCORD)
    note = expect_nothing_then(session, notes, T0, first_at)
    assert (note.summary, note.body) == (first_title, first_body)


def test_snoozes_per_day_setting(make_session):
    settings = dict(NO_STRETCH)
    settings['snoozes-per-day'] = 'uint32 1'
    session = make_session(notifications=True, settings=settings)
    notes = Notifications(session)
    _, note = reach_limit(session, notes)
    assert SNOOZE in note.actions
    snooze(session, 'discord')
    note = expect_nothing_then(session, notes, T0, 35 * MINUTE)
    assert note.actions == [BREAK, ADJUST, SUPPORT]
    name, message = dbus_error(snooze, session, 'discord')
    assert name == NOT_ALLOWED
    assert message == ("You've had your 1 snooze for Discord today. "
                       "Maybe this is a good moment to stop?")


def test_server_without_actions(make_session):
    session = make_session(notifications='body', settings=NO_STRETCH)
    notes = Notifications(session)
    changed = Signals(session, LIMITS, 'NudgeChanged')
    add_limit(session, 'service', 'discord', [30])
    session.focus(DISCORD)

    heads_up = expect_nothing_then(session, notes, T0, 20 * MINUTE)
    assert heads_up.summary == 'Discord: 10m left today'
    assert heads_up.body == "You've used 20m of the 30m you set."
    assert heads_up.actions == []

    # Without buttons the text says how to get 5 more minutes.
    reached = expect_nothing_then(session, notes, T0, 30 * MINUTE)
    assert reached.summary == "That's your 30m of Discord for today"
    assert reached.body == (REACHED_BODY + ' For 5 more minutes, use the Unscroll panel or run '
                            '“unscroll snooze discord”.')
    assert reached.actions == []
    # The panel and the overlay have their own buttons: their text does not.
    assert changed.take()[-1][1]['body'] == REACHED_BODY

    for at in (35, 40, 45):
        snooze(session, 'discord')
        reminder = expect_nothing_then(session, notes, T0, at * MINUTE)
        assert reminder.actions == []
    # No snoozes left: no word of them either.
    assert reminder.body == "You're 15m past the 30m you set for today."


def test_server_without_actions_pause_suggestion(make_session):
    session = make_session(notifications='body')
    notes = Notifications(session)
    session.focus(DISCORD)
    note = expect_nothing_then(session, notes, T0, 25 * MINUTE)
    assert (note.summary, note.body, note.actions) == (PAUSE_TITLE, PAUSE_BODY, [])


def test_nudge_signal_and_property_match_the_notification(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    changed = Signals(session, LIMITS, 'NudgeChanged')
    lid = add_limit(session, 'service', 'discord', [30], strict=True)
    assert nudges(session) == {}
    session.focus(DISCORD)

    session.advance(20 * MINUTE)
    note = notes.one()
    heads_up = {'level': 'heads-up', 'limit-id': lid, 'title': note.summary, 'body': note.body,
                'used-seconds': 1200, 'limit-seconds': 1800, 'can-snooze': False,
                'strict': False}
    assert note.summary == 'Discord: 10m left today'
    assert changed.take() == [('discord', heads_up)]
    assert nudges(session) == {'discord': heads_up}

    session.advance(10 * MINUTE)
    note = notes.one()
    reached = {'level': 'reached', 'limit-id': lid, 'title': note.summary, 'body': note.body,
               'used-seconds': 1800, 'limit-seconds': 1800, 'can-snooze': True,
               'strict': True}
    assert note.body == REACHED_BODY
    assert changed.take() == [('discord', reached)]
    assert nudges(session) == {'discord': reached}

    # A snooze ends the nudge everywhere.
    snooze(session, 'discord')
    assert changed.take() == [('discord', {})]
    assert nudges(session) == {}

    session.advance(5 * MINUTE)
    note = notes.one()
    reminder = changed.take()
    assert reminder == [('discord', {
        'level': 'reached', 'limit-id': lid, 'title': 'Still on Discord',
        'body': "You're 5m past the 30m you set for today.", 'used-seconds': 2100,
        'limit-seconds': 1800, 'can-snooze': True, 'strict': True})]
    assert (note.summary, note.body) == ('Still on Discord',
                                         "You're 5m past the 30m you set for today.")
    assert nudges(session) == {'discord': reminder[0][1]}


@pytest.mark.parametrize('scope, target', [('service', 'discord'), ('category', 'messaging')],
                         ids=['service', 'category'])
def test_snoozes_taken_today_survive_a_restart(make_session, scope, target):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    add_limit(session, scope, target, [30])
    session.focus(DISCORD)
    session.advance(30 * MINUTE)
    for _ in range(3):
        snooze(session, 'discord')
        session.advance(5 * MINUTE)
    assert dbus_error(snooze, session, 'discord')[0] == NOT_ALLOWED

    session.stop_daemon()
    session.start_daemon(start=T0 + 45 * MINUTE)
    notes.new()
    session.focus(DISCORD)
    # Still past the limit, and still out of snoozes for today.
    note = notes.one()
    name = 'Discord' if scope == 'service' else 'Messaging'
    assert note.summary == f"That's your 30m of {name} for today"
    assert SNOOZE not in note.actions
    name, message = dbus_error(snooze, session, 'discord')
    assert name == NOT_ALLOWED
    assert message == ("You've had your 3 snoozes for Discord today. "
                       "Maybe this is a good moment to stop?")


def test_category_nudges_of_other_services_follow_the_limit(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    add_limit(session, 'category', 'messaging', [30])
    session.focus(TELEGRAM)
    session.advance(20 * MINUTE)
    heads_up = notes.one()
    assert heads_up.summary == 'Messaging: 10m left today'

    # Signal uses up the shared budget: Telegram has no 10 minutes left any
    # more, so its heads-up must not go on saying so, neither in the
    # Nudges property nor on the screen.
    session.focus('org.signal.Signal')
    session.advance(10 * MINUTE)
    assert notes.new()[-1].summary == "That's your 30m of Messaging for today"
    current = nudges(session)
    assert current.get('telegram', {}).get('level') != 'heads-up', \
        f'the limit is reached, yet Telegram still has the heads-up {current["telegram"]}'
    assert heads_up.id in notes.closed() or \
        any(n.replaces_id == heads_up.id for n in notes.all())
