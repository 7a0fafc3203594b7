# SPDX-License-Identifier: GPL-3.0-or-later
"""Resources: crisis lines and support organisations per country, with their
sources; the country from settings or the locale; the international
directories as a fall-back; and opening the support page."""

import os
import re

import pytest
from gi.repository import GLib

from unscroll_harness import T0, wait_until
from limits_harness import (FAILED, INVALID_ARGS, MINUTE, NO_STRETCH, RESOURCES, Notifications,
                            add_limit, dbus_error, get_resources, nudge_summary,
                            resources_call)

INTERNATIONAL = ['Find A Helpline (ThroughLine)', 'Befrienders Worldwide']
KIND_ORDER = {'crisis': 0, 'support': 1, 'info': 2}


def names(entries):
    return [entry['name'] for entry in entries]


def check_entries(entries, verified_only=True):
    """What every entry promises: a name, a kind in order, sources and a date."""
    assert entries
    kinds = [KIND_ORDER[entry['kind']] for entry in entries]
    assert kinds == sorted(kinds), 'crisis lines come first'
    for entry in entries:
        assert entry['name'].strip()
        assert entry['sources'] and all(s.strip() for s in entry['sources']), entry['name']
        assert re.fullmatch(r'\d{4}-\d{2}-\d{2}', entry['last-checked']), entry['name']
        assert isinstance(entry['verified'], bool)
        if verified_only:
            assert entry['verified'] is True, entry['name']
        if 'url' in entry:
            assert entry['url'].startswith('https://'), entry['url']


def resources_prop(session, name):
    return session.prop(RESOURCES, name)


def test_resources_for_great_britain(unscroll):
    assert resources_prop(unscroll, 'Version') == 1
    disclaimer = resources_prop(unscroll, 'Disclaimer')
    assert 'immediate danger' in disclaimer and '999' in disclaimer

    country, entries = get_resources(unscroll, 'GB')
    assert country == 'GB'
    first = entries[0]
    assert (first['name'], first['kind'], first['phone']) == ('Samaritans', 'crisis', '116 123')
    assert first['url'] == 'https://www.samaritans.org'
    assert len(first['sources']) >= 2
    check_entries(entries)
    # Other spellings of the same country.
    assert get_resources(unscroll, 'gb') == (country, entries)
    assert get_resources(unscroll, 'UK') == (country, entries)

    countries = resources_call(unscroll, 'ListCountries', reply='(as)')[0]
    assert 'GB' in countries and 'DE' in countries
    assert 'LU' not in countries and 'ZZ' not in countries
    assert countries == sorted(set(countries))


def test_include_unverified_shows_more(unscroll):
    _, verified = get_resources(unscroll, 'GB', include_unverified=False)
    assert get_resources(unscroll, 'GB') == ('GB', verified)
    country, everything = get_resources(unscroll, 'GB', include_unverified=True)
    assert country == 'GB'
    check_entries(everything, verified_only=False)
    unverified = [e for e in everything if not e['verified']]
    assert unverified, 'GB has single-source entries'
    assert 'PAPYRUS HOPELINE247' in names(unverified)
    assert [e for e in everything if e['verified']] == verified
    assert len(everything) > len(verified)


@pytest.mark.parametrize('code', ['LU', 'ZZ', 'zz'])
def test_country_without_entries_gets_international_directories(unscroll, code):
    country, entries = get_resources(unscroll, code)
    assert country == ''
    assert names(entries) == INTERNATIONAL
    check_entries(entries)
    assert entries[0]['url'] == 'https://findahelpline.com'


@pytest.mark.parametrize('code, message', [
    ('GBR', '“GBR” is not a country code. Use two letters, such as GB or DE.'),
    ('1a', '“1a” is not a country code. Use two letters, such as GB or DE.'),
    ('G', '“G” is not a country code. Use two letters, such as GB or DE.'),
    ('G1', '“G1” is not a country code. Use two letters, such as GB or DE.'),
    (' GB', '“ GB” is not a country code. Use two letters, such as GB or DE.'),
    ('ÄB', '“ÄB” is not a country code. Use two letters, such as GB or DE.'),
    ('G\nB', 'A country is given as two letters, such as GB or DE.'),
    ('X' * 100, 'A country is given as two letters, such as GB or DE.'),
], ids=['three-letters', 'digit-first', 'one-letter', 'letter-digit', 'space', 'umlaut',
        'newline', 'long'])
def test_bad_country_codes(unscroll, code, message):
    assert dbus_error(get_resources, unscroll, code) == (INVALID_ARGS, message)
    assert dbus_error(resources_call, unscroll, 'OpenSupport', '(s)', (code,)) == \
        (INVALID_ARGS, message)
    # Still answering.
    assert get_resources(unscroll, 'GB')[0] == 'GB'


def test_include_unverified_must_be_a_boolean(unscroll):
    name, message = dbus_error(resources_call, unscroll, 'GetResources', '(sa{sv})',
                               ('GB', {'include-unverified': GLib.Variant('s', 'yes')}),
                               '(saa{sv})')
    assert (name, message) == (INVALID_ARGS,
                               'The option “include-unverified” must have type “b”.')
    # Options it does not know are left for newer daemons.
    reply = resources_call(unscroll, 'GetResources', '(sa{sv})',
                           ('GB', {'newer-option': GLib.Variant('b', True)}), '(saa{sv})')
    assert reply[0] == 'GB'


def test_without_country_setting_or_locale(unscroll):
    # The tests run in C.UTF-8, which names no country.
    assert resources_prop(unscroll, 'Country') == ''
    country, entries = get_resources(unscroll, '')
    assert country == ''
    assert names(entries) == INTERNATIONAL


def test_country_from_settings(make_session):
    session = make_session(settings={'country': "'DE'"})
    assert resources_prop(session, 'Country') == 'DE'
    country, entries = get_resources(session, '')
    assert country == 'DE'
    assert entries[0]['name'] == 'TelefonSeelsorge'
    check_entries(entries)

    # Changed while running: followed at once.
    session.write_settings({'country': "'gb'"})
    wait_until(lambda: resources_prop(session, 'Country') == 'GB', what='Country to become GB')
    assert get_resources(session, '')[1][0]['name'] == 'Samaritans'

    session.write_settings({'country': "''"})
    wait_until(lambda: resources_prop(session, 'Country') == '', what='Country to be emptied')
    assert get_resources(session, '') == ('', get_resources(session, 'ZZ')[1])


@pytest.mark.parametrize('env', [
    {'LC_ALL': None, 'LANG': 'de_DE.UTF-8'},
    {'LC_ALL': 'de_DE.UTF-8'},
    {'LC_ALL': None, 'LC_MESSAGES': 'de_DE@euro', 'LANG': 'C.UTF-8'},
], ids=['LANG', 'LC_ALL', 'LC_MESSAGES'])
def test_country_from_the_locale(make_session, env):
    session = make_session(daemon_env=env)
    assert resources_prop(session, 'Country') == 'DE'
    country, entries = get_resources(session, '')
    assert country == 'DE'
    assert entries[0]['name'] == 'TelefonSeelsorge'


def test_setting_wins_over_the_locale(make_session):
    session = make_session(settings={'country': "'GB'"},
                           daemon_env={'LC_ALL': None, 'LANG': 'de_DE.UTF-8'})
    assert resources_prop(session, 'Country') == 'GB'
    assert get_resources(session, '')[0] == 'GB'


def test_bad_setting_falls_back_to_the_locale(make_session):
    session = make_session(settings={'country': "'GBR'"},
                           daemon_env={'LC_ALL': None, 'LANG': 'de_DE.UTF-8'})
    assert resources_prop(session, 'Country') == 'DE'


def hermetic_desktop(session):
    """No system-wide apps: only what a test puts in its own data folder."""
    empty = os.path.join(session.workdir, 'no-data-dirs')
    os.makedirs(empty, exist_ok=True)
    return {'XDG_DATA_DIRS': empty}


@pytest.mark.parametrize('code, url', [('GB', 'https://www.samaritans.org'),
                                       ('ZZ', 'https://findahelpline.com')], ids=['GB', 'ZZ'])
def test_open_support_without_a_handler(make_session, code, url):
    session = make_session(start_daemon=False)
    session.extra_daemon_env.update(hermetic_desktop(session))
    session.start_daemon()

    name, message = dbus_error(resources_call, session, 'OpenSupport', '(s)', (code,))
    assert name == FAILED
    assert message.startswith(f'No app could open {url} (')
    assert message.endswith('You can open it in a web browser yourself.')
    # The daemon is fine.
    assert get_resources(session, 'GB')[0] == 'GB'
    session.advance(60)
    assert not session.daemon.exited()


class FakeBrowser:
    """The desktop's default handler for https: it writes each address it is
    asked to open into a FIFO the test reads, waking the main loop."""

    def __init__(self, session):
        self.received = b''
        fifo = os.path.join(session.workdir, 'opened')
        os.mkfifo(fifo)
        # Non-blocking, so that opening does not wait for a writer.
        self.fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        self.source = GLib.unix_fd_add_full(GLib.PRIORITY_DEFAULT, self.fd,
                                            GLib.IOCondition.IN | GLib.IOCondition.HUP,
                                            self._readable)
        script = os.path.join(session.workdir, 'open-url')
        with open(script, 'w', encoding='utf-8') as f:
            f.write(f'#!/bin/sh\nprintf "%s\\n" "$1" > "{fifo}"\n')
        os.chmod(script, 0o755)
        apps = os.path.join(session.data_home, 'applications')
        os.makedirs(apps, exist_ok=True)
        with open(os.path.join(apps, 'uns-test-browser.desktop'), 'w', encoding='utf-8') as f:
            f.write('[Desktop Entry]\nType=Application\nName=Test browser\n'
                    f'Exec="{script}" %u\nMimeType=x-scheme-handler/https;\n')
        with open(os.path.join(session.config_home, 'mimeapps.list'), 'w',
                  encoding='utf-8') as f:
            f.write('[Default Applications]\nx-scheme-handler/https=uns-test-browser.desktop\n')

    def _readable(self, *_):
        try:
            data = os.read(self.fd, 4096)
        except BlockingIOError:
            data = None
        if data:
            self.received += data
            return GLib.SOURCE_CONTINUE
        # The writer is gone (HUP with nothing to read): stop watching.
        self.source = 0
        return GLib.SOURCE_REMOVE

    def wait_opened(self):
        text = wait_until(lambda: self.received.endswith(b'\n') and self.received,
                          what='the test browser to be asked to open a page')
        self.received = b''
        return text.decode().splitlines()

    def close(self):
        if self.source:
            GLib.source_remove(self.source)
        os.close(self.fd)


@pytest.mark.parametrize('code, url', [('GB', 'https://www.samaritans.org'),
                                       ('', 'https://www.telefonseelsorge.de'),
                                       ('ZZ', 'https://findahelpline.com')],
                         ids=['GB', 'default', 'ZZ'])
def test_open_support_with_a_handler(make_session, code, url):
    session = make_session(start_daemon=False, settings={'country': "'DE'"})
    session.extra_daemon_env.update(hermetic_desktop(session))
    browser = FakeBrowser(session)
    try:
        session.start_daemon()
        resources_call(session, 'OpenSupport', '(s)', (code,))
        assert browser.wait_opened() == [url]
    finally:
        browser.close()


def test_support_action_opens_the_support_page(make_session):
    settings = dict(NO_STRETCH)
    settings['country'] = "'GB'"
    session = make_session(start_daemon=False, notifications=True, settings=settings)
    session.extra_daemon_env.update(hermetic_desktop(session))
    browser = FakeBrowser(session)
    try:
        session.start_daemon()
        notes = Notifications(session)
        add_limit(session, 'service', 'discord', [30])
        session.focus('com.discordapp.Discord')
        session.advance(30 * MINUTE)
        reached = notes.new()[-1]
        notes.invoke(reached.id, 'support')
        assert browser.wait_opened() == ['https://www.samaritans.org']
        assert nudge_summary(session, '2026-03-02') == {'nudges': 2, 'support': 1}
        assert session.now() == T0 + 30 * MINUTE
    finally:
        browser.close()
