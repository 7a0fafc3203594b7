#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds data/catalog/catalog.json, the shipped service catalog, from the
project's sourced reference file social-catalog.json.

Usage: build-catalog.py [REFERENCE_JSON [OUTPUT_JSON]]

The reference defaults to ../shared/reference/social-catalog.json relative to
the repository root and the output to data/catalog/catalog.json beside this
script.  The output is committed, so building Unscroll never needs the
reference.  Standard library only.
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_REFERENCE = os.path.join(REPO, '..', 'shared', 'reference',
                                 'social-catalog.json')
DEFAULT_OUTPUT = os.path.join(HERE, 'catalog.json')

# Human names for the reference's category ids, in the order people see them.
CATEGORY_NAMES = [
    ('social', 'Social networks'),
    ('video', 'Video'),
    ('messaging', 'Messaging'),
    ('forum', 'Forums'),
    ('professional', 'Professional networking'),
    ('work', 'Work chat'),
]

# Hosts that serve many unrelated sites: a hit there says nothing about
# which service someone is using, so no service may ever claim them.
SHARED_CDNS = {
    'akamaihd.net', 'akamaized.net', 'akamai.net', 'edgekey.net',
    'edgesuite.net', 'fastly.net', 'fastlylb.net', 'cloudfront.net',
    'amazonaws.com', 'a2z.com', 'cloudflare.com', 'cloudflare.net',
    'googleusercontent.com', 'gstatic.com', 'ggpht.com',
}

# Services that the reference lists with domains but that cannot be told
# apart by domain: their domains belong to another service.
DOMAINLESS = {
    'youtube_shorts': (
        'Unscroll records registrable domains, never URL paths, so Shorts '
        'cannot be matched and their time counts as YouTube. Kept here, '
        'not shown, to document why.'),
}

# Web browsers' Linux identities.  A window of one of these is a browser,
# so the time goes to the site its extension reports rather than to the
# browser.  Each identity names where it was read:
# - debian: Debian bookworm packages (apt-get download PKG && dpkg -c /
#   dpkg -x: the .desktop file names, StartupWMClass, AppStream ids);
# - flathub: the Flathub build repositories (github.com/flathub/APP-ID) at
#   a commit: the manifest's app-id, the desktop file it installs as
#   /app/share/applications/APP-ID.desktop, and that file's StartupWMClass;
# - gecko-dev: the script Mozilla builds its own Flathub Firefox with;
# - nixpkgs: NixOS package recipes that unpack a vendor's .deb and edit the
#   .desktop files in it by name (the edit fails if the file is missing),
#   for vendor packages Debian doesn't carry.
# Opera, LibreWolf, Floorp and Zen are left out until an identity can be
# sourced.
BROWSERS = [
    {
        'id': 'firefox',
        'name': 'Firefox',
        'app_ids': [
            {'id': 'firefox-esr',
             'kinds': ['desktop_file', 'x11_class', 'wayland_app_id'],
             'source': [
                 'debian:firefox-esr 153.7.0esr-1~deb12u1 /usr/share/applications/firefox-esr.desktop (StartupWMClass=firefox-esr)',
                 'debian:firefox-esr 153.7.0esr-1~deb12u1 /usr/lib/firefox-esr/application.ini (RemotingName=firefox-esr)',
             ]},
            {'id': 'firefox',
             'kinds': ['desktop_file'],
             'source': [
                 'debian:xdg-utils 1.1.3-4.1 /usr/bin/xdg-settings (manual example: "xdg-settings check default-web-browser firefox.desktop")',
             ]},
            {'id': 'org.mozilla.firefox',
             'kinds': ['flatpak', 'desktop_file'],
             'source': [
                 'gecko-dev:mozilla/gecko-dev@3c8c6e76c76a19f818ad25f445a0164ba03d0f40 taskcluster/docker/firefox-flatpak/runme.sh ([Application] name=org.mozilla.firefox; install org.mozilla.firefox.desktop into share/applications)',
             ]},
        ],
    },
    {
        'id': 'chromium',
        'name': 'Chromium',
        'app_ids': [
            {'id': 'chromium',
             'kinds': ['desktop_file', 'x11_class'],
             'source': [
                 'debian:chromium 156.0.8078.79-1~deb12u1 /usr/share/applications/chromium.desktop (StartupWMClass=chromium)',
             ]},
            {'id': 'org.chromium.Chromium',
             'kinds': ['flatpak', 'desktop_file'],
             'source': [
                 'flathub:flathub/org.chromium.Chromium@0018aedccfc04a9be28fd09da92e4c10f8aa74bc org.chromium.Chromium.yaml (app-id: org.chromium.Chromium)',
                 'flathub:flathub/org.chromium.Chromium@09241e74a3aed5dacf696dd722aa9e40ff5588c5 build-aux/install.sh (install org.chromium.Chromium.desktop -t /app/share/applications)',
             ]},
            {'id': 'chromium-browser',
             'kinds': ['x11_class', 'desktop_file'],
             'source': [
                 'flathub:flathub/org.chromium.Chromium@79c4ae6aa317ed0d1cb7cb91d15bf3928e4c7b73 org.chromium.Chromium.desktop (StartupWMClass=chromium-browser; X-Flatpak-RenamedFrom=chromium-browser.desktop)',
             ]},
        ],
    },
    {
        'id': 'google_chrome',
        'name': 'Google Chrome',
        'app_ids': [
            {'id': 'google-chrome',
             'kinds': ['desktop_file'],
             'source': [
                 'debian:xdg-utils 1.1.3-4.1 /usr/bin/xdg-settings (manual example: "xdg-settings set default-web-browser google-chrome.desktop")',
             ]},
            {'id': 'com.google.Chrome',
             'kinds': ['flatpak', 'desktop_file', 'x11_class'],
             'source': [
                 'flathub:flathub/com.google.Chrome@002e5b2a61e3d8c6cdf46ef22e305214b72216af com.google.Chrome.yaml (app-id: com.google.Chrome; install -t /app/share/applications com.google.Chrome.desktop)',
                 'flathub:flathub/com.google.Chrome@481560eb49f8f0e284e17feb889d8f228a1e4df4 com.google.Chrome.desktop (StartupWMClass=com.google.Chrome; Exec=/app/bin/chrome --class=com.google.Chrome)',
             ]},
        ],
    },
    {
        'id': 'brave',
        'name': 'Brave',
        'app_ids': [
            {'id': 'com.brave.Browser',
             'kinds': ['flatpak', 'desktop_file'],
             'source': [
                 'flathub:flathub/com.brave.Browser@000860332754ef617e5f50c4713955ee482210e6 com.brave.Browser.yaml (app-id: com.brave.Browser; install -Dm 644 brave-browser.desktop /app/share/applications/com.brave.Browser.desktop)',
             ]},
            {'id': 'brave-browser',
             'kinds': ['desktop_file', 'x11_class'],
             'source': [
                 'nixpkgs:NixOS/nixpkgs@0209c230216c42d3f547c2b604a25eabf83d18d1 pkgs/applications/networking/browsers/brave/make-brave.nix (substituteInPlace $out/share/applications/brave-browser.desktop, from the brave-browser .deb)',
                 'flathub:flathub/com.brave.Browser@064641c17425350ac3899342afdd8fc8e8561864 brave-browser.desktop (StartupWMClass=brave-browser)',
             ]},
        ],
    },
    {
        'id': 'microsoft_edge',
        'name': 'Microsoft Edge',
        'app_ids': [
            {'id': 'com.microsoft.Edge',
             'kinds': ['flatpak', 'desktop_file'],
             'source': [
                 'flathub:flathub/com.microsoft.Edge@00098ab415f3702dba40b52af31d95d044b93583 com.microsoft.Edge.yaml (app-id: com.microsoft.Edge; install -Dm 644 -t /app/share/applications com.microsoft.Edge.desktop)',
                 'nixpkgs:NixOS/nixpkgs@005ab72f9cf5a75cdcd9ff672fb4a3b03391619f pkgs/by-name/mi/microsoft-edge/package.nix (substituteInPlace $out/share/applications/com.microsoft.Edge.desktop, from microsoft-edge-stable_145.0.3800.82-1_amd64.deb)',
             ]},
            {'id': 'microsoft-edge',
             'kinds': ['desktop_file'],
             'source': [
                 'nixpkgs:NixOS/nixpkgs@005ab72f9cf5a75cdcd9ff672fb4a3b03391619f pkgs/by-name/mi/microsoft-edge/package.nix (substituteInPlace $out/share/applications/microsoft-edge.desktop, from microsoft-edge-stable_145.0.3800.82-1_amd64.deb)',
             ]},
        ],
    },
    {
        'id': 'vivaldi',
        'name': 'Vivaldi',
        'app_ids': [
            {'id': 'com.vivaldi.Vivaldi',
             'kinds': ['flatpak', 'desktop_file'],
             'source': [
                 'flathub:flathub/com.vivaldi.Vivaldi@01b44c26c6cfd69f9bddd3d99019140978dead5d com.vivaldi.Vivaldi.yaml (app-id: com.vivaldi.Vivaldi; install -Dm 644 /app/vivaldi/applications/vivaldi-stable.desktop /app/share/applications/com.vivaldi.Vivaldi.desktop)',
             ]},
            {'id': 'Vivaldi-flatpak',
             'kinds': ['x11_class'],
             'source': [
                 'flathub:flathub/com.vivaldi.Vivaldi@01b44c26c6cfd69f9bddd3d99019140978dead5d com.vivaldi.Vivaldi.yaml (sed s,^StartupWMClass=[Vv]ivaldi,StartupWMClass=Vivaldi-flatpak, on the installed desktop file)',
             ]},
            {'id': 'vivaldi-stable',
             'kinds': ['desktop_file'],
             'source': [
                 'flathub:flathub/com.vivaldi.Vivaldi@01b44c26c6cfd69f9bddd3d99019140978dead5d com.vivaldi.Vivaldi.yaml (vivaldi-stable_8.2.4133.55-1_amd64.deb ./usr/share/applications/vivaldi-stable.desktop)',
             ]},
        ],
    },
    {
        'id': 'epiphany',
        'name': 'GNOME Web (Epiphany)',
        'app_ids': [
            {'id': 'org.gnome.Epiphany',
             'kinds': ['desktop_file', 'appstream_id'],
             'source': [
                 'debian:epiphany-browser 43.1-1 /usr/share/applications/org.gnome.Epiphany.desktop',
                 'debian:epiphany-browser 43.1-1 /usr/share/metainfo/org.gnome.Epiphany.appdata.xml (<id>org.gnome.Epiphany.desktop</id>)',
             ]},
            {'id': 'epiphany',
             'kinds': ['desktop_file'],
             'source': [
                 'debian:epiphany-browser 43.1-1 /usr/share/metainfo/org.gnome.Epiphany.appdata.xml (<provides><id>epiphany.desktop</id>)',
             ]},
        ],
    },
    {
        'id': 'falkon',
        'name': 'Falkon',
        'app_ids': [
            {'id': 'org.kde.falkon',
             'kinds': ['desktop_file', 'appstream_id'],
             'source': [
                 'debian:falkon 22.12.1-2 /usr/share/applications/org.kde.falkon.desktop',
             ]},
            {'id': 'Falkon',
             'kinds': ['x11_class'],
             'source': [
                 'debian:falkon 22.12.1-2 /usr/share/applications/org.kde.falkon.desktop (StartupWMClass=Falkon)',
             ]},
        ],
    },
    {
        'id': 'konqueror',
        'name': 'Konqueror',
        'app_ids': [
            {'id': 'org.kde.konqueror',
             'kinds': ['desktop_file', 'appstream_id'],
             'source': [
                 'debian:konqueror 4:22.12.3-1 /usr/share/applications/org.kde.konqueror.desktop',
             ]},
            {'id': 'konqbrowser',
             'kinds': ['desktop_file'],
             'source': [
                 'debian:konqueror 4:22.12.3-1 /usr/share/applications/konqbrowser.desktop (Categories=...;WebBrowser;)',
             ]},
        ],
    },
    {
        'id': 'qutebrowser',
        'name': 'qutebrowser',
        'app_ids': [
            {'id': 'org.qutebrowser.qutebrowser',
             'kinds': ['desktop_file', 'appstream_id'],
             'source': [
                 'debian:qutebrowser 2.5.3-1 /usr/share/applications/org.qutebrowser.qutebrowser.desktop',
             ]},
            {'id': 'qutebrowser',
             'kinds': ['x11_class'],
             'source': [
                 'debian:qutebrowser 2.5.3-1 /usr/share/applications/org.qutebrowser.qutebrowser.desktop (StartupWMClass=qutebrowser)',
             ]},
        ],
    },
]

ID_RE = re.compile(r'^[a-z0-9_-]{1,64}$')
DOMAIN_RE = re.compile(r'^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$')
APP_ID_RE = re.compile(r'^[^/\x00-\x1f\x7f]{1,255}$')

# Reference app id "type" → the kinds of identity it gives.
APP_TYPE_KINDS = {
    'flatpak': ['flatpak'],
    'snap': ['snap'],
    'deb package': ['deb_package'],
}

# Reference window identity "kind" → kinds recorded here.
WM_KIND_KINDS = {
    'x11_class': ['x11_class'],
    'wayland_app_id': ['wayland_app_id'],
    'x11_class_or_wayland_app_id': ['x11_class', 'wayland_app_id'],
}


class CatalogError(Exception):
    pass


def first_token(text):
    """The leading token of a reference string such as
    'fbcdn.net (shared with Facebook)' → ('fbcdn.net', 'shared with Facebook')."""
    m = re.match(r'^\s*([^\s(]+)\s*(?:\((.*)\))?\s*$', text)
    if not m:
        raise CatalogError(f'cannot read {text!r}')
    return m.group(1), m.group(2)


def clean_domain(text, where):
    domain, note = first_token(text)
    domain = domain.lower().rstrip('.')
    if not DOMAIN_RE.match(domain):
        raise CatalogError(f'{where}: {text!r} is not a domain name')
    return domain, note


def strip_desktop(name):
    return name[:-len('.desktop')] if name.lower().endswith('.desktop') else name


class AppIds:
    """Identities of one service, deduplicated case-insensitively, each
    keeping the kinds it was seen as and every source."""

    def __init__(self, where):
        self.where = where
        self.entries = []
        self.index = {}

    def add(self, ident, kinds, sources, note=None):
        # Not stripped of ".desktop" here: org.telegram.desktop is a
        # Flatpak id, not a desktop file name.
        ident = ident.strip()
        if not APP_ID_RE.match(ident):
            raise CatalogError(f'{self.where}: {ident!r} is not an app id')
        key = ident.lower()
        entry = self.index.get(key)
        if entry is None:
            entry = {'id': ident, 'kinds': [], 'source': []}
            self.index[key] = entry
            self.entries.append(entry)
        for k in kinds:
            if k not in entry['kinds']:
                entry['kinds'].append(k)
        for s in sources:
            if s not in entry['source']:
                entry['source'].append(s)
        if note:
            notes = entry.setdefault('notes', [])
            if note not in notes:
                notes.append(note)

    def result(self):
        return self.entries


def build_app_ids(service, where):
    apps = AppIds(where)
    for i, app in enumerate(service.get('app_ids', [])):
        awhere = f'{where}.app_ids[{i}]'
        sources = list(app.get('source', []))
        if not sources:
            raise CatalogError(f'{awhere}: no source')
        status = app.get('status')
        kinds = APP_TYPE_KINDS.get(app['type'])
        if kinds is None:
            # Every other type in the reference names a .desktop file.
            if 'desktop file' not in app['type']:
                raise CatalogError(f'{awhere}: unknown type {app["type"]!r}')
            kinds = ['desktop_file']
        note = status
        if app.get('official') is False:
            note = status or 'third-party client'
        apps.add(app['id'], kinds, sources, note)
        if 'desktop_file' in app:
            desktop, desktop_note = first_token(app['desktop_file'])
            desktop = strip_desktop(desktop)
            kind = 'snap_desktop_file' if app['type'] == 'snap' else 'desktop_file'
            apps.add(desktop, [kind], sources, desktop_note)
    for i, wm in enumerate(service.get('wm_classes', [])):
        wwhere = f'{where}.wm_classes[{i}]'
        kinds = WM_KIND_KINDS.get(wm['kind'])
        if kinds is None:
            raise CatalogError(f'{wwhere}: unknown kind {wm["kind"]!r}')
        sources = list(wm.get('source', []))
        if not sources:
            raise CatalogError(f'{wwhere}: no source')
        note = f'confidence: {wm["confidence"]}' if wm.get('confidence') else None
        if wm.get('applies_to'):
            note = f'{note}; {wm["applies_to"]}' if note else wm['applies_to']
        apps.add(wm['value'], kinds, sources, note)
    return apps.result()


def build_service(service, category_ids):
    sid = service['id']
    where = f'services[{sid}]'
    if not ID_RE.match(sid):
        raise CatalogError(f'{where}: bad id')
    if service['category'] not in category_ids:
        raise CatalogError(f'{where}: unknown category {service["category"]!r}')
    verification = service['verification']
    if verification not in ('two_or_more_sources', 'single_source'):
        raise CatalogError(f'{where}: unknown verification {verification!r}')
    sources = list(service.get('source', []))
    if not sources:
        raise CatalogError(f'{where}: no source')

    notes = []
    if service.get('notes'):
        notes.append(service['notes'])

    domains = []
    for text in service.get('domains', []):
        domain, note = clean_domain(text, where)
        if note:
            raise CatalogError(f'{where}: attributed domain {text!r} carries a remark')
        if domain not in domains:
            domains.append(domain)

    unattributed = []
    for field, kind in (('short_link_domains', 'short_link'),
                        ('cdn_domains', 'cdn'),
                        ('infra_domains', 'infra')):
        for text in service.get(field, []):
            domain, note = clean_domain(text, where)
            entry = {'domain': domain, 'kind': kind}
            if note:
                entry['note'] = note
            unattributed.append(entry)

    if sid in DOMAINLESS:
        for domain in domains:
            unattributed.append({'domain': domain, 'kind': 'shared_with_another_service'})
        domains = []
        notes.append(DOMAINLESS[sid])

    shown = verification == 'two_or_more_sources' and sid not in DOMAINLESS
    if verification == 'single_source':
        notes.append('Only one source confirms this entry, so it is not '
                     'shown or matched until a second source is found.')

    out = {
        'id': sid,
        'name': service['name'],
        'category': service['category'],
        'domains': domains,
        'app_ids': build_app_ids(service, where),
        'verification': verification,
        'shown': shown,
    }
    if unattributed:
        out['unattributed_domains'] = unattributed
    if notes:
        out['notes'] = ' '.join(notes)
    out['source'] = sources
    return out


def check(catalog):
    """Invariants the loader relies on: no domain or app id is claimed by
    two shown services, no attributed domain is a short link, CDN, infra
    or shared CDN host, and every shown service is sourced twice."""
    domain_owner = {}
    app_owner = {}
    unattributed = set()
    for s in catalog['services']:
        for u in s.get('unattributed_domains', []):
            if u['kind'] != 'shared_with_another_service':
                unattributed.add(u['domain'])
    for s in catalog['services']:
        if s['shown'] and s['verification'] != 'two_or_more_sources':
            raise CatalogError(f'{s["id"]}: shown without two sources')
        for d in s['domains']:
            if d in SHARED_CDNS:
                raise CatalogError(f'{s["id"]}: shared CDN {d} attributed')
            if d in unattributed:
                raise CatalogError(f'{s["id"]}: {d} is both attributed and not')
            if not s['shown']:
                continue
            if d in domain_owner:
                raise CatalogError(f'{d} claimed by {domain_owner[d]} and {s["id"]}')
            domain_owner[d] = s['id']
        if not s['shown']:
            continue
        for a in s['app_ids']:
            key = a['id'].lower()
            if key in app_owner:
                raise CatalogError(f'app id {a["id"]} claimed by {app_owner[key]} and {s["id"]}')
            app_owner[key] = s['id']
    seen = {}
    for b in catalog['browsers']:
        for a in b['app_ids']:
            key = a['id'].lower()
            if key in seen or key in app_owner:
                raise CatalogError(f'browser app id {a["id"]} is listed twice')
            seen[key] = b['id']
            if not a['source']:
                raise CatalogError(f'browser app id {a["id"]} has no source')


def build(reference):
    if reference.get('version') != 1:
        raise CatalogError('unknown reference version')
    updated = reference['updated']
    ref_categories = reference['categories']
    names = dict(CATEGORY_NAMES)
    if set(names) != set(ref_categories):
        raise CatalogError('the reference categories changed: '
                           f'{sorted(ref_categories)}; update CATEGORY_NAMES')
    category_ids = set(names)

    services = [build_service(s, category_ids) for s in reference['services']]
    browsers = []
    for b in BROWSERS:
        apps = AppIds(f'browsers[{b["id"]}]')
        for a in b['app_ids']:
            apps.add(a['id'], a['kinds'], a['source'])
        sources = []
        for a in b['app_ids']:
            for s in a['source']:
                if s not in sources:
                    sources.append(s)
        browsers.append({'id': b['id'], 'name': b['name'],
                         'app_ids': apps.result(), 'source': sources})

    catalog = {
        'version': 1,
        'generated_from': f'shared/reference/social-catalog.json updated {updated}',
        'last_checked': updated,
        'categories': [{'id': cid, 'name': name} for cid, name in CATEGORY_NAMES],
        'services': services,
        'browsers': browsers,
    }
    check(catalog)
    return catalog


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
        catalog = build(reference)
    except (CatalogError, KeyError) as e:
        print(f'{reference_path}: {e}', file=sys.stderr)
        return 1
    text = json.dumps(catalog, indent=2, ensure_ascii=False) + '\n'
    tmp = output_path + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(tmp, output_path)
    shown = sum(1 for s in catalog['services'] if s['shown'])
    print(f'{output_path}: {len(catalog["services"])} services '
          f'({shown} shown), {len(catalog["browsers"])} browsers')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
