# SPDX-License-Identifier: GPL-3.0-or-later
"""The catalog over D-Bus, and services the user adds, as the tracker sees them."""

from gi.repository import GLib

from unscroll_harness import CATALOG, INVALID_ARGS, T0, remote_error

FIREFOX = 'firefox-esr'
EDITOR = 'org.gnome.TextEditor'


def add_service(session, sid, name, category, app_ids=(), domains=()):
    session.call(CATALOG, 'AddService',
                 GLib.Variant('(sssasas)', (sid, name, category, list(app_ids), list(domains))))


def services(session):
    return {s[0]: s for s in session.call(CATALOG, 'ListServices', None,
                                          '(a(sssasasb))')[0]}


def test_catalog_lists_services_and_categories(unscroll):
    listed = services(unscroll)
    discord = listed['discord']
    assert discord[1:3] == ('Discord', 'messaging')
    assert 'com.discordapp.Discord' in discord[3]
    assert 'discord.com' in discord[4]
    assert discord[5] is False
    assert listed['instagram'][4] == ['instagram.com']
    # Browsers are not services: their time is the sites'.
    assert 'firefox' not in listed
    categories = dict(unscroll.call(CATALOG, 'ListCategories', None, '(a(ss))')[0])
    assert categories['other'] == 'Other'
    assert categories['messaging'] == 'Messaging'


def test_user_service_counts_from_now_on(unscroll):
    unscroll.focus(FIREFOX)
    unscroll.tab('firefox', 'forum.example.org')
    unscroll.advance(100)
    add_service(unscroll, 'myforum', 'My Forum', 'forum', domains=['forum.example.org'])
    assert services(unscroll)['myforum'] == ('myforum', 'My Forum', 'forum', [],
                                             ['example.org'], True)
    unscroll.advance(50)
    # The time before stays anonymous; the time since counts toward the new
    # service, even though the tab did not change.
    assert unscroll.totals('site') == {'': 100, 'example.org': 50}
    assert unscroll.totals('service') == {'myforum': 50}


def test_user_service_applies_to_the_next_activity(unscroll):
    add_service(unscroll, 'myforum', 'My Forum', 'forum', domains=['forum.example.org'])
    unscroll.focus(FIREFOX)
    unscroll.tab('firefox', 'www.example.org')
    unscroll.advance(50)
    assert unscroll.summary('service') == [('myforum', 'My Forum', 50)]
    assert unscroll.totals('site') == {'example.org': 50}
    assert unscroll.totals('category') == {'forum': 50}


def test_user_service_survives_a_restart(unscroll):
    add_service(unscroll, 'notes', 'Notes', 'social', app_ids=[EDITOR])
    unscroll.focus(EDITOR)
    unscroll.advance(60)
    assert unscroll.stop_daemon() == 0

    unscroll.start_daemon(start=T0 + 100)
    assert services(unscroll)['notes'][5] is True
    unscroll.focus(EDITOR)
    unscroll.advance(30)
    assert unscroll.totals('service') == {'notes': 90}

    unscroll.call(CATALOG, 'RemoveService', GLib.Variant('(s)', ('notes',)))
    assert 'notes' not in services(unscroll)
    # Recorded time is kept.
    unscroll.focus('')
    assert unscroll.totals('service') == {'notes': 90}


def test_catalog_refuses_bad_services(unscroll):
    def refused(sid, name, category, app_ids=(), domains=()):
        try:
            add_service(unscroll, sid, name, category, app_ids, domains)
        except GLib.Error as e:
            return remote_error(e)
        raise AssertionError(f'AddService({sid!r}) was accepted')

    assert refused('Bad Id', 'X', 'social', domains=['x.example'])[0] == INVALID_ARGS
    assert refused('mine', 'Mine', 'other', domains=['x.example'])[0] == INVALID_ARGS
    assert refused('mine', 'Mine', 'nosuchcategory', domains=['x.example'])[0] == INVALID_ARGS
    assert refused('mine', 'Mine', 'social')[0] == INVALID_ARGS
    assert refused('mine', 'Mine', 'social', domains=['co.uk'])[0] == INVALID_ARGS
    assert refused('mine', '', 'social', domains=['x.example'])[0] == INVALID_ARGS
    # A built-in id is taken.
    name, message = refused('discord', 'My Discord', 'social', domains=['x.example'])
    assert message
    assert 'mine' not in services(unscroll)

    try:
        unscroll.call(CATALOG, 'RemoveService', GLib.Variant('(s)', ('discord',)))
    except GLib.Error as e:
        assert remote_error(e)[0] == 'io.github.Unscroll.Error.NotFound'
    else:
        raise AssertionError('A built-in service was removed')
    assert 'discord' in services(unscroll)
