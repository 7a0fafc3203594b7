// SPDX-License-Identifier: GPL-3.0-or-later
// The connection to unscroll-native-host: connects, says hello, answers
// requests by id, and reconnects with a growing delay when the host goes
// away. See PROTOCOL.md.

import {api} from './browser.js';

export const HOST_NAME = 'io.github.unscroll';
export const PROTOCOL_VERSION = 1;

// Reconnection waits 1 s, 2 s, 4 s … up to 5 minutes, and starts at 1 s
// again once a connection said hello.
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 5 * 60 * 1000;
// A request the host never answers (it died mid-way) fails after this.
const REQUEST_TIMEOUT_MS = 30 * 1000;
const MAX_ID = 2 ** 31 - 1;

export class NativeConnection {
    /**
     * @param {object} handlers
     * @param {string} handlers.browser - the protocol's browser name
     * @param {function(object): void} handlers.onMessage - every message
     *   that is not an answer to a request
     * @param {function(boolean): void} handlers.onConnected - true when the
     *   host said hello with a daemon, false when the connection or the
     *   daemon went away
     */
    constructor({browser, onMessage, onConnected}) {
        this._browser = browser;
        this._onMessage = onMessage;
        this._onConnected = onConnected;
        this._port = null;
        this._daemon = false;
        this._delay = FIRST_DELAY_MS;
        this._retryTimer = 0;
        this._nextId = 1;
        this._pending = new Map();
    }

    /** Whether the host is connected and the daemon answered. */
    get ready() {
        return this._port !== null && this._daemon;
    }

    connect() {
        if (this._port || this._retryTimer)
            return;
        let port;
        try {
            port = api.runtime.connectNative(HOST_NAME);
        } catch (e) {
            console.warn(`Unscroll: cannot start the native host: ${e.message}`);
            this._scheduleRetry();
            return;
        }
        this._port = port;
        port.onMessage.addListener(message => this._received(message));
        port.onDisconnect.addListener(() => this._disconnected(port));
        port.postMessage({type: 'hello', version: PROTOCOL_VERSION, browser: this._browser});
    }

    /**
     * Sends a message that needs no answer. Dropped when not connected: the
     * current state is sent again after the next hello.
     *
     * @param {object} message
     * @returns {boolean} whether it was sent
     */
    send(message) {
        if (!this._port)
            return false;
        try {
            this._port.postMessage(message);
            return true;
        } catch (e) {
            console.warn(`Unscroll: cannot reach the native host: ${e.message}`);
            return false;
        }
    }

    /**
     * Sends a request and waits for the message carrying its id.
     *
     * @param {object} message
     * @returns {Promise<object>} the answer; rejects on an `error` answer
     */
    request(message) {
        if (!this._port) {
            this.connect();
            return Promise.reject(new Error('Unscroll is not running.'));
        }
        const id = this._nextId;
        this._nextId = this._nextId >= MAX_ID ? 1 : this._nextId + 1;
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this._pending.delete(id);
                reject(new Error('Unscroll did not answer.'));
            }, REQUEST_TIMEOUT_MS);
            this._pending.set(id, {resolve, reject, timer});
            if (!this.send({...message, id})) {
                clearTimeout(timer);
                this._pending.delete(id);
                reject(new Error('Unscroll is not running.'));
            }
        });
    }

    _received(message) {
        if (typeof message !== 'object' || message === null)
            return;
        const pending = Number.isInteger(message.id) ? this._pending.get(message.id) : undefined;
        if (pending) {
            this._pending.delete(message.id);
            clearTimeout(pending.timer);
            if (message.type === 'error')
                pending.reject(new Error(message.message ?? 'Unscroll could not do that.'));
            else
                pending.resolve(message);
            return;
        }
        if (message.type === 'hello') {
            this._delay = FIRST_DELAY_MS;
            this._daemon = message.daemon === true;
            this._onConnected(this._daemon);
            return;
        }
        if (message.type === 'error')
            console.warn(`Unscroll: the native host says: ${message.code}: ${message.message}`);
        this._onMessage(message);
    }

    _disconnected(port) {
        if (port !== this._port)
            return;
        const reason = api.runtime.lastError?.message ?? port.error?.message;
        if (reason)
            console.warn(`Unscroll: the native host went away: ${reason}`);
        this._port = null;
        this._daemon = false;
        for (const {reject, timer} of this._pending.values()) {
            clearTimeout(timer);
            reject(new Error('Unscroll went away.'));
        }
        this._pending.clear();
        this._onConnected(false);
        this._scheduleRetry();
    }

    _scheduleRetry() {
        if (this._retryTimer)
            return;
        const delay = this._delay;
        this._delay = Math.min(this._delay * 2, MAX_DELAY_MS);
        this._retryTimer = setTimeout(() => {
            this._retryTimer = 0;
            this.connect();
        }, delay);
    }
}
