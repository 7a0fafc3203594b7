# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad arguments get InvalidArgs with a sentence; the daemon lives on and records nothing."""

import os

from gi.repository import Gio, GLib

from unscroll_harness import (BUS_NAME, CALL_TIMEOUT_MS, DAY0, INVALID_ARGS, OBJECT_PATH,
                              TRACKER, USAGE, remote_error)


def tab_args(hostname, browser='firefox'):
    return GLib.Variant('(ssbbb)', (browser, hostname, True, False, False))


def focus_args(app_id, **details):
    return GLib.Variant('(sa{sv})', (app_id, details))


def assert_nothing_recorded(session):
    session.advance(600)
    assert session.summary('category') == []
    assert session.state() == 'none'
    assert session.usage('TodaySeconds') == 0


def test_report_tab_takes_only_hostnames(unscroll):
    for hostname in ['https://www.instagram.com/p/x',
                     'www.instagram.com:443',
                     'www.instagram.com/p/x',
                     'www.instagram.com?q=1',
                     'www.instagram.com#top',
                     'user@www.instagram.com',
                     'www instagram com',
                     'www..instagram.com',
                     '.instagram.com',
                     'ïnstagram.com',
                     'a' * 64 + '.com',
                     ('a' * 60 + '.') * 5 + 'com']:
        message = unscroll.invalid_args(TRACKER, 'ReportTab', tab_args(hostname))
        # Nothing of what was sent comes back in the message either.
        assert 'instagram' not in message, message
    for browser in ['', 'fire fox', 'firefox/1', 'x' * 65]:
        unscroll.invalid_args(TRACKER, 'ReportTab', tab_args('www.instagram.com', browser))
        unscroll.invalid_args(TRACKER, 'ForgetBrowser', GLib.Variant('(s)', (browser,)))
    assert_nothing_recorded(unscroll)


def test_report_focus_takes_only_app_ids(unscroll):
    unscroll.invalid_args(TRACKER, 'ReportFocus', focus_args('/usr/bin/discord'))
    unscroll.invalid_args(TRACKER, 'ReportFocus', focus_args('Discord\n'))
    unscroll.invalid_args(TRACKER, 'ReportFocus', focus_args('a' * 256))
    message = unscroll.invalid_args(
        TRACKER, 'ReportFocus',
        focus_args('com.discordapp.Discord', **{'wm-class': GLib.Variant('u', 5)}))
    assert 'wm-class' in message
    unscroll.invalid_args(TRACKER, 'ReportFocus',
                          focus_args('com.discordapp.Discord', pid=GLib.Variant('s', '12')))
    unscroll.invalid_args(TRACKER, 'ReportFocus',
                          focus_args('com.discordapp.Discord', source=GLib.Variant('b', True)))
    unscroll.invalid_args(TRACKER, 'ReportFocus',
                          focus_args('', **{'wm-class': GLib.Variant('s', 'a/b')}))
    # Unknown keys are fine: newer sources talk to older daemons.
    unscroll.focus('org.gnome.TextEditor')
    unscroll.call(TRACKER, 'ReportFocus',
                  focus_args('org.gnome.TextEditor', future=GLib.Variant('i', 1)))
    unscroll.focus('')
    assert_nothing_recorded(unscroll)


def test_summary_refuses_bad_ranges_and_groupings(unscroll):
    def summary(first, last, group_by):
        return unscroll.invalid_args(USAGE, 'GetSummary',
                                     GLib.Variant('(sssa{sv})', (first, last, group_by, {})))

    summary('2026-13-01', DAY0, 'service')
    summary('2026-02-30', DAY0, 'service')
    summary('yesterday', DAY0, 'service')
    summary('2026-3-2', DAY0, 'service')
    summary('', DAY0, 'service')
    summary(DAY0, '2026-03-02T10:00', 'service')
    summary('2026-03-03', '2026-03-02', 'service')
    summary('2016-01-01', DAY0, 'service')
    message = summary(DAY0, DAY0, 'nonsense')
    assert 'service' in message and 'day' in message
    summary(DAY0, DAY0, '')
    # The longest range allowed still works.
    assert unscroll.summary('service', '2016-03-03', DAY0) == []


def test_export_refuses_bad_format_and_range(unscroll):
    path = os.path.join(unscroll.workdir, 'refused.csv')

    def export(fmt, first, last):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        fd_list = Gio.UnixFDList.new()
        handle = fd_list.append(fd)
        os.close(fd)
        try:
            unscroll.conn.call_with_unix_fd_list_sync(
                BUS_NAME, OBJECT_PATH, USAGE, 'Export',
                GLib.Variant('(hsssa{sv})', (handle, fmt, first, last, {})),
                None, Gio.DBusCallFlags.NONE, CALL_TIMEOUT_MS, fd_list, None)
        except GLib.Error as e:
            name, message = remote_error(e)
            assert name == INVALID_ARGS, message
            assert message
        else:
            raise AssertionError(f'Export({fmt}, {first}, {last}) was accepted')
        with open(path, encoding='utf-8') as f:
            assert f.read() == ''

    export('xml', DAY0, DAY0)
    export('CSV', DAY0, DAY0)
    export('csv', 'today', DAY0)
    export('json', '2026-03-03', DAY0)

    # No file descriptor at all.
    unscroll.invalid_args(USAGE, 'Export',
                          GLib.Variant('(hsssa{sv})', (0, 'csv', DAY0, DAY0, {})))


def test_pause_and_forget_refuse_bad_arguments(unscroll):
    unscroll.focus('com.discordapp.Discord')
    unscroll.advance(60)
    unscroll.invalid_args(USAGE, 'Pause', GLib.Variant('(x)', (-1,)))
    unscroll.invalid_args(USAGE, 'Pause', GLib.Variant('(x)', (31 * 86400 + 1,)))
    assert unscroll.usage('PausedUntil') == 0

    message = unscroll.invalid_args(USAGE, 'Forget',
                                    GLib.Variant('(sss)', (DAY0, DAY0, 'nosuchservice')))
    assert 'nosuchservice' in message
    unscroll.invalid_args(USAGE, 'Forget', GLib.Variant('(sss)', ('2026-03-03', DAY0, '')))
    unscroll.invalid_args(USAGE, 'Forget', GLib.Variant('(sss)', ('last week', DAY0, '')))

    # Still alive, still counting, nothing lost.
    assert unscroll.state() == 'tracking'
    unscroll.advance(60)
    assert unscroll.totals('service') == {'discord': 120}
