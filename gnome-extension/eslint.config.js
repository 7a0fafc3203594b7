// SPDX-License-Identifier: GPL-3.0-or-later
// Lint rules for the extension: ESLint's recommended set plus the GJS and
// GNOME Shell conventions that gnome-shell-extensions checks (four-space
// indentation, single quotes, arrow callbacks, no module-scope `var`).

import js from '@eslint/js';
import globals from 'globals';

import {style} from '../tools/eslint-style.js';

export default [
    {
        ignores: ['node_modules/**', 'build-aux/**'],
    },
    js.configs.recommended,
    {
        files: ['**/*.js'],
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: 'module',
            globals: {
                ...globals.es2021,
                // GJS's own globals, and the Shell's `global`.
                ARGV: 'readonly',
                Debugger: 'readonly',
                GIRepositoryGType: 'readonly',
                TextDecoder: 'readonly',
                TextEncoder: 'readonly',
                console: 'readonly',
                globalThis: 'readonly',
                imports: 'readonly',
                log: 'readonly',
                logError: 'readonly',
                pkg: 'readonly',
                print: 'readonly',
                printerr: 'readonly',
                window: 'readonly',
                clearInterval: 'readonly',
                clearTimeout: 'readonly',
                setInterval: 'readonly',
                setTimeout: 'readonly',
                global: 'readonly',
            },
        },
        rules: {
            ...style,
            // GObject's virtual functions and signal handlers keep their names.
            'camelcase': ['error', {properties: 'never', allow: ['^vfunc_', '^on_']}],
            'indent': ['error', 4, {
                ignoredNodes: ['CallExpression[callee.object.name=GObject][callee.property.name=registerClass] > ClassExpression:first-child'],
                MemberExpression: 'off',
            }],
            'no-prototype-builtins': 'off',
            // The Shell has no `window`; GJS code must not reach for one.
            'no-restricted-globals': ['error', 'window'],
        },
    },
];
