import { chromium } from '@playwright/test';
import { accessSync, constants, statSync } from 'node:fs';
import { findPgBin } from '../../server/test-support/postgres.js';

/**
 * What `npm test` needs beyond node_modules: a Chromium for the end-to-end suite and a PostgreSQL for the
 * server's tests. Found before anything runs, so that a fresh machine is told in one line what to install
 * instead of running lint and hundreds of unit tests first and failing in the browser part.
 */
export type Found = Readonly<{ ok: true; path: string } | { ok: false; missing: string }>;

export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Debian's and Ubuntu's packaged browsers, in the order they are tried. */
export const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'] as const;

/**
 * PULT_CHROMIUM when set (and then only it: a path someone named that does not work must not be replaced
 * silently by another browser), else a system Chromium, else the one `npx playwright install chromium` puts
 * in Playwright's cache.
 */
export function findChromium(
  env: Readonly<Record<string, string | undefined>> = process.env,
  usable: (path: string) => boolean = isExecutableFile,
  playwrights: () => string = () => chromium.executablePath(),
): Found {
  const named = env.PULT_CHROMIUM;
  if (named) {
    return usable(named)
      ? { ok: true, path: named }
      : {
          ok: false,
          missing: `PULT_CHROMIUM=${named} is not an executable file: point it at a Chromium or Chrome binary.`,
        };
  }
  for (const path of [...SYSTEM_CHROMIUMS, playwrights()]) if (usable(path)) return { ok: true, path };
  return {
    ok: false,
    missing:
      'the end-to-end tests need Chromium: apt-get install -y chromium (Debian), or npx playwright install chromium, ' +
      'or set PULT_CHROMIUM=/path/to/chromium.',
  };
}

/** A PostgreSQL the server's tests can use: PULT_TEST_DATABASE_URL, or a local initdb (server/test-support). */
export function findPostgres(
  env: Readonly<Record<string, string | undefined>> = process.env,
  pgBin: () => string = findPgBin,
): Found {
  if (env.PULT_TEST_DATABASE_URL) return { ok: true, path: env.PULT_TEST_DATABASE_URL };
  try {
    return { ok: true, path: pgBin() };
  } catch (e) {
    return { ok: false, missing: e instanceof Error ? e.message : String(e) };
  }
}

/** Debian's package of Chromium's content-layer embedder without the browser's own layer (bench only). */
export const SYSTEM_HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

/**
 * The headless shell the memory bench measures the desk in: PULT_HEADLESS_SHELL when set, else Debian's. It is
 * Chromium's content layer with a thin embedder, as Electron is; the full browser adds its own layer
 * (extensions, profile services, its UI code), which doubles a blank page's memory (bench/memory.ts). Not
 * needed by `npm test`.
 */
export function findHeadlessShell(
  env: Readonly<Record<string, string | undefined>> = process.env,
  usable: (path: string) => boolean = isExecutableFile,
): Found {
  const path = env.PULT_HEADLESS_SHELL ?? SYSTEM_HEADLESS_SHELL;
  if (usable(path)) return { ok: true, path };
  return {
    ok: false,
    missing: env.PULT_HEADLESS_SHELL
      ? `PULT_HEADLESS_SHELL=${path} is not an executable file: point it at a chromium-headless-shell binary.`
      : 'the memory figure is measured in chromium-headless-shell: apt-get install -y chromium-headless-shell ' +
        '(Debian), or set PULT_HEADLESS_SHELL=/path/to/headless_shell.',
  };
}
