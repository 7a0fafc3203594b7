#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turn meson's test logs into the one line CI reads: N passed, N failed, N skipped.

meson test prints an Ok:/Fail:/Skipped: block that counts a GTest binary with
forty cases as one test. This reads BUILD/meson-logs/testlog.json (one JSON
object per line) and counts what really ran: the subtests in a TAP test's
output ("ok N", "not ok N", "# SKIP"), the numbers in pytest's closing line
("== 3 passed, 1 failed, 2 skipped in 1.2s =="), or else meson's own result
for the test as one. Failed and skipped cases are named above the counts so
that nothing is skipped silently.

Usage: summarize.py [--per-run] [--missing-fails] [--setup NAME] [BUILD_DIR ...]
Without build directories, every build*/ with a test log is read. With
--setup, the log of that test setup (testlog-NAME.json) is read instead.
The last line printed is always exactly "N passed, N failed, N skipped".
"""

import argparse
import glob
import json
import os
import re
import sys

ANSI = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')

# "ok 3 /store/migrate # SKIP no disk", "not ok 4 - name # TODO later".
# Indented lines are TAP 14 subtests, already summed up by their parent line.
TAP_LINE = re.compile(r'^(not ok|ok)\b(.*)$')
TAP_DIRECTIVE = re.compile(r'#\s*(SKIP|TODO)\b', re.IGNORECASE)

# pytest's closing line, with or without the rule of "=" around it (-q drops it):
# "==== 3 passed, 1 failed, 2 skipped, 1 warning in 1.20s ====".
PYTEST_CLOSING = re.compile(
    r'^(?:=+ )?(?P<counts>\d+ [a-z]+(?:, \d+ [a-z]+)*) in [0-9.]+s(?: \([^)]*\))?(?: =+)?$')
PYTEST_NOTHING = re.compile(r'^(?:=+ )?no tests ran in [0-9.]+s(?: =+)?$')

MESON_PASSED = {'OK', 'EXPECTEDFAIL'}
MESON_SKIPPED = {'SKIP'}
# FAIL, ERROR, TIMEOUT, UNEXPECTEDPASS, INTERRUPT and anything new count as failed.


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failed_names = []
        self.skipped_names = []

    def add(self, other):
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped
        self.failed_names += other.failed_names
        self.skipped_names += other.skipped_names

    def line(self):
        return f'{self.passed} passed, {self.failed} failed, {self.skipped} skipped'


def count_tap(name, stdout):
    """Counts the TAP subtests in stdout; None if there are none."""
    tally = Tally()
    found = False
    for raw in stdout.splitlines():
        line = ANSI.sub('', raw).rstrip()
        match = TAP_LINE.match(line)
        if not match:
            continue
        found = True
        ok = match.group(1) == 'ok'
        rest = match.group(2)
        description = rest.split('#', 1)[0].strip().lstrip('0123456789').strip(' -')
        label = f'{name} {description}'.strip()
        directive = TAP_DIRECTIVE.search(rest)
        kind = directive.group(1).upper() if directive else None
        if kind == 'SKIP':
            tally.skipped += 1
            tally.skipped_names.append(label)
        elif kind == 'TODO' and not ok:
            # An expected failure (g_test_incomplete): not done, so shown as skipped.
            tally.skipped += 1
            tally.skipped_names.append(label + ' (to do)')
        elif ok:
            tally.passed += 1
        else:
            tally.failed += 1
            tally.failed_names.append(label)
    return tally if found else None


def count_pytest(name, text):
    """Counts from pytest's last closing line; None if there is none."""
    closing = None
    for raw in text.splitlines():
        line = ANSI.sub('', raw).strip()
        match = PYTEST_CLOSING.match(line)
        if match:
            closing = match.group('counts')
        elif PYTEST_NOTHING.match(line):
            closing = ''
    if closing is None:
        return None
    tally = Tally()
    for part in filter(None, closing.split(', ')):
        number, word = part.split(' ', 1)
        number = int(number)
        if word in ('passed', 'xpassed'):
            tally.passed += number
        elif word in ('failed', 'error', 'errors'):
            tally.failed += number
        elif word in ('skipped', 'xfailed'):
            tally.skipped += number
        # deselected, warnings and reruns are not outcomes of a test.
    if tally.failed:
        tally.failed_names.append(f'{name} ({tally.failed} in pytest)')
    if tally.skipped:
        tally.skipped_names.append(f'{name} ({tally.skipped} in pytest)')
    if tally.passed + tally.failed + tally.skipped == 0:
        return None
    return tally


def count_test(entry):
    name = entry.get('name', '?')
    result = entry.get('result', 'ERROR')
    stdout = entry.get('stdout') or ''
    stderr = entry.get('stderr') or ''

    tally = count_pytest(name, stdout + '\n' + stderr)
    if tally is None:
        tally = count_tap(name, stdout)
    if tally is None:
        tally = Tally()
        if result in MESON_PASSED:
            tally.passed = 1
        elif result in MESON_SKIPPED:
            tally.skipped = 1
            tally.skipped_names.append(name)
        else:
            tally.failed = 1
            tally.failed_names.append(f'{name} ({result})')
        return tally

    # A crash after the last subtest, a leak found by a sanitizer or a
    # timeout fails the test even when every case it printed passed.
    if result not in MESON_PASSED | MESON_SKIPPED and tally.failed == 0:
        tally.failed = 1
        tally.failed_names.append(f'{name} ({result})')
    return tally


def summarize_dir(build_dir, log_name, missing_fails):
    path = os.path.join(build_dir, 'meson-logs', log_name)
    tally = Tally()
    try:
        with open(path, encoding='utf-8', errors='replace') as log:
            lines = log.readlines()
    except FileNotFoundError:
        if missing_fails:
            tally.failed = 1
            tally.failed_names.append('no tests ran (the build or the setup failed)')
        return tally

    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            tally.failed += 1
            tally.failed_names.append(f'{path}:{number}: unreadable log line')
            continue
        tally.add(count_test(entry))
    return tally


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('build_dirs', nargs='*', metavar='BUILD_DIR')
    parser.add_argument('--per-run', action='store_true',
                        help='also print one line per build directory')
    parser.add_argument('--missing-fails', action='store_true',
                        help='count a build directory without a test log as one failure')
    parser.add_argument('--setup', metavar='NAME',
                        help='read the log of this meson test setup')
    args = parser.parse_args()

    log_name = f'testlog-{args.setup}.json' if args.setup else 'testlog.json'
    build_dirs = args.build_dirs or sorted(
        os.path.dirname(os.path.dirname(p)) for p in glob.glob(f'build*/meson-logs/{log_name}'))

    total = Tally()
    lines = []
    for build_dir in build_dirs:
        tally = summarize_dir(build_dir, log_name, args.missing_fails)
        label = os.path.basename(os.path.normpath(build_dir)) or build_dir
        lines.append(f'{label}: {tally.line()}')
        if len(build_dirs) > 1:
            tally.failed_names = [f'{label}: {n}' for n in tally.failed_names]
            tally.skipped_names = [f'{label}: {n}' for n in tally.skipped_names]
        total.add(tally)

    for name in total.skipped_names:
        print(f'skipped: {name}')
    for name in total.failed_names:
        print(f'failed: {name}')
    if args.per_run:
        for line in lines:
            print(line)
    print(total.line())
    sys.stdout.flush()
    return 0


if __name__ == '__main__':
    sys.exit(main())
