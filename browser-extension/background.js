// SPDX-License-Identifier: GPL-3.0-or-later
// The extension's background (a service worker in Chromium, an event page in
// Firefox): links the tab reporter, the in-page nudges and the mindful pause
// to unscroll-native-host.

import {api, browserName} from './lib/browser.js';
import {NativeConnection} from './lib/native.js';
import {NudgeRelay, nudgeKey} from './lib/nudges.js';
import {MindfulPause, PAUSE_PAGE} from './lib/pause.js';
import {SessionState} from './lib/state.js';
import {ActiveTabReporter} from './lib/tabs.js';

const SUPPORT_PAGE = 'pages/support.html';
const BREAK_PAGE = 'pages/break.html';
const BREAK_MINUTES = 5;

class UnscrollBackground {
    constructor() {
        this.state = new SessionState();
        this.tabs = new ActiveTabReporter(message => this._sendTab(message));
        this.nudges = new NudgeRelay(this.state);
        this.pause = new MindfulPause(this.state);
        this.connection = null;
        this._stateWaiters = [];
    }

    /** Listeners first, synchronously: events that woke the worker need them. */
    listen() {
        this.tabs.listen();
        this.nudges.listen();
        this.pause.listen();
        api.runtime.onMessage.addListener((message, sender, sendResponse) => {
            if (sender.id !== api.runtime.id)
                return false;
            this._handlePageMessage(message, sender).then(
                value => sendResponse({ok: true, ...value}),
                e => sendResponse({ok: false, message: e.message}));
            return true;
        });
    }

    async start() {
        const browser = await browserName();
        await this.state.load();
        this.connection = new NativeConnection({
            browser,
            onMessage: message => this._hostMessage(message),
            onConnected: ready => this._connected(ready),
        });
        this.connection.connect();
    }

    _sendTab(message) {
        if (!this.connection?.ready)
            return false;
        return this.connection.send(message);
    }

    _connected(ready) {
        if (!ready)
            return;
        // A new host or a restarted daemon knows nothing yet.
        this.tabs.forget();
        this.tabs.update();
    }

    async _hostMessage(message) {
        await this.state.load();
        switch (message.type) {
        case 'state':
            this.state.takeState(message);
            await this.state.save();
            await this.nudges.refreshAll();
            break;
        case 'nudge':
            this.state.takeNudge(message);
            await this.state.save();
            await this.nudges.refreshService(message.service,
                this.state.sites[message.service]?.domains ?? message.domains ?? []);
            break;
        default:
            return;
        }
        this._stateWaiters = this._stateWaiters.filter(({test, resolve}) => {
            if (!test(this.state))
                return true;
            resolve(true);
            return false;
        });
    }

    /**
     * Resolves once what the host said satisfies @test (at once if it does
     * already); for the tests and the debugging console.
     *
     * @param {function(SessionState): boolean} test
     * @returns {Promise<boolean>}
     */
    async whenState(test) {
        await this.state.load();
        if (test(this.state))
            return true;
        return new Promise(resolve => {
            this._stateWaiters.push({test, resolve});
        });
    }

    async _handlePageMessage(message, sender) {
        await this.state.load();
        const service = typeof message.service === 'string' ? message.service : '';
        const tabId = sender.tab?.id;
        switch (message.type) {
        case 'snooze': {
            const {until} = await this.connection.request({type: 'snooze', service});
            return {until};
        }
        case 'break': {
            const {until} = await this.connection.request({type: 'break', minutes: BREAK_MINUTES});
            if (tabId !== undefined)
                await this._leaveTab(tabId, BREAK_PAGE);
            return {until};
        }
        case 'dismiss': {
            const shown = this.state.nudges[service];
            if (shown && !shown.nudge.strict) {
                this.state.dismissed[service] = nudgeKey(shown.nudge);
                await this.state.save();
            }
            return {};
        }
        case 'support':
            await api.tabs.create({url: api.runtime.getURL(SUPPORT_PAGE), openerTabId: tabId});
            return {};
        case 'resources': {
            const {country, entries} = await this.connection.request({type: 'resources'});
            return {country, entries};
        }
        case 'site':
            return {site: this.state.sites[service] ?? null};
        case 'pause-choice': {
            if (!sender.url?.startsWith(api.runtime.getURL(PAUSE_PAGE)))
                throw new Error('Only the pause page makes that choice.');
            const choice = message.choice === 'opened' ? 'opened' : 'didnt-open';
            if (choice === 'opened' && tabId !== undefined)
                await this.pause.allow(tabId, service);
            // The choice is counted even when the daemon is not there.
            this.connection.request({type: 'pause-choice', service, choice}).catch(e => {
                console.warn(`Unscroll: the pause choice was not counted: ${e.message}`);
            });
            if (choice === 'didnt-open' && tabId !== undefined && message.leave)
                await this._leaveTab(tabId, null);
            return {};
        }
        default:
            throw new Error(`Unknown request ${message.type}`);
        }
    }

    /**
     * Closes @tabId if its window has other tabs; otherwise shows @page
     * there (or a new-tab page), so the browser does not close with it.
     */
    async _leaveTab(tabId, page) {
        const tab = await api.tabs.get(tabId);
        const siblings = await api.tabs.query({windowId: tab.windowId});
        if (siblings.length > 1)
            await api.tabs.remove(tabId);
        else
            await api.tabs.update(tabId, {url: page ? api.runtime.getURL(page) : 'about:blank'});
    }
}

// The one instance; the tests and the debugging console reach it here.
globalThis.unscroll = new UnscrollBackground();
globalThis.unscroll.listen();
globalThis.unscroll.start();
