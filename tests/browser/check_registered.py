#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a test in tests/browser/test_*.py is not registered in meson.build.

Usage: check_registered.py NODE_ID...   (the node ids meson.build registers)

Every test pytest collects here must be a meson test of its own, and every
registered id must still exist, so that none is silently left out or gone.
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
        print('pytest could not collect the browser tests.')
        return 1
    collected = [line.strip().split('/')[-1] for line in result.stdout.splitlines()
                 if '::' in line]
    missing = [c for c in collected if c not in registered]
    stale = [r for r in registered if r not in collected]
    duplicates = sorted({r for r in registered if registered.count(r) > 1})
    for name in missing:
        print(f'not registered in tests/browser/meson.build: {name}')
    for name in stale:
        print(f'registered but no longer collected: {name}')
    for name in duplicates:
        print(f'registered twice in tests/browser/meson.build: {name}')
    if missing or stale or duplicates:
        return 1
    print(f'All {len(collected)} browser tests are registered as meson tests.')
    return 0


if __name__ == '__main__':
    sys.exit(main())
