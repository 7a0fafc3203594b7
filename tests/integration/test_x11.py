# SPDX-License-Identifier: GPL-3.0-or-later
"""The X11 focus source: a real X server (Xvfb), a real EWMH window manager
(openbox) and real windows (xterm with a chosen WM class), focus switched with
xdotool as a person would with the mouse."""

import os
import selectors
import signal
import subprocess
import time

import pytest

from unscroll_harness import DAY0, ProcessWatch, stop_process, wait_until, WAIT_TIMEOUT

TELEGRAM = 'org.telegram.desktop'
EDITOR = 'org.gnome.TextEditor'

# A build without xcb-ewmh has no X11 source: the same desktop then
# records nothing, which these tests check instead.
HAVE_X11 = os.environ.get('UNSCROLL_HAVE_X11', '1') == '1'

DESKTOP_FILE = '''[Desktop Entry]
Type=Application
Name=Telegram
Exec=true
StartupWMClass=TelegramDesktop
'''


def wait_output(proc, text, what):
    """Reads @proc's stdout until it has printed @text, for at most WAIT_TIMEOUT."""
    deadline = time.monotonic() + WAIT_TIMEOUT
    seen = b''
    fd = proc.stdout.fileno()
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        while text.encode() not in seen:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not sel.select(remaining):
                raise AssertionError(f'Timed out waiting for {what}')
            chunk = os.read(fd, 4096)
            if not chunk:
                raise AssertionError(f'{proc.args[0]} ended while waiting for {what}')
            seen += chunk


class Desktop:
    """Xvfb, openbox and xterm windows, stopped in reverse order."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.procs = []
        self.watches = []
        # Xvfb picks a free display itself and writes its number once it
        # accepts connections: no guessing, no polling, no clashes with
        # tests running in parallel.
        read_fd, write_fd = os.pipe()
        with open(os.path.join(workdir, 'xvfb.log'), 'w', encoding='utf-8') as log:
            self.xvfb = subprocess.Popen(['Xvfb', '-displayfd', str(write_fd), '-nolisten', 'tcp',
                                          '-screen', '0', '800x600x24'],
                                         pass_fds=(write_fd,), stdout=log,
                                         stderr=subprocess.STDOUT)
        os.close(write_fd)
        self.procs.append(self.xvfb)
        with os.fdopen(read_fd, 'r') as numbers:
            with selectors.DefaultSelector() as sel:
                sel.register(numbers, selectors.EVENT_READ)
                if not sel.select(WAIT_TIMEOUT):
                    raise AssertionError('Timed out waiting for Xvfb to start')
            number = numbers.readline().strip()
        assert number.isdigit(), f'Xvfb did not start (it wrote “{number}”)'
        self.display = f':{number}'
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ('DISPLAY', 'WAYLAND_DISPLAY', 'XAUTHORITY')}
        self.env['DISPLAY'] = self.display
        self.env['HOME'] = workdir
        self.wm = None

    def start_wm(self):
        """openbox; ready once it has set _NET_SUPPORTING_WM_CHECK on the root window."""
        # xprop -spy prints the root window's properties now and again
        # whenever one changes (line-buffered: into a pipe its output would
        # wait in stdio's buffer). Named alone, a property not yet interned
        # would make it exit.
        spy = subprocess.Popen(['stdbuf', '-oL', 'xprop', '-root', '-spy'],
                               env=self.env, stdout=subprocess.PIPE)
        try:
            with open(os.path.join(self.workdir, 'openbox.log'), 'w', encoding='utf-8') as log:
                self.wm = subprocess.Popen(['openbox', '--sm-disable'], env=self.env,
                                           stdout=log, stderr=subprocess.STDOUT)
            self.procs.append(self.wm)
            wait_output(spy, '_NET_SUPPORTING_WM_CHECK(WINDOW)', 'openbox to start')
        finally:
            stop_process(spy)
            spy.stdout.close()

    def open_window(self, wm_class):
        """An xterm whose WM_CLASS is ("xterm", @wm_class); returns its window id."""
        proc = subprocess.Popen(['xterm', '-class', wm_class, '-e', 'cat'], env=self.env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        self.procs.append(proc)
        ids = self.xdotool('search', '--sync', '--limit', '1', '--class', f'^{wm_class}$')
        return ids.split()[0]

    def activate(self, window):
        """Gives @window the focus through the window manager, and waits until it has it."""
        self.xdotool('windowactivate', '--sync', window)

    def xdotool(self, *args):
        return subprocess.run(['xdotool', *args], env=self.env, check=True, text=True,
                              capture_output=True, timeout=WAIT_TIMEOUT).stdout

    def kill_wm(self):
        watch = ProcessWatch(self.wm)
        try:
            self.wm.kill()
            wait_until(watch.exited, what='openbox to exit')
        finally:
            watch.close()

    def kill_server(self):
        watch = ProcessWatch(self.xvfb)
        try:
            self.xvfb.terminate()
            wait_until(watch.exited, what='Xvfb to exit')
        finally:
            watch.close()

    def close(self):
        for proc in reversed(self.procs):
            stop_process(proc, signal.SIGKILL)


@pytest.fixture
def x11(make_session):
    """(session, desktop): the daemon started on a fresh X display with openbox."""
    session = make_session(start_daemon=False)
    desktop = Desktop(session.workdir)
    try:
        desktop.start_wm()
        # Only the session's own applications folder: a desktop file on this
        # machine must not change what the test expects.
        applications = os.path.join(session.data_home, 'applications')
        os.makedirs(applications, exist_ok=True)
        with open(os.path.join(applications, f'{TELEGRAM}.desktop'), 'w',
                  encoding='utf-8') as f:
            f.write(DESKTOP_FILE)
        empty = os.path.join(session.workdir, 'no-system-data')
        os.makedirs(empty, exist_ok=True)
        session.extra_daemon_env.update({
            'DISPLAY': desktop.display,
            'XDG_SESSION_TYPE': 'x11',
            'XDG_DATA_DIRS': empty,
        })
        session.start_daemon()
        yield session, desktop
    finally:
        desktop.close()


def maps_xcb(session):
    """Whether the daemon has xcb mapped (the X11 module loads it)."""
    with open(f'/proc/{session.daemon.pid}/maps', encoding='utf-8') as f:
        return any('/libxcb.so' in line for line in f)


def wait_subject(session, subject):
    """Waits until the daemon tracks @subject (PropertiesChanged wakes the wait)."""
    return wait_until(lambda: session.activity().get('subject') == subject,
                      what=f'the daemon to track “{subject}”')


def test_x11_focus_is_followed_in_order(x11):
    session, desktop = x11
    telegram = desktop.open_window('TelegramDesktop')
    discord = desktop.open_window('discord')

    if not HAVE_X11:
        desktop.activate(telegram)
        session.advance(60)
        assert session.summary('app') == []
        session.assert_state('none')
        return

    # By its desktop file's StartupWMClass, then by the WM class alone (no
    # desktop file: the catalog knows the class).
    desktop.activate(telegram)
    wait_subject(session, TELEGRAM)
    session.advance(120)
    desktop.activate(discord)
    wait_subject(session, 'discord')
    session.advance(45)
    desktop.activate(telegram)
    wait_subject(session, TELEGRAM)
    session.advance(30)

    assert session.summary('app') == [
        (TELEGRAM, TELEGRAM, 150),
        ('discord', 'discord', 45),
    ]
    assert maps_xcb(session)
    assert session.summary('service') == [
        ('telegram', 'Telegram', 150),
        ('discord', 'Discord', 45),
    ]
    rows, _ = session.export('csv')
    assert rows == 3


def test_x11_stands_down_when_the_shell_reports(x11):
    session, desktop = x11
    telegram = desktop.open_window('TelegramDesktop')
    discord = desktop.open_window('discord')
    if HAVE_X11:
        desktop.activate(telegram)
        wait_subject(session, TELEGRAM)
    session.advance(10)

    # The Shell extension knows better: from now on only it counts.
    session.focus(EDITOR, source='gnome-shell')
    desktop.activate(discord)
    # Had the source kept listening, the server's going away would end
    # the span (or discord would have taken it) by the next call.
    desktop.kill_server()
    session.advance(60)

    assert session.activity()['subject'] == EDITOR
    expected = [(EDITOR, EDITOR, 60)]
    if HAVE_X11:
        expected = [(EDITOR, EDITOR, 60), (TELEGRAM, TELEGRAM, 10)]
    assert session.summary('app') == expected


def test_x11_window_manager_and_server_going_away(x11):
    session, desktop = x11
    telegram = desktop.open_window('TelegramDesktop')
    if HAVE_X11:
        desktop.activate(telegram)
        wait_subject(session, TELEGRAM)
    session.advance(30)

    # Without a window manager nobody updates the active window: the daemon
    # carries on with what it knew.
    desktop.kill_wm()
    session.advance(20)
    assert not session.daemon.exited()

    # The server going away (a logout) ends the span where it happened.
    desktop.kill_server()
    if HAVE_X11:
        session.wait_state('none', 'the span to end with the X server')
    session.advance(100)
    session.assert_state('none')
    assert session.summary('app') == ([(TELEGRAM, TELEGRAM, 50)] if HAVE_X11 else [])
    if HAVE_X11:
        assert session.summary('day') == [(DAY0, DAY0, 50)]

    assert session.stop_daemon() == 0


def test_x11_is_never_loaded_on_wayland(make_session):
    """On Wayland (DISPLAY is then Xwayland) and without a display, the X11
    module and the libraries it brings stay out of the daemon's memory."""
    wayland = make_session(start_daemon=False)
    wayland.extra_daemon_env.update({'DISPLAY': ':99', 'XDG_SESSION_TYPE': 'wayland'})
    wayland.start_daemon()
    wayland.focus(EDITOR, source='gnome-shell')
    wayland.advance(30)
    assert wayland.summary('app') == [(EDITOR, EDITOR, 30)]
    assert not maps_xcb(wayland)

    bare = make_session()
    bare.focus(EDITOR, source='gnome-shell')
    assert not maps_xcb(bare)
