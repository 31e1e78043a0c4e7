import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensurePaintTools } from '../../bench/paint-tools.js';

/** `npm run bench` on a clone without a renderer build: it builds one first, or stops with one line. */
afterEach(() => vi.restoreAllMocks());

function exits() {
  const exit = vi.spyOn(process, 'exit').mockImplementation(((code: number) => {
    throw new Error(`exit ${code}`);
  }) as never);
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  return { exit, error };
}

describe('the first-paint bench’s tools', () => {
  it('builds the renderer when out/renderer is missing, and not again once it is there', () => {
    const entry = join(mkdtempSync(join(tmpdir(), 'pult-bench-tools-')), 'out', 'renderer', 'index.html');
    const { exit } = exits();
    let builds = 0;
    const build = () => {
      builds += 1;
      mkdirSync(dirname(entry), { recursive: true });
      writeFileSync(entry, '<!doctype html>');
    };
    ensurePaintTools(build, entry, { ok: true, path: '/usr/bin/chromium' });
    ensurePaintTools(build, entry, { ok: true, path: '/usr/bin/chromium' });
    expect(builds).toBe(1);
    expect(exit).not.toHaveBeenCalled();
  });

  it('stops with one line, before any work, when there is no Chromium or the build wrote nothing', () => {
    const { error } = exits();
    const build = vi.fn();
    expect(() =>
      ensurePaintTools(build, '/nonexistent/index.html', { ok: false, missing: 'install chromium' }),
    ).toThrow('exit 1');
    expect(build).not.toHaveBeenCalled();
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]?.[0])).toContain('install chromium');
    expect(() => ensurePaintTools(() => undefined, '/nonexistent/index.html', { ok: true, path: '/c' })).toThrow(
      'exit 1',
    );
    expect(String(error.mock.calls.at(-1)?.[0])).toContain('wrote no /nonexistent/index.html');
  });
});
