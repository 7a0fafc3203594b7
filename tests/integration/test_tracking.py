# SPDX-License-Identifier: GPL-3.0-or-later
"""Focus reports become time per service, app and category."""

from unscroll_harness import DAY0, T0, CATALOG, TRACKER, USAGE

DISCORD = 'com.discordapp.Discord'
TELEGRAM = 'org.telegram.desktop'
EDITOR = 'org.gnome.TextEditor'


def test_starts_with_nothing(unscroll):
    assert unscroll.prop(TRACKER, 'Version') == 1
    assert unscroll.prop(USAGE, 'Version') == 1
    assert unscroll.prop(CATALOG, 'Version') == 1
    assert unscroll.usage('Day') == DAY0
    assert unscroll.usage('DayBoundary') == 240
    assert unscroll.usage('TodaySeconds') == 0
    assert unscroll.usage('TodayServices') == []
    assert unscroll.usage('PausedUntil') == 0
    unscroll.assert_state('none')
    unscroll.advance(600)
    assert unscroll.summary('category') == []


def test_focus_switches(unscroll):
    unscroll.focus(DISCORD, pid=4242)
    unscroll.advance(600)
    unscroll.focus(TELEGRAM)
    unscroll.advance(300)
    unscroll.focus(EDITOR)
    unscroll.advance(180)

    assert unscroll.summary('service') == [
        ('discord', 'Discord', 600),
        ('telegram', 'Telegram', 300),
    ]
    assert unscroll.summary('app') == [
        (DISCORD, DISCORD, 600),
        (TELEGRAM, TELEGRAM, 300),
        (EDITOR, EDITOR, 180),
    ]
    assert unscroll.summary('category') == [
        ('messaging', 'Messaging', 900),
        ('other', 'Other', 180),
    ]
    assert unscroll.summary('site') == []
    assert unscroll.summary('day') == [(DAY0, DAY0, 900)]

    # Today's figures were brought up to date when the focus last changed.
    assert unscroll.usage('TodaySeconds') == 900
    assert unscroll.usage('TodayServices') == [
        ('discord', 'Discord', 'messaging', 600),
        ('telegram', 'Telegram', 'messaging', 300),
    ]
    assert unscroll.activity() == {
        'state': 'tracking', 'since': T0 + 900, 'kind': 'app', 'subject': EDITOR,
        'service': '', 'service-name': '', 'category': 'other',
    }


def test_repeated_focus_is_harmless(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(100)
    unscroll.focus(DISCORD)
    unscroll.advance(100)
    assert unscroll.totals('service') == {'discord': 200}
    assert unscroll.activity()['since'] == T0
    rows, _ = unscroll.export('csv')
    assert rows == 1


def test_wm_class_when_app_id_is_empty_or_unknown(unscroll):
    # X11 sources may know only the WM_CLASS.
    unscroll.focus('', wm_class='TelegramDesktop')
    unscroll.advance(120)
    # An unknown app id with a known class counts toward the class's service.
    unscroll.focus('some-wrapper', wm_class='discord')
    unscroll.advance(60)
    assert unscroll.summary('service') == [
        ('telegram', 'Telegram', 120),
        ('discord', 'Discord', 60),
    ]
    assert unscroll.totals('app') == {'TelegramDesktop': 120, 'some-wrapper': 60}


def test_app_id_ending_in_desktop_is_kept(unscroll):
    # Telegram's desktop-file id really ends in “.desktop”: it is the id, not
    # a suffix to drop.
    unscroll.focus(TELEGRAM)
    unscroll.advance(60)
    assert unscroll.activity()['subject'] == TELEGRAM
    assert unscroll.totals('app') == {TELEGRAM: 60}


def test_empty_focus_means_nothing_focused(unscroll):
    unscroll.focus(DISCORD)
    unscroll.advance(60)
    unscroll.focus('')
    unscroll.assert_state('none')
    unscroll.advance(600)
    assert unscroll.totals('category') == {'messaging': 60}


def test_checkpoints_keep_today_current(unscroll):
    unscroll.focus(DISCORD)
    # The default checkpoint interval is 300 s: TodaySeconds follows it
    # without any focus change.
    unscroll.advance(300)
    assert unscroll.usage('TodaySeconds') == 300
    unscroll.advance(300)
    assert unscroll.usage('TodaySeconds') == 600
    # A summary always includes the time since the last checkpoint.
    unscroll.advance(42)
    assert unscroll.totals('service') == {'discord': 642}
