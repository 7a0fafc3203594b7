# SPDX-License-Identifier: GPL-3.0-or-later
"""The unscroll CLI against the real daemon on a private bus."""

import json
import os
import pty
import re
import stat
import time

import pytest

from unscroll_harness import DAY0, T0

DISCORD = 'com.discordapp.Discord'
SIGNAL = 'org.signal.Signal'
EDITOR = 'org.gnome.TextEditor'
NOT_RUNNING = ("unscroll: Unscroll's background service isn't running. "
               "Start it with: systemctl --user start unscrolld\n")
CSV = '''start,end,day,seconds,kind,subject,service,category
2026-03-02T10:00:00Z,2026-03-02T10:10:00Z,2026-03-02,600.000,app,com.discordapp.Discord,discord,messaging
2026-03-02T10:10:00Z,2026-03-02T10:15:00Z,2026-03-02,300.000,app,org.signal.Signal,signal,messaging
2026-03-02T10:15:00Z,2026-03-02T10:18:00Z,2026-03-02,180.000,app,org.gnome.TextEditor,,other
'''


def record(session):
    """Discord 10 min, Signal 5 min, then an app outside the catalog for 3 min."""
    session.focus(DISCORD)
    session.advance(600)
    session.focus(SIGNAL)
    session.advance(300)
    session.focus(EDITOR)
    session.advance(180)


def bar(eighths):
    """A bar as the CLI draws it on a UTF-8 console, in eighths of a cell."""
    return '█' * (eighths // 8) + ('', '▏', '▎', '▍', '▌', '▋', '▊', '▉')[eighths % 8]


def table(rows, total=None):
    """The CLI's table: two spaces in, labels padded, durations right-aligned, bars."""
    labels = [label for label, _, _ in rows] + ([total[0]] if total else [])
    durations = [d for _, d, _ in rows] + ([total[1]] if total else [])
    lw = max(len(label) for label in labels)
    dw = max(len(d) for d in durations)
    lines = [f'  {label.ljust(lw)}  {d.rjust(dw)}' + (f'  {b}' if b else '')
             for label, d, b in rows]
    if total:
        lines += ['', f'  {total[0].ljust(lw)}  {total[1].rjust(dw)}']
    return '\n'.join(lines) + '\n'


def ok(result):
    assert result.returncode == 0, f'exit {result.returncode}: {result.stderr}'
    return result.stdout


def aligned_session(make_session, offset=-600):
    """A session whose test clock reads this computer's clock plus @offset seconds,
    in a time zone where it is about noon, so that what the CLI measures against
    this computer's clock agrees with the daemon and no day boundary is near."""
    now = int(time.time())
    hour = (now % 86400) / 3600
    zone = int(round(12 - hour))
    zone = (zone + 12) % 24 - 12
    return make_session(tz=f'UNS{-zone:+d}', start=now + offset)


def test_cli_status(make_session):
    session = aligned_session(make_session)
    session.focus(DISCORD)
    session.advance(600)
    assert ok(session.cli('status')) == (
        "You've spent 10m on social media today.\n"
        '\n' +
        table([('Discord', '10m', bar(160))]) +
        '\n'
        'Now: Discord (app) for 10m\n')
    # Without a command, unscroll shows the status.
    assert ok(session.cli()) == ok(session.cli('status'))


def test_cli_status_when_nothing_happened(unscroll):
    assert ok(unscroll.cli('status')) == ('No time on social media yet today.\n'
                                          '\n'
                                          'Nothing in focus\n')
    unscroll.lock()
    assert ok(unscroll.cli('status')).endswith('\nScreen locked\n')


def test_cli_status_json(unscroll):
    record(unscroll)
    status = json.loads(ok(unscroll.cli('status', '--json')))
    assert status == {
        'day': DAY0,
        'day_boundary': 240,
        'today_seconds': 900,
        'services': [
            {'id': 'discord', 'name': 'Discord', 'category': 'messaging', 'seconds': 600},
            {'id': 'signal', 'name': 'Signal', 'category': 'messaging', 'seconds': 300},
        ],
        'activity': {'state': 'tracking', 'since': T0 + 900, 'kind': 'app', 'subject': EDITOR,
                     'service': '', 'service-name': '', 'category': 'other'},
        'paused_until': 0,
    }


def test_cli_report_by_service(unscroll):
    record(unscroll)
    expected = ('Social media by service, 2026-03-02\n\n' +
                table([('Discord', '10m', bar(160)), ('Signal', '5m', bar(80))],
                      ('Total', '15m')))
    assert ok(unscroll.cli('report')) == expected
    assert ok(unscroll.cli('report', '--by', 'service')) == expected
    assert ok(unscroll.cli('report', '--day', DAY0)) == expected
    assert ok(unscroll.cli('report', 'today')) == expected


def test_cli_report_by_app(unscroll):
    record(unscroll)
    assert ok(unscroll.cli('report', '--by', 'app')) == (
        'Time by app, 2026-03-02\n\n' +
        table([(DISCORD, '10m', bar(160)), (SIGNAL, '5m', bar(80)),
               (EDITOR, '3m', bar(48))], ('Total', '18m')))


def test_cli_report_by_category(unscroll):
    record(unscroll)
    assert ok(unscroll.cli('report', '--by', 'category')) == (
        'All recorded time by category, 2026-03-02\n\n' +
        table([('Messaging', '15m', bar(160)), ('Other', '3m', bar(32))], ('Total', '18m')))


def test_cli_report_by_site(unscroll):
    unscroll.focus('firefox-esr')
    unscroll.tab('firefox', 'www.instagram.com')
    unscroll.advance(3900)
    unscroll.tab('firefox', 'www.example.org')
    unscroll.advance(45)
    assert ok(unscroll.cli('report', '--by', 'site')) == (
        'Time by site, 2026-03-02\n\n' +
        table([('instagram.com', '1h 05m', bar(160)), ('Other sites', '45s', bar(2))],
              ('Total', '1h 05m')))


def test_cli_report_by_day_over_a_week(unscroll):
    record(unscroll)
    days = [('2026-02-24 Tue', '0s', ''), ('2026-02-25 Wed', '0s', ''),
            ('2026-02-26 Thu', '0s', ''), ('2026-02-27 Fri', '0s', ''),
            ('2026-02-28 Sat', '0s', ''), ('2026-03-01 Sun', '0s', ''),
            ('2026-03-02 Mon', '15m', bar(160))]
    assert ok(unscroll.cli('report', '--by', 'day', '--week')) == (
        'Social media by day, 2026-02-24 to 2026-03-02\n\n' +
        table(days, ('Total', '15m')))


def test_cli_report_of_an_empty_day(unscroll):
    record(unscroll)
    assert ok(unscroll.cli('report', 'yesterday')) == (
        'Social media by service, 2026-03-01\n\n  Nothing recorded.\n')


def test_cli_report_json(unscroll):
    record(unscroll)
    assert json.loads(ok(unscroll.cli('report', '--json'))) == {
        'from': DAY0, 'to': DAY0, 'by': 'service',
        'rows': [{'key': 'discord', 'label': 'Discord', 'seconds': 600},
                 {'key': 'signal', 'label': 'Signal', 'seconds': 300}],
        'total_seconds': 900,
    }
    report = json.loads(ok(unscroll.cli('report', '--json', '--by', 'category',
                                        '--from', '2026-03-01', '--to', DAY0)))
    assert report['from'] == '2026-03-01'
    assert report['rows'] == [{'key': 'messaging', 'label': 'Messaging', 'seconds': 900},
                              {'key': 'other', 'label': 'Other', 'seconds': 180}]
    assert report['total_seconds'] == 1080


def test_cli_export_to_a_file(unscroll):
    record(unscroll)
    path = os.path.join(unscroll.workdir, 'week.csv')
    result = unscroll.cli('export', '--format', 'csv', '-o', path)
    assert ok(result) == ''
    assert result.stderr == f'Exported 3 records to {path}.\n'
    with open(path, encoding='utf-8') as f:
        assert f.read() == CSV
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_cli_export_to_stdout(unscroll):
    record(unscroll)
    # The daemon writes straight into our pipe; the reader must see the end
    # of the data once the CLI is done (a bounded wait: cli() times out).
    assert ok(unscroll.cli('export')) == CSV
    ndjson = ok(unscroll.cli('export', '--format', 'ndjson', '--from', DAY0, '--to', DAY0))
    assert [json.loads(line)['seconds'] for line in ndjson.splitlines()] == [600, 300, 180]
    assert json.loads(ok(unscroll.cli('export', '-f', 'json', '--from', 'yesterday',
                                      '--to', 'yesterday'))) == []


def test_cli_pause_and_resume(make_session):
    session = aligned_session(make_session)
    session.focus(DISCORD)
    result = session.cli('pause', '30m')
    assert re.fullmatch(r'Paused until (\d\d:\d\d|tomorrow at \d\d:\d\d|'
                        r'\d{4}-\d\d-\d\d \d\d:\d\d)\.\n', ok(result)), result.stdout
    assert session.usage('PausedUntil') == session.now() + 1800
    assert session.state() == 'paused'
    assert re.search(r'\nPaused until (\d\d:\d\d|tomorrow at \d\d:\d\d|'
                     r'\d{4}-\d\d-\d\d \d\d:\d\d)\n$', ok(session.cli('status')))

    assert ok(session.cli('resume')) == 'Recording again.\n'
    assert session.usage('PausedUntil') == 0
    assert session.state() == 'tracking'
    assert ok(session.cli('resume')) == "Unscroll wasn't paused, so nothing changed.\n"

    assert ok(session.cli('pause')) == ('Paused until you resume. '
                                        'Run “unscroll resume” to start recording again.\n')
    assert session.usage('PausedUntil') == -1
    assert ok(session.cli('status')).endswith('\nPaused until you resume\n')
    session.advance(600)
    ok(session.cli('resume'))
    assert session.totals('service', session.usage('Day')) == {}


def test_cli_pause_until_tomorrow(make_session):
    # The CLI counts the seconds to the next day from this computer's clock;
    # the daemon adds them to its own, here half a minute ahead, so the pause
    # ends within half a minute after 04:00 whatever the test's own speed.
    session = aligned_session(make_session, offset=30)
    assert ok(session.cli('pause', 'tomorrow')) == 'Paused until tomorrow at 04:00.\n'
    paused_until = session.usage('PausedUntil')
    assert 0 < paused_until - session.now() <= 86400
    session.advance(paused_until - session.now() - 1)
    assert session.state() == 'paused'
    session.advance(1)
    assert session.usage('PausedUntil') == 0


def test_cli_forget_with_yes(unscroll):
    record(unscroll)
    assert ok(unscroll.cli('forget', '--yes', '--service', 'signal')) == \
        'Forgot 1 recorded span.\n'
    assert unscroll.totals('service') == {'discord': 600}
    assert ok(unscroll.cli('forget', '--yes')) == 'Forgot 2 recorded spans.\n'
    assert unscroll.summary('category') == []
    assert ok(unscroll.cli('report')).endswith('  Nothing recorded.\n')


def test_cli_forget_all(unscroll):
    record(unscroll)
    assert ok(unscroll.cli('forget', '--all', '--yes')) == 'Forgot 3 recorded spans.\n'
    assert unscroll.summary('category', DAY0) == []


def test_cli_forget_needs_confirmation(unscroll):
    record(unscroll)
    result = unscroll.cli('forget')
    assert result.returncode == 1
    assert result.stderr == ('unscroll: Not forgetting anything without confirmation. '
                             'Add --yes to confirm when not at a terminal.\n')
    assert unscroll.totals('category') == {'messaging': 900, 'other': 180}


@pytest.mark.parametrize('answer, forgotten', [('n', False), ('y', True)], ids=['no', 'yes'])
def test_cli_forget_asks_at_a_terminal(unscroll, answer, forgotten):
    record(unscroll)
    main, secondary = pty.openpty()
    try:
        os.write(main, answer.encode() + b'\n')
        result = unscroll.cli('forget', stdin=secondary)
    finally:
        os.close(secondary)
        os.close(main)
    assert 'Forget all time recorded on 2026-03-02? This can\'t be undone. [y/N]' in \
        result.stderr
    if forgotten:
        assert ok(result) == 'Forgot 3 recorded spans.\n'
        assert unscroll.summary('category') == []
    else:
        assert result.returncode == 1
        assert result.stderr.endswith('unscroll: Nothing was forgotten.\n')
        assert unscroll.totals('category') == {'messaging': 900, 'other': 180}


def test_cli_refused_by_the_daemon(unscroll):
    result = unscroll.cli('forget', '--yes', '--service', 'nosuch')
    assert result.returncode == 2
    assert result.stderr == ('unscroll: There is no service “nosuch”; '
                             '`unscroll services` lists them.\n')


BAD_ARGUMENTS = {
    'report-by-nonsense': (
        ['report', '--by', 'nonsense'],
        'unscroll: “nonsense” is not a way to group time; '
        'use service, category, app, site or day.\n'
        'Try “unscroll report --help” for more.\n'),
    'pause-5x': (
        ['pause', '5x'],
        'unscroll: “5x” is not a duration Unscroll understands; '
        'try something like 30m, 1h30m or 2h.\n'
        'Try “unscroll pause --help” for more.\n'),
    'pause-0': (['pause', '0'], None),
    'pause-32d': (['pause', '32d'], None),
    'pause-two-durations': (['pause', '1h', '2h'], None),
    'report-bad-day': (['report', '--day', '2026-13-45'], None),
    'report-two-ranges': (['report', '--week', '--month'], None),
    'report-to-without-from': (['report', '--to', DAY0], None),
    'report-backwards': (['report', '--from', '2026-03-05', '--to', DAY0], None),
    'export-xml': (['export', '--format', 'xml'], None),
    'status-extra-argument': (['status', 'now'], None),
    'forget-all-and-from': (['forget', '--all', '--from', DAY0], None),
    'unknown-option': (['--frobnicate'], None),
}


@pytest.mark.parametrize('case', BAD_ARGUMENTS.keys())
def test_cli_bad_arguments(unscroll, case):
    args, message = BAD_ARGUMENTS[case]
    unscroll.focus(DISCORD)
    result = unscroll.cli(*args)
    assert result.returncode == 2, result
    assert result.stdout == ''
    assert result.stderr.startswith('unscroll: ')
    if message is not None:
        assert result.stderr == message
    # Nothing reached the daemon.
    assert unscroll.usage('PausedUntil') == 0
    assert unscroll.state() == 'tracking'


def test_cli_unknown_command(unscroll):
    result = unscroll.cli('frobnicate')
    assert result.returncode == 2
    assert result.stderr.startswith(
        'unscroll: “frobnicate” is not an unscroll command.\n\nUsage:')
    assert 'Commands:' in result.stderr


def test_cli_help_and_version(unscroll):
    assert 'Commands:' in ok(unscroll.cli('--help'))
    assert re.fullmatch(r'unscroll \d+\.\d+\.\d+\n', ok(unscroll.cli('--version')))


COMMANDS = [['status'], ['report'], ['export'], ['pause', '5m'], ['resume'], ['forget', '--yes']]


@pytest.mark.parametrize('args', COMMANDS, ids=[args[0] for args in COMMANDS])
def test_cli_when_the_daemon_is_not_running(make_session, args):
    session = make_session(start_daemon=False)
    result = session.cli(*args)
    assert result.returncode == 1
    assert result.stdout == ''
    assert result.stderr == NOT_RUNNING


def test_cli_export_to_a_file_it_cannot_write(unscroll):
    result = unscroll.cli('export', '-o', os.path.join(unscroll.workdir, 'no', 'such', 'x.csv'))
    assert result.returncode == 1
    assert result.stderr.startswith('unscroll: Can\'t write to ')
