// SPDX-License-Identifier: GPL-3.0-or-later
// The top-bar indicator: today's social time, and a menu with each service,
// its limit, what is tracked now, pause, a break, support and the report.
// It changes only when the daemon says something changed: no polling.

import Clutter from 'gi://Clutter';
import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Gio from 'gi://Gio';
import Shell from 'gi://Shell';
import St from 'gi://St';

import {gettext as _, ngettext} from 'resource:///org/gnome/shell/extensions/extension.js';
import * as Main from 'resource:///org/gnome/shell/ui/main.js';
import * as PanelMenu from 'resource:///org/gnome/shell/ui/panelMenu.js';
import * as PopupMenu from 'resource:///org/gnome/shell/ui/popupMenu.js';

import * as DBus from './dbus.js';
import {ReportOpener} from './report.js';

const LIMIT_SIGNALS = [
    'NudgeChanged', 'LimitApproaching', 'LimitReached', 'Snoozed', 'DowntimeChanged',
];

/**
 * Unpacks a{sv} fully, whether it arrives as a variant or as an object of
 * variants.
 *
 * @param {GLib.Variant|object|null} dict the dictionary
 * @returns {object}
 */
function unpackDict(dict) {
    if (!dict)
        return {};
    if (dict instanceof GLib.Variant)
        return dict.recursiveUnpack();
    return Object.fromEntries(Object.entries(dict).map(
        ([k, v]) => [k, v instanceof GLib.Variant ? v.recursiveUnpack() : v]));
}

const ServiceItem = GObject.registerClass(
class UnscrollServiceItem extends PopupMenu.PopupBaseMenuItem {
    _init(name, seconds, limitSeconds) {
        super._init({reactive: false, can_focus: false});

        this.add_child(new St.Label({
            text: name,
            x_expand: true,
            y_align: Clutter.ActorAlign.CENTER,
        }));
        let text = DBus.formatDuration(ngettext, seconds);
        if (limitSeconds > 0) {
            /* Translators: time used "of" today's limit, as "25 min of 30 min". */
            text = _('%s of %s')
                .replace('%s', text)
                .replace('%s', DBus.formatDuration(ngettext, limitSeconds));

            // The bar is 64px wide in the stylesheet.
            const fraction = Math.min(1, seconds / limitSeconds);
            const bar = new St.Widget({
                style_class: 'unscroll-limit-bar',
                y_align: Clutter.ActorAlign.CENTER,
            });
            const fill = new St.Widget({
                style_class: fraction >= 1
                    ? 'unscroll-limit-fill unscroll-limit-reached'
                    : 'unscroll-limit-fill',
                style: `width: ${Math.round(64 * fraction)}px;`,
            });
            bar.add_child(fill);
            this.add_child(bar);
        }
        this.add_child(new St.Label({
            text,
            style_class: 'unscroll-service-time',
            y_align: Clutter.ActorAlign.CENTER,
        }));
    }
});

export const Indicator = GObject.registerClass(
class UnscrollIndicator extends PanelMenu.Button {
    /**
     * @param {object} extension the Extension object
     */
    _init(extension) {
        super._init(0.5, _('Unscroll'));

        this._extension = extension;
        this._cancellable = new Gio.Cancellable();
        this._usage = null;
        this._limits = null;
        this._resources = null;
        this._limitList = [];
        this._report = new ReportOpener();

        const box = new St.BoxLayout({style_class: 'panel-status-menu-box'});
        box.add_child(new St.Icon({
            icon_name: 'preferences-system-time-symbolic',
            style_class: 'system-status-icon',
        }));
        this._label = new St.Label({
            text: '',
            y_align: Clutter.ActorAlign.CENTER,
            style_class: 'unscroll-panel-label',
        });
        box.add_child(this._label);
        this.add_child(box);

        this._settings = extension.getSettings();
        this._settings.bind('show-label', this._label, 'visible',
            Gio.SettingsBindFlags.GET);

        this._buildMenu();
        this._sync();

        this._initProxies().catch(e => {
            if (!DBus.isCancelled(e))
                console.warn(`Unscroll: cannot reach the daemon: ${e.message}`);
        });
    }

    _buildMenu() {
        this._statusItem = new PopupMenu.PopupMenuItem('', {reactive: false});
        this.menu.addMenuItem(this._statusItem);
        this._activityItem = new PopupMenu.PopupMenuItem('', {reactive: false});
        this.menu.addMenuItem(this._activityItem);
        this._servicesSection = new PopupMenu.PopupMenuSection();
        this.menu.addMenuItem(this._servicesSection);

        this._actionsSeparator = new PopupMenu.PopupSeparatorMenuItem();
        this.menu.addMenuItem(this._actionsSeparator);

        this._pauseMenu = new PopupMenu.PopupSubMenuMenuItem(_('Pause tracking'));
        for (const [label, seconds] of [
            [_('For 30 minutes'), 30 * 60],
            [_('For an hour'), 60 * 60],
            [_('Until I resume'), 0],
        ]) {
            this._pauseMenu.menu.addAction(label,
                () => this._call(this._usage, 'Pause', [seconds]));
        }
        this.menu.addMenuItem(this._pauseMenu);
        this._resumeItem = this.menu.addAction(_('Resume tracking'),
            () => this._call(this._usage, 'Resume', []));
        this._breakItem = this.menu.addAction(_('Take a break'),
            () => this._call(this._limits, 'TakeBreak', [0]));

        this._supportMenu = new PopupMenu.PopupSubMenuMenuItem(_('Support & resources'));
        this.menu.addMenuItem(this._supportMenu);

        this.menu.addMenuItem(new PopupMenu.PopupSeparatorMenuItem());
        this._reportItem = this.menu.addAction(_('Open report'),
            () => this._report.open());
        this.menu.addAction(_('Settings'),
            () => this._extension.openPreferences());
    }

    async _initProxies() {
        // These proxies only watch: the daemon is started by the focus
        // source's first report, never by opening the panel.
        const flags = Gio.DBusProxyFlags.DO_NOT_AUTO_START;
        const dir = this._extension.dir;
        const [usage, limits, resources] = await Promise.all([
            DBus.newProxy(dir, 'Usage', this._cancellable, flags),
            DBus.newProxy(dir, 'Limits', this._cancellable, flags),
            DBus.newProxy(dir, 'Resources', this._cancellable, flags),
        ]);
        if (!usage || !limits || !resources)
            return;

        this._usage = usage;
        this._limits = limits;
        this._resources = resources;

        this._usage.connectObject(
            'g-properties-changed', () => this._sync(),
            'notify::g-name-owner', () => this._onOwnerChanged(), this);
        this._limits.connectObject(
            'g-properties-changed', () => this._refreshLimits(),
            'g-signal', (_proxy, _sender, name) => {
                if (LIMIT_SIGNALS.includes(name))
                    this._refreshLimits();
            }, this);
        this._resources.connectObject(
            'notify::g-name-owner', () => this._refreshResources(), this);

        this._onOwnerChanged();
        this._refreshResources();
    }

    get _running() {
        return !!this._usage?.g_name_owner;
    }

    _onOwnerChanged() {
        this._sync();
        this._refreshLimits();
    }

    _call(proxy, method, args) {
        if (!proxy)
            return;
        DBus.call(proxy, method, args, this._cancellable).catch(e => {
            if (!DBus.isCancelled(e))
                Main.notify(_('Unscroll'), DBus.errorMessage(e));
        });
    }

    async _refreshLimits() {
        if (!this._running) {
            this._limitList = [];
            return;
        }
        try {
            const [limits] = await DBus.call(this._limits, 'ListLimits', [],
                this._cancellable);
            this._limitList = limits.map(unpackDict);
        } catch (e) {
            if (DBus.isCancelled(e))
                return;
            this._limitList = [];
        }
        this._sync();
    }

    async _refreshResources() {
        this._supportMenu.menu.removeAll();
        if (!this._resources?.g_name_owner) {
            this._supportMenu.menu.addMenuItem(new PopupMenu.PopupMenuItem(
                _('Available when Unscroll is running'), {reactive: false}));
            return;
        }
        let entries;
        try {
            [, entries] = await DBus.call(this._resources, 'GetResources',
                ['', {}], this._cancellable);
        } catch (e) {
            if (!DBus.isCancelled(e))
                console.warn(`Unscroll: no resources: ${e.message}`);
            return;
        }

        const menu = this._supportMenu.menu;
        menu.removeAll();
        const disclaimer = this._resources.Disclaimer;
        if (disclaimer) {
            const item = new PopupMenu.PopupMenuItem(disclaimer, {reactive: false});
            item.label.clutter_text.line_wrap = true;
            item.label.add_style_class_name('unscroll-disclaimer');
            menu.addMenuItem(item);
        }
        for (const entry of entries.map(unpackDict))
            menu.addMenuItem(this._resourceItem(entry));
    }

    _resourceItem(entry) {
        const number = entry.phone || entry.sms || '';
        const label = number ? `${entry.name}  ${number}` : entry.name;
        const item = new PopupMenu.PopupMenuItem(label);
        item.connect('activate', () => {
            if (entry.url) {
                Gio.AppInfo.launch_default_for_uri(entry.url,
                    global.create_app_launch_context(0, -1));
            } else if (number) {
                St.Clipboard.get_default().set_text(St.ClipboardType.CLIPBOARD, number);
                Main.notify(entry.name,
                    _('The number %s is copied, ready to paste.').replace('%s', number));
            }
        });
        return item;
    }

    _sync() {
        const running = this._running;
        for (const item of [this._actionsSeparator, this._activityItem,
            this._breakItem, this._reportItem])
            item.visible = running;
        this._servicesSection.removeAll();

        if (!running) {
            this._label.text = '';
            this._statusItem.label.text = this._usage
                ? _('Unscroll isn’t running right now. It starts again when you use an app.')
                : _('Connecting to Unscroll…');
            this._statusItem.label.clutter_text.line_wrap = true;
            this._pauseMenu.visible = false;
            this._resumeItem.visible = false;
            return;
        }

        const today = this._usage.TodaySeconds ?? 0;
        const total = this._limitList.find(l => l.scope === 'total' && l.enabled);
        this._label.text = DBus.formatDuration(ngettext, today);
        this._statusItem.label.text = total
            ? _('Today: %s of %s on social media')
                .replace('%s', DBus.formatDuration(ngettext, today))
                .replace('%s', DBus.formatDuration(ngettext, total['today-minutes'] * 60))
            : _('Today: %s on social media')
                .replace('%s', DBus.formatDuration(ngettext, today));

        const limitFor = new Map(this._limitList
            .filter(l => l.scope === 'service' && l.enabled)
            .map(l => [l.target, l['today-minutes'] * 60]));
        for (const [id, name, , seconds] of this._usage.TodayServices ?? [])
            this._servicesSection.addMenuItem(new ServiceItem(name, seconds, limitFor.get(id) ?? 0));

        const pausedUntil = this._usage.PausedUntil ?? 0;
        this._pauseMenu.visible = pausedUntil === 0;
        this._resumeItem.visible = pausedUntil !== 0;
        this._activityItem.label.text = this._describeActivity(pausedUntil);
    }

    _describeActivity(pausedUntil) {
        if (pausedUntil === -1)
            return _('Paused until you resume');
        if (pausedUntil > 0) {
            const time = GLib.DateTime.new_from_unix_local(pausedUntil).format('%H:%M');
            return _('Paused until %s').replace('%s', time);
        }

        const activity = unpackDict(this._usage.get_cached_property('CurrentActivity'));
        switch (activity.state) {
        case 'tracking':
            return _('Now: %s').replace('%s', this._activityName(activity));
        case 'idle':
            return _('Resting: you’ve been away for a bit');
        case 'locked':
            return _('Screen locked');
        case 'asleep':
            return _('Asleep');
        case 'paused':
            return _('Paused');
        case 'private':
            return _('A private window: nothing is counted');
        default:
            return _('Nothing counted right now');
        }
    }

    _activityName(activity) {
        if (activity['service-name'])
            return activity['service-name'];
        // An app outside the catalog: its own name, as the dash shows it,
        // rather than its id.
        if (activity.kind === 'app' && activity.subject) {
            const app = Shell.AppSystem.get_default().lookup_app(
                `${activity.subject}.desktop`);
            return app?.get_name() ?? activity.subject;
        }
        return activity.subject || _('a web site');
    }

    destroy() {
        this._cancellable.cancel();
        this._usage?.disconnectObject(this);
        this._limits?.disconnectObject(this);
        this._resources?.disconnectObject(this);
        this._usage = null;
        this._limits = null;
        this._resources = null;
        this._report.destroy();
        this._report = null;
        this._settings = null;
        this._extension = null;
        super.destroy();
    }
});
