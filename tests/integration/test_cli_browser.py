# SPDX-License-Identifier: GPL-3.0-or-later
"""unscroll browser: per-user native-messaging manifests in a home folder of
the test's own, for the browsers found there (no daemon needed)."""

import json
import os
import stat
import subprocess

import pytest

from unscroll_harness import cli_path, source_dir

HOST_NAME = 'io.github.unscroll'
MANIFEST = HOST_NAME + '.json'
GECKO_ID = 'unscroll@unscroll.github.io'
DESCRIPTION = 'Unscroll: links the browser extension to the Unscroll service'

# Where each browser reads per-user manifests, relative to the config folder
# (Chromium family) or the home folder (Firefox); see cli/uns-cli-browser.c
# for the sources.
CHROMIUM_FAMILY = {
    'Chromium': 'chromium/NativeMessagingHosts',
    'Google Chrome': 'google-chrome/NativeMessagingHosts',
    'Brave': 'BraveSoftware/Brave-Browser/NativeMessagingHosts',
    'Microsoft Edge': 'microsoft-edge/NativeMessagingHosts',
    'Vivaldi': 'vivaldi/NativeMessagingHosts',
}
FIREFOX = '.mozilla/native-messaging-hosts'
ORDER = ['Chromium', 'Google Chrome', 'Brave', 'Microsoft Edge', 'Vivaldi', 'Firefox']


def extension_id():
    with open(os.path.join(source_dir(), 'browser-extension', 'extension-id.txt'),
              encoding='utf-8') as f:
        return f.read().strip()


class Home:
    """A home folder, a config folder, a PATH of fake browser programs and a
    fake host, all under the test's temporary folder."""

    def __init__(self, root, xdg=True):
        self.root = root
        self.home = root / 'home'
        self.config = root / 'xdg-config' if xdg else self.home / '.config'
        self.xdg = xdg
        self.bin = root / 'bin'
        for folder in (self.home, self.bin):
            folder.mkdir(parents=True)
        self.host = self.make_program(root / 'libexec' / 'unscroll-native-host')

    @staticmethod
    def make_program(path, executable=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('#!/bin/sh\nexit 0\n')
        path.chmod(0o755 if executable else 0o644)
        return path

    def program(self, name, executable=True):
        """A browser program on PATH."""
        return self.make_program(self.bin / name, executable)

    def manifest(self, browser):
        if browser == 'Firefox':
            return self.home / FIREFOX / MANIFEST
        return self.config / CHROMIUM_FAMILY[browser] / MANIFEST

    def env(self, host=None):
        env = {
            'PATH': str(self.bin),
            'HOME': str(self.home),
            'UNSCROLL_NATIVE_HOST': str(host or self.host),
            'LC_ALL': 'C.UTF-8',
        }
        if self.xdg:
            env['XDG_CONFIG_HOME'] = str(self.config)
        return env

    def run(self, *args, host=None):
        return subprocess.run([cli_path(), *args], env=self.env(host),
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=30, preexec_fn=lambda: os.umask(0o022), check=False)

    def files(self):
        """Every file under the home and config folders, relative to root."""
        found = set()
        for top in {self.home, self.config}:
            for folder, _, names in os.walk(top):
                for name in names:
                    found.add(os.path.relpath(os.path.join(folder, name), self.root))
        return found


@pytest.fixture
def home(tmp_path):
    return Home(tmp_path)


def ok(result):
    assert result.returncode == 0, f'exit {result.returncode}: {result.stderr}'
    assert result.stderr == ''
    return result.stdout


def expected_manifest(browser, host):
    manifest = {
        'name': HOST_NAME,
        'description': DESCRIPTION,
        'path': str(host),
        'type': 'stdio',
    }
    if browser == 'Firefox':
        manifest['allowed_extensions'] = [GECKO_ID]
    else:
        manifest['allowed_origins'] = [f'chrome-extension://{extension_id()}/']
    return manifest


def install_lines(set_up, not_installed=()):
    lines = []
    for browser in ORDER:
        if browser in set_up:
            lines.append(f'Set up {browser}.')
        elif browser in not_installed:
            lines.append(f'Nothing to do for {browser}: it isn\'t installed.')
    return '\n'.join(lines) + '\n'


def test_cli_browser_install_sets_up_the_browsers_found(home):
    # Found by their folder: Chromium (in $XDG_CONFIG_HOME) and Firefox.
    (home.config / 'chromium').mkdir(parents=True)
    (home.home / '.mozilla').mkdir()
    # Found on PATH: Vivaldi. Google Chrome's program can't run, so it
    # doesn't count; Brave's folder in ~/.config doesn't count either,
    # because $XDG_CONFIG_HOME is elsewhere.
    home.program('vivaldi-stable')
    home.program('google-chrome', executable=False)
    (home.home / '.config' / 'BraveSoftware' / 'Brave-Browser').mkdir(parents=True)

    set_up = ['Chromium', 'Vivaldi', 'Firefox']
    assert ok(home.run('browser', 'install', '--user')) == install_lines(
        set_up, ['Google Chrome', 'Brave', 'Microsoft Edge'])

    assert home.files() == {os.path.relpath(home.manifest(b), home.root) for b in set_up}
    for browser in set_up:
        path = home.manifest(browser)
        with open(path, encoding='utf-8') as f:
            assert json.load(f) == expected_manifest(browser, home.host), browser
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o755
    # Vivaldi's folder did not exist: install made it, and its parent.
    assert stat.S_IMODE((home.config / 'vivaldi').stat().st_mode) == 0o755

    # Running it again changes nothing but says the same.
    before = {b: home.manifest(b).read_bytes() for b in set_up}
    assert ok(home.run('browser', 'install', '--user')) == install_lines(
        set_up, ['Google Chrome', 'Brave', 'Microsoft Edge'])
    assert {b: home.manifest(b).read_bytes() for b in set_up} == before


def test_cli_browser_install_without_xdg_config_home(tmp_path):
    home = Home(tmp_path, xdg=False)
    for program in ('chromium', 'google-chrome-stable', 'brave-browser',
                    'microsoft-edge-stable', 'vivaldi', 'firefox-esr'):
        home.program(program)

    assert ok(home.run('browser', 'install', '--user')) == install_lines(ORDER)
    assert home.files() == {os.path.relpath(home.manifest(b), home.root) for b in ORDER}
    assert home.manifest('Brave') == (home.home / '.config' / 'BraveSoftware' / 'Brave-Browser' /
                                      'NativeMessagingHosts' / MANIFEST)
    for browser in ORDER:
        with open(home.manifest(browser), encoding='utf-8') as f:
            assert json.load(f) == expected_manifest(browser, home.host), browser


def test_cli_browser_install_moves_to_a_new_host(home):
    home.program('firefox')
    ok(home.run('browser', 'install', '--user'))
    moved = home.make_program(home.root / 'elsewhere' / 'unscroll-native-host')

    status = json.loads(ok(home.run('browser', 'status', '--json', host=moved)))
    assert [s['state'] for s in status if s['browser'] == 'firefox'] == ['outdated']

    assert ok(home.run('browser', 'install', '--user', host=moved)) == install_lines(
        ['Firefox'], ORDER[:-1])
    with open(home.manifest('Firefox'), encoding='utf-8') as f:
        assert json.load(f)['path'] == str(moved)


def test_cli_browser_uninstall_removes_only_unscrolls_files(home):
    for program in ('chromium', 'firefox'):
        home.program(program)
    (home.config / 'microsoft-edge').mkdir(parents=True)
    ok(home.run('browser', 'install', '--user'))

    # Another program's manifest beside ours, and a file of another program
    # under our name where Brave looks.
    other = home.config / 'chromium' / 'NativeMessagingHosts' / 'org.example.other.json'
    other.write_text('{"name": "org.example.other", "path": "/usr/bin/other", '
                     '"type": "stdio", "allowed_origins": []}\n')
    brave = home.manifest('Brave')
    brave.parent.mkdir(parents=True)
    foreign = ('{"name": "io.github.unscroll", "path": "/opt/impostor/host", '
               '"type": "stdio", "allowed_origins": []}\n')
    brave.write_text(foreign)
    # Not JSON at all, where Vivaldi looks.
    vivaldi = home.manifest('Vivaldi')
    vivaldi.parent.mkdir(parents=True)
    vivaldi.write_text('not json')

    # Install now leaves those alone, and says so.
    result = home.run('browser', 'install', '--user')
    assert result.returncode == 1
    assert result.stdout == (
        'Set up Chromium.\n'
        'Nothing to do for Google Chrome: it isn\'t installed.\n'
        'Set up Microsoft Edge.\n'
        'Set up Firefox.\n')
    assert result.stderr == (
        f'unscroll: Left Brave alone: {brave} belongs to another program.\n'
        f'unscroll: Left Vivaldi alone: {vivaldi} belongs to another program.\n')
    assert brave.read_text() == foreign

    assert ok(home.run('browser', 'uninstall', '--user')) == (
        'Removed Unscroll from Chromium.\n'
        'Nothing to do for Google Chrome: Unscroll wasn\'t set up there.\n'
        f'Left Brave alone: {brave} belongs to another program.\n'
        'Removed Unscroll from Microsoft Edge.\n'
        f'Left Vivaldi alone: {vivaldi} belongs to another program.\n'
        'Removed Unscroll from Firefox.\n')
    assert home.files() == {os.path.relpath(p, home.root) for p in (other, brave, vivaldi)}
    assert brave.read_text() == foreign
    assert vivaldi.read_text() == 'not json'

    # Nothing left to remove.
    assert ok(home.run('browser', 'uninstall', '--user')).count('Removed') == 0


def test_cli_browser_status(home):
    home.program('chromium')
    (home.home / '.mozilla').mkdir()
    ok(home.run('browser', 'install', '--user'))
    home.program('brave')
    edge = home.manifest('Microsoft Edge')
    edge.parent.mkdir(parents=True)
    edge.write_text('{}')

    status = json.loads(ok(home.run('browser', 'status', '--json')))
    assert [(s['browser'], s['name'], s['found'], s['state'], s['manifest']) for s in status] == [
        ('chromium', 'Chromium', True, 'set-up', str(home.manifest('Chromium'))),
        ('chrome', 'Google Chrome', False, 'not-installed', str(home.manifest('Google Chrome'))),
        ('brave', 'Brave', True, 'not-set-up', str(home.manifest('Brave'))),
        ('edge', 'Microsoft Edge', True, 'other-program', str(edge)),
        ('vivaldi', 'Vivaldi', False, 'not-installed', str(home.manifest('Vivaldi'))),
        ('firefox', 'Firefox', True, 'set-up', str(home.manifest('Firefox'))),
    ]

    table = ok(home.run('browser'))
    assert table == ok(home.run('browser', 'status'))
    width = len("another program's file")
    assert table == (
        f'  Chromium        {"set up".ljust(width)}  {home.manifest("Chromium")}\n'
        '  Google Chrome   not installed\n'
        '  Brave           not set up\n'
        f'  Microsoft Edge  another program\'s file  {edge}\n'
        '  Vivaldi         not installed\n'
        f'  Firefox         {"set up".ljust(width)}  {home.manifest("Firefox")}\n'
        '\n'
        'Set them up with: unscroll browser install --user\n')


def test_cli_browser_install_needs_the_host(home):
    home.program('firefox')
    missing = home.root / 'nowhere' / 'unscroll-native-host'
    result = home.run('browser', 'install', '--user', host=missing)
    assert result.returncode == 1
    assert result.stdout == ''
    assert result.stderr == (f"unscroll: Unscroll's browser host isn't installed at {missing} yet. "
                             'Install Unscroll first, then run this again.\n')
    assert home.files() == set()


NEEDS_USER = ('unscroll: Add --user to set up the browsers in your home folder. '
              'System-wide, the browser manifests come with Unscroll itself when it is installed.\n')
SYSTEM = ('unscroll: Browsers are set up here for you only: use --user. For everyone, the '
          'manifests come with Unscroll itself when it is installed (meson install, or your '
          "distribution's package).\n")

BAD_ARGUMENTS = {
    'install-without-user': (['browser', 'install'], NEEDS_USER +
                             'Try “unscroll browser install --help” for more.\n'),
    'uninstall-without-user': (['browser', 'uninstall'], NEEDS_USER +
                               'Try “unscroll browser uninstall --help” for more.\n'),
    'install-system': (['browser', 'install', '--system'], SYSTEM +
                       'Try “unscroll browser install --help” for more.\n'),
    'uninstall-system': (['browser', 'uninstall', '--user', '--system'], SYSTEM +
                         'Try “unscroll browser uninstall --help” for more.\n'),
    'install-extra-argument': (['browser', 'install', '--user', 'firefox'],
                               'unscroll: Unexpected argument “firefox”\n'
                               'Try “unscroll browser install --help” for more.\n'),
    'status-extra-argument': (['browser', 'status', 'now'],
                              'unscroll: Unexpected argument “now”\n'
                              'Try “unscroll browser status --help” for more.\n'),
    'unknown-subcommand': (['browser', 'enable'],
                           'unscroll: “enable” is not something unscroll browser can do; '
                           'use status, install or uninstall.\n'
                           'Try “unscroll browser --help” for more.\n'),
    'unknown-option': (['browser', 'install', '--user', '--everyone'],
                       'unscroll: Unknown option --everyone\n'
                       'Try “unscroll browser install --help” for more.\n'),
}


@pytest.mark.parametrize('case', BAD_ARGUMENTS.keys())
def test_cli_browser_bad_arguments(home, case):
    home.program('firefox')
    args, stderr = BAD_ARGUMENTS[case]
    result = home.run(*args)
    assert result.returncode == 2
    assert result.stdout == ''
    assert result.stderr == stderr
    assert home.files() == set()
