import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Web-facing decisions shared by the two adapters that serve the renderer: the Electron shell (app://) and
 * the browser host (http://127.0.0.1). Pure and free of `electron`, so both can use it and tests can check it.
 */

/** A CSP source the desk's configuration asked for that would weaken the policy or cannot be expressed in it. */
export class CspSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CspSourceError';
  }
}

/** The names that count as this machine. Plain ws:// and http:// are accepted only for these (test PBXs, local tiles). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/**
 * What may go into a CSP source expression, checked on the raw setting before any URL parsing: the WHATWG
 * parser lets `;`, `'` and `,` through in host names, and one `;` would start a new directive of the
 * attacker's choosing ("wss://pbx;script-src *").
 */
const UNSAFE_IN_SOURCE = /[\s;,'"*\\]/;
/** An ASCII host after IDNA (the URL parser turns a Cyrillic name into punycode) or a bracketed IPv6 literal. */
const SAFE_HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])$/;

/** `shown` is what the user wrote (a tile template before its placeholders were filled in), for the messages. */
function sourceOrigin(raw: string, what: string, secure: string, loopbackOnly: string, shown = raw): string {
  if (UNSAFE_IN_SOURCE.test(raw)) {
    throw new CspSourceError(`${what} must not contain spaces, quotes, commas, semicolons or wildcards: ${shown}`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CspSourceError(`${what} is not a URL: ${shown}`);
  }
  if (url.username !== '' || url.password !== '') throw new CspSourceError(`${what} must not carry a password`);
  if (!SAFE_HOST.test(url.hostname)) throw new CspSourceError(`${what} has a host name that is not allowed: ${shown}`);
  if (url.protocol === secure) return url.origin;
  if (url.protocol === loopbackOnly && isLoopbackHost(url.hostname)) return url.origin;
  throw new CspSourceError(
    `${what} must start with ${secure}// (${loopbackOnly}// only for 127.0.0.1, localhost or [::1]): ${shown}`,
  );
}

/** `wss://pbx.example.by:8089/ws` → `wss://pbx.example.by:8089`: the one origin the softphone may connect to. */
export function pbxWebSocketOrigin(url: string): string {
  return sourceOrigin(url, 'The PBX WebSocket URL', 'wss:', 'ws:');
}

/** Leaflet's default subdomains for `{s}`. */
export const TILE_SUBDOMAINS: readonly string[] = ['a', 'b', 'c'];
const TILE_PLACEHOLDER = /\{[a-z]+\}/g;

/**
 * `https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png` → its origins with `{s}` expanded to a, b, c. Only
 * `{s}` may appear in the host; `{z}`, `{x}`, `{y}`, `{r}` belong to the path, which the CSP does not list.
 */
export function tileOrigins(template: string): readonly string[] {
  const hostPart = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(template)?.[1] ?? '';
  const placeholders = hostPart.match(TILE_PLACEHOLDER) ?? [];
  if (placeholders.some((p) => p !== '{s}')) {
    throw new CspSourceError(`The tile URL may have only {s} in its host name: ${template}`);
  }
  // The path's placeholders become an innocent letter so the URL parses; only the origin is kept.
  const withPath = (sub: string) => template.replaceAll('{s}', sub).replace(TILE_PLACEHOLDER, '0');
  const subdomains = placeholders.length > 0 ? TILE_SUBDOMAINS : [''];
  const origins = subdomains.map((sub) => sourceOrigin(withPath(sub), 'The tile URL', 'https:', 'http:', template));
  return [...new Set(origins)];
}

/** What the renderer may reach beyond its own origin, from the desk's configuration. */
export type CspSources = Readonly<{ pbxWebSocketUrl?: string | null; tileUrlTemplate?: string | null }>;

/**
 * The renderer's Content-Security-Policy, sent as a response header by both adapters. Everything not listed
 * is refused (`default-src 'none'`):
 * - `script-src 'self'`: only the app's own bundles run; no inline script, no eval, nothing remote.
 * - `style-src 'unsafe-inline'`: MUI styles through emotion, which injects <style> elements at run time;
 *   without it every component renders unstyled. Scripts stay `'self'` only, which is what stops injection.
 * - `img-src data: blob:` and `font-src data:`: MUI/FullCalendar inline icons and fonts as data: URLs; plus
 *   exactly the configured tile server's origins for the map.
 * - `connect-src 'self'`: the browser host's fetch and WebSocket go to the page's own origin (CSP 3 lets
 *   'self' match ws: on the same host and port); Electron talks over IPC. Plus exactly the PBX's WebSocket
 *   origin for the softphone.
 * - `frame-ancestors`, `form-action`, `base-uri`: nothing may frame us, post forms or rebase our URLs.
 * A setting that is not a clean wss:/https: origin throws CspSourceError instead of widening the policy.
 */
export function contentSecurityPolicy(sources: CspSources = {}): string {
  const pbx = sources.pbxWebSocketUrl ? [pbxWebSocketOrigin(sources.pbxWebSocketUrl)] : [];
  const tiles = sources.tileUrlTemplate ? tileOrigins(sources.tileUrlTemplate) : [];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    ["img-src 'self' data: blob:", ...tiles].join(' '),
    "font-src 'self' data:",
    ["connect-src 'self'", ...pbx].join(' '),
    "media-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The policy of a desk with no PBX and no tile server configured. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** Headers on every response either adapter sends (static files, API answers, errors alike). */
export function securityHeaders(csp: string = CONTENT_SECURITY_POLICY): Readonly<Record<string, string>> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = securityHeaders();

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
