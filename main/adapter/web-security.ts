import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Web-facing decisions shared by the two adapters that serve the renderer: the Electron shell (app://) and
 * the browser host (http://127.0.0.1). Pure and free of `electron`, so both can use it and tests can check it.
 */

/**
 * The renderer's Content-Security-Policy, sent as a response header by both adapters.
 * - `style-src 'unsafe-inline'`: MUI styles through emotion, which injects <style> elements at run time;
 *   without it every component renders unstyled. Scripts stay `'self'` only, which is what stops injection.
 * - `img-src data: blob:` and `font-src data:`: MUI/FullCalendar inline icons and fonts as data: URLs.
 * - `connect-src 'self'`: the browser host's fetch and WebSocket go to the page's own origin (CSP 3 lets
 *   'self' match ws: on the same host and port); Electron talks over IPC and needs no network at all.
 * - `frame-ancestors`, `form-action`, `base-uri`: nothing may frame us, post forms or rebase our URLs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Headers on every response either adapter sends (static files, API answers, errors alike). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  wasm: 'application/wasm',
};

/** With `nosniff`, a wrong type means a script that does not run, so an unknown extension is inert bytes. */
export function contentTypeOf(file: string): string {
  const dot = file.lastIndexOf('.');
  const ext = dot < 0 ? '' : file.slice(dot + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/**
 * Maps a URL path (as it arrives: still percent-encoded, query and fragment removed) to a file under `root`,
 * or `null` when the path could reach anything else. Deliberately stricter than any file the build emits
 * needs: no `.`/`..` segments (plain or encoded), no empty segments (`//x` would make an absolute path), no
 * backslashes, colons (drive letters, NTFS streams), NUL bytes, `%` left after decoding (double encoding) or
 * dotfiles. The final containment check would catch a traversal on its own; the rules before it make sure
 * we never even ask the file system about a suspicious name.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  if (!urlPath.startsWith('/') || urlPath.includes('\\')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (/[\0\\:%]/.test(decoded)) return null;
  const segments = decoded.slice(1).split('/');
  if (segments.at(-1) === '') segments[segments.length - 1] = 'index.html';
  if (segments.some((s) => s === '' || s.startsWith('.'))) return null;
  const base = resolve(root);
  const file = resolve(base, ...segments);
  const rel = relative(base, file);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return null;
  return file;
}
