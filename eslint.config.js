// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Where a file lives says what it may touch (STYLE.md): core/ is platform-free, only main/shell/ imports
 * electron, the renderer reaches the workstation only through the contract.
 */
const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'http',
  'https',
  'net',
  'child_process',
  'crypto',
  'worker_threads',
];
const pattern = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only main/shell/ and preload/ may import electron.' }] },
      ],
    },
  },
  {
    files: ['main/shell/**', 'preload/**', 'electron.vite.config.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['core/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'core/ is platform-free.' }],
          patterns: [
            pattern(nodeBuiltins, 'core/ is platform-free: no Node built-ins.'),
            pattern(
              ['**/main/**', '**/renderer/**', '**/preload/**', '**/server/**', 'react', 'better-sqlite3'],
              'core/ imports only core/ and pure libraries.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer never imports electron: use the contract.' }],
          patterns: [
            pattern(nodeBuiltins, 'The renderer has no Node.'),
            pattern(
              ['**/main/**', '**/preload/**', '**/server/**', 'better-sqlite3', 'ws'],
              'The renderer reaches the workstation only through the contract.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['main/**'],
    ignores: ['main/shell/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The workstation core is plain Node: only main/shell/ imports electron.' },
          ],
          patterns: [
            pattern(['**/renderer/**', '**/preload/**'], 'main/ does not import the renderer or the preload.'),
          ],
        },
      ],
    },
  },
);
