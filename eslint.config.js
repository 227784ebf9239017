// One flat config for the whole workspace. Every project's `lint` target runs `eslint .` in its
// own folder against this file.
const tseslint = require('typescript-eslint');
const globals = require('globals');
const moduleBoundaries = require('./tools/eslint/module-boundaries.js');

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
    plugins: { marquee: { rules: { 'module-boundaries': moduleBoundaries } } },
    rules: {
      'marquee/module-boundaries': ['error', { depConstraints: [...layerConstraints, runtimeConstraint] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: testFiles,
    rules: { 'marquee/module-boundaries': ['error', { depConstraints: layerConstraints }] },
  },
);
