import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { contentTypeOf } from './web-security.js';

export type StaticFile = Readonly<{ body: Buffer; contentType: string }>;

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Reads a file that resolveStaticPath (or resolveAppUrl) picked under `root`, or `null` when it is missing or
 * not a regular file. Containment is checked again on the real paths, so a symlink inside the build output
 * cannot point the server at the rest of the disk.
 */
export async function readStaticFile(root: string, file: string): Promise<StaticFile | null> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!isInside(realRoot, realFile)) return null;
    if (!(await stat(realFile)).isFile()) return null;
    return { body: await readFile(realFile), contentType: contentTypeOf(realFile) };
  } catch {
    return null;
  }
}
