// SPDX-License-Identifier: GPL-3.0-or-later
// What the extension may tell about a page: its hostname and nothing else,
// and which limited service a hostname belongs to.

// The host refuses anything else (PROTOCOL.md): letters, digits, '-' and
// '.', at most 253 bytes.
const HOSTNAME = /^[A-Za-z0-9.-]{1,253}$/;

/**
 * The hostname of a web page's URL, or '' for anything that is not a web
 * site (new-tab and settings pages, files, extension pages) or that the
 * host would refuse (IPv6 literals). Never the path, query or fragment.
 *
 * @param {string|undefined} url
 * @returns {string}
 */
export function hostnameOf(url) {
    if (!url)
        return '';
    let parsed;
    try {
        parsed = new URL(url);
    } catch {
        return '';
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        return '';
    const hostname = parsed.hostname.replace(/\.$/, '').toLowerCase();
    return HOSTNAME.test(hostname) ? hostname : '';
}

/**
 * Whether @hostname is @domain or one of its subdomains.
 *
 * @param {string} hostname
 * @param {string} domain - a registrable domain such as instagram.com
 * @returns {boolean}
 */
export function hostnameInDomain(hostname, domain) {
    return hostname !== '' && (hostname === domain || hostname.endsWith(`.${domain}`));
}

/**
 * The id of the service in @sites (the host's `state.sites`) whose domains
 * hold @hostname, or null.
 *
 * @param {object} sites - service id → {name, domains, …}
 * @param {string} hostname
 * @returns {string|null}
 */
export function serviceOfHostname(sites, hostname) {
    if (!hostname)
        return null;
    for (const [service, site] of Object.entries(sites ?? {})) {
        if ((site.domains ?? []).some(d => hostnameInDomain(hostname, d)))
            return service;
    }
    return null;
}
