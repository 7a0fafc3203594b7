// SPDX-License-Identifier: GPL-3.0-or-later
// Drives headless Chromium or Firefox with puppeteer-core for the pytest
// harness: one JSON request a line on stdin, one JSON answer a line on the
// file descriptor UNSCROLL_DRIVER_FD ({id, ok, value} or {id, ok: false,
// error}); stdout and stderr carry the browsers' own output. Every wait here is a
// wait for a condition, bounded by a timeout.

import puppeteer from 'puppeteer-core';
import fs from 'node:fs';
import readline from 'node:readline';

const TIMEOUT_MS = 20000;

class Driver {
    constructor() {
        this.browser = null;
        this.worker = null;
        this.pages = new Map();
    }

    async launch({browser, executablePath, args = [], userDataDir, extensionDir, extensionId, prefs, headless = true}) {
        if (browser === 'firefox') {
            this.browser = await puppeteer.launch({
                browser: 'firefox',
                executablePath,
                headless: true,
                args,
                acceptInsecureCerts: true,
                dumpio: true,
                extraPrefsFirefox: prefs ?? {},
                protocolTimeout: 60000,
            });
            return {id: await this.browser.installExtension(extensionDir)};
        }
        this.browser = await puppeteer.launch({
            executablePath,
            headless,
            pipe: true,
            dumpio: true,
            userDataDir,
            args: [
                ...args,
                `--load-extension=${extensionDir}`,
                `--disable-extensions-except=${extensionDir}`,
            ],
            ignoreDefaultArgs: ['--disable-extensions'],
            acceptInsecureCerts: true,
            protocolTimeout: 60000,
        });
        this.extensionOrigin = `chrome-extension://${extensionId}/`;
        const target = await this.browser.waitForTarget(
            t => t.type() === 'service_worker' && t.url().startsWith(this.extensionOrigin),
            {timeout: TIMEOUT_MS});
        await this._attachWorker(target);
        // The tab the browser opened with.
        const [first] = await this.browser.pages();
        if (first)
            this.pages.set('first', first);
        return {pid: this.browser.process()?.pid ?? null};
    }

    async _attachWorker(target) {
        this.worker = await target.worker();
        // The worker is attached to before its modules ran (before even
        // its globals exist): ask until the background's instance is there.
        const deadline = Date.now() + TIMEOUT_MS;
        // eslint-disable-next-line no-await-in-loop
        while (await this.worker.evaluate('typeof globalThis.unscroll').catch(() => '') !== 'object') {
            if (Date.now() > deadline)
                throw new Error('the extension\'s background did not start');
            // eslint-disable-next-line no-await-in-loop
            await new Promise(resolve => {
                setTimeout(resolve, 20);
            });
        }
    }

    /**
     * Stops the extension's service worker as the browser does when it is
     * idle. DevTools keeps a worker it is attached to from going away, so
     * the driver lets go of it first; the stop goes through a page's
     * ServiceWorker domain (the browser target has none).
     */
    async stopWorker() {
        const target = this.browser.targets().find(
            t => t.type() === 'service_worker' && t.url().startsWith(this.extensionOrigin));
        if (!target)
            throw new Error('the extension\'s service worker is not running');
        if (this.worker) {
            await this.worker.client.detach().catch(() => {});
            this.worker = null;
        }
        const [page] = await this.browser.pages();
        const session = await page.createCDPSession();
        try {
            const running = new Promise(resolve => {
                session.on('ServiceWorker.workerVersionUpdated', ({versions}) => {
                    const version = versions.find(v => v.scriptURL.startsWith(this.extensionOrigin) &&
                        v.runningStatus === 'running');
                    if (version)
                        resolve(version.versionId);
                });
            });
            await session.send('ServiceWorker.enable');
            const versionId = await this._within(running, 'the worker\'s version');
            const destroyed = new Promise(resolve => {
                const onGone = t => {
                    if (t === target) {
                        this.browser.off('targetdestroyed', onGone);
                        resolve();
                    }
                };
                this.browser.on('targetdestroyed', onGone);
            });
            await session.send('ServiceWorker.stopWorker', {versionId});
            await this._within(destroyed, 'the service worker to stop');
            return versionId;
        } finally {
            await session.detach().catch(() => {});
        }
    }

    /** Waits for the extension's service worker to run again and attaches to it. */
    async waitWorker() {
        const target = await this.browser.waitForTarget(
            t => t.type() === 'service_worker' && t.url().startsWith(this.extensionOrigin),
            {timeout: TIMEOUT_MS});
        await this._attachWorker(target);
        return null;
    }

    async _within(promise, what) {
        let timer;
        const expired = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), TIMEOUT_MS);
        });
        try {
            return await Promise.race([promise, expired]);
        } finally {
            clearTimeout(timer);
        }
    }

    page(name) {
        const page = this.pages.get(name);
        if (!page)
            throw new Error(`no page called ${name}`);
        return page;
    }

    async newPage({page}) {
        this.pages.set(page, await this.browser.newPage());
        return null;
    }

    async goto({page, url, waitUntil = 'load'}) {
        try {
            const response = await this.page(page).goto(url, {waitUntil, timeout: TIMEOUT_MS});
            return {status: response?.status() ?? null};
        } catch (e) {
            // A navigation the extension turned elsewhere (the mindful pause).
            return {aborted: e.message};
        }
    }

    async front({page}) {
        await this.page(page).bringToFront();
        return null;
    }

    async url({page}) {
        return this.page(page).url();
    }

    async evaluate({page, expression}) {
        return this.page(page).evaluate(expression);
    }

    async waitFor({page, expression, timeout = TIMEOUT_MS}) {
        const handle = await this.page(page).waitForFunction(expression, {timeout, polling: 100});
        return handle.jsonValue();
    }

    async click({page, expression}) {
        const handle = await this.page(page).waitForFunction(expression, {timeout: TIMEOUT_MS, polling: 100});
        const element = handle.asElement();
        if (!element)
            throw new Error(`${expression} is not an element`);
        await element.click();
        return null;
    }

    async press({page, key}) {
        // 'Shift+Tab': modifiers held around the last key.
        const keys = key.split('+');
        const last = keys.pop();
        const {keyboard} = this.page(page);
        for (const modifier of keys)
            await keyboard.down(modifier); // eslint-disable-line no-await-in-loop
        await keyboard.press(last);
        for (const modifier of keys.reverse())
            await keyboard.up(modifier); // eslint-disable-line no-await-in-loop
        return null;
    }

    async screenshot({page, path}) {
        await this.page(page).screenshot({path});
        return path;
    }

    async waitForPage({page, urlIncludes}) {
        const target = await this.browser.waitForTarget(t => t.url().includes(urlIncludes),
            {timeout: TIMEOUT_MS});
        this.pages.set(page, await target.page());
        return target.url();
    }

    async closePage({page}) {
        await this.page(page).close();
        this.pages.delete(page);
        return null;
    }

    async waitClosed({page, timeout = TIMEOUT_MS}) {
        const closing = this.page(page);
        if (!closing.isClosed()) {
            let timer;
            await Promise.race([
                new Promise(resolve => closing.once('close', resolve)),
                new Promise((_, reject) => {
                    timer = setTimeout(() => reject(new Error(`${page} stayed open`)), timeout);
                }),
            ]).finally(() => clearTimeout(timer));
        }
        this.pages.delete(page);
        return null;
    }

    async openUrls() {
        return (await this.browser.pages()).map(p => p.url());
    }

    async workerEval({expression, timeout = TIMEOUT_MS}) {
        if (!this.worker)
            throw new Error('the extension has no service worker to evaluate in');
        let timer;
        const expired = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${timeout} ms: ${expression}`)),
                timeout);
        });
        try {
            return await Promise.race([this.worker.evaluate(expression), expired]);
        } finally {
            clearTimeout(timer);
        }
    }

    async close() {
        if (this.browser)
            await this.browser.close();
        this.browser = null;
        return null;
    }
}

async function main() {
    const answers = Number.parseInt(process.env.UNSCROLL_DRIVER_FD ?? '1', 10);
    const driver = new Driver();
    const lines = readline.createInterface({input: process.stdin});
    for await (const line of lines) {
        let request;
        try {
            request = JSON.parse(line);
        } catch {
            continue;
        }
        let answer;
        try {
            if (typeof driver[request.op] !== 'function' || request.op === 'page')
                throw new Error(`unknown op ${request.op}`);
            // eslint-disable-next-line no-await-in-loop
            const value = await driver[request.op](request.args ?? {});
            answer = {id: request.id, ok: true, value: value ?? null};
        } catch (e) {
            answer = {id: request.id, ok: false, error: String(e?.stack ?? e)};
        }
        fs.writeSync(answers, `${JSON.stringify(answer)}\n`);
    }
    await driver.close().catch(() => {});
}

main();
