import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findChromium, findHeadlessShell, findPostgres } from './find-tools.js';

const run = promisify(execFile);
const only =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);
const PLAYWRIGHTS = '/root/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';
const playwrights = () => PLAYWRIGHTS;

describe('what npm test needs, found before it runs', () => {
  it('takes PULT_CHROMIUM when it names a browser, and never swaps a broken one for another', () => {
    expect(
      findChromium({ PULT_CHROMIUM: '/opt/chrome' }, only('/opt/chrome', '/usr/bin/chromium'), playwrights),
    ).toEqual({
      ok: true,
      path: '/opt/chrome',
    });
    const broken = findChromium({ PULT_CHROMIUM: '/opt/none' }, only('/usr/bin/chromium'), playwrights);
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.missing).toContain('PULT_CHROMIUM=/opt/none');
  });

  it("finds Debian's Chromium first, then Playwright's own, else says in one line what to install", () => {
    expect(findChromium({}, only('/usr/bin/chromium', PLAYWRIGHTS), playwrights)).toMatchObject({
      path: '/usr/bin/chromium',
    });
    expect(findChromium({}, only(PLAYWRIGHTS), playwrights)).toMatchObject({ path: PLAYWRIGHTS });
    const none = findChromium({}, only(), playwrights);
    expect(none.ok).toBe(false);
    if (none.ok) return;
    expect(none.missing).toContain('apt-get install -y chromium');
    expect(none.missing).toContain('npx playwright install chromium');
    expect(none.missing).not.toContain('\n');
  });

  it("the memory bench's headless shell: PULT_HEADLESS_SHELL, else Debian's, else one line on what to install", () => {
    expect(findHeadlessShell({}, only('/usr/bin/chromium-headless-shell'))).toEqual({
      ok: true,
      path: '/usr/bin/chromium-headless-shell',
    });
    expect(findHeadlessShell({ PULT_HEADLESS_SHELL: '/opt/hs' }, only('/opt/hs'))).toMatchObject({ path: '/opt/hs' });
    const broken = findHeadlessShell({ PULT_HEADLESS_SHELL: '/opt/none' }, only('/usr/bin/chromium-headless-shell'));
    expect(!broken.ok && broken.missing).toContain('PULT_HEADLESS_SHELL=/opt/none');
    const none = findHeadlessShell({}, only('/usr/bin/chromium'));
    expect(!none.ok && none.missing).toContain('apt-get install -y chromium-headless-shell');
  });

  it('takes PULT_TEST_DATABASE_URL or a local initdb, else passes on what to install', () => {
    const noInitdb = () => {
      throw new Error('install PostgreSQL (Debian: apt-get install -y postgresql)');
    };
    expect(findPostgres({ PULT_TEST_DATABASE_URL: 'postgres://x@h/db' }, noInitdb)).toMatchObject({ ok: true });
    expect(findPostgres({}, () => '/usr/lib/postgresql/15/bin')).toEqual({
      ok: true,
      path: '/usr/lib/postgresql/15/bin',
    });
    expect(findPostgres({}, noInitdb)).toEqual({
      ok: false,
      missing: 'install PostgreSQL (Debian: apt-get install -y postgresql)',
    });
  });

  it('the preflight command exits at once with one line when the named Chromium is missing', async () => {
    const failed = await run('npx', ['tsx', 'tools/preflight/cli.ts'], {
      env: { ...process.env, PULT_CHROMIUM: '/nonexistent/chromium' },
    }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr.trim().split('\n')).toEqual([
      'npm test cannot run: PULT_CHROMIUM=/nonexistent/chromium is not an executable file: point it at a Chromium or Chrome binary.',
    ]);
    // On this machine everything is there: the same command passes.
    await expect(run('npx', ['tsx', 'tools/preflight/cli.ts'])).resolves.toBeDefined();
  });
});
