// SPDX-License-Identifier: GPL-3.0-or-later
// Follows the active tab of the focused window and reports its hostname,
// whether it plays sound and whether the window has focus — nothing else.

import {api} from './browser.js';
import {hostnameOf} from './sites.js';

// Kept in storage.session: a restarted service worker gets no focus event
// for the window that still has focus.
const FOCUS_KEY = 'unscroll-focused-window';

export class ActiveTabReporter {
    /**
     * @param {function(object): void} report - called with a `tab` message
     *   whenever what it says changes
     */
    constructor(report) {
        this._report = report;
        this._last = null;
        // windows.onFocusChanged is unreliable in some browsers (headless
        // Chromium), so a window also counts as focused when one of its
        // tabs is activated; WINDOW_ID_NONE always means focus went away.
        this._focusedWindow = null;
        this._running = null;
        this._dirty = false;
        this._waiters = [];
        this._loaded = api.storage.session.get(FOCUS_KEY).then(items => {
            this._focusedWindow ??= items?.[FOCUS_KEY] ?? null;
        }).catch(() => {});
    }

    /** Registers the listeners; call at the top level of the background. */
    listen() {
        api.tabs.onActivated.addListener(({windowId}) => this._focusMoved(windowId));
        api.tabs.onUpdated.addListener((_tabId, change, tab) => {
            if (tab.active && ('url' in change || 'audible' in change || 'status' in change))
                this.update();
        });
        api.tabs.onRemoved.addListener(() => this.update());
        api.tabs.onAttached?.addListener(() => this.update());
        api.windows.onFocusChanged.addListener(windowId => this._focusMoved(windowId));
        api.windows.onRemoved.addListener(windowId => {
            if (windowId === this._focusedWindow)
                this._focusedWindow = null;
            this.update();
        });
    }

    _focusMoved(windowId) {
        this._focusedWindow = windowId;
        api.storage.session.set({[FOCUS_KEY]: windowId}).catch(() => {});
        this.update();
    }

    /** What was last reported, or null. */
    get last() {
        return this._last;
    }

    /** Forgets what was sent, so the next update() reports again. */
    forget() {
        this._last = null;
    }

    /**
     * Works out the current state and reports it if it changed. Calls made
     * while one runs are folded into one more run, so reports keep their
     * order.
     *
     * @returns {Promise<void>}
     */
    update() {
        this._dirty = true;
        if (!this._running)
            this._running = this._run();
        return this._running;
    }

    async _run() {
        try {
            await this._loaded;
            while (this._dirty) {
                this._dirty = false;
                // eslint-disable-next-line no-await-in-loop
                const message = await this._current();
                if (JSON.stringify(message) !== JSON.stringify(this._last) &&
                    this._report(message) !== false) {
                    this._last = message;
                    this._waiters = this._waiters.filter(({test, resolve}) => {
                        if (!test(message))
                            return true;
                        resolve(message);
                        return false;
                    });
                }
            }
        } catch (e) {
            console.warn(`Unscroll: cannot read the active tab: ${e.message}`);
        } finally {
            this._running = null;
        }
    }

    /**
     * Resolves with the first report for which @test is true (the current
     * one included); for the tests and the debugging console.
     *
     * @param {function(object): boolean} test
     * @returns {Promise<object>}
     */
    whenReported(test) {
        if (this._last && test(this._last))
            return Promise.resolve(this._last);
        return new Promise(resolve => {
            this._waiters.push({test, resolve});
        });
    }

    async _current() {
        const lost = this._focusedWindow === api.windows.WINDOW_ID_NONE;
        let window = null;
        if (this._focusedWindow !== null && !lost)
            window = await api.windows.get(this._focusedWindow, {populate: true}).catch(() => null);
        // After focus went to another application the tab it left is still
        // told, as not focused.
        window ??= await api.windows.getLastFocused({populate: true}).catch(() => null);
        const tab = window?.tabs?.find(t => t.active);
        const focused = Boolean(window) && !lost &&
            (window.focused || this._focusedWindow === window.id);
        if (!tab)
            return {type: 'tab', hostname: '', focused: false, audible: false, incognito: false};
        // A private window's hostname never leaves the browser.
        if (tab.incognito || window.incognito)
            return {type: 'tab', hostname: '', focused, audible: false, incognito: true};
        return {
            type: 'tab',
            hostname: hostnameOf(tab.url),
            focused,
            audible: Boolean(tab.audible),
            incognito: false,
        };
    }
}
