# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the real unscrolld on private buses, with python-dbusmock standing in for the desktop.

Each Session owns a private session bus and a private system bus
(dbus-daemon processes of its own), python-dbusmock servers for Mutter's idle
monitor, GNOME's screen saver and logind, a throw-away home, and the daemon
from the build tree running on its test clock. Nothing here sleeps: waiting
is done by iterating GLib's main context until a condition holds, woken by
D-Bus signals (NameOwnerChanged, PropertiesChanged, dbusmock's MethodCalled)
or by a pidfd when a process exits, and bounded by a timeout.
"""

import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
from gi.repository import GLib, Gio  # noqa: E402

BUS_NAME = 'io.github.Unscroll'
OBJECT_PATH = '/io/github/Unscroll'
TRACKER = 'io.github.Unscroll.Tracker'
USAGE = 'io.github.Unscroll.Usage'
CATALOG = 'io.github.Unscroll.Catalog'
TEST_CLOCK = 'io.github.Unscroll.TestClock'
PROPERTIES = 'org.freedesktop.DBus.Properties'

MOCK_IFACE = 'org.freedesktop.DBus.Mock'
MUTTER_NAME = 'org.gnome.Mutter.IdleMonitor'
MUTTER_PATH = '/org/gnome/Mutter/IdleMonitor/Core'
MUTTER_IFACE = 'org.gnome.Mutter.IdleMonitor'
SCREENSAVER_NAME = 'org.gnome.ScreenSaver'
SCREENSAVER_PATH = '/org/gnome/ScreenSaver'
LOGIN1_NAME = 'org.freedesktop.login1'
LOGIN1_PATH = '/org/freedesktop/login1'
LOGIN1_MANAGER = 'org.freedesktop.login1.Manager'
NOTIFICATIONS_NAME = 'org.freedesktop.Notifications'
NOTIFICATIONS_PATH = '/org/freedesktop/Notifications'

INVALID_ARGS = 'org.freedesktop.DBus.Error.InvalidArgs'

USEC = 1000000

# Generous, so that sanitizer builds pass too; a healthy run takes far less.
START_TIMEOUT = 30
WAIT_TIMEOUT = 15
STOP_TIMEOUT = 20
CALL_TIMEOUT_MS = 30000
CLI_TIMEOUT = 15


def utc(*args):
    """Unix seconds of a UTC date and time: utc(2026, 3, 2, 10, 0)."""
    return int(datetime.datetime(*args, tzinfo=datetime.timezone.utc).timestamp())


# Monday 2026-03-02 10:00:00 UTC: the default start of the test clock.
T0 = utc(2026, 3, 2, 10, 0)
DAY0 = '2026-03-02'


def source_dir():
    return os.environ.get('UNSCROLL_SOURCE_DIR') or \
        os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))


def build_dir():
    path = os.environ.get('UNSCROLL_BUILD_DIR')
    if not path:
        raise RuntimeError('Set UNSCROLL_BUILD_DIR to a build directory configured with '
                           '-Dtest_clock=true (meson test does this).')
    return path


def daemon_path():
    return os.environ.get('UNSCROLL_DAEMON') or os.path.join(build_dir(), 'daemon', 'unscrolld')


def cli_path():
    return os.environ.get('UNSCROLL_CLI') or os.path.join(build_dir(), 'cli', 'unscroll')


def schema_dir():
    return os.environ.get('GSETTINGS_SCHEMA_DIR') or os.path.join(build_dir(), 'data')


def catalog_path():
    return os.environ.get('UNSCROLL_CATALOG') or \
        os.path.join(source_dir(), 'data', 'catalog', 'catalog.json')


def resources_path():
    return os.environ.get('UNSCROLL_RESOURCES') or \
        os.path.join(source_dir(), 'data', 'resources', 'resources.json')


# ---- Waiting ----------------------------------------------------------------

def wait_until(condition, timeout=WAIT_TIMEOUT, what='a condition'):
    """Iterates the default main context until condition() returns something true.

    The condition is evaluated again after every event the context dispatches
    (a signal arriving, a process exiting), so it must only depend on things
    that announce their changes. Returns the condition's value.
    """
    context = GLib.MainContext.default()
    expired = []

    def on_timeout(*_):
        expired.append(True)
        return GLib.SOURCE_REMOVE

    source = GLib.timeout_source_new(int(timeout * 1000))
    source.set_callback(on_timeout)
    source.attach(context)
    try:
        while True:
            value = condition()
            if value:
                return value
            if expired:
                raise AssertionError(f'Timed out after {timeout} s waiting for {what}')
            context.iteration(True)
    finally:
        source.destroy()


class ProcessWatch:
    """Wakes the main context when a child process exits (through a pidfd)."""

    def __init__(self, proc):
        self.proc = proc
        self.pidfd = os.pidfd_open(proc.pid)
        self.source_id = GLib.unix_fd_add_full(GLib.PRIORITY_DEFAULT, self.pidfd,
                                               GLib.IOCondition.IN, self._exited)

    def _exited(self, *_):
        self.source_id = 0
        return GLib.SOURCE_REMOVE

    def exited(self):
        return self.proc.poll() is not None

    def close(self):
        if self.source_id:
            GLib.source_remove(self.source_id)
            self.source_id = 0
        if self.pidfd >= 0:
            os.close(self.pidfd)
            self.pidfd = -1


def stop_process(proc, sig=signal.SIGTERM, timeout=STOP_TIMEOUT):
    """Stops a child of ours and returns its exit code (negative for a signal)."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


def remote_error(error):
    """(D-Bus error name, message without GDBus's prefix) of a GLib.Error."""
    name = Gio.DBusError.get_remote_error(error)
    message = error.message
    prefix = f'GDBus.Error:{name}: '
    if name and message.startswith(prefix):
        message = message[len(prefix):]
    return name, message


# ---- Buses -------------------------------------------------------------------

BUS_CONFIG = '''<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>{kind}</type>
  <listen>unix:dir={dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
'''


def connect(address):
    return Gio.DBusConnection.new_for_address_sync(
        address,
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
        Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None, None)


class PrivateBus:
    """A dbus-daemon of our own. No service directories: nothing is ever activated."""

    def __init__(self, kind, workdir):
        self.kind = kind
        # A socket path must fit in 108 bytes; a deep build tree may not.
        socket_dir = os.path.join(workdir, 'sockets')
        if len(socket_dir) > 80:
            socket_dir = tempfile.mkdtemp(prefix='uns-bus-', dir='/tmp')
            self.own_socket_dir = socket_dir
        else:
            os.makedirs(socket_dir, exist_ok=True)
            self.own_socket_dir = None
        config = os.path.join(workdir, f'{kind}-bus.conf')
        with open(config, 'w', encoding='utf-8') as f:
            f.write(BUS_CONFIG.format(kind=kind, dir=socket_dir))
        self.log_path = os.path.join(workdir, f'{kind}-bus.log')
        with open(self.log_path, 'w', encoding='utf-8') as log:
            self.proc = subprocess.Popen(['dbus-daemon', '--nofork', '--print-address=1',
                                          f'--config-file={config}'],
                                         stdout=subprocess.PIPE, stderr=log, text=True)
        self.address = self.proc.stdout.readline().strip()
        if not self.address:
            raise RuntimeError(f'dbus-daemon for the {kind} bus did not start')
        self.connection = connect(self.address)
        # Every change of a name's owner wakes wait_until().
        self.subscriptions = [self.connection.signal_subscribe(
            'org.freedesktop.DBus', 'org.freedesktop.DBus', 'NameOwnerChanged',
            '/org/freedesktop/DBus', None, Gio.DBusSignalFlags.NONE, lambda *_: None)]

    def subscribe(self, sender, interface, member, path, callback):
        handle = self.connection.signal_subscribe(sender, interface, member, path, None,
                                                  Gio.DBusSignalFlags.NONE, callback)
        self.subscriptions.append(handle)
        return handle

    def bus_call(self, method, params, reply):
        return self.connection.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus',
                                         'org.freedesktop.DBus', method, params,
                                         GLib.VariantType.new(reply), Gio.DBusCallFlags.NONE,
                                         CALL_TIMEOUT_MS, None).unpack()[0]

    def owner(self, name):
        try:
            return self.bus_call('GetNameOwner', GLib.Variant('(s)', (name,)), '(s)')
        except GLib.Error:
            return None

    def owner_pid(self, name):
        owner = self.owner(name)
        if owner is None:
            return None
        try:
            return self.bus_call('GetConnectionUnixProcessID', GLib.Variant('(s)', (owner,)),
                                 '(u)')
        except GLib.Error:
            return None

    def close(self):
        for handle in self.subscriptions:
            self.connection.signal_unsubscribe(handle)
        self.subscriptions = []
        try:
            self.connection.close_sync(None)
        except GLib.Error:
            pass
        stop_process(self.proc)
        self.proc.stdout.close()
        if self.own_socket_dir:
            shutil.rmtree(self.own_socket_dir, ignore_errors=True)


# ---- Mocks -------------------------------------------------------------------

# The parts of Mutter's IdleMonitor the daemon calls. Idle watches get ids
# 1001, 1002, …; user-active watches 2001, 2002, …, so a test knows the id of
# the n-th call from the order of the MethodCalled signals.
MUTTER_METHODS = [
    ('AddIdleWatch', 't', 'u',
     'self.n_idle = getattr(self, "n_idle", 0) + 1\nret = 1000 + self.n_idle'),
    ('AddUserActiveWatch', '', 'u',
     'self.n_active = getattr(self, "n_active", 0) + 1\nret = 2000 + self.n_active'),
    ('RemoveWatch', 'u', '', ''),
    ('GetIdletime', '', 't', 'ret = 0'),
]


class Mock:
    """A python-dbusmock server in a process of its own, and the calls it saw."""

    def __init__(self, bus, env, log_path, args, name, path):
        self.bus = bus
        self.name = name
        self.path = path
        self.log_path = log_path
        self.calls = []
        bus.subscribe(None, MOCK_IFACE, 'MethodCalled', path, self._method_called)
        with open(log_path, 'w', encoding='utf-8') as log:
            self.proc = subprocess.Popen([sys.executable, '-m', 'dbusmock', *args],
                                         env=env, stdout=log, stderr=subprocess.STDOUT)
        self.watch = ProcessWatch(self.proc)
        wait_until(lambda: self.watch.exited() or bus.owner(name), START_TIMEOUT,
                   f'the mock of {name} to start')
        if self.watch.exited():
            raise RuntimeError(f'The mock of {name} exited with {self.proc.returncode}')

    def _method_called(self, connection, sender, path, interface, signal_name, params):
        method, args = params.unpack()
        self.calls.append((method, list(args)))

    def calls_of(self, method):
        return [args for name, args in self.calls if name == method]

    def wait_for_calls(self, method, count=1, timeout=WAIT_TIMEOUT):
        """Waits until @method was called @count times; returns the calls' arguments."""
        return wait_until(lambda: len(self.calls_of(method)) >= count and self.calls_of(method),
                          timeout, f'{count} call(s) of {self.name}.{method}')

    def call(self, method, params, interface=MOCK_IFACE):
        return self.bus.connection.call_sync(self.name, self.path, interface, method, params,
                                             None, Gio.DBusCallFlags.NONE, CALL_TIMEOUT_MS,
                                             None)

    def add_methods(self, interface, methods):
        self.call('AddMethods', GLib.Variant('(sa(ssss))', (interface, methods)))

    def emit(self, interface, member, signature, args):
        """Emits a signal; @signature holds one basic type per argument."""
        values = [GLib.Variant(t, a) for t, a in zip(signature, args)]
        self.call('EmitSignal', GLib.Variant('(sssav)', (interface, member, signature, values)))

    def close(self):
        self.watch.close()
        stop_process(self.proc)


# ---- The session --------------------------------------------------------------

class DaemonProcess:
    def __init__(self, session, args, log_path, umask=None):
        self.log_path = log_path
        with open(log_path, 'w', encoding='utf-8') as log:
            kwargs = {} if umask is None else {'umask': umask}
            self.proc = subprocess.Popen([daemon_path(), *args], env=session.daemon_env(),
                                         stdout=log, stderr=subprocess.STDOUT, **kwargs)
        self.watch = ProcessWatch(self.proc)
        # A test that stops the daemon on purpose says what exit it expects.
        self.expected_exit = 0

    @property
    def pid(self):
        return self.proc.pid

    def exited(self):
        return self.watch.exited()

    def wait_exit(self, timeout=STOP_TIMEOUT):
        wait_until(self.exited, timeout, f'unscrolld (pid {self.pid}) to exit')
        return self.proc.returncode

    def stop(self, sig=signal.SIGTERM):
        code = stop_process(self.proc, sig)
        self.watch.close()
        return code

    def log(self):
        try:
            with open(self.log_path, encoding='utf-8', errors='replace') as f:
                return f.read()
        except OSError:
            return ''


class Session:
    """The daemon with everything around it. Times are Unix seconds."""

    def __init__(self, tz='UTC', start=T0, settings=None, start_daemon=True, umask=None,
                 notifications=False, daemon_env=None):
        base = os.environ.get('TMPDIR') or None
        self.workdir = tempfile.mkdtemp(prefix='unscroll-itest-', dir=base)
        self.tz = tz
        self.start = start
        self.home = self._dir('home')
        self.data_home = self._dir('data')
        self.config_home = self._dir('config')
        self.cache_home = self._dir('cache')
        self.runtime_dir = self._dir('runtime')
        self.daemons = []
        self.mocks = []
        self.buses = []
        self.extra_connections = []
        self.saved_logs = None
        self.exports = 0
        self.properties_changed = 0
        # Variables for the daemon only, on top of daemon_env(); None unsets one.
        self.extra_daemon_env = dict(daemon_env or {})
        if settings:
            self.write_settings(settings)

        try:
            self.session_bus = PrivateBus('session', self.workdir)
            self.buses.append(self.session_bus)
            self.system_bus = PrivateBus('system', self.workdir)
            self.buses.append(self.system_bus)
            self.conn = self.session_bus.connection
            self.session_bus.subscribe(BUS_NAME, PROPERTIES, 'PropertiesChanged', OBJECT_PATH,
                                       self._properties_changed)

            mock_env = self.base_env()
            self.mutter = self._mock(self.session_bus, mock_env, 'mutter',
                                     [MUTTER_NAME, MUTTER_PATH, MUTTER_IFACE],
                                     MUTTER_NAME, MUTTER_PATH)
            # Added before the daemon starts: it asks for its idle watch as
            # soon as it sees the monitor.
            self.mutter.add_methods('', MUTTER_METHODS)
            self.screensaver = self._mock(self.session_bus, mock_env, 'screensaver',
                                          ['--template', 'gnome_screensaver'],
                                          SCREENSAVER_NAME, SCREENSAVER_PATH)
            self.logind = self._mock(self.system_bus, mock_env, 'logind',
                                     ['--template', 'logind'], LOGIN1_NAME, LOGIN1_PATH)
            # Only for tests of nudges: without it, showing one fails at once
            # (nothing can be activated on these buses) and the daemon goes on.
            # True means a server with actions; a string names the
            # capabilities, e.g. 'body' for a server without actions.
            self.notifications = None
            if notifications:
                capabilities = notifications if isinstance(notifications, str) \
                    else 'body actions'
                self.notifications = self._mock(
                    self.session_bus, mock_env, 'notifications',
                    ['--template', 'notification_daemon',
                     '--parameters', json.dumps({'capabilities': capabilities})],
                    NOTIFICATIONS_NAME, NOTIFICATIONS_PATH)
            self.daemon = None
            if start_daemon:
                self.start_daemon(umask=umask)
        except BaseException:
            self.close(check=False)
            raise

    def _dir(self, name):
        path = os.path.join(self.workdir, name)
        os.makedirs(path, mode=0o700, exist_ok=True)
        return path

    def _mock(self, bus, env, label, args, name, path):
        mock = Mock(bus, env, os.path.join(self.workdir, f'mock-{label}.log'), args, name, path)
        self.mocks.append(mock)
        return mock

    def _properties_changed(self, *_):
        self.properties_changed += 1

    # -- environment --

    def base_env(self):
        drop = ('DISPLAY', 'WAYLAND_DISPLAY', 'XDG_SESSION_ID', 'XDG_DATA_HOME',
                'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_RUNTIME_DIR', 'G_DEBUG',
                'G_MESSAGES_DEBUG', 'DBUS_SESSION_BUS_ADDRESS', 'DBUS_SYSTEM_BUS_ADDRESS',
                'DBUS_STARTER_ADDRESS', 'DBUS_STARTER_BUS_TYPE', 'LANG', 'LANGUAGE')
        env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith('LC_')}
        env.update({
            'HOME': self.home,
            'XDG_DATA_HOME': self.data_home,
            'XDG_CONFIG_HOME': self.config_home,
            'XDG_CACHE_HOME': self.cache_home,
            'XDG_RUNTIME_DIR': self.runtime_dir,
            'DBUS_SESSION_BUS_ADDRESS': self.session_bus.address,
            'DBUS_SYSTEM_BUS_ADDRESS': self.system_bus.address,
            'TZ': self.tz,
            'LC_ALL': 'C.UTF-8',
            'PYTHONDONTWRITEBYTECODE': '1',
        })
        return env

    def daemon_env(self):
        env = self.base_env()
        env.update({
            'GSETTINGS_SCHEMA_DIR': schema_dir(),
            'GSETTINGS_BACKEND': 'keyfile',
            'UNSCROLL_CATALOG': catalog_path(),
            'UNSCROLL_RESOURCES': resources_path(),
            # The daemon then asks logind for this session right after it
            # subscribed to PrepareForSleep: the call tells a test that the
            # subscription is in place.
            'XDG_SESSION_ID': 'c1',
            # A critical is a programmer error: it fails the test. (Set
            # UNSCROLL_ITEST_G_DEBUG to something else to look past one.)
            'G_DEBUG': os.environ.get('UNSCROLL_ITEST_G_DEBUG', 'fatal-criticals'),
        })
        for key, value in getattr(self, 'extra_daemon_env', {}).items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def write_settings(self, settings):
        """Writes GSettings values (GVariant text, e.g. 'uint32 60') for the keyfile backend."""
        folder = os.path.join(self.config_home, 'glib-2.0', 'settings')
        os.makedirs(folder, exist_ok=True)
        lines = ['[io/github/Unscroll]'] + [f'{k}={v}' for k, v in settings.items()]
        temp = os.path.join(folder, 'keyfile.new')
        with open(temp, 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines) + '\n')
        os.rename(temp, os.path.join(folder, 'keyfile'))

    @property
    def db_path(self):
        return os.path.join(self.data_home, 'unscroll', 'unscroll.db')

    # -- the daemon's life --

    def spawn_daemon(self, start=None, replace=False, umask=None, extra_args=()):
        """Starts an unscrolld without waiting for it."""
        start = self.start if start is None else start
        args = ['--test-clock', f'--test-clock-start={start}', '--verbose']
        if replace:
            args.append('--replace')
        args.extend(extra_args)
        log = os.path.join(self.workdir, f'unscrolld-{len(self.daemons) + 1}.log')
        daemon = DaemonProcess(self, args, log, umask=umask)
        self.daemons.append(daemon)
        return daemon

    def wait_owner(self, daemon, timeout=START_TIMEOUT):
        """Waits until @daemon owns the bus name; fails at once if it exits."""
        wait_until(lambda: daemon.exited() or self.session_bus.owner_pid(BUS_NAME) == daemon.pid,
                   timeout, f'unscrolld (pid {daemon.pid}) to own {BUS_NAME}')
        if daemon.exited():
            raise AssertionError(f'unscrolld exited with {daemon.proc.returncode} before owning '
                                 f'{BUS_NAME}')

    def start_daemon(self, start=None, replace=False, umask=None):
        daemon = self.spawn_daemon(start=start, replace=replace, umask=umask)
        self.wait_owner(daemon)
        self.daemon = daemon
        return daemon

    def stop_daemon(self):
        """SIGTERM, as systemd stops the service; returns the exit code."""
        code = self.daemon.stop()
        self.daemon.expected_exit = code
        return code

    # -- calling the daemon --

    def call(self, interface, method, params=None, reply=None, connection=None):
        conn = connection or self.conn
        result = conn.call_sync(BUS_NAME, OBJECT_PATH, interface, method, params,
                                GLib.VariantType.new(reply) if reply else None,
                                Gio.DBusCallFlags.NO_AUTO_START, CALL_TIMEOUT_MS, None)
        return result.unpack() if result is not None else None

    def invalid_args(self, interface, method, params, connection=None):
        """Calls a method that must refuse its arguments; returns the error's message."""
        try:
            self.call(interface, method, params, connection=connection)
        except GLib.Error as e:
            name, message = remote_error(e)
            assert name == INVALID_ARGS, f'{method}{params}: {name}: {message}'
            assert message.strip(), f'{method}{params}: an empty error message'
            return message
        raise AssertionError(f'{method}{params} was accepted')

    def prop(self, interface, name):
        return self.call(PROPERTIES, 'Get', GLib.Variant('(ss)', (interface, name)), '(v)')[0]

    def usage(self, name):
        return self.prop(USAGE, name)

    def activity(self):
        return self.usage('CurrentActivity')

    def state(self):
        return self.activity()['state']

    def assert_state(self, state):
        """Checks CurrentActivity's state; only tracking has an activity's details."""
        activity = self.activity()
        assert activity['state'] == state, activity
        if state != 'tracking':
            for key in ('kind', 'subject', 'service', 'service-name', 'category'):
                assert key not in activity, activity
        return activity

    def wait_state(self, state, what=None):
        return wait_until(lambda: self.state() == state and self.activity(), WAIT_TIMEOUT,
                          what or f'the state “{state}”')

    def now(self):
        """The daemon's wall clock in (whole) seconds."""
        return self.prop(TEST_CLOCK, 'Now') // USEC

    def now_usec(self):
        return self.prop(TEST_CLOCK, 'Now')

    def advance(self, seconds):
        self.call(TEST_CLOCK, 'Advance', GLib.Variant('(t)', (int(round(seconds * USEC)),)))

    def jump_wall_clock(self, unix_seconds):
        self.call(TEST_CLOCK, 'JumpWallClock',
                  GLib.Variant('(x)', (int(round(unix_seconds * USEC)),)))

    def focus(self, app_id, wm_class=None, pid=None, source='test', connection=None):
        details = {'source': GLib.Variant('s', source)}
        if wm_class is not None:
            details['wm-class'] = GLib.Variant('s', wm_class)
        if pid is not None:
            details['pid'] = GLib.Variant('u', pid)
        self.call(TRACKER, 'ReportFocus', GLib.Variant('(sa{sv})', (app_id, details)),
                  connection=connection)

    def tab(self, browser, hostname, focused=True, audible=False, incognito=False,
            connection=None):
        self.call(TRACKER, 'ReportTab',
                  GLib.Variant('(ssbbb)', (browser, hostname, focused, audible, incognito)),
                  connection=connection)

    def forget_browser(self, browser, connection=None):
        self.call(TRACKER, 'ForgetBrowser', GLib.Variant('(s)', (browser,)),
                  connection=connection)

    def summary(self, group_by, first=DAY0, last=None):
        """GetSummary's rows as a list of (key, label, seconds)."""
        return [tuple(r) for r in self.call(USAGE, 'GetSummary',
                                            GLib.Variant('(sssa{sv})',
                                                         (first, last or first, group_by, {})),
                                            '(a(ssx))')[0]]

    def totals(self, group_by, first=DAY0, last=None):
        """GetSummary's rows as {key: seconds}."""
        return {key: seconds for key, _, seconds in self.summary(group_by, first, last)}

    def pause(self, seconds):
        self.call(USAGE, 'Pause', GLib.Variant('(x)', (seconds,)))

    def resume(self):
        self.call(USAGE, 'Resume')

    def forget(self, first, last, service=''):
        return self.call(USAGE, 'Forget', GLib.Variant('(sss)', (first, last, service)),
                         '(t)')[0]

    def export(self, fmt, first=DAY0, last=None):
        """Exports into a file through a passed fd; returns (rows, text)."""
        self.exports += 1
        path = os.path.join(self.workdir, f'export-{self.exports}.{fmt}')
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        fd_list = Gio.UnixFDList.new()
        try:
            handle = fd_list.append(fd)
        finally:
            os.close(fd)
        reply, _ = self.conn.call_with_unix_fd_list_sync(
            BUS_NAME, OBJECT_PATH, USAGE, 'Export',
            GLib.Variant('(hsssa{sv})', (handle, fmt, first, last or first, {})),
            GLib.VariantType.new('(t)'), Gio.DBusCallFlags.NO_AUTO_START, CALL_TIMEOUT_MS,
            fd_list, None)
        del fd_list
        with open(path, encoding='utf-8') as f:
            return reply.unpack()[0], f.read()

    def connect(self):
        """A further connection to the session bus, e.g. to play a native host."""
        connection = connect(self.session_bus.address)
        self.extra_connections.append(connection)
        return connection

    # -- the desktop --

    def go_idle(self):
        """Fires the daemon's idle watch, as Mutter does once input stopped for the timeout.

        Returns once the daemon has handled it: it asks for a user-active watch
        in the same callback that makes it idle, so any call made after that
        request was seen is answered in the idle state.
        """
        n_idle = len(self.mutter.wait_for_calls('AddIdleWatch'))
        n_active = len(self.mutter.calls_of('AddUserActiveWatch'))
        self.mutter.emit('', 'WatchFired', 'u', [1000 + n_idle])
        self.mutter.wait_for_calls('AddUserActiveWatch', n_active + 1)
        self.active_watch = 2000 + n_active + 1

    def go_active(self, expect_state='tracking'):
        """Fires the user-active watch and waits for the daemon to leave the idle state."""
        self.mutter.emit('', 'WatchFired', 'u', [self.active_watch])
        self.wait_state(expect_state, f'the state “{expect_state}” after input returned')

    def lock(self):
        self.screensaver.call('SetActive', GLib.Variant('(b)', (True,)), SCREENSAVER_NAME)
        self.wait_state('locked')

    def unlock(self, expect_state='tracking'):
        self.screensaver.call('SetActive', GLib.Variant('(b)', (False,)), SCREENSAVER_NAME)
        self.wait_state(expect_state, f'the state “{expect_state}” after unlocking')

    def wait_logind_subscription(self):
        self.logind.wait_for_calls('GetSession')

    def sleep(self):
        self.wait_logind_subscription()
        self.logind.emit(LOGIN1_MANAGER, 'PrepareForSleep', 'b', [True])
        self.wait_state('asleep')

    def wake(self, expect_state='tracking'):
        self.logind.emit(LOGIN1_MANAGER, 'PrepareForSleep', 'b', [False])
        self.wait_state(expect_state, f'the state “{expect_state}” after waking up')

    # -- the CLI --

    def cli_env(self):
        env = self.base_env()
        env['DBUS_SESSION_BUS_ADDRESS'] = self.session_bus.address
        return env

    def cli(self, *args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE):
        return subprocess.run([cli_path(), *args], env=self.cli_env(), stdin=stdin,
                              stdout=stdout, stderr=subprocess.PIPE, text=True,
                              timeout=CLI_TIMEOUT)

    # -- the end --

    def logs(self):
        """(title, text) of every log, for a failed test's report."""
        if self.saved_logs is not None:
            return self.saved_logs
        logs = []
        for i, daemon in enumerate(self.daemons, 1):
            logs.append((f'unscrolld #{i} (pid {daemon.pid}, exit {daemon.proc.returncode})',
                         daemon.log()))
        for mock in self.mocks:
            try:
                with open(mock.log_path, encoding='utf-8', errors='replace') as f:
                    logs.append((os.path.basename(mock.log_path), f.read()))
            except OSError:
                pass
        return logs

    def close(self, check=True):
        """Stops everything; with @check, fails if a daemon ended other than expected."""
        problems = []
        for daemon in self.daemons:
            # One still running is stopped as systemd would and must exit 0;
            # one that ended earlier must have ended as its test expected.
            code = daemon.stop()
            if code != daemon.expected_exit:
                problems.append(f'unscrolld (pid {daemon.pid}) ended with {code}, '
                                f'expected {daemon.expected_exit}')
        self.saved_logs = self.logs()
        for connection in self.extra_connections:
            try:
                connection.close_sync(None)
            except GLib.Error:
                pass
        for mock in self.mocks:
            mock.close()
        for bus in self.buses:
            bus.close()
        shutil.rmtree(self.workdir, ignore_errors=True)
        if check and problems:
            raise AssertionError('; '.join(problems))
