#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a test in tests/integration/test_*.py is not registered in meson.build.

Usage: check_registered.py NODE_ID...   (the node ids meson.build registers)

pytest lists what it would run (--collect-only); every one of those must be a
meson test of its own, and every registered id must still exist, so that no
test is silently left out and none is silently gone.
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    registered = sys.argv[1:]
    result = subprocess.run([sys.executable, '-m', 'pytest', '--collect-only', '-q', HERE],
                            cwd=HERE, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        print('pytest could not collect the integration tests.')
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
        print(f'registered twice in tests/integration/meson.build: {name}')
    for name in missing:
        print(f'not registered in tests/integration/meson.build: {name}')
    for name in stale:
        print(f'registered but no longer collected: {name}')
    if missing or stale or duplicates:
        return 1
    print(f'All {len(collected)} integration tests are registered as meson tests.')
    return 0


if __name__ == '__main__':
    sys.exit(main())
