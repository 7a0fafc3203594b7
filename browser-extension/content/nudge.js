// SPDX-License-Identifier: GPL-3.0-or-later
// The in-page nudge: a calm, accessible overlay in a shadow root with the
// same words and choices as the notification. Injected by the background
// only into pages of a site with an active nudge; it shows what the
// background passes to unscrollNudge.show() and reports choices back.

(() => {
    if (globalThis.unscrollNudge)
        return;

    const api = globalThis.browser ?? globalThis.chrome;

    const STYLE = `
:host { all: initial; }
.backdrop {
    position: fixed; inset: 0; z-index: 2147483647;
    display: flex; align-items: center; justify-content: center;
    background: rgba(246, 244, 239, 0.82);
    backdrop-filter: blur(6px);
    font: 16px/1.5 system-ui, -apple-system, "Cantarell", "Segoe UI", sans-serif;
    color: #2e3436;
    animation: fade 400ms ease-out;
}
.backdrop.strict { background: rgb(246, 244, 239); backdrop-filter: none; }
.card {
    box-sizing: border-box;
    max-width: min(30rem, calc(100vw - 2rem));
    padding: 2rem 2rem 1.5rem;
    border-radius: 1.25rem;
    background: #ffffff;
    box-shadow: 0 0.5rem 2rem rgba(46, 52, 54, 0.15);
}
h2 { margin: 0 0 0.5rem; font-size: 1.35rem; font-weight: 600; }
p { margin: 0 0 1.5rem; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
button {
    font: inherit; font-size: 0.95rem;
    padding: 0.55rem 1rem;
    border-radius: 999px;
    border: 1px solid #c0bfbc;
    background: #f6f5f4; color: inherit;
    cursor: pointer;
}
button.primary { background: #3d7b6e; border-color: #3d7b6e; color: #ffffff; }
button:hover { filter: brightness(0.96); }
button:focus-visible { outline: 3px solid #62a0ea; outline-offset: 2px; }
@keyframes fade { from { opacity: 0; } to { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .backdrop { animation: none; } }
@media (prefers-color-scheme: dark) {
    .backdrop { background: rgba(30, 30, 30, 0.85); color: #deddda; }
    .backdrop.strict { background: rgb(30, 30, 30); }
    .card { background: #2b2b2b; box-shadow: 0 0.5rem 2rem rgba(0, 0, 0, 0.5); }
    button { background: #3a3a3a; border-color: #5e5c64; }
    button.primary { background: #4f9a8a; border-color: #4f9a8a; color: #101010; }
}
`;

    class NudgeOverlay {
        constructor() {
            this._host = null;
            this._shown = null;
            this._key = null;
            this._restoreFocus = null;
            this._bodyWasInert = false;
            this._onFocusIn = event => {
                // Focus that wanders to the page comes back to the dialog.
                if (this._host && event.target !== this._host)
                    this._buttons()[0]?.focus();
            };
        }

        /**
         * Shows @shown, or updates the overlay already there.
         *
         * @param {object} shown - service, name, level, title, body,
         *   canSnooze, strict
         * @param {string} key - tells one nudge from the next
         */
        show(shown, key) {
            if (this._host && this._key === key)
                return;
            this.hide();
            this._shown = shown;
            this._key = key;
            this._restoreFocus = document.activeElement;

            const host = document.createElement('div');
            host.setAttribute('data-unscroll-nudge', '');
            const root = host.attachShadow({mode: 'open'});
            const style = document.createElement('style');
            style.textContent = STYLE;
            root.append(style);

            const backdrop = document.createElement('div');
            backdrop.className = shown.strict ? 'backdrop strict' : 'backdrop';
            const card = document.createElement('div');
            card.className = 'card';
            card.setAttribute('role', 'dialog');
            card.setAttribute('aria-modal', 'true');
            card.setAttribute('aria-labelledby', 'unscroll-title');
            card.setAttribute('aria-describedby', 'unscroll-body');
            const title = document.createElement('h2');
            title.id = 'unscroll-title';
            title.textContent = shown.title;
            const body = document.createElement('p');
            body.id = 'unscroll-body';
            body.textContent = shown.body;
            const actions = document.createElement('div');
            actions.className = 'actions';

            if (shown.canSnooze)
                actions.append(this._button('5 more minutes', 'snooze', () => this._snooze()));
            actions.append(this._button('Take a break', 'break', () => this._takeBreak(), true));
            actions.append(this._button('Get support', 'support', () => this._support()));
            if (!shown.strict)
                actions.append(this._button('Close', 'close', () => this._close()));

            card.append(title, body, actions);
            backdrop.append(card);
            root.append(backdrop);
            root.addEventListener('keydown', event => this._keydown(event));

            // Outside <body>, so that making the page inert leaves it usable.
            document.documentElement.append(host);
            this._host = host;
            if (document.body) {
                this._bodyWasInert = document.body.inert;
                document.body.inert = true;
            }
            document.addEventListener('focusin', this._onFocusIn, true);
            this._buttons()[0]?.focus();
        }

        hide() {
            if (!this._host)
                return;
            document.removeEventListener('focusin', this._onFocusIn, true);
            this._host.remove();
            this._host = null;
            this._shown = null;
            this._key = null;
            if (document.body)
                document.body.inert = this._bodyWasInert;
            this._restoreFocus?.focus?.();
            this._restoreFocus = null;
        }

        _button(label, action, handler, primary = false) {
            const button = document.createElement('button');
            button.type = 'button';
            button.textContent = label;
            button.dataset.action = action;
            if (primary)
                button.className = 'primary';
            button.addEventListener('click', handler);
            return button;
        }

        _buttons() {
            return this._host ? [...this._host.shadowRoot.querySelectorAll('button')] : [];
        }

        _keydown(event) {
            if (event.key === 'Escape') {
                event.preventDefault();
                event.stopPropagation();
                if (!this._shown?.strict)
                    this._close();
                return;
            }
            if (event.key !== 'Tab')
                return;
            // Tab and Shift+Tab go round the dialog's buttons.
            const buttons = this._buttons();
            if (buttons.length === 0)
                return;
            const index = buttons.indexOf(this._host.shadowRoot.activeElement);
            const next = event.shiftKey
                ? (index <= 0 ? buttons.length - 1 : index - 1)
                : (index + 1) % buttons.length;
            event.preventDefault();
            buttons[next].focus();
        }

        _send(message) {
            return api.runtime.sendMessage(message).then(answer => {
                if (!answer?.ok)
                    throw new Error(answer?.message ?? 'Unscroll could not do that.');
                return answer;
            });
        }

        _snooze() {
            const {service} = this._shown;
            this._send({type: 'snooze', service})
                .then(() => this.hide())
                .catch(e => this._say(e.message));
        }

        _takeBreak() {
            this._send({type: 'break'}).catch(e => this._say(e.message));
        }

        _support() {
            this._send({type: 'support'}).catch(e => this._say(e.message));
        }

        _close() {
            const {service} = this._shown;
            this._send({type: 'dismiss', service}).catch(() => {});
            this.hide();
        }

        _say(text) {
            const body = this._host?.shadowRoot.getElementById('unscroll-body');
            if (body)
                body.textContent = text;
        }
    }

    globalThis.unscrollNudge = new NudgeOverlay();
})();
