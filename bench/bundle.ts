import { buildSync } from 'esbuild';
import { rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';

const bundles = new Map<string, string>();

/**
 * A process the bench starts (a desk, the browser host), as plain JavaScript bundled once per run, the way the
 * app ships its main process. Run through tsx instead, each such process carried tsx's loader thread and the
 * source maps of every module it transpiled: about 45 MiB of resident memory that no user's desk has (a 100k
 * first sync peaked at 216–221 MiB under tsx, 176–177 MiB bundled, same code). Written inside the project
 * (`.pult/`, ignored by git) so that its imports of packages resolve to node_modules; removed when the bench
 * exits.
 */
export function bundledScript(entry: string): string {
  const known = bundles.get(entry);
  if (known) return known;
  const out = resolve('.pult', 'bench', `${basename(entry, '.ts')}-${process.pid}.mjs`);
  buildSync({
    entryPoints: [resolve(entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: out,
    logLevel: 'warning',
  });
  process.once('exit', () => rmSync(out, { force: true }));
  bundles.set(entry, out);
  return out;
}
