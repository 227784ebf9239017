// One flat config for the whole workspace. Every project's `lint` target runs `eslint .` in its
// own folder against this file.
const tseslint = require('typescript-eslint');
const globals = require('globals');
const moduleBoundaries = require('./tools/eslint/module-boundaries.js');
const domainBoundaries = require('./tools/eslint/domain-boundaries.js');

const layerConstraints = [
  // apps use libs, never other apps; libs never use apps
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  // the shared kit depends only on the shared kit
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  // contracts depend on nothing but zod
  { sourceTag: 'kind:contracts', onlyDependOnLibsWithTags: [] },
];
// production code never pulls in test helpers; tests may
const runtimeConstraint = { sourceTag: 'kind:runtime', onlyDependOnLibsWithTags: ['kind:runtime', 'kind:contracts'] };
const testFiles = ['**/*.test.ts', '**/test/**/*.ts', '**/testing/**/*.ts'];

module.exports = tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '**/.nx/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    plugins: { marquee: { rules: { 'module-boundaries': moduleBoundaries, 'domain-boundaries': domainBoundaries } } },
    rules: {
      'marquee/module-boundaries': ['error', { depConstraints: [...layerConstraints, runtimeConstraint] }],
      // Inside apps: domain code (domain/, *.service.ts, *.store.ts, *.rules.ts) imports neither
      // data/, http/, pg, express, @marquee/postgres, jsonwebtoken nor worker threads (ADR 0007).
      'marquee/domain-boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: testFiles,
    rules: { 'marquee/module-boundaries': ['error', { depConstraints: layerConstraints }] },
  },
);
