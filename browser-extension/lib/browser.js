// SPDX-License-Identifier: GPL-3.0-or-later
// The WebExtension API under one name for both browsers, and which browser
// this is, in the words of the native-messaging protocol.

// Firefox has `browser` (promises); Chromium's MV3 `chrome` returns promises too.
export const api = globalThis.browser ?? globalThis.chrome;

/**
 * Names the browser for the host's `hello`: one of chromium, chrome, brave,
 * edge, vivaldi, firefox or other.
 *
 * @returns {Promise<string>}
 */
export async function browserName() {
    if (typeof api.runtime.getBrowserInfo === 'function') {
        const info = await api.runtime.getBrowserInfo();
        return /firefox/i.test(info.name) ? 'firefox' : 'other';
    }
    if (globalThis.navigator?.brave)
        return 'brave';
    const brands = (globalThis.navigator?.userAgentData?.brands ?? []).map(b => b.brand);
    if (brands.includes('Microsoft Edge'))
        return 'edge';
    if (brands.includes('Brave'))
        return 'brave';
    if (brands.includes('Google Chrome'))
        return 'chrome';
    if (/Vivaldi/.test(globalThis.navigator?.userAgent ?? ''))
        return 'vivaldi';
    if (brands.includes('Chromium'))
        return 'chromium';
    return 'other';
}
