# SPDX-License-Identifier: GPL-3.0-or-later
"""Start, stop, a second instance, --replace, and the database's permissions."""

import os
import signal
import sqlite3
import stat

from unscroll_harness import BUS_NAME, T0, wait_until

DISCORD = 'com.discordapp.Discord'


def test_sigterm_saves_the_activity_going_on(unscroll):
    unscroll.focus(DISCORD)
    # Less than a checkpoint interval: nothing is on disk yet.
    unscroll.advance(100)
    assert unscroll.stop_daemon() == 0

    unscroll.start_daemon(start=T0 + 200)
    assert unscroll.totals('service') == {'discord': 100}
    assert unscroll.usage('TodaySeconds') == 100
    assert unscroll.usage('TodayServices') == [('discord', 'Discord', 'messaging', 100)]
    # A fresh daemon knows no focus until a source reports it again.
    assert unscroll.state() == 'none'


def test_sigint_saves_too(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(42)
    code = unscroll.daemon.stop(signal.SIGINT)
    unscroll.daemon.expected_exit = code
    assert code == 0
    unscroll.start_daemon(start=T0 + 100)
    assert unscroll.totals('service') == {'discord': 42}


def test_second_instance_exits_with_1(unscroll):
    first = unscroll.daemon
    unscroll.focus(DISCORD)
    second = unscroll.spawn_daemon()
    second.expected_exit = 1
    assert second.wait_exit() == 1
    assert 'already running' in second.log()

    # The first one is untouched.
    assert unscroll.session_bus.owner_pid(BUS_NAME) == first.pid
    unscroll.advance(30)
    assert unscroll.totals('service') == {'discord': 30}


def test_replace_hands_over(unscroll):
    old = unscroll.daemon
    unscroll.focus(DISCORD)
    unscroll.advance(50)

    new = unscroll.spawn_daemon(start=T0 + 60, replace=True)
    # The old daemon saves what was going on and leaves cleanly.
    assert old.wait_exit() == 0
    wait_until(lambda: unscroll.session_bus.owner_pid(BUS_NAME) == new.pid,
               what='the new daemon to own the name')
    unscroll.daemon = new
    assert unscroll.totals('service') == {'discord': 50}
    # The new one runs on its own clock.
    assert unscroll.now() == T0 + 60


def test_database_is_private(make_session):
    session = make_session(start_daemon=False)
    # Even a folder made earlier with looser permissions is made private,
    # and a permissive umask changes nothing.
    folder = os.path.dirname(session.db_path)
    os.makedirs(folder, mode=0o755)
    os.chmod(folder, 0o755)
    session.start_daemon(umask=0o022)
    session.focus(DISCORD)
    session.advance(300)
    assert session.totals('service') == {'discord': 300}

    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(session.db_path).st_mode) == 0o600
    files = os.listdir(folder)
    assert 'unscroll.db' in files
    for name in files:
        assert stat.S_IMODE(os.stat(os.path.join(folder, name)).st_mode) == 0o600, name


def test_database_made_from_nothing_is_private(make_session):
    session = make_session(start_daemon=False)
    session.start_daemon(umask=0o000)
    folder = os.path.dirname(session.db_path)
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(session.db_path).st_mode) == 0o600


def test_unreadable_database_is_set_aside(make_session):
    # Not a database: kept under another name (never deleted) and a fresh
    # one made, so tracking goes on; test_resilience.py has the details.
    session = make_session(start_daemon=False)
    os.makedirs(os.path.dirname(session.db_path), mode=0o700)
    with open(session.db_path, 'w', encoding='utf-8') as f:
        f.write('this is not a database, just some text that is long enough to matter\n' * 20)
    session.start_daemon()
    assert any('.corrupt-' in name for name in os.listdir(os.path.dirname(session.db_path)))
    assert session.db_path in session.daemon.log()


def test_daemon_stops_when_the_session_bus_goes_away(unscroll):
    # The session ends: the daemon saves what was going on and exits, as on
    # SIGTERM, instead of running on without a bus.
    daemon = unscroll.daemon
    unscroll.focus(DISCORD)
    unscroll.advance(100)
    unscroll.session_bus.close()
    assert daemon.wait_exit() == 0

    with sqlite3.connect(f'file:{unscroll.db_path}?mode=ro', uri=True) as db:
        (usec,) = db.execute("SELECT SUM(usec) FROM day_totals WHERE service = 'discord'")\
            .fetchone()
    assert usec == 100 * 1000000
