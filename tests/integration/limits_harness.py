# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for the tests of limits, nudges, downtime and resources.

They sit on top of unscroll_harness.Session: calls to io.github.Unscroll.Limits
and .Resources, a recorder for the daemon's signals, and a reader of what
the notification mock was asked to show. Nothing here sleeps: a test moves
the daemon's test clock and reads what happened by the time the call
returned (the daemon shows notifications synchronously, so the mock has
seen them before Advance() answers).
"""

import collections

from gi.repository import GLib

from unscroll_harness import (BUS_NAME, MOCK_IFACE, NOTIFICATIONS_NAME, OBJECT_PATH,
                              PROPERTIES, TEST_CLOCK, USEC, remote_error, wait_until)

LIMITS = 'io.github.Unscroll.Limits'
RESOURCES = 'io.github.Unscroll.Resources'

INVALID_ARGS = 'org.freedesktop.DBus.Error.InvalidArgs'
UNKNOWN_METHOD = 'org.freedesktop.DBus.Error.UnknownMethod'
UNKNOWN_INTERFACE = 'org.freedesktop.DBus.Error.UnknownInterface'
NOT_FOUND = 'io.github.Unscroll.Error.NotFound'
NOT_ALLOWED = 'io.github.Unscroll.Error.NotAllowed'
EXISTS = 'io.github.Unscroll.Error.Exists'
FAILED = 'io.github.Unscroll.Error.Failed'

MINUTE = 60
HOUR = 3600

# Continuous-use nudges would come between the limit's own after 25 minutes
# of unbroken use; tests of limits turn them off to see one thing at a time.
NO_STRETCH = {'continuous-use-minutes': 'uint32 0'}

# The notification texts, as daemon/uns-nudger.c words them.
REACHED_BODY = 'You set this limit for yourself. Maybe a good moment for something else?'
PAUSE_BODY = 'A short pause can help: stretch, look away, or get some water.'

SNOOZE = ('snooze', '5 more minutes')
BREAK = ('break', 'Take a break')
ADJUST = ('adjust', 'Adjust limit')
SUPPORT = ('support', 'Get support')


def drain():
    """Dispatches what already arrived: signals sent before a reply we got."""
    context = GLib.MainContext.default()
    while context.pending():
        context.iteration(False)


def dbus_error(function, *args, **kwargs):
    """Calls something that must fail with a D-Bus error; returns (name, message)."""
    try:
        function(*args, **kwargs)
    except GLib.Error as e:
        name, message = remote_error(e)
        assert message.strip(), f'{name}: an empty error message'
        return name, message
    raise AssertionError(f'{getattr(function, "__name__", function)}{args} succeeded')


class Signals:
    """Records one signal of the daemon, as tuples of its arguments.

    A signal sent while the daemon handled a call reaches us before the
    call's reply, so take() right after a call sees it.
    """

    def __init__(self, session, interface, member):
        self.items = []
        session.session_bus.subscribe(BUS_NAME, interface, member, OBJECT_PATH, self._received)

    def _received(self, connection, sender, path, interface, name, params):
        self.items.append(tuple(params.unpack()))

    def take(self):
        drain()
        items, self.items = self.items, []
        return items

    def wait(self, count=1, what='a signal'):
        """Waits until @count signals arrived since the last take(); takes them."""
        wait_until(lambda: len(self.items) >= count, what=what)
        return self.take()


Notification = collections.namedtuple(
    'Notification', 'id app_name replaces_id icon summary body actions hints timeout')


class Notifications:
    """What the notification mock was asked to show, in order."""

    def __init__(self, session):
        assert session.notifications is not None, 'start the Session with notifications'
        self.mock = session.notifications
        self.seen = 0

    def _calls(self, method):
        reply = self.mock.call('GetMethodCalls', GLib.Variant('(s)', (method,)))
        return [args for _, args in reply.unpack()[0]]

    def all(self):
        """Every Notify call, with the id the mock answered (it reuses replaces_id)."""
        shown = []
        next_id = 1
        for app_name, replaces_id, icon, summary, body, actions, hints, timeout in \
                self._calls('Notify'):
            if replaces_id:
                nid = replaces_id
            else:
                nid = next_id
                next_id += 1
            pairs = list(zip(actions[0::2], actions[1::2]))
            shown.append(Notification(nid, app_name, replaces_id, icon, summary, body, pairs,
                                      hints, timeout))
        return shown

    def new(self):
        """The Notify calls since the last call of new()."""
        shown = self.all()
        fresh, self.seen = shown[self.seen:], len(shown)
        return fresh

    def one(self):
        """The one notification shown since the last look."""
        fresh = self.new()
        assert len(fresh) == 1, fresh
        return fresh[0]

    def closed(self):
        """Ids the daemon asked to close."""
        return [args[0] for args in self._calls('CloseNotification')]

    def invoke(self, notification_id, action):
        """Clicks an action, as a notification server does."""
        self.mock.emit(NOTIFICATIONS_NAME, 'ActionInvoked', 'us', [notification_id, action])

    def dismiss(self, notification_id):
        """The user closes the notification (reason 2)."""
        self.mock.emit(NOTIFICATIONS_NAME, 'NotificationClosed', 'uu', [notification_id, 2])

    def reset(self):
        self.mock.call('ClearCalls', None, MOCK_IFACE)
        self.seen = 0


def advance_to(session, seconds_after, origin):
    """Moves the test clock to @origin + @seconds_after (Unix seconds)."""
    target = (origin + seconds_after) * USEC
    now = session.now_usec()
    assert target >= now, 'the clock only moves forward'
    session.call(TEST_CLOCK, 'Advance', GLib.Variant('(t)', (target - now,)))


def expect_nothing_then(session, notes, origin, at):
    """Nothing is shown one second before @at (seconds after @origin); one
    notification comes exactly at @at. Returns it."""
    advance_to(session, at - 1, origin)
    assert notes.new() == [], f'a notification before {at} s'
    advance_to(session, at, origin)
    return notes.one()


# ---- io.github.Unscroll.Limits ------------------------------------------------

def limits_call(session, method, signature=None, args=None, reply=None):
    params = GLib.Variant(signature, args) if signature else None
    return session.call(LIMITS, method, params, reply)


def add_limit(session, scope, target, minutes, **options):
    opts = {key.replace('_', '-'): GLib.Variant('b', value) for key, value in options.items()}
    return limits_call(session, 'AddLimit', '(ssaua{sv})', (scope, target, list(minutes), opts),
                       '(u)')[0]


def change_limit(session, limit_id, changes):
    """@changes: {key: GLib.Variant}."""
    limits_call(session, 'ChangeLimit', '(ua{sv})', (limit_id, changes))


def remove_limit(session, limit_id):
    limits_call(session, 'RemoveLimit', '(u)', (limit_id,))


def list_limits(session):
    return limits_call(session, 'ListLimits', reply='(aa{sv})')[0]


def limit_by_id(session, limit_id):
    matches = [limit for limit in list_limits(session) if limit['id'] == limit_id]
    assert len(matches) == 1, matches
    return matches[0]


def snooze(session, service):
    return limits_call(session, 'Snooze', '(s)', (service,), '(x)')[0]


def take_break(session, seconds=0):
    return limits_call(session, 'TakeBreak', '(x)', (seconds,), '(x)')[0]


def set_downtime(session, windows):
    limits_call(session, 'SetDowntime', '(a(uuu))', (list(windows),))


def list_downtime(session):
    return [tuple(w) for w in limits_call(session, 'ListDowntime', reply='(a(uuu))')[0]]


def nudge_summary(session, first, last=None):
    return limits_call(session, 'GetNudgeSummary', '(ss)', (first, last or first),
                       '(a{st})')[0]


def limits_prop(session, name):
    return session.prop(LIMITS, name)


def nudges(session):
    return limits_prop(session, 'Nudges')


def in_downtime(session):
    return limits_prop(session, 'InDowntime')


# ---- io.github.Unscroll.Resources ---------------------------------------------

def resources_call(session, method, signature=None, args=None, reply=None):
    params = GLib.Variant(signature, args) if signature else None
    return session.call(RESOURCES, method, params, reply)


def get_resources(session, country, include_unverified=None):
    options = {}
    if include_unverified is not None:
        options['include-unverified'] = GLib.Variant('b', include_unverified)
    return resources_call(session, 'GetResources', '(sa{sv})', (country, options), '(saa{sv})')


def has_interface(session, interface):
    """Whether the daemon exports @interface (its properties answer)."""
    try:
        session.call(PROPERTIES, 'GetAll', GLib.Variant('(s)', (interface,)), '(a{sv})')
    except GLib.Error as e:
        name, _ = remote_error(e)
        if name in (INVALID_ARGS, UNKNOWN_METHOD, UNKNOWN_INTERFACE):
            return False
        raise
    return True
