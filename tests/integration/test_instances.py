# SPDX-License-Identifier: GPL-3.0-or-later
"""Only the one daemon that holds the instance name ever opens the database: a second one
never touches it, not even to set a file it finds damaged aside."""

import os
import sqlite3

from unscroll_harness import BUS_NAME, T0, wait_until

DISCORD = 'com.discordapp.Discord'


def set_aside_files(session):
    folder = os.path.dirname(session.db_path)
    return sorted(n for n in os.listdir(folder) if '.corrupt-' in n)


def integrity(path):
    db = sqlite3.connect(path)
    try:
        return db.execute('PRAGMA integrity_check').fetchone()[0]
    finally:
        db.close()


def test_second_instance_leaves_the_running_daemons_database_alone(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(90)
    # A restart checkpoints the write-ahead log into the file and starts an
    # empty one, so what is in the file is what a newcomer reads.
    assert unscroll.stop_daemon() == 0
    first = unscroll.start_daemon(start=T0 + 100)
    path = unscroll.db_path
    inode = os.stat(path).st_ino

    # Make the file look damaged to anyone who opens it now. The running
    # daemon reads nothing from it meanwhile: nothing happens on its clock.
    with open(path, 'r+b') as f:
        header = f.read(16)
        f.seek(0)
        f.write(b'not a database!!')
    try:
        second = unscroll.spawn_daemon()
        second.expected_exit = 1
        assert second.wait_exit() == 1
        assert 'already running' in second.log()
        # It never opened the file, so it found nothing to set aside.
        assert 'moved to' not in second.log()
    finally:
        with open(path, 'r+b') as f:
            f.write(header)

    assert set_aside_files(unscroll) == []
    assert os.stat(path).st_ino == inode
    assert unscroll.session_bus.owner_pid(BUS_NAME) == first.pid
    unscroll.focus(DISCORD)
    unscroll.advance(30)
    assert unscroll.totals('service') == {'discord': 120}
    assert integrity(path) == 'ok'


def test_two_daemons_started_together_set_a_damaged_file_aside_once(make_session):
    session = make_session(start_daemon=False)
    os.makedirs(os.path.dirname(session.db_path), mode=0o700, exist_ok=True)
    with open(session.db_path, 'w', encoding='utf-8') as f:
        f.write('this is not a database, just some text that is long enough to matter\n' * 20)

    daemons = [session.spawn_daemon(), session.spawn_daemon()]
    wait_until(lambda: any(d.exited() for d in daemons), what='one of the two daemons to give up')
    (loser,) = [d for d in daemons if d.exited()]
    (winner,) = [d for d in daemons if d is not loser]
    loser.expected_exit = 1
    assert loser.proc.returncode == 1
    assert 'already running' in loser.log()
    session.wait_owner(winner)
    session.daemon = winner

    # One file set aside, the junk in it, and the winner's fresh database
    # in place.
    (moved,) = set_aside_files(session)
    with open(os.path.join(os.path.dirname(session.db_path), moved), encoding='utf-8') as f:
        assert f.read().startswith('this is not a database')
    session.focus(DISCORD)
    session.advance(40)
    assert session.totals('service') == {'discord': 40}
    assert integrity(session.db_path) == 'ok'


def test_replace_takes_the_instance_over(unscroll):
    old = unscroll.daemon
    unscroll.focus(DISCORD)
    unscroll.advance(50)
    new = unscroll.spawn_daemon(replace=True)
    assert old.wait_exit() == 0
    unscroll.wait_owner(new)
    unscroll.daemon = new

    # And the new one now turns a third away.
    third = unscroll.spawn_daemon()
    third.expected_exit = 1
    assert third.wait_exit() == 1
    assert unscroll.session_bus.owner_pid(BUS_NAME) == new.pid
    assert unscroll.totals('service') == {'discord': 50}
