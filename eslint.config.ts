/**
 * Lint rules for the whole tree (`npm run lint`, run by `npm test`).
 * typescript-eslint's strict set, React's hook rules for the UI, and import rules that
 * encode the layering (docs/architecture in the README; tests/unit/layers.test.ts checks
 * the same table with the TypeScript compiler and names the rule a violation breaks).
 * Formatting is Prettier's job alone (eslint-config-prettier turns off rules that overlap).
 */
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { importZones } from './scripts/layers';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-*/',
      'release/',
      '.tsbuild/',
      'test-results*/',
      'playwright-report/',
      'bench-results/',
      '.data/',
      'public/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: {
      // import-x reads the files an import leads to (for no-cycle) with the TypeScript parser.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      // Unused names are errors, except a deliberate `_name` (an ignored parameter or a rest sibling).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-restricted-paths': ['error', { zones: importZones() }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['renderer/sw/**/*.ts'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    files: [
      'server/**/*.ts',
      'electron/**/*.ts',
      'scripts/**/*.{ts,mjs,js}',
      'build/**/*.{ts,mjs,js,cjs}',
      '*.config.{ts,js,mjs}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Scripts that drive Chromium run some functions inside the page (page.evaluate).
    files: ['scripts/bench.mjs', 'build/make-icons.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['tests/**/*.{ts,tsx,mjs}', 'bench/**/*.{ts,tsx,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    // Tests read JSON replies and fixtures whose shape the assertion itself checks; a `!` or an
    // `any` there fails loudly at the assertion, never silently in an office.
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Playwright reads which fixtures a test wants from its first parameter's destructuring, so a
    // test that wants none and needs testInfo must write `({}, testInfo)`.
    files: ['tests/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  prettier,
);
