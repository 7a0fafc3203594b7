// SPDX-License-Identifier: GPL-3.0-or-later
// Test-only: lets the real-shell test call org.gnome.Shell.Eval, which GNOME
// Shell answers only in unsafe mode. Never installed outside the test root.

import {Extension} from 'resource:///org/gnome/shell/extensions/extension.js';

export default class UnsafeModeExtension extends Extension {
    enable() {
        global.context.unsafe_mode = true;
    }

    disable() {
        global.context.unsafe_mode = false;
    }
}
