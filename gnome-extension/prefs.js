// SPDX-License-Identifier: GPL-3.0-or-later
// Unscroll's preferences: the top-bar label, and the daily limits and
// downtime kept by the daemon, edited through its D-Bus API.

import Adw from 'gi://Adw';
import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Gtk from 'gi://Gtk';

import {ExtensionPreferences, gettext as _} from 'resource:///org/gnome/Shell/Extensions/js/extensions/prefs.js';

import * as DBus from './lib/dbus.js';

const EVERY_DAY = 0x7f;
const WEEKDAYS = 0x1f;
const WEEKENDS = 0x60;

/**
 * Minutes after midnight as HH:MM.
 *
 * @param {number} minutes 0 to 1439
 * @returns {string}
 */
function clockTime(minutes) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * A spin button for a time of day in steps of a quarter hour.
 *
 * @param {number} minutes the time, in minutes after midnight
 * @returns {Gtk.SpinButton}
 */
function timeSpin(minutes) {
    const spin = new Gtk.SpinButton({
        adjustment: new Gtk.Adjustment({
            lower: 0,
            upper: 1439,
            step_increment: 15,
            page_increment: 60,
        }),
        numeric: false,
        editable: false,
        wrap: true,
        valign: Gtk.Align.CENTER,
        width_chars: 5,
    });
    spin.connect('output', () => {
        spin.text = clockTime(spin.get_value_as_int());
        return true;
    });
    spin.value = minutes;
    return spin;
}

class LimitsEditor {
    constructor(dir, limitsGroup, downtimeGroup, cancellable) {
        this._dir = dir;
        this._limitsGroup = limitsGroup;
        this._downtimeGroup = downtimeGroup;
        this._cancellable = cancellable;
        this._limits = null;
        this._catalog = null;
        this._limitRows = [];
        this._downtimeRows = [];
        this._windows = [];
        this._savedDowntime = null;
    }

    async start() {
        try {
            [this._limits, this._catalog] = await Promise.all([
                DBus.newProxy(this._dir, 'Limits', this._cancellable,
                    Gio.DBusProxyFlags.DO_NOT_LOAD_PROPERTIES),
                DBus.newProxy(this._dir, 'Catalog', this._cancellable,
                    Gio.DBusProxyFlags.DO_NOT_LOAD_PROPERTIES),
            ]);
            if (!this._limits || !this._catalog)
                return;
            await Promise.all([this._loadLimits(), this._loadDowntime()]);
        } catch (e) {
            if (!DBus.isCancelled(e))
                this._showProblem(e);
        }
    }

    _showProblem(error) {
        this._limitsGroup.description =
            _('Unscroll couldn’t be reached, so limits can’t be changed here right now (%s).')
                .replace('%s', DBus.errorMessage(error));
    }

    async _call(proxy, method, args) {
        try {
            return await DBus.call(proxy, method, args, this._cancellable);
        } catch (e) {
            if (!DBus.isCancelled(e))
                this._showProblem(e);
            return null;
        }
    }

    _clear(group, rows) {
        for (const row of rows)
            group.remove(row);
        rows.length = 0;
    }

    _addRow(group, rows, row) {
        group.add(row);
        rows.push(row);
    }

    async _loadLimits() {
        const [[limits], [services]] = await Promise.all([
            DBus.call(this._limits, 'ListLimits', [], this._cancellable),
            DBus.call(this._catalog, 'ListServices', [], this._cancellable),
        ]);
        this._clear(this._limitsGroup, this._limitRows);
        this._limitsGroup.description = '';

        const limited = new Set();
        for (const variant of limits) {
            const limit = Object.fromEntries(Object.entries(variant)
                .map(([k, v]) => [k, v.recursiveUnpack()]));
            limited.add(`${limit.scope}:${limit.target}`);
            this._addRow(this._limitsGroup, this._limitRows, this._limitRow(limit));
        }

        const choices = [['total', '', _('All social media together')]];
        for (const [id, name] of services) {
            if (!limited.has(`service:${id}`))
                choices.push(['service', id, name]);
        }
        if (limited.has('total:'))
            choices.shift();
        if (choices.length > 0)
            this._addRow(this._limitsGroup, this._limitRows, this._newLimitRow(choices));
    }

    _limitRow(limit) {
        const minutes = limit.minutes;
        const sameEveryDay = minutes.every(m => m === minutes[0]);
        const row = new Adw.SpinRow({
            title: limit.scope === 'total' ? _('All social media together') : limit['target-name'],
            subtitle: sameEveryDay
                ? _('Minutes a day')
                : _('Differs by day; a change here sets the same for every day'),
            adjustment: new Gtk.Adjustment({
                lower: 0,
                upper: 1440,
                step_increment: 5,
                page_increment: 30,
                value: sameEveryDay ? minutes[0] : limit['today-minutes'],
            }),
        });
        row.connect('notify::value', () => {
            this._call(this._limits, 'ChangeLimit', [limit.id,
                {minutes: new GLib.Variant('au', [row.get_value()])}]);
        });

        const enabled = new Gtk.Switch({
            active: limit.enabled,
            valign: Gtk.Align.CENTER,
            tooltip_text: _('Use this limit'),
        });
        enabled.connect('notify::active', () => {
            this._call(this._limits, 'ChangeLimit', [limit.id,
                {enabled: new GLib.Variant('b', enabled.active)}]);
        });
        row.add_suffix(enabled);

        const remove = new Gtk.Button({
            icon_name: 'user-trash-symbolic',
            valign: Gtk.Align.CENTER,
            tooltip_text: _('Remove this limit'),
            css_classes: ['flat'],
        });
        remove.connect('clicked', async () => {
            if (await this._call(this._limits, 'RemoveLimit', [limit.id]))
                await this._reloadLimits();
        });
        row.add_suffix(remove);
        return row;
    }

    _newLimitRow(choices) {
        const row = new Adw.ExpanderRow({title: _('Add a limit')});
        const target = new Adw.ComboRow({
            title: _('For'),
            model: Gtk.StringList.new(choices.map(c => c[2])),
        });
        const minutes = new Adw.SpinRow({
            title: _('Minutes a day'),
            adjustment: new Gtk.Adjustment({
                lower: 0, upper: 1440, step_increment: 5, page_increment: 30, value: 30,
            }),
        });
        const add = new Gtk.Button({
            label: _('Add'),
            valign: Gtk.Align.CENTER,
            css_classes: ['suggested-action'],
        });
        add.connect('clicked', async () => {
            const [scope, id] = choices[target.selected];
            const result = await this._call(this._limits, 'AddLimit',
                [scope, id, [minutes.get_value()], {}]);
            if (result)
                await this._reloadLimits();
        });
        row.add_row(target);
        row.add_row(minutes);
        row.add_suffix(add);
        return row;
    }

    async _reloadLimits() {
        try {
            await this._loadLimits();
        } catch (e) {
            if (!DBus.isCancelled(e))
                this._showProblem(e);
        }
    }

    async _loadDowntime() {
        const [windows] = await DBus.call(this._limits, 'ListDowntime', [],
            this._cancellable);
        this._windows = windows.map(([start, end, days]) => ({start, end, days}));
        this._savedDowntime = JSON.stringify(windows);
        this._showDowntime();
    }

    _showDowntime() {
        this._clear(this._downtimeGroup, this._downtimeRows);
        this._windows.forEach((window, index) =>
            this._addRow(this._downtimeGroup, this._downtimeRows,
                this._downtimeRow(window, index)));

        // Adw.ButtonRow is new in libadwaita 1.6 (GNOME 47).
        const add = Adw.ButtonRow
            ? new Adw.ButtonRow({title: _('Add downtime')})
            : new Adw.ActionRow({title: _('Add downtime'), activatable: true});
        add.connect('activated', () => {
            this._windows.push({start: 22 * 60, end: 7 * 60, days: EVERY_DAY});
            this._saveDowntime(true);
        });
        this._addRow(this._downtimeGroup, this._downtimeRows, add);
    }

    _downtimeRow(window, index) {
        const days = [
            [EVERY_DAY, _('Every day')],
            [WEEKDAYS, _('Weekdays')],
            [WEEKENDS, _('Weekends')],
        ];
        if (!days.some(([mask]) => mask === window.days))
            days.push([window.days, _('Some days')]);

        const row = new Adw.ComboRow({
            title: `${clockTime(window.start)} – ${clockTime(window.end)}`,
            model: Gtk.StringList.new(days.map(d => d[1])),
            selected: days.findIndex(([mask]) => mask === window.days),
        });
        row.connect('notify::selected', () => {
            window.days = days[row.selected][0];
            this._saveDowntime();
        });

        const start = timeSpin(window.start);
        const end = timeSpin(window.end);
        for (const [spin, key] of [[start, 'start'], [end, 'end']]) {
            spin.connect('value-changed', () => {
                window[key] = spin.get_value_as_int();
                row.title = `${clockTime(window.start)} – ${clockTime(window.end)}`;
            });
            // Saved once the pointer leaves the button rather than at every
            // quarter hour on the way.
            const focus = new Gtk.EventControllerFocus();
            focus.connect('leave', () => this._saveDowntime());
            spin.add_controller(focus);
            const motion = new Gtk.EventControllerMotion();
            motion.connect('leave', () => this._saveDowntime());
            spin.add_controller(motion);
            row.add_suffix(spin);
        }

        const remove = new Gtk.Button({
            icon_name: 'user-trash-symbolic',
            valign: Gtk.Align.CENTER,
            tooltip_text: _('Remove this downtime'),
            css_classes: ['flat'],
        });
        remove.connect('clicked', () => {
            this._windows.splice(index, 1);
            this._saveDowntime(true);
        });
        row.add_suffix(remove);
        return row;
    }

    /**
     * Sends every window to the daemon, unless nothing changed since the
     * last time.
     *
     * @param {boolean} rebuild whether rows were added or removed
     */
    async _saveDowntime(rebuild = false) {
        const windows = this._windows.map(w => [w.start, w.end, w.days]);
        const saved = JSON.stringify(windows);
        if (saved === this._savedDowntime)
            return;
        this._savedDowntime = saved;
        if (!await this._call(this._limits, 'SetDowntime', [windows])) {
            this._savedDowntime = null;
            return;
        }
        if (rebuild)
            this._showDowntime();
    }
}

export default class UnscrollPreferences extends ExtensionPreferences {
    fillPreferencesWindow(window) {
        const page = new Adw.PreferencesPage();
        window.add(page);

        const panel = new Adw.PreferencesGroup({title: _('Top bar')});
        const label = new Adw.SwitchRow({
            title: _('Show today’s time'),
            subtitle: _('When off, only the icon shows; the time stays in its menu'),
        });
        window._settings = this.getSettings();
        window._settings.bind('show-label', label, 'active',
            Gio.SettingsBindFlags.DEFAULT);
        panel.add(label);
        page.add(panel);

        const limits = new Adw.PreferencesGroup({
            title: _('Daily limits'),
            description: _('Loading…'),
        });
        page.add(limits);
        const downtime = new Adw.PreferencesGroup({
            title: _('Downtime'),
            description: _('Quiet hours: opening a limited service then gets one gentle reminder'),
        });
        page.add(downtime);

        const cancellable = new Gio.Cancellable();
        window.connect('close-request', () => {
            cancellable.cancel();
            return false;
        });
        new LimitsEditor(this.dir, limits, downtime, cancellable).start();
    }
}
