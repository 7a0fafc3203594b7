// SPDX-License-Identifier: GPL-3.0-or-later
// The mindful pause: when a tab goes to a site whose limit asks for one,
// from somewhere else, it shows pages/pause.html first. The address the tab
// was going to stays in that tab (in the pause page's own address); it is
// never sent to the host.

import {api} from './browser.js';
import {hostnameOf, serviceOfHostname} from './sites.js';

export const PAUSE_PAGE = 'pages/pause.html';

export class MindfulPause {
    /** @param {import('./state.js').SessionState} state */
    constructor(state) {
        this._state = state;
    }

    /** Registers the listeners; call at the top level of the background. */
    listen() {
        api.webNavigation.onBeforeNavigate.addListener(details => {
            if (details.frameId === 0)
                this._state.load().then(() => this._beforeNavigate(details));
        });
        api.webNavigation.onCommitted.addListener(details => {
            if (details.frameId === 0)
                this._state.load().then(() => this._committed(details));
        });
        api.tabs.onRemoved.addListener(tabId => {
            this._state.load().then(() => {
                this._state.forgetTab(tabId);
                this._state.save();
            });
        });
    }

    /**
     * Lets the next navigation of @tabId to @service through: the user
     * chose to continue.
     */
    allow(tabId, service) {
        this._state.passes[tabId] = service;
        return this._state.save();
    }

    _pausedService(hostname) {
        const service = serviceOfHostname(this._state.sites, hostname);
        return service && this._state.sites[service].mindful_pause === true ? service : null;
    }

    _beforeNavigate({tabId, url}) {
        const service = this._pausedService(hostnameOf(url));
        if (!service)
            return;
        // Moving around inside the site, or going on after the pause.
        if (this._state.tabServices[tabId] === service || this._state.passes[tabId] === service)
            return;
        const page = new URL(api.runtime.getURL(PAUSE_PAGE));
        page.searchParams.set('service', service);
        page.hash = url;
        api.tabs.update(tabId, {url: page.href}).catch(e => {
            console.warn(`Unscroll: cannot show the pause: ${e.message}`);
        });
    }

    _committed({tabId, url}) {
        const service = serviceOfHostname(this._state.sites, hostnameOf(url));
        if (service) {
            this._state.tabServices[tabId] = service;
            if (this._state.passes[tabId] === service)
                delete this._state.passes[tabId];
        } else {
            delete this._state.tabServices[tabId];
        }
        this._state.save();
    }
}
