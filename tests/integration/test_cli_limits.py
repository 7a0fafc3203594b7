# SPDX-License-Identifier: GPL-3.0-or-later
"""unscroll limit, downtime, snooze, break and resources against the real
daemon: exit codes and the lines people read."""

import json

import pytest

from unscroll_harness import T0, utc
from limits_harness import (LIMITS, MINUTE, NO_STRETCH, Notifications, Signals, add_limit,
                            in_downtime, limit_by_id, list_downtime, list_limits,
                            nudge_summary, set_downtime)

DISCORD = 'com.discordapp.Discord'
NOT_RUNNING = ("unscroll: Unscroll's background service isn't running. "
               "Start it with: systemctl --user start unscrolld\n")
FULL_BAR = '█' * 20


def ok(result):
    assert result.returncode == 0, f'exit {result.returncode}: {result.stderr}'
    assert result.stderr == ''
    return result.stdout


def fails(result, code, stderr):
    assert (result.returncode, result.stdout, result.stderr) == (code, '', stderr)


def usage_error(message, command):
    return f'unscroll: {message}\nTry “unscroll {command} --help” for more.\n'


def test_cli_limit_add_list_edit_remove(make_session):
    session = make_session(settings=NO_STRETCH)
    assert ok(session.cli('limit')) == \
        'No limits yet. Add one with: unscroll limit add instagram 30m\n'

    assert ok(session.cli('limit', 'add', 'discord', '30m', '--weekends', '1h')) == \
        'Limit set: Discord, 30m a day (1h on weekends).\n'
    assert ok(session.cli('limit', 'add', 'category:video', '1h30m', '--strict',
                          '--mindful-pause')) == (
        'Limit set: Video, 1h 30m a day.\n'
        "It's strict: once it's reached, the browser covers the site until tomorrow or a "
        'snooze.\n'
        'With a mindful pause: a short breath before the site opens in the browser.\n')
    assert ok(session.cli('limit', 'add', 'total', '2h', '--disabled')) == (
        'Limit set: All social media, 2h a day.\n'
        "It's off for now; turn it on with: unscroll limit edit total --enable\n")
    assert ok(session.cli('limit', 'add', 'telegram', '0', '--day', 'sat,sun=20m')) == \
        'Limit set: Telegram, 0m a day (20m on weekends).\n'

    limits = list_limits(session)
    assert [(l['scope'], l['target'], l['minutes'], l['enabled'], l['strict'],
             l['mindful-pause']) for l in limits] == [
        ('service', 'discord', [30, 30, 30, 30, 30, 60, 60], True, False, False),
        ('category', 'video', [90] * 7, True, True, True),
        ('total', '', [120] * 7, False, False, False),
        ('service', 'telegram', [0, 0, 0, 0, 0, 20, 20], True, False, False),
    ]

    session.focus(DISCORD)
    session.advance(30 * MINUTE)
    assert ok(session.cli('limit')) == (
        f'  Discord           30m / 30m     {FULL_BAR}  reached · 30m a day (1h on weekends)\n'
        '  Video              0s / 1h 30m                        1h 30m left · strict · '
        'mindful pause\n'
        '  All social media  30m / 2h      █████                 off\n'
        '  Telegram           0s / 0m                            no time today · '
        '0m a day (20m on weekends)\n')
    assert ok(session.cli('limit', 'list')) == ok(session.cli('limit'))

    assert ok(session.cli('limit', 'edit', 'discord', '--weekends', '45m', '--strict')) == (
        'Limit changed: Discord, 30m a day (45m on weekends).\n'
        "It's strict: once it's reached, the browser covers the site until tomorrow or a "
        'snooze.\n')
    assert ok(session.cli('limit', 'edit', 'total', '--enable', '90m')) == \
        'Limit changed: All social media, 1h 30m a day.\n'
    discord = limits[0]['id']
    assert limit_by_id(session, discord)['minutes'] == [30, 30, 30, 30, 30, 45, 45]
    assert limit_by_id(session, discord)['strict'] is True
    assert limit_by_id(session, limits[2]['id'])['enabled'] is True

    assert ok(session.cli('limit', 'remove', 'category:video')) == 'Limit removed: Video.\n'
    assert [l['target'] for l in list_limits(session)] == ['discord', '', 'telegram']
    fails(session.cli('limit', 'remove', 'category:video'), 1,
          'unscroll: There is no limit for “category:video”. '
          '“unscroll limit list” shows your limits.\n')


def test_cli_limit_json_and_targets(unscroll):
    unscroll.cli('limit', 'add', 'discord', '30m')
    unscroll.cli('limit', 'add', 'category:messaging', '1h', '--disabled')
    unscroll.cli('limit', 'add', 'total', '2h')
    unscroll.focus(DISCORD)
    unscroll.advance(10 * MINUTE)

    assert ok(unscroll.cli('limit', 'list', '--targets')) == \
        'discord\ncategory:messaging\ntotal\n'
    listed = json.loads(ok(unscroll.cli('limit', 'list', '--json')))
    expected = []
    for limit in list_limits(unscroll):
        expected.append({key.replace('-', '_'): value for key, value in limit.items()})
    assert listed == expected
    assert listed[0]['used_seconds'] == 600
    assert listed[0]['remaining_seconds'] == 1200
    fails(unscroll.cli('limit', 'list', '--json', '--targets'), 2,
          usage_error('Choose one of --json or --targets.', 'limit list'))


@pytest.mark.parametrize('args, code, stderr', [
    (('limit', 'add', 'tiktokk', '30m'), 2,
     'unscroll: There is no service “tiktokk”; `unscroll services` lists them.\n'),
    (('limit', 'add', 'discord', '45m'), 1,
     'unscroll: There is already a limit for Discord.\n'
     'Change it with: unscroll limit edit discord DURATION\n'),
    (('limit', 'add', 'category:gaming', '1h'), 2,
     'unscroll: There is no category “gaming” to limit.\n'),
    (('limit', 'add', 'discord', '25h'), 2,
     usage_error('A day has only 24 hours; “25h” is longer than that.', 'limit add')),
    (('limit', 'add', 'telegram', '30s'), 2,
     usage_error("Limits count in whole minutes; “30s” isn't. Try something like 30m or 1h30m.",
                 'limit add')),
    (('limit', 'add', 'telegram'), 2,
     usage_error('How much time a day? Give a duration such as 30m, or one for every day '
                 'with --weekdays and --weekends.', 'limit add')),
    (('limit', 'add', 'telegram', '--weekdays', '30m'), 2,
     usage_error('How much time a day? Give a duration such as 30m, or one for every day '
                 'with --weekdays and --weekends.', 'limit add')),
    (('limit', 'add', 'foo:bar', '30m'), 2,
     usage_error('“foo:bar” is not something to limit; give a service id such as instagram, '
                 'category:ID such as category:video, or total.', 'limit add')),
    (('limit', 'add', 'telegram', '30m', 'extra'), 2,
     usage_error('Unexpected argument “extra”', 'limit add')),
    (('limit', 'edit', 'instagram', '10m'), 1,
     'unscroll: There is no limit for “instagram”. “unscroll limit list” shows your limits.\n'),
    (('limit', 'edit', 'discord'), 2,
     usage_error('Nothing to change: give a duration, --weekdays, --weekends, --day, or a flag '
                 'such as --strict or --disable.', 'limit edit')),
    (('limit', 'edit', 'discord', '--strict', '--no-strict'), 2,
     usage_error('Choose one of --strict or --no-strict.', 'limit edit')),
    (('limit', 'edit', 'discord', '--day', 'funday=1h'), 2,
     usage_error('“funday” is not a day Unscroll understands; use mon, tue, wed, thu, fri, sat, '
                 'sun, a range such as mon-fri, weekdays, weekends or daily.', 'limit edit')),
    (('limit', 'remove'), 2,
     usage_error('Which limit should go? Give its service id, category:ID or total.',
                 'limit remove')),
    (('limit', 'frobnicate'), 2,
     usage_error('“frobnicate” is not something unscroll limit can do; use list, add, edit or '
                 'remove.', 'limit')),
], ids=['unknown-service', 'exists', 'unknown-category', 'over-a-day', 'seconds',
        'no-duration', 'weekdays-only', 'bad-target', 'extra-argument', 'edit-missing',
        'edit-nothing', 'edit-both-strict', 'edit-bad-day', 'remove-nothing', 'bad-subcommand'])
def test_cli_limit_errors(unscroll, args, code, stderr):
    add_limit(unscroll, 'service', 'discord', [30])
    before = list_limits(unscroll)
    fails(unscroll.cli(*args), code, stderr)
    assert list_limits(unscroll) == before


def test_cli_snooze_and_break(make_session):
    session = make_session(notifications=True, settings=NO_STRETCH)
    notes = Notifications(session)
    snoozed = Signals(session, LIMITS, 'Snoozed')
    session.cli('limit', 'add', 'discord', '30m')

    session.focus(DISCORD)
    session.advance(20 * MINUTE)
    fails(session.cli('snooze', 'discord'), 1,
          "unscroll: Discord hasn't reached its limit today, so there is nothing to snooze "
          'yet.\n')
    session.advance(10 * MINUTE)
    notes.new()

    # T0 is 10:00 UTC, and the CLI runs in UTC too.
    assert ok(session.cli('snooze', 'discord')) == '5 more minutes for Discord, until 10:35.\n'
    assert snoozed.take() == [('discord', T0 + 35 * MINUTE)]
    assert ok(session.cli('limit')) == (
        f'  Discord  30m / 30m  {FULL_BAR}  reached · 1 snooze today · snoozed until 10:35\n')
    session.advance(5 * MINUTE)
    assert notes.one().summary == 'Still on Discord'
    ok(session.cli('snooze', 'discord'))
    session.advance(5 * MINUTE)
    ok(session.cli('snooze', 'discord'))
    session.advance(5 * MINUTE)
    fails(session.cli('snooze', 'discord'), 1,
          "unscroll: You've had your 3 snoozes for Discord today. "
          'Maybe this is a good moment to stop?\n')

    assert ok(session.cli('break')) == 'Enjoy your break. Nudges are quiet until 10:55.\n'
    assert ok(session.cli('break', '30')) == 'Enjoy your break. Nudges are quiet until 11:15.\n'
    assert ok(session.cli('break', '1h15m')) == \
        'Enjoy your break. Nudges are quiet until 12:00.\n'
    assert nudge_summary(session, '2026-03-02')['break'] == 3


@pytest.mark.parametrize('args, code, stderr', [
    (('snooze',), 2, usage_error('Which service? Give its id, such as instagram.', 'snooze')),
    (('snooze', 'telegram'), 1,
     'unscroll: Telegram has no limit, so there is nothing to snooze.\n'),
    (('snooze', 'tiktokk'), 2,
     'unscroll: There is no service “tiktokk”; `unscroll services` lists them.\n'),
    (('snooze', 'discord', 'telegram'), 2,
     usage_error('Unexpected argument “telegram”', 'snooze')),
    (('break', '5h'), 2, usage_error('A break lasts from 1 minute to 4 hours.', 'break')),
    (('break', '30s'), 2, usage_error('A break lasts from 1 minute to 4 hours.', 'break')),
    (('break', 'soon'), 2,
     usage_error('“soon” is not a duration Unscroll understands; try something like 30m, '
                 '1h30m or 2h.', 'break')),
], ids=['snooze-nothing', 'snooze-no-limit', 'snooze-unknown', 'snooze-two', 'break-long',
        'break-short', 'break-word'])
def test_cli_snooze_and_break_errors(unscroll, args, code, stderr):
    add_limit(unscroll, 'service', 'discord', [30])
    fails(unscroll.cli(*args), code, stderr)
    assert nudge_summary(unscroll, '2026-03-02') == {}


def test_cli_downtime(make_session):
    # Monday 23:30: inside a night window.
    session = make_session(start=utc(2026, 3, 2, 23, 30))
    assert ok(session.cli('downtime')) == \
        'No downtime set. Set some with: unscroll downtime set 22:00-07:00\n'

    assert ok(session.cli('downtime', 'set', '23:00-07:00')) == (
        'Downtime set: 23:00-07:00 every day.\n'
        'Downtime is on now.\n')
    assert in_downtime(session) is True
    assert ok(session.cli('downtime', 'set', '12:00-13:00', '--days', 'weekdays', '--add')) == (
        'Downtime added: 12:00-13:00 on weekdays.\n'
        'Downtime is on now.\n')
    assert ok(session.cli('downtime', 'set', '12:00-13:00', '--days', 'mon-fri', '--add')) == \
        'That downtime is already set, so nothing changed.\n'
    assert ok(session.cli('downtime', 'set', '06:00-08:00', '-d', 'mon,wed', '-a')) == (
        'Downtime added: 06:00-08:00 on Mon, Wed.\n'
        'Downtime is on now.\n')
    assert list_downtime(session) == [(23 * 60, 7 * 60, 0b1111111),
                                      (12 * 60, 13 * 60, 0b0011111),
                                      (6 * 60, 8 * 60, 0b0000101)]
    listing = ok(session.cli('downtime', 'list'))
    assert listing == ('  23:00-07:00 every day\n'
                       '  12:00-13:00 on weekdays\n'
                       '  06:00-08:00 on Mon, Wed\n'
                       '\n'
                       'Downtime is on now.\n')
    assert ok(session.cli('downtime')) == listing

    assert json.loads(ok(session.cli('downtime', 'list', '--json'))) == {
        'in_downtime': True,
        'windows': [
            {'start': '23:00', 'end': '07:00',
             'days': ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']},
            {'start': '12:00', 'end': '13:00', 'days': ['mon', 'tue', 'wed', 'thu', 'fri']},
            {'start': '06:00', 'end': '08:00', 'days': ['mon', 'wed']},
        ]}

    # Replacing without --add.
    assert ok(session.cli('downtime', 'set', '21:30-06:15', '--days', 'weekends')) == \
        'Downtime set: 21:30-06:15 on weekends.\n'
    assert list_downtime(session) == [(21 * 60 + 30, 6 * 60 + 15, 0b1100000)]
    assert in_downtime(session) is False

    assert ok(session.cli('downtime', 'clear')) == 'Downtime cleared.\n'
    assert list_downtime(session) == []
    assert ok(session.cli('downtime', 'clear')) == 'There was no downtime to clear.\n'


@pytest.mark.parametrize('args, stderr', [
    (('downtime', 'set', '25:00-07:00'),
     usage_error('“25:00-07:00” is not a downtime window Unscroll understands; write it as '
                 'HH:MM-HH:MM with times from 00:00 to 23:59, such as 22:00-07:00.',
                 'downtime set')),
    (('downtime', 'set', '7:00-9:00'),
     usage_error('“7:00-9:00” is not a downtime window Unscroll understands; write it as '
                 'HH:MM-HH:MM with times from 00:00 to 23:59, such as 22:00-07:00.',
                 'downtime set')),
    (('downtime', 'set', '07:00-07:00'),
     usage_error("A downtime window needs to end at another time than it starts; "
                 "“07:00-07:00” doesn't.", 'downtime set')),
    (('downtime', 'set', '22:00-07:00', '--days', 'funday'),
     usage_error('“funday” is not a day Unscroll understands; use mon, tue, wed, thu, fri, '
                 'sat, sun, a range such as mon-fri, weekdays, weekends or daily.',
                 'downtime set')),
    (('downtime', 'set'),
     usage_error('When should downtime be? Give a window such as 22:00-07:00.',
                 'downtime set')),
    (('downtime', 'snooze'),
     usage_error('“snooze” is not something unscroll downtime can do; use list, set or clear.',
                 'downtime')),
], ids=['hour-25', 'one-digit', 'empty-window', 'bad-day', 'no-window', 'bad-subcommand'])
def test_cli_downtime_errors(unscroll, args, stderr):
    set_downtime(unscroll, [(22 * 60, 7 * 60, 0b1111111)])
    fails(unscroll.cli(*args), 2, stderr)
    assert list_downtime(unscroll) == [(22 * 60, 7 * 60, 0b1111111)]


def test_cli_downtime_sixteen_windows_is_the_most(unscroll):
    set_downtime(unscroll, [(i * 60, i * 60 + 30, 0b1111111) for i in range(16)])
    fails(unscroll.cli('downtime', 'set', '20:00-21:00', '--add'), 1,
          'unscroll: There are already 16 downtime windows, the most Unscroll keeps. Replace '
          'them with “unscroll downtime set” without --add.\n')
    assert len(list_downtime(unscroll)) == 16


GB_TEXT = '''Support in the United Kingdom

If someone is in immediate danger, call the local emergency number (e.g. 911 US/CA, 999 UK, 112 EU, 000 AU, 111 NZ).

Crisis lines: someone to talk to now

  Samaritans
    Phone      116 123
    Web        https://www.samaritans.org
    Hours      24/7
'''

WORLD_TAIL = '''Directories of helplines

  Find A Helpline (ThroughLine)
    Web        https://findahelpline.com

  Befrienders Worldwide
    Web        https://www.befrienders.org

Details last checked on 2026-11-23. For the sources, run “unscroll resources --json”.
'''


def test_cli_resources(make_session):
    session = make_session(settings={'country': "'GB'"})
    text = ok(session.cli('resources'))
    assert text.startswith(GB_TEXT)
    assert '\nMore support\n' in text
    assert text.endswith('\nDetails last checked on 2026-11-23. For the sources, run '
                         '“unscroll resources --json”.\n')
    assert '(not yet confirmed by two sources)' not in text
    assert ok(session.cli('resources', '--country', 'gb')) == text
    assert ok(session.cli('resources', '-c', 'UK')) == text

    everything = ok(session.cli('resources', '--all'))
    assert '  PAPYRUS HOPELINE247 (not yet confirmed by two sources)\n' in everything
    assert len(everything) > len(text)

    data = json.loads(ok(session.cli('resources', '--json')))
    assert data['country'] == 'GB'
    assert data['disclaimer'].startswith('If someone is in immediate danger')
    first = data['resources'][0]
    assert (first['name'], first['phone'], first['kind']) == ('Samaritans', '116 123', 'crisis')
    for entry in data['resources']:
        assert entry['sources'] and entry['last_checked'] and entry['verified'] is True

    german = ok(session.cli('resources', '--country', 'DE'))
    assert german.startswith('Support in Germany\n')
    assert '  TelefonSeelsorge\n' in german


def test_cli_resources_elsewhere(unscroll):
    assert ok(unscroll.cli('resources', '--country', 'LU')) == (
        'Support around the world\n\n'
        "Unscroll doesn't list lines for LU yet. These directories can point you to one "
        'nearby.\n\n'
        'If someone is in immediate danger, call the local emergency number (e.g. 911 US/CA, '
        '999 UK, 112 EU, 000 AU, 111 NZ).\n\n' + WORLD_TAIL)
    # No country setting and a locale without one.
    assert ok(unscroll.cli('resources')) == (
        'Support around the world\n\n'
        'These directories can point you to a helpline nearby. To see lines for your country, '
        'run “unscroll resources --country XX” with its two-letter code, such as GB.\n\n'
        'If someone is in immediate danger, call the local emergency number (e.g. 911 US/CA, '
        '999 UK, 112 EU, 000 AU, 111 NZ).\n\n' + WORLD_TAIL)
    fails(unscroll.cli('resources', '--country', 'GBR'), 2,
          usage_error('“GBR” is not a country code. Use two letters, such as GB or DE.',
                      'resources'))
    fails(unscroll.cli('resources', 'GB'), 2,
          usage_error('Unexpected argument “GB”', 'resources'))


@pytest.mark.parametrize('args', [
    ('limit',), ('limit', 'add', 'discord', '30m'), ('downtime',), ('downtime', 'clear'),
    ('snooze', 'discord'), ('break',),
], ids=['limit', 'limit-add', 'downtime', 'downtime-clear', 'snooze', 'break'])
def test_cli_limits_when_the_daemon_is_not_running(make_session, args):
    session = make_session(start_daemon=False)
    fails(session.cli(*args), 1, NOT_RUNNING)


def test_cli_resources_when_the_daemon_is_not_running(make_session):
    session = make_session(start_daemon=False)
    fails(session.cli('resources'), 1,
          NOT_RUNNING + 'If you need someone to talk to now, https://findahelpline.com lists '
          'free helplines in many countries.\n')
