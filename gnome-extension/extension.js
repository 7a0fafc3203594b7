// SPDX-License-Identifier: GPL-3.0-or-later
// Unscroll for GNOME Shell: reports the focused app to the Unscroll daemon
// and shows today's social time in the top bar.

import * as Main from 'resource:///org/gnome/shell/ui/main.js';
import {Extension} from 'resource:///org/gnome/shell/extensions/extension.js';

import {FocusReporter} from './lib/focus.js';
import {Indicator} from './lib/indicator.js';

export default class UnscrollExtension extends Extension {
    enable() {
        this._focusReporter = new FocusReporter(this.dir);
        this._indicator = new Indicator(this);
        Main.panel.addToStatusArea(this.uuid, this._indicator);
    }

    disable() {
        this._indicator?.destroy();
        this._indicator = null;
        this._focusReporter?.destroy();
        this._focusReporter = null;
    }
}
