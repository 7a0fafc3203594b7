// SPDX-License-Identifier: GPL-3.0-or-later
// Shows the daemon's nudges inside the pages of the site they are about:
// injects content/nudge.js only into tabs of that site, and only while the
// nudge lasts.

import {api} from './browser.js';
import {hostnameInDomain, hostnameOf} from './sites.js';

const CONTENT_SCRIPT = 'content/nudge.js';

/** The text that tells one nudge from the next, for "closed already". */
export function nudgeKey(nudge) {
    return JSON.stringify([nudge.level, nudge.limit_id, nudge.title, nudge.body, nudge.used_seconds]);
}

export class NudgeRelay {
    /** @param {import('./state.js').SessionState} state */
    constructor(state) {
        this._state = state;
    }

    /** Registers the listeners; call at the top level of the background. */
    listen() {
        // A page of a nudged site that loads (or reloads) while the nudge
        // lasts shows it too.
        api.webNavigation.onDOMContentLoaded.addListener(({tabId, frameId, url}) => {
            if (frameId !== 0)
                return;
            this._state.load().then(() => {
                const service = this._nudgedService(hostnameOf(url));
                if (service)
                    this._show(tabId, service);
            });
        });
    }

    /**
     * Brings every tab in line with the current nudges: shows each where its
     * site is open and takes it away where it ended.
     */
    async refreshAll() {
        let tabs;
        try {
            tabs = await api.tabs.query({});
        } catch {
            return;
        }
        await Promise.all(tabs.map(tab => this._refreshTab(tab)));
    }

    /**
     * Follows a nudge message for one service.
     *
     * @param {string} service
     * @param {string[]} domains - the service's registrable domains
     */
    async refreshService(service, domains) {
        let tabs;
        try {
            tabs = await api.tabs.query({});
        } catch {
            return;
        }
        const inSite = tabs.filter(tab => {
            const hostname = hostnameOf(tab.url);
            return domains.some(d => hostnameInDomain(hostname, d));
        });
        await Promise.all(inSite.map(tab => this._refreshTab(tab)));
    }

    async _refreshTab(tab) {
        if (tab.incognito)
            return;
        const hostname = hostnameOf(tab.url);
        if (!hostname)
            return;
        const service = this._nudgedService(hostname);
        if (service)
            await this._show(tab.id, service);
        else
            await this._hide(tab.id);
    }

    _nudgedService(hostname) {
        for (const [service, {domains, nudge}] of Object.entries(this._state.nudges)) {
            if (domains.some(d => hostnameInDomain(hostname, d)) &&
                (nudge.strict || this._state.dismissed[service] !== nudgeKey(nudge)))
                return service;
        }
        return null;
    }

    async _show(tabId, service) {
        const {nudge} = this._state.nudges[service];
        const name = this._state.sites[service]?.name ?? '';
        try {
            await api.scripting.executeScript({target: {tabId}, files: [CONTENT_SCRIPT]});
            await api.scripting.executeScript({
                target: {tabId},
                func: (shown, key) => globalThis.unscrollNudge?.show(shown, key),
                args: [{
                    service,
                    name,
                    level: nudge.level,
                    title: String(nudge.title ?? ''),
                    body: String(nudge.body ?? ''),
                    canSnooze: nudge.can_snooze === true,
                    strict: nudge.strict === true,
                }, nudgeKey(nudge)],
            });
        } catch (e) {
            // Pages the extension may not touch (the web store, error pages).
            console.debug(`Unscroll: no nudge in tab ${tabId}: ${e.message}`);
        }
    }

    async _hide(tabId) {
        try {
            await api.scripting.executeScript({
                target: {tabId},
                func: () => globalThis.unscrollNudge?.hide(),
            });
        } catch {
            // Nothing was shown there.
        }
    }
}
