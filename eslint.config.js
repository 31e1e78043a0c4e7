// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * Where a file lives says what it may touch: core/ is platform-free, only main/shell/ and preload/ import
 * electron, the renderer reaches the workstation only through the contract, the server never imports the
 * desk. Imports are checked here; globals too (typescript-eslint turns `no-undef` off, so a `globals` list
 * would protect nothing): `no-restricted-globals` names what each layer must not reach for. The per-layer
 * tsconfigs back this up at the type level. tools/layers.test.ts proves that each rule bites.
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
const globalsOf = (names, message) => names.map((name) => ({ name, message }));

const NODE_GLOBALS = ['process', 'Buffer', 'require', '__dirname', '__filename', 'global', 'setImmediate', 'module'];
const DOM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'HTMLElement'];

/** Test-only doors: the desk's raw database handle (writes around it would never reach the server). */
const TEST_ONLY = pattern(
  ['**/workstation-db.js', '**/workstation-db'],
  'Only tests, benchmarks and the composition root may reach the desk database around its mutation runner.',
);

/** What no desk code (the workstation core or its shell) may import. */
const DESK_PATTERNS = [
  pattern(
    ['**/renderer/**', '**/preload/**', '**/server/**'],
    'The desk does not import the renderer, the preload or the server.',
  ),
  pattern(['**/tools/**'], 'Demo and dev tools stay out of the desktop bundle.'),
  TEST_ONLY,
];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
      '.pult/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
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
    files: ['core/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...globalsOf([...NODE_GLOBALS, ...DOM_GLOBALS], 'core/ is platform-free: no Node or DOM globals.'),
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'core/ is platform-free.' }],
          patterns: [
            pattern(nodeBuiltins, 'core/ is platform-free: no Node built-ins.'),
            pattern(
              [
                '**/main/**',
                '**/renderer/**',
                '**/preload/**',
                '**/server/**',
                '**/replica/**',
                '**/tools/**',
                'react',
                'better-sqlite3',
              ],
              'core/ imports only core/ and pure libraries.',
            ),
          ],
        },
      ],
    },
  },
  {
    // Every string that enters Pult goes through core/schema/text.ts `str()`, which refuses NUL and unpaired
    // surrogates: a bare z.string() would let one through to a database that cannot store it.
    files: ['core/**'],
    ignores: ['core/schema/text.ts', 'core/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='z'][callee.property.name='string']",
          message: 'Use str() or text() from core/schema/text.ts: they refuse NUL and unpaired surrogates.',
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    ignores: ['renderer/**/*.test.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-globals': ['error', ...globalsOf(NODE_GLOBALS, 'The renderer has no Node.')],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer never imports electron: use the contract.' }],
          patterns: [
            pattern(nodeBuiltins, 'The renderer has no Node.'),
            pattern(
              ['**/main/**', '**/preload/**', '**/server/**', '**/replica/**', '**/tools/**', 'better-sqlite3', 'ws'],
              'The renderer reaches the workstation only through the contract.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['main/**', 'server/**', 'replica/**', 'tools/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...globalsOf(DOM_GLOBALS, 'Node code has no DOM.')],
    },
  },
  {
    files: ['main/**'],
    ignores: ['main/shell/**', 'main/**/*.test.ts', 'main/workstation.ts', 'main/host/cli.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The workstation core is plain Node: only main/shell/ imports electron.' },
          ],
          patterns: DESK_PATTERNS,
        },
      ],
    },
  },
  {
    files: ['main/shell/**'],
    ignores: ['main/shell/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: DESK_PATTERNS,
        },
      ],
    },
  },
  {
    files: ['server/**'],
    ignores: ['server/**/*.test.ts', 'server/test-support/**', 'server/bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The server never imports electron.' }],
          patterns: [
            pattern(
              ['**/main/**', '**/renderer/**', '**/preload/**'],
              'The server shares only core/ (rules) and replica/ (the desk file format) with the desk.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['replica/**'],
    ignores: ['replica/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The replica format is plain Node, shared by desk and server.' }],
          patterns: [
            pattern(
              ['**/main/**', '**/renderer/**', '**/preload/**', '**/server/**', '**/tools/**'],
              'The replica format depends only on core/.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**'],
    ignores: ['preload/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(nodeBuiltins, 'The sandboxed preload has no Node built-ins.'),
            pattern(
              ['**/renderer/**', '**/server/**', '**/replica/**', '**/tools/**', 'zod', 'better-sqlite3'],
              'The preload is one small sandboxed file: electron, its channel names and core type-only imports.',
            ),
          ],
        },
      ],
    },
  },
);
