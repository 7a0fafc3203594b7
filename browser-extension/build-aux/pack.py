#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Packs the WebExtension for one browser family: a zip for Chromium,
Chrome, Brave, Edge and Vivaldi, or an .xpi for Firefox. The one
manifest.json serves both when loaded unpacked; each package carries only
the keys its browser reads, so neither warns about the other's."""

import argparse
import json
import os
import zipfile

# Keys only the other browser family reads.
DROP = {
    'chromium': {'top': ['browser_specific_settings'], 'background': ['scripts']},
    'firefox': {'top': ['key'], 'background': ['service_worker']},
}


def manifest_for(path, target):
    with open(path, encoding='utf-8') as f:
        manifest = json.load(f)
    for key in DROP[target]['top']:
        manifest.pop(key, None)
    for key in DROP[target]['background']:
        manifest.get('background', {}).pop(key, None)
    return json.dumps(manifest, indent=2, ensure_ascii=False).encode('utf-8') + b'\n'


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--target', choices=sorted(DROP), required=True)
    parser.add_argument('--output', required=True)
    parser.add_argument('--source-dir', required=True)
    parser.add_argument('files', nargs='+', help='paths inside --source-dir')
    args = parser.parse_args()

    entries = [('manifest.json', manifest_for(os.path.join(args.source_dir, 'manifest.json'),
                                              args.target))]
    for name in sorted(set(args.files) - {'manifest.json'}):
        with open(os.path.join(args.source_dir, name), 'rb') as f:
            entries.append((name, f.read()))

    tmp = args.output + '.tmp'
    with zipfile.ZipFile(tmp, 'w', zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            # A fixed timestamp keeps the package reproducible.
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    os.replace(tmp, args.output)


if __name__ == '__main__':
    main()
