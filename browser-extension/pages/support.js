// SPDX-License-Identifier: GPL-3.0-or-later
// The support page: lists the support services the daemon's curated
// resources give for the user's country.

const api = globalThis.browser ?? globalThis.chrome;

class SupportPage {
    async start() {
        const status = document.getElementById('status');
        let answer;
        try {
            answer = await api.runtime.sendMessage({type: 'resources'});
        } catch (e) {
            answer = {ok: false, message: e.message};
        }
        if (!answer?.ok) {
            status.textContent = 'Unscroll is not running, so the list is not available right now.';
            return;
        }
        const entries = Array.isArray(answer.entries) ? answer.entries : [];
        status.textContent = entries.length > 0 ? '' : 'No services are listed for your country yet.';
        status.hidden = entries.length > 0;
        const list = document.getElementById('resources');
        for (const entry of entries)
            list.append(this._item(entry));
    }

    _item(entry) {
        const item = document.createElement('li');
        const name = document.createElement('h2');
        name.textContent = String(entry.name ?? '');
        item.append(name);
        for (const key of ['description', 'hours']) {
            if (entry[key]) {
                const line = document.createElement('p');
                line.textContent = String(entry[key]);
                item.append(line);
            }
        }
        if (entry.phone)
            item.append(this._line('Call', `tel:${String(entry.phone).replace(/[^0-9+]/g, '')}`, entry.phone));
        if (entry.text)
            item.append(this._line('Text', null, entry.text));
        if (entry.url && /^https:\/\//.test(entry.url))
            item.append(this._line('Web', entry.url, entry.url));
        return item;
    }

    _line(label, href, text) {
        const line = document.createElement('p');
        line.append(`${label}: `);
        if (href) {
            const link = document.createElement('a');
            link.href = href;
            link.rel = 'noreferrer';
            link.target = '_blank';
            link.textContent = String(text);
            line.append(link);
        } else {
            line.append(String(text));
        }
        return line;
    }
}

new SupportPage().start();
