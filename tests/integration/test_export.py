# SPDX-License-Identifier: GPL-3.0-or-later
"""Export: every span, exactly, as CSV, JSON and NDJSON, through a passed fd."""

import json

from unscroll_harness import DAY0

CSV = '''start,end,day,seconds,kind,subject,service,category
2026-03-02T10:00:00Z,2026-03-02T10:10:00Z,2026-03-02,600.000,app,com.discordapp.Discord,discord,messaging
2026-03-02T10:10:00Z,2026-03-02T10:11:30Z,2026-03-02,90.250,site,instagram.com,instagram,social
2026-03-02T10:11:30Z,2026-03-02T10:12:00Z,2026-03-02,30.000,site,,,other
2026-03-02T10:12:00Z,2026-03-02T10:12:45Z,2026-03-02,45.000,app,org.gnome.TextEditor,,other
'''

RECORDS = [
    {'start': '2026-03-02T10:00:00Z', 'end': '2026-03-02T10:10:00Z', 'day': '2026-03-02',
     'seconds': 600.0, 'kind': 'app', 'subject': 'com.discordapp.Discord',
     'service': 'discord', 'category': 'messaging'},
    {'start': '2026-03-02T10:10:00Z', 'end': '2026-03-02T10:11:30Z', 'day': '2026-03-02',
     'seconds': 90.25, 'kind': 'site', 'subject': 'instagram.com',
     'service': 'instagram', 'category': 'social'},
    {'start': '2026-03-02T10:11:30Z', 'end': '2026-03-02T10:12:00Z', 'day': '2026-03-02',
     'seconds': 30.0, 'kind': 'site', 'subject': '', 'service': None, 'category': 'other'},
    {'start': '2026-03-02T10:12:00Z', 'end': '2026-03-02T10:12:45Z', 'day': '2026-03-02',
     'seconds': 45.0, 'kind': 'app', 'subject': 'org.gnome.TextEditor', 'service': None,
     'category': 'other'},
]

OBJECTS = [
    '{"start":"2026-03-02T10:00:00Z","end":"2026-03-02T10:10:00Z","day":"2026-03-02",'
    '"seconds":600.000,"kind":"app","subject":"com.discordapp.Discord","service":"discord",'
    '"category":"messaging"}',
    '{"start":"2026-03-02T10:10:00Z","end":"2026-03-02T10:11:30Z","day":"2026-03-02",'
    '"seconds":90.250,"kind":"site","subject":"instagram.com","service":"instagram",'
    '"category":"social"}',
    '{"start":"2026-03-02T10:11:30Z","end":"2026-03-02T10:12:00Z","day":"2026-03-02",'
    '"seconds":30.000,"kind":"site","subject":"","service":null,"category":"other"}',
    '{"start":"2026-03-02T10:12:00Z","end":"2026-03-02T10:12:45Z","day":"2026-03-02",'
    '"seconds":45.000,"kind":"app","subject":"org.gnome.TextEditor","service":null,'
    '"category":"other"}',
]


def record(session):
    """Four spans: an app, a site of the catalog (90.25 s), an anonymous site, an app."""
    session.focus('com.discordapp.Discord')
    # A tab report while another app has focus is kept for later.
    session.tab('firefox', 'www.instagram.com', focused=True)
    session.advance(600)
    session.focus('firefox-esr')
    session.advance(90.25)
    session.tab('firefox', 'www.example.org', focused=True)
    session.advance(30)
    session.focus('org.gnome.TextEditor')
    session.advance(45)


def test_export_csv(unscroll):
    record(unscroll)
    # The activity going on is saved first, so it is exported too.
    assert unscroll.export('csv') == (4, CSV)


def test_export_json(unscroll):
    record(unscroll)
    rows, text = unscroll.export('json')
    assert rows == 4
    assert text == '[\n' + ',\n'.join(OBJECTS) + '\n]\n'
    assert json.loads(text) == RECORDS


def test_export_ndjson(unscroll):
    record(unscroll)
    rows, text = unscroll.export('ndjson')
    assert rows == 4
    assert text == ''.join(o + '\n' for o in OBJECTS)
    assert [json.loads(line) for line in text.splitlines()] == RECORDS


def test_export_seconds_add_up_to_the_totals(unscroll):
    record(unscroll)
    _, text = unscroll.export('json')
    exported = sum(r['seconds'] for r in json.loads(text))
    summed = sum(seconds for _, _, seconds in unscroll.summary('category'))
    # Summaries are in whole seconds per group; 90.25 s is the only fraction.
    assert exported == 765.25
    assert summed == 765


def test_export_of_an_empty_range(unscroll):
    record(unscroll)
    assert unscroll.export('csv', '2026-03-03', '2026-03-09') == \
        (0, 'start,end,day,seconds,kind,subject,service,category\n')
    assert unscroll.export('json', '2026-03-03') == (0, '[]\n')
    assert unscroll.export('ndjson', '2026-03-03') == (0, '')


def test_export_twice_gives_the_same(unscroll):
    record(unscroll)
    first = unscroll.export('csv', DAY0)
    second = unscroll.export('csv', DAY0)
    assert first == second == (4, CSV)
