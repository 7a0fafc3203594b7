// SPDX-License-Identifier: GPL-3.0-or-later
// "Open report": runs `unscroll report` in the user's terminal, or shows its
// output in a dialog when no terminal can be found.

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Clutter from 'gi://Clutter';
import GObject from 'gi://GObject';
import St from 'gi://St';

import {gettext as _} from 'resource:///org/gnome/shell/extensions/extension.js';
import * as ModalDialog from 'resource:///org/gnome/shell/ui/modalDialog.js';

// How each terminal takes a command line to run, most specific first.
const TERMINALS = [
    ['xdg-terminal-exec'],
    ['kgx', '--'],
    ['gnome-terminal', '--'],
    ['ptyxis', '--'],
    ['x-terminal-emulator', '-e'],
];

/**
 * Where the unscroll command is, looking in ~/.local/bin too because
 * `make install` puts it there and the Shell's PATH may not include it.
 *
 * @returns {string|null}
 */
function findCli() {
    const inPath = GLib.find_program_in_path('unscroll');
    if (inPath)
        return inPath;
    const local = GLib.build_filenamev([GLib.get_home_dir(), '.local', 'bin', 'unscroll']);
    return GLib.file_test(local, GLib.FileTest.IS_EXECUTABLE) ? local : null;
}

const ReportDialog = GObject.registerClass(
class UnscrollReportDialog extends ModalDialog.ModalDialog {
    _init(title, text) {
        super._init({styleClass: 'unscroll-report-dialog'});

        this.contentLayout.add_child(new St.Label({
            text: title,
            style_class: 'unscroll-report-title',
        }));
        const body = new St.Label({text, style_class: 'unscroll-report-text'});
        body.clutter_text.line_wrap = false;
        const scroll = new St.ScrollView({
            style_class: 'unscroll-report-scroll',
            hscrollbar_policy: St.PolicyType.AUTOMATIC,
            vscrollbar_policy: St.PolicyType.AUTOMATIC,
        });
        // The scroll view needs a scrollable child.
        const box = new St.BoxLayout();
        box.add_child(body);
        scroll.set_child(box);
        this.contentLayout.add_child(scroll);

        this.addButton({
            label: _('Close'),
            action: () => this.close(),
            key: Clutter.KEY_Escape,
            default: true,
        });
    }
});

export class ReportOpener {
    constructor() {
        this._cancellable = new Gio.Cancellable();
        this._dialog = null;
    }

    open() {
        const cli = findCli();
        if (!cli) {
            this._show(_('The unscroll command isn’t installed, so there is no report to show yet.'));
            return;
        }

        for (const [terminal, ...args] of TERMINALS) {
            const path = GLib.find_program_in_path(terminal);
            if (!path)
                continue;
            const script = '"$0" report; printf "\\n%s" "$1"; read -r _';
            try {
                Gio.Subprocess.new([path, ...args, 'sh', '-c', script, cli,
                    _('Press Enter to close.')], Gio.SubprocessFlags.NONE);
                return;
            } catch (e) {
                console.debug(`Unscroll: ${terminal} did not start: ${e.message}`);
            }
        }
        this._runInDialog(cli);
    }

    _runInDialog(cli) {
        let proc;
        try {
            proc = Gio.Subprocess.new([cli, 'report'],
                Gio.SubprocessFlags.STDOUT_PIPE | Gio.SubprocessFlags.STDERR_MERGE);
        } catch (e) {
            this._show(e.message);
            return;
        }
        proc.communicate_utf8_async(null, this._cancellable, (p, result) => {
            try {
                const [, stdout] = p.communicate_utf8_finish(result);
                this._show(stdout ?? '');
            } catch (e) {
                if (!e.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED))
                    this._show(e.message);
            }
        });
    }

    _show(text) {
        this._dialog?.destroy();
        this._dialog = new ReportDialog(_('Today on Unscroll'), text.trimEnd());
        this._dialog.connectObject('destroy', () => {
            this._dialog = null;
        }, this);
        this._dialog.open();
    }

    destroy() {
        this._cancellable.cancel();
        this._cancellable = null;
        if (this._dialog) {
            this._dialog.disconnectObject(this);
            this._dialog.destroy();
            this._dialog = null;
        }
    }
}
