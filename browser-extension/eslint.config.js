// SPDX-License-Identifier: GPL-3.0-or-later
// Lint rules for the WebExtension: ESLint's recommended set and the same
// conventions as the GNOME Shell extension (four-space indentation, single
// quotes, arrow callbacks), with browser and WebExtension globals.

import js from '@eslint/js';
import globals from 'globals';

const rules = {
    'array-callback-return': 'error',
    'arrow-parens': ['error', 'as-needed'],
    'arrow-spacing': 'error',
    'block-scoped-var': 'error',
    'brace-style': 'error',
    'camelcase': ['error', {properties: 'never'}],
    'comma-dangle': ['error', 'always-multiline'],
    'comma-spacing': ['error', {before: false, after: true}],
    'comma-style': ['error', 'last'],
    'curly': ['error', 'multi-or-nest', 'consistent'],
    'dot-location': ['error', 'property'],
    'eol-last': 'error',
    'eqeqeq': 'error',
    'func-call-spacing': 'error',
    'indent': ['error', 4, {MemberExpression: 'off', SwitchCase: 0}],
    'key-spacing': ['error', {beforeColon: false, afterColon: true}],
    'keyword-spacing': ['error', {before: true, after: true}],
    'linebreak-style': ['error', 'unix'],
    'max-nested-callbacks': 'error',
    'max-statements-per-line': 'error',
    'new-parens': 'error',
    'no-array-constructor': 'error',
    'no-await-in-loop': 'error',
    'no-caller': 'error',
    'no-constant-binary-expression': 'error',
    'no-constructor-return': 'error',
    'no-eval': 'error',
    'no-implicit-coercion': ['error', {allow: ['!!']}],
    'no-implied-eval': 'error',
    'no-iterator': 'error',
    'no-label-var': 'error',
    'no-lonely-if': 'error',
    'no-multi-spaces': 'error',
    'no-multiple-empty-lines': ['error', {max: 1}],
    'no-new-object': 'error',
    'no-promise-executor-return': 'error',
    'no-self-compare': 'error',
    'no-shadow': 'error',
    'no-tabs': 'error',
    'no-template-curly-in-string': 'error',
    'no-trailing-spaces': 'error',
    'no-unneeded-ternary': 'error',
    'no-unused-vars': ['error', {varsIgnorePattern: '^_', argsIgnorePattern: '^_'}],
    'no-useless-call': 'error',
    'no-useless-computed-key': 'error',
    'no-useless-concat': 'error',
    'no-useless-constructor': 'error',
    'no-useless-rename': 'error',
    'no-useless-return': 'error',
    'no-var': 'error',
    'no-whitespace-before-property': 'error',
    'object-curly-spacing': ['error', 'never'],
    'object-shorthand': 'error',
    'operator-assignment': 'error',
    'prefer-arrow-callback': 'error',
    'prefer-const': 'error',
    'prefer-template': 'error',
    'quote-props': ['error', 'consistent-as-needed'],
    'quotes': ['error', 'single', {avoidEscape: true}],
    'require-await': 'error',
    'rest-spread-spacing': 'error',
    'semi': ['error', 'always'],
    'semi-spacing': 'error',
    'space-before-blocks': 'error',
    'space-before-function-paren': ['error', {named: 'never', anonymous: 'always', asyncArrow: 'always'}],
    'space-in-parens': 'error',
    'space-infix-ops': 'error',
    'space-unary-ops': 'error',
    'spaced-comment': 'error',
    'template-curly-spacing': 'error',
    'yoda': 'error',
};

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
        rules,
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
