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

/**
 * The first screen (the frame and the grid) is drawn without MUI and emotion: the scripts index.html loads and
 * preloads hold neither (each MUI component names itself `Mui…`; emotion marks its style elements). They come
 * with the first dialog, menu, toolbar or other pane, after the first rows.
 */
test('the scripts of the first screen hold no MUI and no emotion', () => {
  const dir = join(import.meta.dirname, '../../out/renderer');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  expect(scripts.length).toBeGreaterThan(3);
  const withMui = scripts.filter((file) =>
    /[`'"]Mui[A-Z][A-Za-z]+[`'"]|data-emotion/.test(readFileSync(join(dir, file), 'utf8')),
  );
  expect(withMui).toEqual([]);
  // The stylesheet that draws them instead is linked from the page itself.
  expect(html).toMatch(/<link rel="stylesheet"[^>]+href="\.\/assets\/[^"]+\.css"/);
});
