import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { MALE_NAMES } from '../../tools/demo/dictionary.js';

/**
 * The Electron main bundle (built by `npm run test:e2e` before this suite) carries the workstation and the
 * shell, not the demo generator and its dictionaries: those are a developer's tool.
 */
test('the desktop main bundle holds no demo generator', () => {
  const dir = join(import.meta.dirname, '../../out/main');
  const code = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  expect(code).toContain('openWorkstation');
  expect(code).not.toContain('generateDemo');
  const namesFound = MALE_NAMES.filter((name) => code.includes(`"${name}"`) || code.includes(`'${name}'`));
  expect(namesFound).toEqual([]);
});

/** The window validates nothing itself (the trusted side parses every payload): it starts without zod. */
test('the renderer bundle holds no schema library', () => {
  const dir = join(import.meta.dirname, '../../out/renderer/assets');
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  expect(files.length).toBeGreaterThan(3);
  const withZod = files.filter((f) => /ZodError|\$ZodType/.test(readFileSync(join(dir, f), 'utf8')));
  expect(withZod).toEqual([]);
});
