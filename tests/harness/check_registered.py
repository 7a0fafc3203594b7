#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a pytest test of a folder is not registered in its meson.build.

Usage: check_registered.py FOLDER NODE_ID...   (the ids FOLDER/meson.build registers)

pytest lists what it would run (--collect-only); every one of those must be a
meson test of its own, and every registered id must still exist, so that no
test is silently left out and none is silently gone.
"""

import os
import subprocess
import sys



def main():
    folder = os.path.abspath(sys.argv[1])
    registered = sys.argv[2:]
    where = os.path.join('tests', os.path.basename(folder), 'meson.build')
    result = subprocess.run([sys.executable, '-m', 'pytest', '--collect-only', '-q', folder],
                            cwd=folder, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        print(f'pytest could not collect the tests in {folder}.')
        return 1

    collected = []
    for line in result.stdout.splitlines():
        if '::' in line:
            # Ids are relative to the rootdir, this folder (pytest.ini is here).
            collected.append(line.strip().split('/')[-1] if line.startswith('/') else line.strip())

    duplicates = sorted({r for r in registered if registered.count(r) > 1})
    missing = [c for c in collected if c not in registered]
    stale = [r for r in registered if r not in collected]
    for name in duplicates:
        print(f'registered twice in {where}: {name}')
    for name in missing:
        print(f'not registered in {where}: {name}')
    for name in stale:
        print(f'registered but no longer collected: {name}')
    if missing or stale or duplicates:
        return 1
    print(f'All {len(collected)} tests of {where} are registered as meson tests.')
    return 0


if __name__ == '__main__':
    sys.exit(main())
