# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/summarize.py turns meson's test log into the line CI reads; these
check that it counts GTest cases and pytest outcomes one by one, never
loses a failure, and always ends on "N passed, N failed, N skipped"."""

import json
import os
import subprocess
import sys

SUMMARIZE = os.path.join(os.environ.get('UNSCROLL_SOURCE_ROOT',
                                        os.path.join(os.path.dirname(__file__), '..', '..')),
                         'tests', 'summarize.py')

TAP_OK = '''TAP version 13
# random seed: R02S
1..4
# Start of day tests
ok 1 /day/parse
ok 2 /day/boundary # SKIP no time zone data
not ok 3 /day/dst # TODO later
ok 4 /day/split
# End of day tests
'''

TAP_CRASH = '''1..3
ok 1 /store/open
not ok 2 /store/migrate
Bail out!
'''

PYTEST_CLOSING = '''../test_x.py ..sF
=========== 1 failed, 2 passed, 1 skipped, 3 warnings in 0.31s ===========
'''


def write_log(folder, entries, name='testlog.json'):
    logs = folder / 'meson-logs'
    logs.mkdir(parents=True, exist_ok=True)
    with open(logs / name, 'w', encoding='utf-8') as f:
        for entry in entries:
            f.write(json.dumps(entry) + '\n')


def summarize(*args):
    result = subprocess.run([sys.executable, SUMMARIZE] + [str(a) for a in args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert result.returncode == 0, result.stdout
    return result.stdout.splitlines()


def test_counts_gtest_cases_pytest_outcomes_and_plain_tests(tmp_path):
    write_log(tmp_path, [
        {'name': 'unit / test-day', 'result': 'OK', 'stdout': TAP_OK},
        {'name': 'integration / x', 'result': 'FAIL', 'stdout': PYTEST_CLOSING},
        {'name': 'lint / potfiles', 'result': 'OK', 'stdout': 'all listed\n'},
        {'name': 'lint / other', 'result': 'SKIP', 'stdout': ''},
    ])
    lines = summarize(tmp_path)
    # TAP: 2 passed, 2 skipped (SKIP, TODO); pytest: 2/1/1; plain: 1 passed, 1 skipped.
    assert lines[-1] == '5 passed, 1 failed, 4 skipped'
    assert 'skipped: unit / test-day /day/boundary' in lines
    assert 'skipped: unit / test-day /day/dst (to do)' in lines
    assert 'failed: integration / x (1 in pytest)' in lines


def test_a_crash_after_passing_cases_is_still_a_failure(tmp_path):
    write_log(tmp_path, [
        {'name': 'unit / test-store', 'result': 'FAIL', 'stdout': TAP_CRASH},
        {'name': 'unit / test-clock', 'result': 'ERROR', 'stdout': '1..1\nok 1 /clock/advance\n'},
        {'name': 'unit / test-slow', 'result': 'TIMEOUT', 'stdout': ''},
    ])
    lines = summarize(tmp_path)
    assert lines[-1] == '2 passed, 3 failed, 0 skipped'
    assert 'failed: unit / test-store /store/migrate' in lines
    assert 'failed: unit / test-clock (ERROR)' in lines
    assert 'failed: unit / test-slow (TIMEOUT)' in lines


def test_pytest_that_ran_nothing_falls_back_to_meson(tmp_path):
    write_log(tmp_path, [
        {'name': 'demo', 'result': 'FAIL', 'stdout': '== no tests ran in 0.01s ==\n'},
        {'name': 'quiet', 'result': 'OK', 'stdout': '3 passed in 0.20s\n'},
    ])
    assert summarize(tmp_path)[-1] == '3 passed, 1 failed, 0 skipped'


def test_runs_are_added_up_and_a_missing_log_fails(tmp_path):
    write_log(tmp_path / 'build', [{'name': 'a', 'result': 'OK', 'stdout': ''}])
    write_log(tmp_path / 'build-asan', [{'name': 'a', 'result': 'FAIL', 'stdout': ''}])
    lines = summarize('--per-run', '--missing-fails',
                      tmp_path / 'build', tmp_path / 'build-asan', tmp_path / 'build-none')
    assert lines[-4:] == [
        'build: 1 passed, 0 failed, 0 skipped',
        'build-asan: 0 passed, 1 failed, 0 skipped',
        'build-none: 0 passed, 1 failed, 0 skipped',
        '1 passed, 2 failed, 0 skipped',
    ]
    assert 'failed: build-asan: a (FAIL)' in lines
    # Without --missing-fails, a run without a log adds nothing.
    assert summarize(tmp_path / 'build-none')[-1] == '0 passed, 0 failed, 0 skipped'


def test_reads_the_log_of_a_test_setup(tmp_path):
    write_log(tmp_path, [{'name': 'a', 'result': 'OK', 'stdout': ''}], 'testlog-valgrind.json')
    assert summarize('--setup', 'valgrind', tmp_path)[-1] == '1 passed, 0 failed, 0 skipped'


def test_unreadable_log_lines_count_as_failures(tmp_path):
    logs = tmp_path / 'meson-logs'
    logs.mkdir()
    (logs / 'testlog.json').write_text('{"name": "a", "result": "OK"}\n{broken\n')
    assert summarize(tmp_path)[-1] == '1 passed, 1 failed, 0 skipped'
