# SPDX-License-Identifier: GPL-3.0-or-later
"""Idle (Mutter's watches), lock (GNOME's screen saver), sleep (logind) and media."""

from unscroll_harness import T0

DISCORD = 'com.discordapp.Discord'


def test_idle_cuts_back_to_when_input_stopped(unscroll):
    # The daemon asks Mutter for a watch of the default idle timeout, in ms.
    assert unscroll.mutter.wait_for_calls('AddIdleWatch') == [[300000]]

    unscroll.focus(DISCORD)
    unscroll.advance(600)
    unscroll.go_idle()

    # Input stopped 300 s before Mutter said so: only the first 5 minutes count.
    unscroll.assert_state('idle')
    assert unscroll.totals('service') == {'discord': 300}
    assert unscroll.usage('TodaySeconds') == 300

    unscroll.advance(1200)
    assert unscroll.totals('service') == {'discord': 300}

    # Input returns: counting goes on from that moment.
    unscroll.go_active()
    activity = unscroll.activity()
    assert activity['state'] == 'tracking'
    assert activity['subject'] == DISCORD
    assert activity['since'] == T0 + 1800
    unscroll.advance(60)
    assert unscroll.totals('service') == {'discord': 360}

    # The idle watch stays; the next idle period fires it again, and the
    # time already saved by the checkpoints since input stopped is taken
    # back out.
    unscroll.advance(540)
    unscroll.go_idle()
    assert unscroll.state() == 'idle'
    assert unscroll.totals('service') == {'discord': 300 + 300}
    assert len(unscroll.mutter.calls_of('AddIdleWatch')) == 1
    assert len(unscroll.mutter.calls_of('AddUserActiveWatch')) == 2


def test_idle_timeout_from_settings(make_session):
    session = make_session(settings={'idle-timeout': 'uint32 60'})
    assert session.mutter.wait_for_calls('AddIdleWatch') == [[60000]]

    session.focus(DISCORD)
    session.advance(600)
    session.go_idle()
    assert session.state() == 'idle'
    assert session.totals('service') == {'discord': 540}


def test_idle_timeout_changed_while_running(make_session):
    session = make_session(settings={'idle-timeout': 'uint32 60'})
    session.mutter.wait_for_calls('AddIdleWatch')

    session.write_settings({'idle-timeout': 'uint32 120'})
    # The old watch goes, a new one with the new timeout comes.
    calls = session.mutter.wait_for_calls('AddIdleWatch', 2)
    assert calls == [[60000], [120000]]
    assert session.mutter.wait_for_calls('RemoveWatch') == [[1001]]

    session.focus(DISCORD)
    session.advance(600)
    session.go_idle()
    assert session.totals('service') == {'discord': 480}


def test_idle_while_nothing_is_tracked(unscroll):
    unscroll.go_idle()
    assert unscroll.state() == 'idle'
    unscroll.advance(100)
    # Focus arriving while idle waits for input to return.
    unscroll.focus(DISCORD)
    assert unscroll.state() == 'idle'
    unscroll.advance(100)
    unscroll.go_active()
    unscroll.advance(30)
    assert unscroll.totals('service') == {'discord': 30}


def test_lock_stops_the_clock_and_unlock_resumes(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(100)
    unscroll.lock()
    unscroll.assert_state('locked')
    assert unscroll.totals('service') == {'discord': 100}

    unscroll.advance(500)
    assert unscroll.totals('service') == {'discord': 100}

    unscroll.unlock()
    assert unscroll.activity()['since'] == T0 + 600
    unscroll.advance(50)
    assert unscroll.totals('service') == {'discord': 150}


def test_sleep_stops_the_clock_and_waking_resumes(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(200)
    unscroll.sleep()
    unscroll.assert_state('asleep')
    assert unscroll.totals('service') == {'discord': 200}

    unscroll.advance(3600)
    assert unscroll.totals('service') == {'discord': 200}

    unscroll.wake()
    unscroll.advance(30)
    assert unscroll.totals('service') == {'discord': 230}


def test_lock_during_idle(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(400)
    unscroll.go_idle()
    unscroll.lock()
    unscroll.advance(600)
    # Unlocking alone does not end idleness; input does.
    unscroll.unlock(expect_state='idle')
    unscroll.go_active()
    unscroll.advance(10)
    assert unscroll.totals('service') == {'discord': 100 + 10}


def test_audible_tab_keeps_counting_while_idle(unscroll):
    unscroll.focus('firefox-esr')
    unscroll.tab('firefox', 'www.youtube.com', focused=True, audible=True)
    unscroll.advance(600)
    unscroll.go_idle()

    activity = unscroll.activity()
    assert activity['state'] == 'tracking'
    assert activity['subject'] == 'youtube.com'
    assert activity['since'] == T0
    unscroll.advance(300)
    assert unscroll.totals('service') == {'youtube': 900}

    # The sound stops while the user is still away: counting stops now.
    unscroll.tab('firefox', 'www.youtube.com', focused=True, audible=False)
    assert unscroll.state() == 'idle'
    unscroll.advance(100)
    assert unscroll.totals('service') == {'youtube': 900}
    assert unscroll.totals('site') == {'youtube.com': 900}

    unscroll.go_active()
    unscroll.advance(10)
    assert unscroll.totals('service') == {'youtube': 910}
    assert unscroll.totals('app') == {}


def test_silent_tab_is_cut_at_idle(unscroll):
    unscroll.focus('firefox-esr')
    unscroll.tab('firefox', 'www.youtube.com', focused=True, audible=False)
    unscroll.advance(600)
    unscroll.go_idle()
    assert unscroll.state() == 'idle'
    assert unscroll.totals('service') == {'youtube': 300}
