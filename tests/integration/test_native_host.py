# SPDX-License-Identifier: GPL-3.0-or-later
"""unscroll-native-host between a stand-in for the browser and the real daemon.

The test plays the browser: it starts the host from the build tree with the
argv a browser gives, writes native-messaging frames to its stdin and reads
frames from its stdout, while the real unscrolld runs on the private bus.
Bad input of every kind must get the protocol's error (or end the
connection where the stream cannot go on) and never crash or hang the host.
"""

import fcntl
import json
import os
import signal
import struct
import subprocess

import pytest
from gi.repository import GLib

from unscroll_harness import (DAY0, STOP_TIMEOUT, T0, WAIT_TIMEOUT, ProcessWatch, build_dir,
                              source_dir, stop_process, wait_until)
from limits_harness import add_limit, change_limit, nudge_summary, remove_limit

NO_STRETCH = {'continuous-use-minutes': 'uint32 0', 'heads-up-minutes': 'uint32 0'}
GECKO_ID = 'unscroll@unscroll.github.io'
MAX_INBOUND = 65536


def host_path():
    return os.environ.get('UNSCROLL_NATIVE_HOST') or \
        os.path.join(build_dir(), 'browser-extension', 'native-host', 'unscroll-native-host')


def chromium_origin():
    with open(os.path.join(source_dir(), 'browser-extension', 'extension-id.txt'),
              encoding='utf-8') as f:
        return f'chrome-extension://{f.read().strip()}/'


def frame(payload):
    """A native-messaging frame: 4-byte native-endian length, then the bytes."""
    if isinstance(payload, dict):
        payload = json.dumps(payload).encode('utf-8')
    elif isinstance(payload, str):
        payload = payload.encode('utf-8')
    return struct.pack('=I', len(payload)) + payload


class Host:
    """A running unscroll-native-host, as the browser sees it."""

    def __init__(self, session, args=None):
        self.session = session
        self.log_path = os.path.join(session.workdir, f'native-host-{id(self)}.log')
        env = session.daemon_env()
        env['G_MESSAGES_DEBUG'] = 'all'
        with open(self.log_path, 'w', encoding='utf-8') as log:
            self.proc = subprocess.Popen([host_path(), *(args if args is not None
                                                         else [chromium_origin()])],
                                         env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=log)
        self.watch = ProcessWatch(self.proc)
        self.buffer = b''
        self.eof = False
        out = self.proc.stdout.fileno()
        fcntl.fcntl(out, fcntl.F_SETFL, fcntl.fcntl(out, fcntl.F_GETFL) | os.O_NONBLOCK)
        self.out_source = GLib.unix_fd_add_full(GLib.PRIORITY_DEFAULT, out,
                                                GLib.IOCondition.IN | GLib.IOCondition.HUP,
                                                self._readable)
        session.native_hosts = getattr(session, 'native_hosts', []) + [self]

    def _readable(self, fd, condition):
        try:
            data = os.read(fd, 65536)
        except BlockingIOError:
            return GLib.SOURCE_CONTINUE
        if not data:
            self.eof = True
            self.out_source = 0
            return GLib.SOURCE_REMOVE
        self.buffer += data
        return GLib.SOURCE_CONTINUE

    def write(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message):
        self.write(frame(message))

    def close_stdin(self):
        self.proc.stdin.close()

    def _take(self):
        if len(self.buffer) < 4:
            return None
        (length,) = struct.unpack('=I', self.buffer[:4])
        assert 0 < length <= 1024 * 1024, f'the host sent a length of {length}'
        if len(self.buffer) < 4 + length:
            return None
        payload, self.buffer = self.buffer[4:4 + length], self.buffer[4 + length:]
        return json.loads(payload.decode('utf-8'))

    def receive(self, timeout=WAIT_TIMEOUT):
        """The next message from the host."""
        message = wait_until(lambda: self._take() or (self.eof and 'eof'), timeout,
                             'a message from the native host')
        assert message != 'eof', f'the host closed its output; log:\n{self.log()}'
        return message

    def expect(self, kind, **members):
        message = self.receive()
        assert message['type'] == kind, message
        for key, value in members.items():
            assert message.get(key) == value, message
        return message

    def expect_end(self, code):
        """The host ends the connection: output closed, exit status @code."""
        wait_until(lambda: self.eof and self.watch.exited(), STOP_TIMEOUT,
                   'the native host to exit')
        assert self.buffer == b'', self.buffer
        assert self.proc.returncode == code, (self.proc.returncode, self.log())

    def hello(self, browser='chromium', daemon=True):
        self.send({'type': 'hello', 'version': 1, 'browser': browser})
        self.expect('hello', version=1, daemon=daemon)
        return self.expect('state')

    def log(self):
        with open(self.log_path, encoding='utf-8', errors='replace') as f:
            return f.read()

    def close(self):
        if self.out_source:
            GLib.source_remove(self.out_source)
            self.out_source = 0
        self.watch.close()
        if self.proc.stdin and not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:
                pass
        stop_process(self.proc, signal.SIGKILL)
        self.proc.stdout.close()


@pytest.fixture
def host_session(make_session):
    """A daemon with settings for quiet limits and a factory of hosts."""
    hosts = []

    def make(session=None, args=None):
        host = Host(session, args)
        hosts.append(host)
        return host

    yield make
    for host in hosts:
        host.close()


# ---- The happy path ------------------------------------------------------------

def test_hello_then_state_with_sites(make_session, host_session):
    session = make_session(settings=NO_STRETCH)
    add_limit(session, 'service', 'instagram', [30], strict=True, mindful_pause=True)
    add_limit(session, 'service', 'discord', [30], enabled=False)
    host = host_session(session)
    state = host.hello()
    assert state['nudges'] == {}
    assert list(state['sites']) == ['instagram'], state
    site = state['sites']['instagram']
    assert site['name'] == 'Instagram'
    assert 'instagram.com' in site['domains']
    assert site['strict'] is True
    assert site['mindful_pause'] is True
    assert site['pause_seconds'] == 5
    # get-state answers again, with the request's id.
    host.send({'type': 'get-state', 'id': 7})
    again = host.expect('state', id=7)
    assert again['sites'] == state['sites']


def test_tab_report_lands_in_the_daemon(make_session, host_session):
    session = make_session()
    host = host_session(session)
    host.hello(browser='firefox')
    host.send({'type': 'tab', 'hostname': 'www.instagram.com', 'focused': True,
               'audible': False, 'incognito': False})
    wait_until(lambda: session.activity().get('subject') == 'instagram.com',
               what='the tab to reach the daemon')
    session.advance(120)
    assert session.totals('service') == {'instagram': 120}
    # A private tab is never recorded, even if a hostname came along.
    host.send({'type': 'tab', 'hostname': 'www.reddit.com', 'focused': True,
               'incognito': True})
    wait_until(lambda: session.state() != 'tracking', what='the private tab to stop the clock')
    session.advance(60)
    assert session.totals('service') == {'instagram': 120}
    assert 'reddit.com' not in session.totals('site')


def test_nudge_reaches_the_extension(make_session, host_session):
    session = make_session(settings=NO_STRETCH)
    add_limit(session, 'service', 'instagram', [1])
    host = host_session(session)
    host.hello()
    host.send({'type': 'tab', 'hostname': 'www.instagram.com', 'focused': True})
    wait_until(lambda: session.activity().get('subject') == 'instagram.com',
               what='the tab to reach the daemon')
    session.advance(61)
    message = host.expect('nudge', service='instagram')
    assert 'instagram.com' in message['domains']
    nudge = message['nudge']
    assert nudge['level'] == 'reached'
    assert nudge['limit_seconds'] == 60
    assert nudge['used_seconds'] >= 60
    assert nudge['can_snooze'] is True
    assert nudge['strict'] is False
    assert nudge['title'] and nudge['body']

    # "5 more minutes" ends the nudge: the extension hears that too.
    host.send({'type': 'snooze', 'service': 'instagram', 'id': 1})
    messages = [host.receive(), host.receive()]
    by_type = {m['type']: m for m in messages}
    assert by_type['nudge'] == {'type': 'nudge', 'service': 'instagram',
                                'domains': message['domains'], 'nudge': None}
    assert by_type['result']['id'] == 1 and by_type['result']['ok'] is True
    assert by_type['result']['until'] == T0 + 61 + 300


def test_break_pause_choice_and_resources(make_session, host_session):
    session = make_session(settings=NO_STRETCH)
    add_limit(session, 'service', 'instagram', [30], mindful_pause=True)
    host = host_session(session)
    host.hello()

    host.send({'type': 'break', 'minutes': 15, 'id': 2})
    host.expect('result', id=2, ok=True, until=T0 + 15 * 60)
    host.send({'type': 'break', 'id': 3})
    host.expect('result', id=3, ok=True, until=T0 + 5 * 60)

    host.send({'type': 'pause-choice', 'service': 'instagram', 'choice': 'didnt-open', 'id': 4})
    host.expect('result', id=4, ok=True)
    host.send({'type': 'pause-choice', 'service': 'instagram', 'choice': 'opened', 'id': 5})
    host.expect('result', id=5, ok=True)
    counts = nudge_summary(session, DAY0)
    assert counts.get('didnt-open') == 1 and counts.get('opened') == 1, counts
    report = session.cli('report')
    assert "Didn't open a limited site: 1" in report.stdout, report.stdout

    host.send({'type': 'resources', 'id': 6})
    resources = host.expect('resources', id=6)
    assert isinstance(resources['country'], str)
    assert resources['entries'], resources
    for entry in resources['entries']:
        assert entry['name']
        assert set(entry) <= {'name', 'description', 'phone', 'text', 'url', 'hours'}, entry

    # The daemon's refusals come back as errors with the request's id.
    host.send({'type': 'snooze', 'service': 'discord', 'id': 8})
    error = host.expect('error', id=8, code='daemon')
    assert error['message'] == 'Discord has no limit, so there is nothing to snooze.'
    host.send({'type': 'pause-choice', 'service': 'nosuchservice', 'choice': 'opened', 'id': 9})
    host.expect('error', id=9, code='daemon')


def test_limit_changes_send_state_again(make_session, host_session):
    session = make_session(settings=NO_STRETCH)
    host = host_session(session)
    assert host.hello()['sites'] == {}
    limit = add_limit(session, 'category', 'video', [30])
    state = host.expect('state')
    assert 'youtube' in state['sites'], state
    assert state['sites']['youtube']['strict'] is False
    change_limit(session, limit, {'strict': GLib.Variant('b', True)})
    assert host.expect('state')['sites']['youtube']['strict'] is True
    change_limit(session, limit, {'enabled': GLib.Variant('b', False)})
    assert host.expect('state')['sites'] == {}
    remove_limit(session, limit)
    assert host.expect('state')['sites'] == {}


def test_daemon_going_away_and_coming_back(make_session, host_session):
    session = make_session(settings=NO_STRETCH)
    add_limit(session, 'service', 'reddit', [30])
    host = host_session(session)
    host.hello()
    host.send({'type': 'tab', 'hostname': 'www.reddit.com', 'focused': True})
    wait_until(lambda: session.activity().get('subject') == 'reddit.com',
               what='the tab to reach the daemon')

    session.stop_daemon()
    host.expect('hello', version=1, daemon=False)
    # Requests while it is away get the daemon error; the host stays.
    host.send({'type': 'snooze', 'service': 'reddit', 'id': 1})
    host.expect('error', id=1, code='daemon')

    session.start_daemon()
    host.expect('hello', version=1, daemon=True)
    state = host.expect('state')
    assert 'reddit' in state['sites']
    # The host tells the new daemon about the tab it knows of.
    wait_until(lambda: session.activity().get('subject') == 'reddit.com',
               what='the tab to reach the new daemon')


def test_without_the_daemon(make_session, host_session):
    session = make_session(start_daemon=False)
    host = host_session(session)
    state = host.hello(daemon=False)
    assert state == {'type': 'state', 'nudges': {}, 'sites': {}}
    host.send({'type': 'get-state', 'id': 3})
    host.expect('error', id=3, code='daemon')
    session.start_daemon()
    host.expect('hello', daemon=True)
    host.expect('state')


def test_end_of_input_exits_0(make_session, host_session):
    session = make_session()
    host = host_session(session)
    host.hello()
    host.send({'type': 'tab', 'hostname': 'www.tiktok.com', 'focused': True})
    wait_until(lambda: session.activity().get('subject') == 'tiktok.com',
               what='the tab to reach the daemon')
    host.close_stdin()
    host.expect_end(0)
    # It said goodbye: the daemon dropped the tab.
    wait_until(lambda: session.state() == 'none', what='the tab to be forgotten')


def test_largest_frame_is_taken(make_session, host_session):
    session = make_session()
    host = host_session(session)
    host.hello()
    message = {'type': 'get-state', 'id': 1, 'padding': ''}
    message['padding'] = 'x' * (MAX_INBOUND - len(json.dumps(message)))
    assert len(json.dumps(message)) == MAX_INBOUND
    host.send(message)
    host.expect('state', id=1)


# ---- Bad input -----------------------------------------------------------------

@pytest.mark.parametrize('data', [
    struct.pack('=I', 0),
    struct.pack('=I', MAX_INBOUND + 1) + b'{',
    struct.pack('=I', 0xffffffff),
], ids=['zero-length', 'just-too-long', 'huge-length'])
def test_bad_lengths_end_the_connection(make_session, host_session, data):
    session = make_session()
    host = host_session(session)
    host.hello()
    host.write(data)
    host.expect('error', code='bad-frame')
    host.expect_end(1)


@pytest.mark.parametrize('data', [
    b'\x10\x00',
    struct.pack('=I', 100) + b'{"type": "get-state"}',
], ids=['in-the-length', 'in-the-message'])
def test_truncated_frames_end_the_connection(make_session, host_session, data):
    session = make_session()
    host = host_session(session)
    host.hello()
    host.write(data)
    host.close_stdin()
    host.expect('error', code='bad-frame')
    host.expect_end(1)


DEEP = '{"type": "get-state", "a": ' + '[' * 16 + ']' * 16 + '}'


@pytest.mark.parametrize('payload, code', [
    (b'{"type": "get-state", "x": "\xff"}', 'bad-json'),
    (b'{"type": "get-state", "x": "\xc0\xaf"}', 'bad-json'),
    (b'{"type": "get-state", "x": "\xed\xa0\x80"}', 'bad-json'),
    (b'{"type": "get-state"\x00}', 'bad-json'),
    (b'{"type": "get-state",', 'bad-json'),
    # json-glib's own message quotes half of the character after the escape
    # (found by fuzz-native-host).
    (b'{"hostname": "a\\u010\xcb\x9d": "tba", "hostnem^e": "a\\u0100b", res"fo', 'bad-json'),
    (b'not json', 'bad-json'),
    (b'[{"type": "get-state"}]', 'invalid-message'),
    (b'"get-state"', 'invalid-message'),
    (b'42', 'invalid-message'),
    (b'null', 'invalid-message'),
    (b' ', 'bad-json'),
    (DEEP.encode(), 'bad-json'),
    (b'[' * 100000 + b']' * 100000, 'too-long'),
    (b'{"type": "get-state"}{"type": "get-state"}', 'bad-json'),
    (b'{"type": "get-state"} [1]', 'bad-json'),
    (b'{"type": "get-state"} 7', 'bad-json'),
    (b'{"type": "launch-missiles"}', 'unknown-type'),
    (b'{"kind": "get-state"}', 'invalid-message'),
    (b'{"type": 7}', 'invalid-message'),
    (b'{"type": "get-state", "id": -1}', 'invalid-message'),
    (b'{"type": "get-state", "id": 2147483648}', 'invalid-message'),
    (b'{"type": "get-state", "id": 1.5}', 'invalid-message'),
    (b'{"type": "get-state", "id": "1"}', 'invalid-message'),
    (b'{"type": "tab", "hostname": "https://www.instagram.com/p/x", "focused": true}',
     'invalid-hostname'),
    (b'{"type": "tab", "hostname": "www.instagram.com:443", "focused": true}',
     'invalid-hostname'),
    (b'{"type": "tab", "hostname": "www.instagram.com/explore", "focused": true}',
     'invalid-hostname'),
    (b'{"type": "tab", "hostname": "evil.example\\u0000.instagram.com", "focused": true}',
     'bad-json'),
    (('{"type": "tab", "hostname": "' + 'a' * 254 + '", "focused": true}').encode(),
     'invalid-hostname'),
    (b'{"type": "tab", "hostname": "www.instagram.com"}', 'invalid-message'),
    (b'{"type": "tab", "hostname": "www.instagram.com", "focused": "yes"}', 'invalid-message'),
    (b'{"type": "tab", "hostname": 7, "focused": true}', 'invalid-message'),
    (b'{"type": "hello", "version": 1, "browser": "netscape"}', 'invalid-message'),
    (b'{"type": "hello", "browser": "chromium"}', 'invalid-message'),
    (b'{"type": "break", "minutes": 0}', 'invalid-message'),
    (b'{"type": "break", "minutes": 121}', 'invalid-message'),
    (b'{"type": "break", "minutes": 1e400}', 'invalid-message'),
    (b'{"type": "snooze"}', 'invalid-message'),
    (b'{"type": "snooze", "service": "../../etc"}', 'invalid-message'),
    (b'{"type": "pause-choice", "service": "instagram", "choice": "maybe"}',
     'invalid-message'),
], ids=['invalid-utf8', 'overlong-utf8', 'surrogate-utf8', 'nul-byte', 'cut-json',
        'broken-escape',
        'not-json', 'array', 'string', 'number', 'null', 'blank', 'deep-17', 'deep-100000',
        'two-objects', 'object-then-array', 'object-then-number', 'unknown-type', 'no-type',
        'type-not-string', 'negative-id', 'id-too-big', 'id-not-whole', 'id-string',
        'url-not-hostname', 'hostname-with-port', 'hostname-with-path', 'nul-in-hostname',
        'hostname-too-long', 'tab-without-focused', 'focused-not-boolean',
        'hostname-not-string', 'unknown-browser', 'hello-without-version', 'break-0-minutes',
        'break-121-minutes', 'break-infinite', 'snooze-without-service',
        'snooze-bad-service', 'unknown-pause-choice'])
def test_bad_messages_get_an_error_and_the_host_goes_on(make_session, host_session,
                                                         payload, code):
    session = make_session()
    host = host_session(session)
    host.hello()
    if code == 'too-long':
        # Over the cap: the host never reads it, so it cannot parse it.
        host.write(struct.pack('=I', len(payload)))
        host.expect('error', code='bad-frame')
        host.expect_end(1)
        return
    host.write(frame(payload))
    error = host.expect('error', code=code)
    assert error['message'].strip()
    # Still there, and still answering.
    host.send({'type': 'get-state', 'id': 99})
    host.expect('state', id=99)


def test_error_keeps_the_request_id(make_session, host_session):
    session = make_session()
    host = host_session(session)
    host.hello()
    host.send({'type': 'tab', 'id': 12, 'hostname': 'http://reddit.com', 'focused': True})
    host.expect('error', id=12, code='invalid-hostname')
    host.send({'type': 'frobnicate', 'id': 13})
    host.expect('error', id=13, code='unknown-type')


def test_many_messages_at_once(make_session, host_session):
    session = make_session()
    host = host_session(session)
    host.hello()
    count = 500
    host.write(b''.join(frame({'type': 'get-state', 'id': i}) for i in range(count)))
    ids = sorted(host.expect('state')['id'] for _ in range(count))
    assert ids == list(range(count))


@pytest.mark.parametrize('args', [
    [],
    ['chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/'],
    ['ORIGIN-WITHOUT-SLASH'],
    ['/usr/lib/mozilla/native-messaging-hosts/io.github.unscroll.json', 'evil@example.org'],
    ['/usr/lib/mozilla/native-messaging-hosts/io.github.unscroll.json'],
    [GECKO_ID],
    ['--help'],
], ids=['no-arguments', 'other-extension', 'origin-without-slash', 'other-add-on',
        'manifest-without-add-on', 'add-on-id-alone', 'help'])
def test_wrong_callers_are_turned_away(make_session, host_session, args):
    session = make_session()
    args = [chromium_origin().rstrip('/') if a == 'ORIGIN-WITHOUT-SLASH' else a for a in args]
    host = host_session(session, args)
    host.expect_end(1)
    assert 'web browser' in host.log()


def test_firefox_caller_is_accepted(make_session, host_session):
    session = make_session()
    host = host_session(session, ['/usr/lib/mozilla/native-messaging-hosts/io.github.unscroll.json',
                                  GECKO_ID])
    host.hello(browser='firefox')
