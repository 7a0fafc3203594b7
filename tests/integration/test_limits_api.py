# SPDX-License-Identifier: GPL-3.0-or-later
"""io.github.Unscroll.Limits refuses bad arguments with a clear error and
changes nothing then."""

import pytest
from gi.repository import GLib

from unscroll_harness import DAY0, T0
from limits_harness import (EXISTS, INVALID_ARGS, LIMITS, NOT_ALLOWED, NOT_FOUND, Signals,
                            add_limit, change_limit, dbus_error, limit_by_id, limits_call,
                            limits_prop, list_limits, nudge_summary, remove_limit, snooze,
                            take_break)

NO_SERVICE = 'There is no service “{}”; `unscroll services` lists them.'
DAY_MINUTES = 'A day has at most 1440 minutes.'
SEVEN = 'Give one number of minutes for every day, or seven, Monday first.'


def existing_limits(session):
    """Two limits to check that nothing changes; returns ListLimits."""
    add_limit(session, 'service', 'discord', [30, 30, 30, 30, 30, 60, 60], strict=True)
    add_limit(session, 'category', 'video', [45], enabled=False)
    return list_limits(session)


def test_limits_start_empty(unscroll):
    assert limits_prop(unscroll, 'Version') == 1
    assert limits_prop(unscroll, 'InDowntime') is False
    assert limits_prop(unscroll, 'Nudges') == {}
    assert list_limits(unscroll) == []
    assert nudge_summary(unscroll, DAY0) == {}


def test_add_limit_lists_what_was_added(unscroll):
    unscroll.focus('com.discordapp.Discord')
    unscroll.advance(300)
    first = add_limit(unscroll, 'service', 'discord', [30])
    second = add_limit(unscroll, 'category', 'video', [0, 10, 20, 30, 40, 50, 1440],
                       strict=True, mindful_pause=True)
    third = add_limit(unscroll, 'total', '', [120], enabled=False)
    assert len({first, second, third}) == 3
    assert list_limits(unscroll) == [
        {'id': first, 'scope': 'service', 'target': 'discord', 'target-name': 'Discord',
         'minutes': [30] * 7, 'enabled': True, 'strict': False, 'mindful-pause': False,
         'today-minutes': 30, 'used-seconds': 300, 'remaining-seconds': 1500, 'snoozes': 0,
         'snoozed-until': 0},
        {'id': second, 'scope': 'category', 'target': 'video', 'target-name': 'Video',
         'minutes': [0, 10, 20, 30, 40, 50, 1440], 'enabled': True, 'strict': True,
         'mindful-pause': True, 'today-minutes': 0, 'used-seconds': 0,
         'remaining-seconds': 0, 'snoozes': 0, 'snoozed-until': 0},
        {'id': third, 'scope': 'total', 'target': '', 'target-name': 'All social media',
         'minutes': [120] * 7, 'enabled': False, 'strict': False, 'mindful-pause': False,
         'today-minutes': 120, 'used-seconds': 300, 'remaining-seconds': 6900,
         'snoozes': 0, 'snoozed-until': 0},
    ]


@pytest.mark.parametrize('scope, target, minutes, options, message', [
    ('service', 'tiktokk', [30], {}, NO_SERVICE.format('tiktokk')),
    ('service', '', [30], {}, NO_SERVICE.format('')),
    ('category', 'other', [30], {}, 'There is no category “other” to limit.'),
    ('category', 'gaming', [30], {}, 'There is no category “gaming” to limit.'),
    ('total', 'discord', [30], {}, 'A total limit has no target.'),
    ('app', 'discord', [30], {}, 'A limit is for a service, a category or the total.'),
    ('service', 'telegram', [1441], {}, DAY_MINUTES),
    ('service', 'telegram', [30] * 6 + [1441], {}, DAY_MINUTES),
    ('service', 'telegram', [0xffffffff], {}, DAY_MINUTES),
    ('service', 'telegram', [30, 30], {}, SEVEN),
    ('service', 'telegram', [30] * 8, {}, SEVEN),
    ('service', 'telegram', [], {}, SEVEN),
    ('service', 'telegram', [30], {'colour': GLib.Variant('s', 'red')},
     '“colour” is not something a limit has.'),
    ('service', 'telegram', [30], {'enabled': GLib.Variant('s', 'yes')},
     '“enabled” has the wrong type.'),
    ('service', 'telegram', [30], {'strict': GLib.Variant('i', 1)},
     '“strict” has the wrong type.'),
], ids=['unknown-service', 'empty-service', 'category-other', 'unknown-category',
        'total-with-target', 'unknown-scope', 'minutes-1441', 'sunday-1441', 'minutes-huge',
        'two-values', 'eight-values', 'no-values', 'unknown-option', 'enabled-string',
        'strict-int'])
def test_add_limit_refuses(unscroll, scope, target, minutes, options, message):
    before = existing_limits(unscroll)
    name, text = dbus_error(limits_call, unscroll, 'AddLimit', '(ssaua{sv})',
                            (scope, target, minutes, options), '(u)')
    assert (name, text) == (INVALID_ARGS, message)
    assert list_limits(unscroll) == before


def test_add_limit_takes_no_minutes_option(unscroll):
    before = existing_limits(unscroll)
    name, text = dbus_error(limits_call, unscroll, 'AddLimit', '(ssaua{sv})',
                            ('service', 'telegram', [30],
                             {'minutes': GLib.Variant('au', [40])}), '(u)')
    assert name == INVALID_ARGS
    assert '“minutes”' in text
    assert list_limits(unscroll) == before


@pytest.mark.parametrize('scope, target, message', [
    ('service', 'discord', 'There is already a limit for Discord.'),
    ('category', 'video', 'There is already a limit for Video.'),
    ('total', '', 'There is already a limit for your total social time.'),
], ids=['service', 'category', 'total'])
def test_add_limit_twice_is_refused(unscroll, scope, target, message):
    existing_limits(unscroll)
    add_limit(unscroll, 'total', '', [240])
    before = list_limits(unscroll)
    # Other minutes or a disabled limit make no difference: one per target.
    name, text = dbus_error(add_limit, unscroll, scope, target, [99], enabled=False)
    assert (name, text) == (EXISTS, message)
    assert list_limits(unscroll) == before


def test_change_limit(unscroll):
    existing_limits(unscroll)
    lid = add_limit(unscroll, 'service', 'telegram', [30])
    change_limit(unscroll, lid, {'minutes': GLib.Variant('au', [45])})
    limit = limit_by_id(unscroll, lid)
    assert (limit['minutes'], limit['today-minutes'], limit['strict']) == ([45] * 7, 45, False)
    change_limit(unscroll, lid, {'minutes': GLib.Variant('au', [1, 2, 3, 4, 5, 6, 7]),
                                 'strict': GLib.Variant('b', True),
                                 'mindful-pause': GLib.Variant('b', True)})
    limit = limit_by_id(unscroll, lid)
    # T0 is a Monday.
    assert (limit['minutes'], limit['today-minutes'], limit['strict'],
            limit['mindful-pause'], limit['enabled']) == \
        ([1, 2, 3, 4, 5, 6, 7], 1, True, True, True)
    # Nothing to change is fine.
    change_limit(unscroll, lid, {})
    assert limit_by_id(unscroll, lid) == limit


@pytest.mark.parametrize('changes, message', [
    ({'colour': GLib.Variant('s', 'red')}, '“colour” is not something a limit has.'),
    ({'scope': GLib.Variant('s', 'total')}, '“scope” is not something a limit has.'),
    ({'target': GLib.Variant('s', 'telegram')}, '“target” is not something a limit has.'),
    ({'minutes': GLib.Variant('au', [1441])}, DAY_MINUTES),
    ({'minutes': GLib.Variant('au', [30, 30])}, SEVEN),
    ({'minutes': GLib.Variant('u', 30)}, '“minutes” has the wrong type.'),
    ({'enabled': GLib.Variant('s', 'no')}, '“enabled” has the wrong type.'),
    # One bad key spoils the rest: nothing is half-changed.
    ({'enabled': GLib.Variant('b', False), 'minutes': GLib.Variant('au', [5]),
      'bogus': GLib.Variant('b', True)}, '“bogus” is not something a limit has.'),
], ids=['unknown-key', 'scope', 'target', 'minutes-1441', 'two-values', 'minutes-not-array',
        'enabled-string', 'one-bad-key'])
def test_change_limit_refuses(unscroll, changes, message):
    before = existing_limits(unscroll)
    lid = before[0]['id']
    name, text = dbus_error(change_limit, unscroll, lid, changes)
    assert (name, text) == (INVALID_ARGS, message)
    assert list_limits(unscroll) == before


def test_unknown_limit_ids(unscroll):
    before = existing_limits(unscroll)
    unknown = max(limit['id'] for limit in before) + 100
    assert dbus_error(change_limit, unscroll, unknown, {'strict': GLib.Variant('b', False)}) == \
        (NOT_FOUND, f'There is no limit {unknown}.')
    assert dbus_error(remove_limit, unscroll, unknown) == \
        (NOT_FOUND, f'There is no limit {unknown}.')
    assert dbus_error(remove_limit, unscroll, 0) == (NOT_FOUND, 'There is no limit 0.')
    assert list_limits(unscroll) == before

    # Removed once; the second time it is gone.
    remove_limit(unscroll, before[0]['id'])
    assert list_limits(unscroll) == before[1:]
    assert dbus_error(remove_limit, unscroll, before[0]['id'])[0] == NOT_FOUND
    assert list_limits(unscroll) == before[1:]


def test_snooze_refuses(unscroll):
    before = existing_limits(unscroll)
    assert dbus_error(snooze, unscroll, 'tiktokk') == (INVALID_ARGS,
                                                      NO_SERVICE.format('tiktokk'))
    assert dbus_error(snooze, unscroll, 'telegram') == \
        (NOT_FOUND, 'Telegram has no limit, so there is nothing to snooze.')
    assert dbus_error(snooze, unscroll, 'discord') == \
        (NOT_ALLOWED, "Discord hasn't reached its limit today, so there is nothing to snooze yet.")
    assert list_limits(unscroll) == before


@pytest.mark.parametrize('seconds', [-1, 1, 59, 14401, 10 ** 12])
def test_take_break_refuses(unscroll, seconds):
    assert dbus_error(take_break, unscroll, seconds) == \
        (INVALID_ARGS, 'A break lasts from 1 minute to 4 hours.')
    assert nudge_summary(unscroll, DAY0) == {}


def test_take_break_bounds(unscroll):
    assert take_break(unscroll, 60) == T0 + 60
    assert take_break(unscroll, 14400) == T0 + 14400
    assert nudge_summary(unscroll, DAY0) == {'break': 2}


@pytest.mark.parametrize('first, last', [
    ('2026-13-01', '2026-13-01'), ('yesterday', DAY0), (DAY0, ''), ('2026-03-03', DAY0),
], ids=['bad-month', 'word', 'empty', 'backwards'])
def test_nudge_summary_refuses_bad_days(unscroll, first, last):
    name, _ = dbus_error(limits_call, unscroll, 'GetNudgeSummary', '(ss)', (first, last),
                         '(a{st})')
    assert name == INVALID_ARGS
    # The interface still answers.
    assert list_limits(unscroll) == []


def test_record_pause_choice(unscroll):
    limits_call(unscroll, 'RecordPauseChoice', '(ss)', ('instagram', 'didnt-open'))
    limits_call(unscroll, 'RecordPauseChoice', '(ss)', ('instagram', 'didnt-open'))
    limits_call(unscroll, 'RecordPauseChoice', '(ss)', ('tiktok', 'opened'))
    assert nudge_summary(unscroll, DAY0) == {'didnt-open': 2, 'opened': 1}
    report = unscroll.cli('report')
    assert "Didn't open a limited site: 2" in report.stdout, report.stdout


@pytest.mark.parametrize('service, choice, message', [
    ('tiktokk', 'opened', NO_SERVICE.format('tiktokk')),
    ('', 'didnt-open', NO_SERVICE.format('')),
    ('instagram', 'closed', 'After a pause the choice is “opened” or “didnt-open”, not “closed”.'),
    ('instagram', '', 'After a pause the choice is “opened” or “didnt-open”, not “”.'),
], ids=['unknown-service', 'empty-service', 'unknown-choice', 'empty-choice'])
def test_record_pause_choice_refuses(unscroll, service, choice, message):
    name, text = dbus_error(limits_call, unscroll, 'RecordPauseChoice', '(ss)', (service, choice))
    assert (name, text) == (INVALID_ARGS, message)
    assert nudge_summary(unscroll, DAY0) == {}


def test_limits_changed_signal(unscroll):
    changed = Signals(unscroll, LIMITS, 'LimitsChanged')
    limit = add_limit(unscroll, 'service', 'discord', [30])
    assert changed.wait(1, 'LimitsChanged after AddLimit') == [()]
    change_limit(unscroll, limit, {'enabled': GLib.Variant('b', False)})
    assert changed.wait(1, 'LimitsChanged after turning the limit off') == [()]
    change_limit(unscroll, limit, {'minutes': GLib.Variant('au', [45])})
    assert changed.wait(1, 'LimitsChanged after ChangeLimit') == [()]
    remove_limit(unscroll, limit)
    assert changed.wait(1, 'LimitsChanged after RemoveLimit') == [()]
    # Refused changes and time passing change no limit.
    dbus_error(remove_limit, unscroll, limit)
    dbus_error(add_limit, unscroll, 'service', 'nosuch', [30])
    unscroll.focus('com.discordapp.Discord')
    unscroll.advance(600)
    assert changed.take() == []
