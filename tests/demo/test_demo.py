# SPDX-License-Identifier: GPL-3.0-or-later
"""The demo that `make run` shows on a machine without a desktop: its
recorded day, its private bus, its stand-in idle monitor, and a full replay
through the real daemon whose totals must match the ones worked out by hand."""

import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys

import pytest

from gi.repository import GLib, Gio

SOURCE_ROOT = os.environ.get('UNSCROLL_SOURCE_ROOT',
                             os.path.join(os.path.dirname(__file__), '..', '..'))
DEMO = os.path.join(SOURCE_ROOT, 'data', 'demo', 'unscroll-demo')
DAY = os.path.join(SOURCE_ROOT, 'data', 'demo', 'recorded-day.json')


def load_demo_module():
    # The script lives in data/, which must not fill up with bytecode.
    sys.dont_write_bytecode = True
    loader = importlib.machinery.SourceFileLoader('unscroll_demo', DEMO)
    spec = importlib.util.spec_from_loader('unscroll_demo', loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


demo = load_demo_module()


def write_day(tmp_path, day):
    path = tmp_path / 'day.json'
    path.write_text(json.dumps(day))
    return str(path)


def test_recorded_day_loads_in_order():
    day = demo.load_day(DAY)
    ats = [e['at'] for e in day['events']]
    assert ats == sorted(ats)
    assert day['end_at'] == ats[-1]
    assert day['events'][0]['focus'] == 'org.gnome.Nautilus'
    # 08:00 local time on the recorded date.
    assert demo.clock_text(day, 0) == '08:00'
    assert demo.clock_text(day, day['end_at']) == '22:00'


def test_recorded_day_has_every_kind_of_event():
    day = demo.load_day(DAY)
    kinds = {k for e in day['events'] for k in demo.EVENT_KINDS if k in e}
    assert kinds == set(demo.EVENT_KINDS)
    hosts = {e['tab'] for e in day['events'] if 'tab' in e}
    assert hosts == {'www.instagram.com', 'www.youtube.com', 'www.reddit.com', 'docs.python.org'}
    assert any(e.get('audible') for e in day['events'])


@pytest.mark.parametrize('events, message', [
    ([{'at': 10, 'focus': 'a'}, {'at': 5, 'end': True}], 'time order'),
    ([{'at': 0, 'focus': 'a'}], 'last event'),
    ([{'at': 0, 'focus': 'a', 'tab': 'b'}, {'at': 1, 'end': True}], 'exactly one'),
    ([{'at': -1, 'focus': 'a'}, {'at': 1, 'end': True}], 'not negative'),
    ([{'at': 0, 'idle': 0}, {'at': 1, 'end': True}], 'positive'),
    ([{'at': 0, 'tab': 'x', 'focused': 'yes'}, {'at': 1, 'end': True}], 'true or false'),
    ([{'at': 0, 'end': True}, {'at': 1, 'focus': 'a'}], 'follow'),
])
def test_bad_recordings_are_refused_with_a_reason(tmp_path, events, message):
    path = write_day(tmp_path, {'date': '2026-11-23', 'start': '08:00', 'events': events})
    with pytest.raises(demo.DemoError, match=message):
        demo.load_day(path)


def test_unreadable_recording_is_refused(tmp_path):
    path = tmp_path / 'day.json'
    path.write_text('{"date": ')
    with pytest.raises(demo.DemoError, match='Could not read'):
        demo.load_day(str(path))


def test_period_ends_come_before_what_is_recorded_at_the_same_instant(tmp_path):
    path = write_day(tmp_path, {'date': '2026-11-23', 'start': '08:00', 'events': [
        {'at': 0, 'focus': 'a'},
        {'at': 10, 'lock': 20},
        {'at': 30, 'focus': 'b'},
        {'at': 40, 'idle': 100},
        {'at': 60, 'end': True},
    ]})
    steps = [(at, action) for at, action, _ in demo.replay_actions(demo.load_day(path))]
    # The idle period runs past the end and is cut there.
    assert steps == [(0, 'focus'), (10, 'lock'), (30, 'unlock'), (30, 'focus'), (40, 'idle-start')]


@pytest.fixture
def bus(tmp_path):
    private = demo.PrivateBus(str(tmp_path))
    private.start()
    yield private
    private.stop()


def test_private_bus_starts_and_goes_away(tmp_path):
    private = demo.PrivateBus(str(tmp_path))
    address = private.start()
    assert address.startswith('unix:')
    process = private.process
    connection = private.connect()
    assert connection.get_unique_name().startswith(':')
    connection.close_sync(None)
    private.stop()
    assert process.poll() is not None
    private.stop()  # twice is harmless


def test_private_bus_activates_nothing(bus):
    connection = bus.connect()
    reply = connection.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus',
                                 'org.freedesktop.DBus', 'ListActivatableNames', None,
                                 GLib.VariantType.new('(as)'), Gio.DBusCallFlags.NONE, -1, None)
    assert reply.unpack()[0] == ['org.freedesktop.DBus']
    connection.close_sync(None)


def test_idle_monitor_mock_behaves_like_mutter(bus):
    loop = demo.Loop()
    served = bus.connect()
    mock = demo.DesktopMock(served)
    client = bus.connect()
    fired = []
    client.signal_subscribe(demo.MUTTER_NAME, demo.MUTTER_NAME, 'WatchFired', demo.MUTTER_PATH,
                            None, Gio.DBusSignalFlags.NONE,
                            lambda *args: fired.append(args[5].unpack()[0]))

    def call(method, params=None, reply_type=None):
        return loop.call(client, demo.MUTTER_NAME, demo.MUTTER_PATH, demo.MUTTER_NAME,
                         method, params, reply_type)

    idle_id = call('AddIdleWatch', GLib.Variant('(t)', (300000,)), '(u)').unpack()[0]
    assert mock.next_idle_fire() is None  # nobody is idle yet

    mock.now_usec = 100 * demo.USEC
    mock.input_stops()
    assert mock.next_idle_fire() == (400 * demo.USEC, idle_id)
    mock.now_usec = 250 * demo.USEC
    assert call('GetIdletime', None, '(t)').unpack()[0] == 150000

    mock.now_usec = 400 * demo.USEC
    mock.fire(idle_id)
    assert mock.next_idle_fire() is None  # an idle watch fires once per idle period
    active_id = call('AddUserActiveWatch', None, '(u)').unpack()[0]
    loop.wait(lambda: fired == [idle_id], 10, 'the idle watch')

    mock.input_returns()
    loop.wait(lambda: fired == [idle_id, active_id], 10, 'the user-active watch')
    assert active_id not in mock.watches  # gone once fired, as in Mutter
    assert call('GetIdletime', None, '(t)').unpack()[0] == 0

    call('RemoveWatch', GLib.Variant('(u)', (idle_id,)))
    mock.input_stops()
    assert mock.next_idle_fire() is None
    assert [method for method, _ in mock.calls] == [
        'AddIdleWatch', 'GetIdletime', 'AddUserActiveWatch', 'GetIdletime', 'RemoveWatch']

    mock.close()
    loop.close()
    client.close_sync(None)
    served.close_sync(None)


def test_screensaver_mock_reports_the_lock(bus):
    loop = demo.Loop()
    served = bus.connect()
    mock = demo.DesktopMock(served)
    client = bus.connect()
    changes = []
    client.signal_subscribe(demo.SCREENSAVER_NAME, demo.SCREENSAVER_NAME, 'ActiveChanged',
                            demo.SCREENSAVER_PATH, None, Gio.DBusSignalFlags.NONE,
                            lambda *args: changes.append(args[5].unpack()[0]))

    def get_active():
        return loop.call(client, demo.SCREENSAVER_NAME, demo.SCREENSAVER_PATH,
                         demo.SCREENSAVER_NAME, 'GetActive', None, '(b)').unpack()[0]

    assert get_active() is False
    mock.set_locked(True)
    loop.wait(lambda: changes == [True], 10, 'ActiveChanged')
    assert get_active() is True
    mock.set_locked(False)
    loop.wait(lambda: changes == [True, False], 10, 'ActiveChanged')

    mock.close()
    loop.close()
    client.close_sync(None)
    served.close_sync(None)


def test_loop_wait_gives_up_with_a_reason():
    loop = demo.Loop()
    with pytest.raises(demo.DemoError, match='waiting for nothing'):
        loop.wait(lambda: False, 0.05, 'nothing')
    loop.close()


def build_dir():
    return os.environ.get('UNSCROLL_BUILD_DIR')


@pytest.mark.skipif(build_dir() is None, reason='needs UNSCROLL_BUILD_DIR (set by meson test)')
def test_whole_day_replays_through_the_daemon_and_totals_match(tmp_path):
    env = dict(os.environ, TMPDIR=str(tmp_path))
    result = subprocess.run([sys.executable, DEMO, '--build-dir', build_dir(), '--check'],
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, timeout=600)
    print(result.stdout)
    assert result.returncode == 0
    assert 'The totals match the recording, and the daemon stopped cleanly.' in result.stdout
    # Cleaned up after itself.
    assert not [p for p in os.listdir(tmp_path) if p.startswith('unscroll-demo-')]
