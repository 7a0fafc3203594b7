#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds data/resources/resources.json, the shipped mental-health
resources, from the project's sourced reference file resources.json.

Usage: build-resources.py [REFERENCE_JSON [OUTPUT_JSON]]

The reference defaults to ../shared/reference/resources.json relative to the
repository root and the output to data/resources/resources.json beside this
script.  The output is committed, so building Unscroll never needs the
reference.  Standard library only.

Every value is copied from the reference as it is: nothing is rewritten,
guessed or completed.  Before writing, the result is checked against the
rules in README.md and compared with the reference once more; if anything
is wrong, nothing is written and the script exits with status 1.
"""

import datetime
import json
import os
import urllib.parse
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_REFERENCE = os.path.join(REPO, '..', 'shared', 'reference',
                                 'resources.json')
DEFAULT_OUTPUT = os.path.join(HERE, 'resources.json')

# The fields of an entry that are shown to people, in the order kept.
FIELDS = ['name', 'kind', 'phone', 'sms', 'url', 'chat', 'hours', 'audience',
          'languages', 'notes']
# The fields that say how to reach a service; a per-field verification in
# the reference may name any of them.
CONTACT_FIELDS = ['phone', 'sms', 'url', 'chat']
KINDS = ['crisis', 'support', 'info']
VERIFIED = 'two_or_more_sources'
SINGLE = 'single_source'

# The international entries offered when a country has none of its own:
# directories that lead to the local lines of almost every country.  The
# other international entries are kept in the file but not offered as a
# fall-back: the EU number 116 123 is not in service everywhere, and 7 Cups
# is not a crisis service.
FALLBACK_NAMES = ['Find A Helpline (ThroughLine)', 'Befrienders Worldwide']

UNVERIFIED_NOTE = ('Only one source confirms these fields, so they are not '
                   'shown; the rest of the entry is confirmed by two or more '
                   'sources.')
WITHHELD_URL_NOTE = ('Only an http:// address was sourced; Unscroll offers '
                     'https:// addresses only, and no https:// address was '
                     'confirmed, so the web address is not shown.')

COUNTRY_RE = re.compile(r'^[A-Z]{2}$')
DATE_RE = re.compile(r'^\d{4}-\d{2}-\d{2}$')
CONTROL_RE = re.compile(r'[\x00-\x1f\x7f-\x9f]')


class ResourcesError(Exception):
    pass


def check_text(value, where):
    if not isinstance(value, str) or not value.strip():
        raise ResourcesError(f'{where}: not a non-empty string')
    if CONTROL_RE.search(value):
        raise ResourcesError(f'{where}: contains a control character')


def check_date(value, where):
    check_text(value, where)
    if not DATE_RE.match(value):
        raise ResourcesError(f'{where}: {value!r} is not YYYY-MM-DD')
    try:
        datetime.date.fromisoformat(value)
    except ValueError as e:
        raise ResourcesError(f'{where}: {value!r} is not a date ({e})')


def parse_verification(text, where):
    """Returns (verified, unverified_fields) for the reference's
    verification string: a single status, or per-field statuses such as
    "phone: two_or_more_sources; sms: single_source"."""
    if text == VERIFIED:
        return True, []
    if text == SINGLE:
        return False, []
    if not isinstance(text, str):
        raise ResourcesError(f'{where}: verification is not a string')
    statuses = {}
    for part in text.split(';'):
        field, sep, status = (p.strip() for p in part.partition(':'))
        if not sep or field not in CONTACT_FIELDS or status not in (VERIFIED, SINGLE):
            raise ResourcesError(f'{where}: cannot read verification {text!r}')
        if field in statuses:
            raise ResourcesError(f'{where}: {field} verified twice in {text!r}')
        statuses[field] = status
    confirmed = [f for f, s in statuses.items() if s == VERIFIED]
    if not confirmed:
        return False, []
    return True, [f for f, s in statuses.items() if s == SINGLE]


def strip_tracking(url):
    """Drops advertising trackers (gclid, fbclid, utm_*) from a source address;
    the page read is the same without them."""
    parts = urllib.parse.urlsplit(url)
    if not parts.query:
        return url
    kept = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
            if k not in ('gclid', 'fbclid') and not k.startswith('utm_')]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(kept)))


def has_contact(entry):
    return bool(entry.get('phone') or entry.get('sms') or
                (entry.get('url') or '').startswith('https://'))


def convert_entry(entry, where, last_checked):
    """One reference entry as shipped.

    An entry whose verification is per field ("phone: two_or_more_sources;
    sms: single_source") is shipped as verified, and its single-source
    fields move to "unverified_fields", which nothing shows.  That keeps a
    confirmed crisis number in front of people without also showing a text
    number only one source gives: a person in crisis must not be sent to a
    number that may be wrong, and hiding the whole entry would hide a
    confirmed line.
    """
    if not isinstance(entry, dict):
        raise ResourcesError(f'{where}: not an object')
    check_text(entry.get('name'), f'{where}.name')
    where = f'{where} ({entry["name"]})'
    out = {}
    for field in FIELDS:
        value = entry.get(field)
        if value is None:
            continue
        if field == 'languages':
            if not isinstance(value, list) or not value:
                raise ResourcesError(f'{where}: languages is not a list')
            for i, language in enumerate(value):
                check_text(language, f'{where}.languages[{i}]')
            out[field] = list(value)
        else:
            check_text(value, f'{where}.{field}')
            out[field] = value
    if out.get('kind') not in KINDS:
        raise ResourcesError(f'{where}: kind {entry.get("kind")!r} is not one of {KINDS}')

    sources = entry.get('source')
    if not isinstance(sources, list) or not sources:
        raise ResourcesError(f'{where}: no source')
    for i, source in enumerate(sources):
        check_text(source, f'{where}.source[{i}]')
    out['sources'] = [strip_tracking(source) for source in sources]

    verification = entry.get('verification')
    verified, unverified = parse_verification(verification, where)
    out['verification'] = verification
    moved = {}
    for field in unverified:
        if field in out:
            moved[field] = out.pop(field)
    if moved:
        out['unverified_fields'] = moved
        out['unverified_note'] = UNVERIFIED_NOTE

    url = out.get('url')
    if url is not None and not url.startswith('https://'):
        out['withheld_fields'] = {'url': out.pop('url')}
        out['withheld_note'] = WITHHELD_URL_NOTE

    out['verified'] = verified
    out['last_checked'] = last_checked
    return out


def check_entry(entry, where):
    """The rules the daemon and the tests rely on for what people see."""
    where = f'{where} ({entry["name"]})'
    url = entry.get('url')
    if url is not None and not url.startswith('https://'):
        raise ResourcesError(f'{where}: url {url!r} is not https')
    if not entry['verified']:
        return
    if len(entry['sources']) < 2:
        raise ResourcesError(f'{where}: verified with fewer than two sources')
    if not has_contact(entry):
        raise ResourcesError(f'{where}: verified but no phone, text number or https address')


def check_nothing_invented(reference_entry, entry, where):
    """Every value shipped, shown or not, is the reference's, unchanged."""
    shipped = dict(entry)
    shipped.update(entry.get('unverified_fields', {}))
    shipped.update(entry.get('withheld_fields', {}))
    for field in FIELDS:
        if shipped.get(field) != reference_entry.get(field):
            raise ResourcesError(f'{where}: {field} differs from the reference')
    if entry['sources'] != [strip_tracking(source) for source in reference_entry['source']]:
        raise ResourcesError(f'{where}: sources differ from the reference')


def convert_tip(tip, where, last_checked):
    if not isinstance(tip, dict):
        raise ResourcesError(f'{where}: not an object')
    for field in ('title', 'url', 'summary'):
        check_text(tip.get(field), f'{where}.{field}')
    if not tip['url'].startswith('https://'):
        raise ResourcesError(f'{where}: url is not https')
    sources = tip.get('source')
    if not isinstance(sources, list) or not sources:
        raise ResourcesError(f'{where}: no source')
    for i, source in enumerate(sources):
        check_text(source, f'{where}.source[{i}]')
    return {
        'title': tip['title'],
        'url': tip['url'],
        'summary': tip['summary'],
        'sources': list(sources),
        'last_checked': last_checked,
    }


def first_sentence(text):
    """The part of the reference's disclaimer meant for people; the rest
    ("re-check periodically") is for maintainers, and README.md says it."""
    match = re.match(r'(.+?\.)(\s+[A-Z]|$)', text.strip())
    return match.group(1) if match else text.strip()


def build(reference):
    if not isinstance(reference, dict) or reference.get('version') != 1:
        raise ResourcesError('unknown reference version')
    last_checked = reference.get('updated')
    check_date(last_checked, 'updated')

    check_text(reference.get('disclaimer'), 'disclaimer')
    disclaimer = first_sentence(reference['disclaimer'])
    if 'emergency' not in disclaimer:
        raise ResourcesError(f'disclaimer: {disclaimer!r} names no emergency number')

    ref_countries = reference.get('countries')
    if not isinstance(ref_countries, dict) or not ref_countries:
        raise ResourcesError('countries: not a non-empty object')
    countries = {}
    for code, entries in ref_countries.items():
        if not COUNTRY_RE.match(code):
            raise ResourcesError(f'countries: {code!r} is not a two-letter upper-case code')
        if not isinstance(entries, list) or not entries:
            raise ResourcesError(f'countries.{code}: not a non-empty list')
        countries[code] = []
        for i, entry in enumerate(entries):
            where = f'countries.{code}[{i}]'
            converted = convert_entry(entry, where, last_checked)
            check_entry(converted, where)
            check_nothing_invented(entry, converted, where)
            countries[code].append(converted)

    ref_international = reference.get('international')
    if not isinstance(ref_international, list) or not ref_international:
        raise ResourcesError('international: not a non-empty list')
    international = []
    for i, entry in enumerate(ref_international):
        where = f'international[{i}]'
        converted = convert_entry(entry, where, last_checked)
        check_entry(converted, where)
        check_nothing_invented(entry, converted, where)
        converted['fallback'] = converted['name'] in FALLBACK_NAMES
        international.append(converted)

    fallbacks = [e for e in international if e['fallback']]
    if [e['name'] for e in fallbacks] != FALLBACK_NAMES:
        raise ResourcesError(f'international: the fall-backs {FALLBACK_NAMES} are not all there, '
                             'in that order')
    for entry in fallbacks:
        if not entry['verified'] or not entry.get('url', '').startswith('https://'):
            raise ResourcesError(f'international: fall-back {entry["name"]} is not verified '
                                 'with an https address')

    ref_tips = reference.get('tips')
    if not isinstance(ref_tips, list):
        raise ResourcesError('tips: not a list')
    tips = [convert_tip(t, f'tips[{i}]', last_checked) for i, t in enumerate(ref_tips)]

    return {
        'version': 1,
        'generated_from': f'shared/reference/resources.json updated {last_checked}',
        'last_checked': last_checked,
        'disclaimer': disclaimer,
        'countries': countries,
        'international': international,
        'tips': tips,
    }


def main(argv):
    reference_path = argv[1] if len(argv) > 1 else DEFAULT_REFERENCE
    output_path = argv[2] if len(argv) > 2 else DEFAULT_OUTPUT
    try:
        with open(reference_path, encoding='utf-8') as f:
            reference = json.load(f)
    except (OSError, ValueError) as e:
        print(f'{reference_path}: cannot read the reference: {e}', file=sys.stderr)
        return 1
    try:
        resources = build(reference)
    except ResourcesError as e:
        print(f'{reference_path}: {e}; nothing was written', file=sys.stderr)
        return 1

    text = json.dumps(resources, indent=2, ensure_ascii=False) + '\n'
    tmp = output_path + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(tmp, output_path)

    entries = [e for es in resources['countries'].values() for e in es]
    shown = sum(1 for e in entries if e['verified'])
    partial = sum(1 for e in entries if 'unverified_fields' in e)
    withheld = sum(1 for e in entries if 'withheld_fields' in e)
    print(f'{output_path}: {len(resources["countries"])} countries, {len(entries)} entries '
          f'({shown} verified, {partial} with single-source fields hidden, '
          f'{withheld} with an http address withheld), '
          f'{len(resources["international"])} international, {len(resources["tips"])} tips')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
