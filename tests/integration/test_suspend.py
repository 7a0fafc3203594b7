# SPDX-License-Identifier: GPL-3.0-or-later
"""Suspend and resume (logind's PrepareForSleep) add no phantom time and lose none, however
the clocks moved while the machine slept."""

import sqlite3

from unscroll_harness import T0

DISCORD = 'com.discordapp.Discord'
SLACK = 'com.slack.Slack'
CHECKPOINT = 300  # the default checkpoint interval, seconds


def db_seconds(path):
    db = sqlite3.connect(path)
    try:
        return (db.execute('SELECT coalesce(sum(usec), 0) FROM day_totals').fetchone()[0]
                // 1_000_000)
    finally:
        db.close()


def test_real_suspend_moves_only_the_wall_clock(unscroll):
    # Linux's monotonic clock stops while suspended; the wall clock does
    # not. The time asleep is not counted, the time before and after is.
    unscroll.focus(DISCORD)
    unscroll.advance(200)
    unscroll.sleep()
    unscroll.jump_wall_clock(T0 + 200 + 3600)
    unscroll.wake()
    assert unscroll.activity()['since'] == T0 + 200 + 3600
    unscroll.advance(30)
    assert unscroll.totals('service') == {'discord': 230}
    # On disk too, each stretch at the wall time it happened.
    assert unscroll.stop_daemon() == 0
    assert db_seconds(unscroll.db_path) == 230
    rows = sqlite3.connect(unscroll.db_path).execute(
        'SELECT start_us / 1000000, end_us / 1000000 FROM spans ORDER BY start_us').fetchall()
    assert rows == [(T0, T0 + 200), (T0 + 3800, T0 + 3830)]


def test_sleep_saves_first_and_a_missed_checkpoint_adds_nothing(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(120)
    unscroll.sleep()
    # What happened before sleeping is on disk before the machine sleeps.
    assert db_seconds(unscroll.db_path) == 120
    # Both clocks move past a checkpoint while asleep: still nothing added.
    unscroll.advance(CHECKPOINT * 3)
    assert db_seconds(unscroll.db_path) == 120
    assert unscroll.totals('service') == {'discord': 120}
    unscroll.wake()
    unscroll.advance(10)
    assert unscroll.totals('service') == {'discord': 130}


def test_focus_change_while_asleep_counts_from_waking(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(60)
    unscroll.sleep()
    unscroll.advance(600)
    # A focus report that arrives while asleep (a late signal) counts
    # nothing until the machine is awake again.
    unscroll.focus(SLACK)
    unscroll.advance(600)
    assert unscroll.totals('service') == {'discord': 60}
    unscroll.wake()
    unscroll.advance(45)
    assert unscroll.totals('service') == {'discord': 60, 'slack': 45}
