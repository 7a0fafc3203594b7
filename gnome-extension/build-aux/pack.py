#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Packs the extension into the zip layout that `gnome-extensions pack`
makes: the sources at the top, lib/, dbus-interfaces/, and schemas/ with
the compiled schema."""

import argparse
import os
import zipfile

SOURCES = ['metadata.json', 'extension.js', 'prefs.js', 'stylesheet.css']


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--output', required=True)
    parser.add_argument('--source-dir', required=True)
    parser.add_argument('--build-dir', required=True)
    args = parser.parse_args()

    def listed(directory, suffix):
        return sorted(n for n in os.listdir(directory) if n.endswith(suffix))

    lib = os.path.join(args.source_dir, 'lib')
    schemas = os.path.join(args.source_dir, 'schemas')
    entries = [(os.path.join(args.source_dir, name), name) for name in SOURCES]
    entries += [(os.path.join(lib, n), f'lib/{n}') for n in listed(lib, '.js')]
    entries += [(os.path.join(args.build_dir, n), f'dbus-interfaces/{n}')
                for n in listed(args.build_dir, '.xml')]
    entries += [(os.path.join(schemas, n), f'schemas/{n}')
                for n in listed(schemas, '.gschema.xml')]
    entries.append((os.path.join(args.build_dir, 'gschemas.compiled'),
                    'schemas/gschemas.compiled'))

    tmp = args.output + '.tmp'
    with zipfile.ZipFile(tmp, 'w', zipfile.ZIP_DEFLATED) as zf:
        for path, arcname in entries:
            # A fixed timestamp keeps the zip reproducible.
            info = zipfile.ZipInfo(arcname, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, 'rb') as f:
                zf.writestr(info, f.read())
    os.replace(tmp, args.output)


if __name__ == '__main__':
    main()
