# SPDX-License-Identifier: GPL-3.0-or-later
"""The database survives kill -9, a full disk, a damaged file, a read-only folder and a
second daemon."""

import glob
import os
import random
import signal
import sqlite3
import subprocess
import time

from gi.repository import Gio, GLib

from unscroll_harness import (BUS_NAME, OBJECT_PATH, T0, TEST_CLOCK, TRACKER, USEC,
                              DaemonProcess, ProcessWatch, daemon_path)

DISCORD = 'com.discordapp.Discord'
SLACK = 'com.slack.Slack'
APPS = [DISCORD, SLACK, 'com.sindresorhus.Caprine', 'org.example.NotSocial']
CHECKPOINT = 60
USAGE = 'io.github.Unscroll.Usage'
FULL_WORDS = 'Your disk is full'


def read_db(path, sql):
    """One row of @sql, read through a read-only connection of our own."""
    with sqlite3.connect(f'file:{path}?mode=ro', uri=True) as db:
        return db.execute(sql).fetchone()


def db_seconds(path):
    (usec,) = read_db(path, 'SELECT COALESCE(SUM(usec), 0) FROM day_totals')
    return usec / USEC


def integrity(path):
    try:
        return read_db(path, 'PRAGMA integrity_check')[0]
    except sqlite3.DatabaseError as e:
        return str(e)


def kill_9(session):
    daemon = session.daemon
    os.kill(daemon.pid, signal.SIGKILL)
    assert daemon.wait_exit() == -signal.SIGKILL
    daemon.expected_exit = -signal.SIGKILL


def send_without_reply(session, interface, method, params):
    """Queues a call and returns at once: the daemon is busy when it is killed."""
    session.conn.call(BUS_NAME, OBJECT_PATH, interface, method, params, None,
                      Gio.DBusCallFlags.NO_AUTO_START, -1, None, None, None)


def test_kill_9_loses_at_most_one_checkpoint_interval(make_session):
    session = make_session(settings={'checkpoint-interval': f'uint32 {CHECKPOINT}'})
    kill_9_rounds(session, 24)


def kill_9_rounds(session, rounds, seed=0x5eed):
    """Kills the daemon of @session (checkpoint interval CHECKPOINT) @rounds times.

    Fails on the first round that breaks a promise; returns what was seen
    (make bench runs it with more rounds and reports it).
    """
    rng = random.Random(seed)
    path = session.db_path
    stats = {'kills': 0, 'bursts': 0, 'max_loss': 0, 'restart_seconds': []}
    # Seconds that happened (focused on an app) and the least of them known saved.
    happened = 0
    saved_at_least = 0
    last_total = 0
    wall = T0

    for round_number in range(rounds):
        current = rng.choice(APPS)
        session.focus(current)
        for _ in range(rng.randint(3, 25)):
            step = rng.randint(1, 2 * CHECKPOINT)
            session.advance(step)
            wall += step
            happened += step
            # A change of activity saves the time before it, and the call
            # returns only once it is on disk.
            current = rng.choice([app for app in APPS if app != current])
            session.focus(current)
            saved_at_least = happened

        burst = round_number % 2 == 1
        if burst:
            # Half the kills land in the middle of a stream of calls the
            # daemon is still working through, often inside a transaction.
            for _ in range(rng.randint(1, 40)):
                step = rng.randint(1, CHECKPOINT)
                send_without_reply(session, TEST_CLOCK, 'Advance',
                                   GLib.Variant('(t)', (step * USEC,)))
                send_without_reply(session, TRACKER, 'ReportFocus',
                                   GLib.Variant('(sa{sv})', (rng.choice(APPS), {})))
                wall += step
                happened += step
        else:
            # The others after time that only a checkpoint would save.
            step = rng.randint(1, 3 * CHECKPOINT)
            session.advance(step)
            wall += step
            happened += step
        session.conn.flush_sync(None)
        kill_9(session)
        stats['kills'] += 1
        stats['bursts'] += burst

        wall += 1
        started = time.monotonic()
        session.start_daemon(start=wall)
        stats['restart_seconds'].append(time.monotonic() - started)
        assert integrity(path) == 'ok', f'round {round_number}'
        total = db_seconds(path)
        assert total >= last_total, f'round {round_number}: totals went down'
        assert total >= saved_at_least, f'round {round_number}: saved time was lost'
        assert total <= happened, f'round {round_number}: time was invented'
        if not burst:
            # Everything happened before the kill reached the daemon.
            assert happened - total <= CHECKPOINT, \
                f'round {round_number}: lost {happened - total} s'
            stats['max_loss'] = max(stats['max_loss'], happened - total)
        # What the restarted daemon reports is what is on disk.
        assert session.usage('TodaySeconds') <= total
        # The next round counts from what survived.
        happened = total
        saved_at_least = total
        last_total = total
    stats['integrity'] = integrity(path)
    return stats


def test_second_instance_writes_nothing(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(120)
    unscroll.focus(SLACK)
    path = unscroll.db_path
    # Read first: a reader of a log it has not read yet marks that in -shm.
    rows = read_db(path, 'SELECT (SELECT count(*) FROM spans), (SELECT SUM(usec) FROM day_totals)')
    before = {name: os.stat(name).st_mtime_ns
              for name in glob.glob(path + '*')}

    for _ in range(3):
        second = unscroll.spawn_daemon(start=T0 + 9999)
        second.expected_exit = 1
        assert second.wait_exit() == 1

    assert {name: os.stat(name).st_mtime_ns for name in glob.glob(path + '*')} == before
    assert read_db(path, 'SELECT (SELECT count(*) FROM spans), '
                         '(SELECT SUM(usec) FROM day_totals)') == rows
    assert integrity(path) == 'ok'
    # The first daemon goes on as before.
    unscroll.advance(30)
    assert unscroll.totals('service') == {'discord': 120, 'slack': 30}


def test_full_disk_keeps_time_in_memory_and_saves_it_later(make_session):
    session = make_session(start_daemon=False, notifications=True)
    cap = os.path.join(session.workdir, 'max-pages')
    session.extra_daemon_env['UNSCROLL_TEST_MAX_PAGES_FILE'] = cap
    session.start_daemon()
    session.focus(DISCORD)
    session.advance(10)
    session.focus(SLACK)
    assert session.usage('StorageProblem') == ''

    # The disk is full from here: not one more page.
    (pages,) = read_db(session.db_path, 'PRAGMA page_count')
    with open(cap, 'w', encoding='utf-8') as f:
        f.write(f'{pages}\n')
    happened = 10
    apps = [DISCORD, SLACK]
    for i in range(2000):
        session.advance(1)
        happened += 1
        session.focus(apps[i % 2])
        if session.usage('StorageProblem'):
            break
    assert FULL_WORDS in session.usage('StorageProblem')
    saved_when_full = db_seconds(session.db_path)
    assert saved_when_full < happened

    # More time while full: counted in memory, never written, told once.
    for i in range(30):
        session.advance(7)
        happened += 7
        session.focus(apps[i % 2])
    session.advance(3 * 300)
    happened += 3 * 300
    notes = session.notifications.wait_for_calls('Notify')
    assert len(notes) == 1
    assert FULL_WORDS in notes[0][4]
    assert session.usage('TodaySeconds') == happened
    assert sum(session.totals('service').values()) == happened
    assert db_seconds(session.db_path) == saved_when_full
    assert not session.daemon.exited()

    status = session.cli('status')
    assert status.returncode == 0, status.stderr
    assert FULL_WORDS in status.stdout

    # Room again: the next save writes everything kept in memory.
    os.unlink(cap)
    session.advance(5)
    happened += 5
    session.focus(DISCORD)
    assert session.usage('StorageProblem') == ''
    assert db_seconds(session.db_path) == happened
    assert integrity(session.db_path) == 'ok'
    assert len(session.notifications.calls_of('Notify')) == 1
    assert FULL_WORDS not in session.cli('status').stdout

    # Saved for real: a new daemon reads it all back.
    assert session.stop_daemon() == 0
    session.start_daemon(start=T0 + happened + 100)
    assert session.usage('TodaySeconds') == happened


def write_junk(path):
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write('this is not a database, just some text that is long enough to matter\n' * 20)


def set_aside_files(session):
    folder = os.path.dirname(session.db_path)
    return sorted(n for n in os.listdir(folder) if '.corrupt-' in n)


def test_a_file_that_is_not_a_database_is_moved_aside(make_session):
    session = make_session(start_daemon=False, notifications=True)
    write_junk(session.db_path)
    session.start_daemon()

    (main,) = set_aside_files(session)
    assert main.startswith('unscroll.db.corrupt-')
    # Never deleted: the old bytes are all there.
    with open(os.path.join(os.path.dirname(session.db_path), main), encoding='utf-8') as f:
        assert f.read().startswith('this is not a database')
    notes = session.notifications.wait_for_calls('Notify')
    assert main in notes[0][4]
    assert 'moved to' in session.daemon.log()

    # Tracking goes on in the fresh database.
    session.focus(DISCORD)
    session.advance(40)
    assert session.totals('service') == {'discord': 40}
    assert integrity(session.db_path) == 'ok'


def test_a_damaged_database_is_moved_aside(make_session):
    session = make_session()
    session.focus(DISCORD)
    for i in range(200):
        session.advance(1)
        session.focus([DISCORD, SLACK][i % 2])
    assert session.stop_daemon() == 0

    # Scribble over the pages after the header and the schema.
    with open(session.db_path, 'r+b') as f:
        f.seek(2 * 4096)
        f.write(b'\xff' * 4096)
    assert integrity(session.db_path) != 'ok'

    session.start_daemon(start=T0 + 1000)
    # With its write-ahead log and index when SQLite left them.
    moved = [n for n in set_aside_files(session) if not n.endswith(('-wal', '-shm'))]
    assert len(moved) == 1, moved
    assert integrity(session.db_path) == 'ok'
    assert session.totals('service') == {}


def test_another_programs_database_is_moved_aside(make_session):
    session = make_session(start_daemon=False)
    os.makedirs(os.path.dirname(session.db_path), mode=0o700)
    with sqlite3.connect(session.db_path) as db:
        db.execute('CREATE TABLE recipes (name TEXT)')
        db.execute("INSERT INTO recipes VALUES ('bread')")
    db.close()
    session.start_daemon()

    (moved,) = set_aside_files(session)
    (name,) = read_db(os.path.join(os.path.dirname(session.db_path), moved),
                      'SELECT name FROM recipes')
    assert name == 'bread'
    session.focus(DISCORD)
    session.advance(5)
    assert session.totals('service') == {'discord': 5}


def test_a_database_from_a_newer_version_is_left_alone(make_session):
    session = make_session(start_daemon=False)
    os.makedirs(os.path.dirname(session.db_path), mode=0o700)
    with sqlite3.connect(session.db_path) as db:
        db.execute('CREATE TABLE future (x)')
        db.execute('PRAGMA user_version = 99')
    db.close()
    daemon = session.spawn_daemon()
    daemon.expected_exit = 1
    assert daemon.wait_exit() == 1
    assert 'newer version' in daemon.log()
    assert set_aside_files(session) == []
    assert read_db(session.db_path, 'PRAGMA user_version') == (99,)


def test_read_only_data_folder_is_a_clear_error(make_session):
    session = make_session(start_daemon=False)
    folder = os.path.dirname(session.db_path)
    os.makedirs(folder, mode=0o700)
    if os.geteuid() == 0:
        # Root writes through any permission bits: make the folder a
        # read-only bind mount in a mount namespace of the daemon's own.
        daemon = spawn_in_read_only_mount(session, folder)
    else:
        os.chmod(session.data_home, 0o500)
        os.chmod(folder, 0o500)
        daemon = session.spawn_daemon()
    try:
        daemon.expected_exit = 1
        assert daemon.wait_exit() == 1
        log = daemon.log()
        assert 'cannot write to its data folder' in log
        assert folder in log
        assert session.session_bus.owner(BUS_NAME) is None
    finally:
        os.chmod(session.data_home, 0o700)
        os.chmod(folder, 0o700)
    assert os.listdir(folder) == []


def spawn_in_read_only_mount(session, folder):
    daemon_args = ['--test-clock', f'--test-clock-start={T0}', '--verbose']
    script = ('mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && '
              'exec "$@"')
    log = os.path.join(session.workdir, 'unscrolld-ro.log')

    class ReadOnlyDaemon(DaemonProcess):
        def __init__(self):
            self.log_path = log
            with open(log, 'w', encoding='utf-8') as out:
                self.proc = subprocess.Popen(
                    ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script,
                     folder, daemon_path(), *daemon_args],
                    env=session.daemon_env(), stdout=out, stderr=subprocess.STDOUT)
            self.watch = ProcessWatch(self.proc)
            self.expected_exit = 0

    daemon = ReadOnlyDaemon()
    session.daemons.append(daemon)
    return daemon
