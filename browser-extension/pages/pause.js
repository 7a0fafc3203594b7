// SPDX-License-Identifier: GPL-3.0-or-later
// The mindful pause page: breathe for the limit's few seconds, then choose
// to go on to the site or not. The address the tab was going to is this
// page's fragment; it goes back into the tab and nowhere else.

const api = globalThis.browser ?? globalThis.chrome;
const DEFAULT_SECONDS = 5;

class PausePage {
    constructor() {
        const params = new URLSearchParams(location.search);
        this.service = params.get('service') ?? '';
        this.target = location.hash.slice(1);
    }

    async start() {
        const answer = await api.runtime.sendMessage({type: 'site', service: this.service});
        const site = answer?.site ?? {};
        const name = site.name || this.service;
        const seconds = Number.isInteger(site.pause_seconds) && site.pause_seconds >= 0
            ? site.pause_seconds : DEFAULT_SECONDS;
        document.title = `A mindful pause before ${name}`;
        document.getElementById('continue').textContent = `Continue to ${name}`;
        document.getElementById('continue').addEventListener('click', () => this._continue());
        document.getElementById('dont-open').addEventListener('click', () => this._dontOpen());
        setTimeout(() => this._offerChoices(), seconds * 1000);
    }

    _offerChoices() {
        const guide = document.getElementById('guide');
        guide.textContent = 'Do you still want to go there?';
        document.getElementById('choices').hidden = false;
        // Neither choice is the default: focus goes to the question.
        guide.focus();
    }

    async _continue() {
        let target;
        try {
            target = new URL(this.target);
        } catch {
            target = null;
        }
        if (!target || (target.protocol !== 'https:' && target.protocol !== 'http:'))
            return;
        await api.runtime.sendMessage({type: 'pause-choice', service: this.service, choice: 'opened'});
        location.replace(target.href);
    }

    async _dontOpen() {
        const goBack = history.length > 1;
        await api.runtime.sendMessage({
            type: 'pause-choice', service: this.service, choice: 'didnt-open', leave: !goBack,
        });
        if (goBack)
            history.back();
    }
}

new PausePage().start();
