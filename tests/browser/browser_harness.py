# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs headless Chromium or Firefox with the real extension, the real
native host from the build tree and the real daemon on a private bus.

Pages come from a local HTTPS server with a self-signed certificate made
at test time; the browsers resolve every name to 127.0.0.1. The browser is
driven by driver.mjs (puppeteer-core) over JSON lines on a pipe. Nothing
here sleeps: waits are on conditions with timeouts, in the driver or in
unscroll_harness.wait_until.
"""

import http.server
import io
import json
import math
import os
import select
import shutil
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import wave
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'integration'))

from unscroll_harness import stop_process  # noqa: E402

HOST_NAME = 'io.github.unscroll'
GECKO_ID = 'unscroll@unscroll.github.io'
DRIVER_TIMEOUT = 90
SITES = ['www.instagram.com', 'instagram.com', 'www.reddit.com', 'www.youtube.com',
         'example.org', 'www.example.org']


def env_path(name, default=None):
    value = os.environ.get(name, default)
    if not value:
        raise RuntimeError(f'{name} is not set (meson test sets it)')
    return value


def native_host_path():
    return env_path('UNSCROLL_NATIVE_HOST')


def extension_id():
    return env_path('UNSCROLL_EXTENSION_ID')


# ---- Pages --------------------------------------------------------------------

def tone_wav(seconds=2, rate=22050, frequency=440):
    """A quiet sine tone, made here so that no media file is shipped."""
    out = io.BytesIO()
    with wave.open(out, 'wb') as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b''.join(
            struct.pack('<h', int(6000 * math.sin(2 * math.pi * frequency * i / rate)))
            for i in range(seconds * rate)))
    return out.getvalue()


PAGE = '''<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{host}</title></head>
<body>
<h1>{host}</h1>
<p><a id="link" href="/elsewhere">A link on the page</a></p>
<p><input id="field" aria-label="A field on the page"></p>
{extra}
</body></html>
'''

AUDIO = '<audio id="tone" src="/tone.wav" autoplay loop></audio>'


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        host = (self.headers.get('Host') or '').split(':')[0]
        self.server.requests.append((host, self.path))
        if self.path == '/tone.wav':
            body, kind = self.server.tone, 'audio/wav'
        elif self.path == '/favicon.ico':
            body, kind = b'', 'image/x-icon'
        else:
            extra = AUDIO if self.path.startswith('/tone') else ''
            body, kind = PAGE.format(host=host, extra=extra).encode(), 'text/html; charset=utf-8'
        self.send_response(200)
        self.send_header('Content-Type', kind)
        self.send_header('Content-Length', str(len(body)))
        self.send_header('Cache-Control', 'no-store')
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_):
        pass


class Sites:
    """HTTPS for every test host on one port of 127.0.0.1."""

    def __init__(self, workdir):
        self.dir = os.path.join(workdir, 'tls')
        os.makedirs(self.dir, exist_ok=True)
        cert = os.path.join(self.dir, 'cert.pem')
        key = os.path.join(self.dir, 'key.pem')
        san = ','.join(f'DNS:{s}' for s in SITES)
        subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
                        '-subj', '/CN=unscroll-test', '-addext', f'subjectAltName={san}',
                        '-keyout', key, '-out', cert],
                       check=True, capture_output=True)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.server.daemon_threads = True
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.server.requests = []
        self.server.tone = tone_wav()
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, host, path='/'):
        return f'https://{host}:{self.port}{path}'

    @property
    def requests(self):
        return list(self.server.requests)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# ---- The driver -------------------------------------------------------------------

class DriverError(AssertionError):
    pass


class Driver:
    """driver.mjs in a node process of its own."""

    def __init__(self, env, log_path):
        self.log_path = log_path
        self.log = open(log_path, 'w', encoding='utf-8')
        # Answers come on a pipe of their own: browsers write to stdout too.
        read_fd, write_fd = os.pipe()
        try:
            self.proc = subprocess.Popen(['node', os.path.join(HERE, 'driver.mjs')], cwd=HERE,
                                         env={**env, 'UNSCROLL_DRIVER_FD': str(write_fd)},
                                         stdin=subprocess.PIPE, stdout=self.log,
                                         stderr=subprocess.STDOUT, pass_fds=(write_fd,),
                                         text=True, bufsize=1)
        finally:
            os.close(write_fd)
        self.answers = os.fdopen(read_fd, 'r', encoding='utf-8')
        self.next_id = 1

    def call(self, op, timeout=DRIVER_TIMEOUT, **args):
        request_id = self.next_id
        self.next_id += 1
        self.proc.stdin.write(json.dumps({'id': request_id, 'op': op, 'args': args}) + '\n')
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.answers], [], [], timeout)
        if not ready:
            raise DriverError(f'The browser driver did not answer {op} within {timeout} s')
        line = self.answers.readline()
        if not line:
            raise DriverError(f'The browser driver exited during {op}; see {self.log_path}')
        answer = json.loads(line)
        assert answer['id'] == request_id, answer
        if not answer['ok']:
            raise DriverError(f'{op}({args}) failed: {answer["error"]}')
        return answer['value']

    def close(self):
        if self.proc.poll() is None:
            try:
                self.call('close', timeout=30)
            except (DriverError, OSError, ValueError):
                pass
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            stop_process(self.proc)
        self.answers.close()
        self.log.close()


# ---- Browsers ------------------------------------------------------------------------

def unpack(package, folder):
    shutil.rmtree(folder, ignore_errors=True)
    with zipfile.ZipFile(package) as zf:
        zf.extractall(folder)
    return folder


class Xvfb:
    """A virtual X server of our own, for what headless Chromium does not do."""

    def __init__(self, log_path):
        read_fd, write_fd = os.pipe()
        self.log = open(log_path, 'w', encoding='utf-8')
        try:
            self.proc = subprocess.Popen(['Xvfb', '-displayfd', str(write_fd), '-nolisten', 'tcp',
                                          '-screen', '0', '1024x768x24'],
                                         stdout=self.log, stderr=subprocess.STDOUT,
                                         pass_fds=(write_fd,))
        finally:
            os.close(write_fd)
        # Xvfb writes the display number once it accepts clients.
        with os.fdopen(read_fd, 'r', encoding='utf-8') as f:
            ready, _, _ = select.select([f], [], [], 30)
            number = f.readline().strip() if ready else ''
        if not number:
            self.close()
            raise RuntimeError(f'Xvfb did not start; see {log_path}')
        self.display = f':{number}'

    def close(self):
        stop_process(self.proc)
        self.log.close()


class Browser:
    """One browser with the extension, its native host talking to @session's daemon.

    headful: run Chromium on an Xvfb display rather than headless; headless
    Chromium never marks a tab audible.
    """

    def __init__(self, session, sites, kind='chromium', headful=False):
        self.session = session
        self.sites = sites
        self.kind = kind
        self.workdir = os.path.join(session.workdir, kind)
        os.makedirs(self.workdir, exist_ok=True)
        env = session.base_env()
        # Chromium puts its singleton socket under TMPDIR, and a socket path
        # must fit in 108 bytes; a deep build tree may not.
        self.own_tmp = None
        if len(self.workdir) > 50:
            self.own_tmp = tempfile.mkdtemp(prefix='uns-browser-', dir='/tmp')
        env['TMPDIR'] = self.own_tmp or self.workdir
        self.xvfb = None
        self.headful = headful
        if headful:
            self.xvfb = Xvfb(os.path.join(self.workdir, 'xvfb.log'))
            env['DISPLAY'] = self.xvfb.display
        self.driver = Driver(env, os.path.join(self.workdir, 'driver.log'))
        self.pid = None
        try:
            if kind == 'chromium':
                self._launch_chromium()
            else:
                self._launch_firefox()
        except BaseException:
            self.close()
            raise

    def _launch_chromium(self):
        # No sound card here: ALSA's null device lets a page play, so the
        # browser sees the tab as audible.
        with open(os.path.join(self.session.home, '.asoundrc'), 'w', encoding='utf-8') as f:
            f.write('pcm.!default { type null }\nctl.!default { type hw card 0 }\n')
        profile = os.path.join(self.workdir, 'profile')
        hosts = os.path.join(profile, 'NativeMessagingHosts')
        os.makedirs(hosts, exist_ok=True)
        self._write_host_manifest(hosts, allowed_origins=[f'chrome-extension://{extension_id()}/'])
        extension = unpack(env_path('UNSCROLL_EXTENSION_ZIP'),
                           os.path.join(self.workdir, 'extension'))
        value = self.driver.call(
            'launch', browser='chromium',
            executablePath=os.environ.get('UNSCROLL_CHROMIUM', '/usr/lib/chromium/chromium'),
            userDataDir=profile, extensionDir=extension, extensionId=extension_id(),
            headless=not self.headful,
            args=(['--headless=new'] if not self.headful else []) + [
                  '--no-sandbox', '--disable-gpu', '--disable-quic',
                  '--no-first-run', '--disable-background-networking',
                  '--disable-component-update', '--disable-sync',
                  '--host-resolver-rules=MAP * 127.0.0.1', '--ignore-certificate-errors',
                  '--autoplay-policy=no-user-gesture-required', '--window-size=1024,700'])
        self.pid = value['pid']

    def _launch_firefox(self):
        hosts = os.path.join(self.session.home, '.mozilla', 'native-messaging-hosts')
        os.makedirs(hosts, exist_ok=True)
        self._write_host_manifest(hosts, allowed_extensions=[GECKO_ID])
        extension = unpack(env_path('UNSCROLL_EXTENSION_XPI'),
                           os.path.join(self.workdir, 'extension'))
        self.driver.call(
            'launch', browser='firefox',
            executablePath=os.environ.get('UNSCROLL_FIREFOX', '/usr/bin/firefox-esr'),
            extensionDir=extension,
            prefs={'network.dns.forceResolve': '127.0.0.1',
                   'network.proxy.type': 0,
                   'media.autoplay.default': 0,
                   'extensions.webextensions.restrictedDomains': '',
                   'browser.shell.checkDefaultBrowser': False})

    def _write_host_manifest(self, folder, **allowed):
        manifest = {'name': HOST_NAME, 'description': 'Unscroll (tests)',
                    'path': native_host_path(), 'type': 'stdio', **allowed}
        with open(os.path.join(folder, f'{HOST_NAME}.json'), 'w', encoding='utf-8') as f:
            json.dump(manifest, f)

    # -- pages --

    def new_page(self, name):
        self.driver.call('newPage', page=name)

    def goto(self, name, host, path='/'):
        return self.driver.call('goto', page=name, url=self.sites.url(host, path))

    def front(self, name):
        self.driver.call('front', page=name)

    def url(self, name):
        return self.driver.call('url', page=name)

    def evaluate(self, name, expression):
        return self.driver.call('evaluate', page=name, expression=expression)

    def wait_for(self, name, expression, timeout=20000):
        return self.driver.call('waitFor', page=name, expression=expression, timeout=timeout)

    def click(self, name, expression):
        self.driver.call('click', page=name, expression=expression)

    def press(self, name, key):
        self.driver.call('press', page=name, key=key)

    def screenshot(self, name, filename):
        folder = os.path.join(os.environ.get('UNSCROLL_BROWSER_SCREENSHOTS') or self.workdir)
        os.makedirs(folder, exist_ok=True)
        return self.driver.call('screenshot', page=name, path=os.path.join(folder, filename))

    def background(self, expression):
        """Evaluates in the extension's service worker (Chromium only)."""
        return self.driver.call('workerEval', expression=expression)

    def stop_worker(self):
        """Stops the extension's service worker as Chromium does when it idles."""
        return self.driver.call('stopWorker')

    def wait_worker(self):
        """Waits until the extension's service worker runs again (Chromium only)."""
        self.driver.call('waitWorker')

    def wait_reported(self, condition):
        """Waits until the extension reported a tab for which the JS @condition on r holds."""
        return self.background(f'globalThis.unscroll.tabs.whenReported(r => {condition})')

    def wait_host_state(self, condition):
        """Waits until the extension's copy of the host's state satisfies @condition on s."""
        return self.background(f'globalThis.unscroll.whenState(s => {condition})')

    def host_pids(self):
        """The native hosts this browser started (children of its processes)."""
        host = os.path.realpath(native_host_path())
        pids = []
        for entry in os.listdir('/proc'):
            if not entry.isdigit():
                continue
            try:
                exe = os.readlink(f'/proc/{entry}/exe')
            except OSError:
                continue
            if exe == host and self._descends_from(int(entry)):
                pids.append(int(entry))
        return pids

    def _descends_from(self, pid):
        while pid > 1:
            if pid == self.pid:
                return True
            try:
                with open(f'/proc/{pid}/stat', encoding='utf-8') as f:
                    pid = int(f.read().rsplit(')', 1)[1].split()[1])
            except OSError:
                return False
        return False

    def close(self):
        self.driver.close()
        if self.xvfb:
            self.xvfb.close()
        if self.own_tmp:
            shutil.rmtree(self.own_tmp, ignore_errors=True)
