// SPDX-License-Identifier: GPL-3.0-or-later
// Lint rules for the WebExtension: ESLint's recommended set and the same
// conventions as the GNOME Shell extension (four-space indentation, single
// quotes, arrow callbacks), with browser and WebExtension globals.

import js from '@eslint/js';
import globals from 'globals';

import {style} from '../tools/eslint-style.js';

const webExtension = {
    ...globals.browser,
    ...globals.webextensions,
};

export default [
    {
        ignores: ['node_modules/**', 'build-aux/**', 'native-host/**'],
    },
    js.configs.recommended,
    {
        // The background and the extension's pages are ES modules.
        files: ['**/*.js'],
        languageOptions: {ecmaVersion: 2022, sourceType: 'module', globals: webExtension},
        rules: style,
    },
    {
        // Content scripts are injected as classic scripts.
        files: ['content/**/*.js'],
        languageOptions: {sourceType: 'script'},
    },
    {
        files: ['eslint.config.js'],
        languageOptions: {globals: globals.node},
    },
];
