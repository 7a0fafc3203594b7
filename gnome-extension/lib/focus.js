// SPDX-License-Identifier: GPL-3.0-or-later
// The focus source: tells the daemon's Tracker which application's window
// has focus, by app id, WM class and pid only — never a window's title.

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Shell from 'gi://Shell';

import * as Main from 'resource:///org/gnome/shell/ui/main.js';

import * as DBus from './dbus.js';

export class FocusReporter {
    /**
     * @param {Gio.File} dir the extension's directory
     */
    constructor(dir) {
        this._dir = dir;
        this._cancellable = new Gio.Cancellable();
        this._proxy = null;
        this._windowTracker = Shell.WindowTracker.get_default();

        global.display.connectObject('notify::focus-window',
            () => this._report(), this);
        // The overview and the lock screen take the user's attention
        // without moving window focus.
        Main.overview.connectObject(
            'showing', () => this._report(),
            'hidden', () => this._report(), this);

        this._init().catch(e => {
            if (!DBus.isCancelled(e))
                console.warn(`Unscroll: cannot reach the tracker: ${e.message}`);
        });
    }

    async _init() {
        // The daemon is started by D-Bus activation on the first ReportFocus
        // call, not by creating the proxy.
        const proxy = await DBus.newProxy(this._dir, 'Tracker', this._cancellable,
            Gio.DBusProxyFlags.DO_NOT_AUTO_START_AT_CONSTRUCTION |
            Gio.DBusProxyFlags.DO_NOT_LOAD_PROPERTIES);
        if (!proxy)
            return;
        this._proxy = proxy;
        // A daemon that restarted knows nothing of the current focus.
        this._proxy.connectObject('notify::g-name-owner', () => {
            if (this._proxy.g_name_owner)
                this._report();
        }, this);
        this._report();
    }

    /**
     * What the focused window is, as the Tracker's ReportFocus wants it.
     *
     * @returns {[string, object]} the app id and the details
     */
    _describeFocus() {
        const details = {source: new GLib.Variant('s', 'gnome-shell')};
        const window = global.display.focus_window;
        if (!window || Main.overview.visible || Main.sessionMode.isLocked)
            return ['', details];

        let appId = '';
        const app = this._windowTracker.get_window_app(window);
        // Windows without a desktop file get a made-up "window:N" app; the
        // WM class says more about those.
        if (app && !app.is_window_backed()) {
            appId = app.get_id() ?? '';
            if (appId.endsWith('.desktop'))
                appId = appId.slice(0, -'.desktop'.length);
        }

        const wmClass = window.get_wm_class();
        if (wmClass)
            details['wm-class'] = new GLib.Variant('s', wmClass);
        const pid = window.get_pid();
        if (pid > 0)
            details['pid'] = new GLib.Variant('u', pid);
        return [appId, details];
    }

    _report() {
        if (!this._proxy)
            return;
        const [appId, details] = this._describeFocus();
        DBus.call(this._proxy, 'ReportFocus', [appId, details], this._cancellable)
            .catch(e => {
                if (!DBus.isCancelled(e))
                    console.debug(`Unscroll: ReportFocus failed: ${e.message}`);
            });
    }

    destroy() {
        this._cancellable.cancel();
        global.display.disconnectObject(this);
        Main.overview.disconnectObject(this);
        if (this._proxy) {
            // Leaving nothing counted after the extension stops (the lock
            // screen disables it); never start the daemon just for that.
            DBus.call(this._proxy, 'ReportFocus',
                ['', {source: new GLib.Variant('s', 'gnome-shell')}],
                null, Gio.DBusCallFlags.NO_AUTO_START).catch(e => {
                // The daemon not running is fine; anything else is a bug.
                if (!e.matches?.(Gio.DBusError, Gio.DBusError.SERVICE_UNKNOWN) &&
                    !e.matches?.(Gio.DBusError, Gio.DBusError.NAME_HAS_NO_OWNER))
                    console.warn(`Unscroll: final ReportFocus failed: ${e.message}`);
            });
            this._proxy.disconnectObject(this);
            this._proxy = null;
        }
        this._windowTracker = null;
        this._cancellable = null;
    }
}
