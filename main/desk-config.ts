import { createHash } from 'node:crypto';
import { join } from 'node:path';

/**
 * Which data file a desk opens and whether it syncs. A desk that syncs keeps one file per server, apart
 * from the demo file, so signing in never mixes demo data with a company's data.
 */
export type DeskConfig = Readonly<{ dataFile: string; serverUrl: string | null; demo: boolean }>;

export class DeskConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeskConfigError';
  }
}

/** Accepts http(s) URLs only; anything else is a typo the user should see at start, not a silent fallback. */
export function parseServerUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new DeskConfigError(`Not a server address: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DeskConfigError(`A server address starts with https:// (or http:// on a trusted network): ${raw}`);
  }
  if (url.username || url.password) throw new DeskConfigError('A server address must not carry a password');
  return url.origin;
}

export function deskConfig(dir: string, serverUrl: string | null | undefined): DeskConfig {
  if (!serverUrl) return { dataFile: join(dir, 'pult.sqlite'), serverUrl: null, demo: true };
  const origin = parseServerUrl(serverUrl);
  const key = createHash('sha256').update(origin).digest('hex').slice(0, 12);
  return { dataFile: join(dir, `desk-${key}.sqlite`), serverUrl: origin, demo: false };
}
