// SPDX-License-Identifier: GPL-3.0-or-later
// What the background knows from the host (limited sites, active nudges)
// and about its tabs, kept in storage.session so that it survives the
// service worker being stopped and started again, and is gone when the
// browser closes.

import {api} from './browser.js';

const KEY = 'unscroll';

export class SessionState {
    constructor() {
        // service id → {name, domains, strict, mindful_pause, pause_seconds}
        this.sites = {};
        // service id → {domains, nudge}
        this.nudges = {};
        // service id → the nudge the user closed in the page, as text, so
        // it is not shown again until it changes
        this.dismissed = {};
        // tab id → service id the tab's page belongs to (mindful pause)
        this.tabServices = {};
        // tab id → service id the user chose to continue to (mindful pause)
        this.passes = {};
        this._loaded = null;
    }

    /** Loads what an earlier run of the background kept; once. */
    load() {
        this._loaded ??= api.storage.session.get(KEY).then(items => {
            const saved = items?.[KEY];
            if (saved)
                Object.assign(this, saved);
        }).catch(e => console.warn(`Unscroll: cannot read the session state: ${e.message}`));
        return this._loaded;
    }

    save() {
        const {sites, nudges, dismissed, tabServices, passes} = this;
        return api.storage.session.set({[KEY]: {sites, nudges, dismissed, tabServices, passes}})
            .catch(e => console.warn(`Unscroll: cannot keep the session state: ${e.message}`));
    }

    /**
     * Takes the host's `state` message.
     *
     * @param {object} message
     */
    takeState(message) {
        this.sites = isObject(message.sites) ? message.sites : {};
        const nudges = {};
        for (const [service, nudge] of Object.entries(isObject(message.nudges) ? message.nudges : {})) {
            if (isObject(nudge))
                nudges[service] = {domains: this.sites[service]?.domains ?? [], nudge};
        }
        this.nudges = nudges;
    }

    /**
     * Takes the host's `nudge` message.
     *
     * @param {object} message
     */
    takeNudge(message) {
        if (typeof message.service !== 'string')
            return;
        if (isObject(message.nudge)) {
            const domains = Array.isArray(message.domains)
                ? message.domains : this.sites[message.service]?.domains ?? [];
            this.nudges[message.service] = {domains, nudge: message.nudge};
        } else {
            delete this.nudges[message.service];
            delete this.dismissed[message.service];
        }
    }

    forgetTab(tabId) {
        delete this.tabServices[tabId];
        delete this.passes[tabId];
    }
}

function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
