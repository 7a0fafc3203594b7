// SPDX-License-Identifier: GPL-3.0-or-later
// Proxies for the Unscroll daemon, built from the interface files installed
// beside the extension so that they match the daemon's contract exactly.

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';

export const BUS_NAME = 'io.github.Unscroll';
export const OBJECT_PATH = '/io/github/Unscroll';

/**
 * Reads an interface description copied from data/ at build time.
 *
 * @param {Gio.File} dir the extension's directory
 * @param {string} iface the interface's short name, such as 'Tracker'
 * @returns {string} the introspection XML
 */
export function loadInterfaceXml(dir, iface) {
    const file = dir.get_child('dbus-interfaces')
        .get_child(`${BUS_NAME}.${iface}.xml`);
    const [, bytes] = file.load_contents(null);
    return new TextDecoder().decode(bytes);
}

/**
 * Creates a proxy asynchronously; resolves to null when cancelled.
 *
 * @param {Gio.File} dir the extension's directory
 * @param {string} iface the interface's short name
 * @param {Gio.Cancellable} cancellable cancelled when the caller goes away
 * @param {Gio.DBusProxyFlags} flags proxy flags
 * @returns {Promise<Gio.DBusProxy|null>}
 */
export function newProxy(dir, iface, cancellable, flags) {
    const Proxy = Gio.DBusProxy.makeProxyWrapper(loadInterfaceXml(dir, iface));
    return new Promise((resolve, reject) => {
        Proxy(Gio.DBus.session, BUS_NAME, OBJECT_PATH, (proxy, error) => {
            if (error && error.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED))
                resolve(null);
            else if (error)
                reject(error);
            else
                resolve(proxy);
        }, cancellable, flags);
    });
}

/**
 * Calls a method through a proxy made by newProxy().
 *
 * @param {Gio.DBusProxy} proxy the proxy
 * @param {string} method the method's name
 * @param {Array} args the method's in arguments
 * @param {Gio.Cancellable} cancellable cancelled when the caller goes away
 * @param {Gio.DBusCallFlags} flags call flags
 * @returns {Promise<Array>} the method's out arguments
 */
export function call(proxy, method, args, cancellable, flags = Gio.DBusCallFlags.NONE) {
    // GJS takes no null in the cancellable's place: leave it out instead.
    const extra = cancellable ? [cancellable, flags] : [flags];
    return new Promise((resolve, reject) => {
        proxy[`${method}Remote`](...args, ...extra, (result, error) => {
            if (error)
                reject(error);
            else
                resolve(result);
        });
    });
}

/**
 * Whether an error only says that the caller went away first.
 *
 * @param {Error} error the error
 * @returns {boolean}
 */
export function isCancelled(error) {
    return error instanceof GLib.Error &&
        error.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED);
}

/**
 * A short, kind message for an error from the daemon, without its D-Bus
 * error name.
 *
 * @param {Error} error the error
 * @returns {string}
 */
export function errorMessage(error) {
    if (error instanceof GLib.Error)
        Gio.DBusError.strip_remote_error(error);
    return error.message;
}

/**
 * Formats seconds as hours and minutes for people.
 *
 * @param {Function} ngettext the extension's ngettext
 * @param {number} seconds a duration
 * @returns {string}
 */
export function formatDuration(ngettext, seconds) {
    const minutes = Math.floor(Math.max(0, seconds) / 60);
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    const min = ngettext('%d min', '%d min', rest).replace('%d', rest);
    if (hours === 0)
        return min;
    const h = ngettext('%d h', '%d h', hours).replace('%d', hours);
    return rest === 0 ? h : `${h} ${min}`;
}
