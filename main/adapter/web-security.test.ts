import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
  CspSourceError,
  pbxWebSocketOrigin,
  securityHeaders,
  tileOrigins,
} from './web-security.js';

/**
 * The CSP is built from the desk's settings, so the settings are an attack surface: whatever a config file or
 * an environment variable says, the policy may grow by exactly the PBX's origin and the tile server's origins,
 * and never by a directive, a keyword or a wildcard smuggled inside a URL.
 */

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

const OSM = 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png';

describe('the content security policy of a desk with nothing configured', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);

  it('refuses everything it does not list, and runs only the app’s own scripts', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe|https?:|wss?:|\*/);
  });

  it('connects only to its own origin and shows only its own, data: and blob: images', () => {
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.get('font-src')).toEqual(["'self'", 'data:']);
  });
});

describe('the content security policy of a configured desk', () => {
  const csp = contentSecurityPolicy({ pbxWebSocketUrl: 'wss://pbx.example.by:8089/ws', tileUrlTemplate: OSM });
  const parsed = directives(csp);

  it('lets the softphone connect to exactly the PBX’s wss origin', () => {
    expect(parsed.get('connect-src')).toEqual(["'self'", 'wss://pbx.example.by:8089']);
  });

  it('lets the map load images from exactly the tile server’s origins, {s} expanded to a, b, c', () => {
    expect(parsed.get('img-src')).toEqual([
      "'self'",
      'data:',
      'blob:',
      'https://a.tile.openstreetmap.org',
      'https://b.tile.openstreetmap.org',
      'https://c.tile.openstreetmap.org',
    ]);
  });

  it('widens nothing else: same directives, scripts still self only, no wildcard or scheme-wide source', () => {
    expect([...parsed.keys()]).toEqual([...directives(CONTENT_SECURITY_POLICY).keys()]);
    for (const [name, values] of parsed) {
      if (name === 'connect-src' || name === 'img-src') continue;
      expect(values, name).toEqual(directives(CONTENT_SECURITY_POLICY).get(name));
    }
    expect(csp).not.toMatch(/\*|unsafe-eval|(^|\s)(https?|wss?):(\s|;|$)/);
  });

  it('drops the path and the default port, and writes an international host name in punycode', () => {
    expect(pbxWebSocketOrigin('wss://pbx.example.by:443/ws?x=1')).toBe('wss://pbx.example.by');
    expect(pbxWebSocketOrigin('wss://атс.пример.бел/ws')).toBe('wss://xn--80a8ac.xn--e1afmkfd.xn--90ais');
    expect(tileOrigins('https://tiles.example.by/{z}/{x}/{y}{r}.png')).toEqual(['https://tiles.example.by']);
  });

  it('accepts plain ws:// and http:// only on this machine (test PBXs, a local tile server)', () => {
    expect(pbxWebSocketOrigin('ws://127.0.0.1:5066/ws')).toBe('ws://127.0.0.1:5066');
    expect(pbxWebSocketOrigin('ws://[::1]:5066')).toBe('ws://[::1]:5066');
    expect(tileOrigins('http://localhost:8080/{z}/{x}/{y}.png')).toEqual(['http://localhost:8080']);
  });

  it('carries the policy it was given in the security headers', () => {
    expect(securityHeaders(csp)).toMatchObject({
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
  });
});

describe('a setting that would weaken the policy', () => {
  it.each([
    'ws://pbx.example.by:8089/ws',
    'https://pbx.example.by/ws',
    'http://pbx.example.by/ws',
    'javascript:alert(1)',
    'wss://user:pw@pbx.example.by/ws',
    'wss://*.example.by/ws',
    'wss://pbx.example.by;script-src *',
    "wss://pbx.example.by/ws 'unsafe-inline'",
    "wss://pbx.example.by/ws';script-src 'unsafe-eval'",
    'wss://pbx.example.by,https://evil.example',
    'wss://pbx.example.by\tfoo',
    'wss://pbx.example.by/\nscript-src *',
    'wss://pbx"x.example.by',
    'wss://',
    'not a url',
  ])('is refused as a PBX WebSocket URL: %s', (url) => {
    expect(() => contentSecurityPolicy({ pbxWebSocketUrl: url })).toThrow(CspSourceError);
  });

  it.each([
    'http://tile.openstreetmap.org/{z}/{x}/{y}.png',
    'wss://tile.openstreetmap.org/{z}/{x}/{y}.png',
    'data:image/png;base64,AAAA',
    'https://{z}.tile.openstreetmap.org/{x}/{y}.png',
    'https://*.tile.openstreetmap.org/{z}/{x}/{y}.png',
    `${OSM}; script-src 'unsafe-inline'`,
    "https://tile.openstreetmap.org/'unsafe-eval'/{z}.png",
    'https://tile.openstreetmap.org /{z}/{x}/{y}.png',
    'https://a:b@tile.openstreetmap.org/{z}/{x}/{y}.png',
    'file:///srv/tiles/{z}/{x}/{y}.png',
  ])('is refused as a tile URL: %s', (url) => {
    expect(() => contentSecurityPolicy({ tileUrlTemplate: url })).toThrow(CspSourceError);
  });

  it('names the setting as the user wrote it, placeholders and all', () => {
    expect(() => tileOrigins('http://tiles.example.by/{z}/{x}/{y}.png')).toThrow(
      /must start with https:\/\/.*: http:\/\/tiles\.example\.by\/\{z\}\/\{x\}\/\{y\}\.png$/,
    );
  });

  it('whatever the strings, the policy either is refused or grows by whole origins only', () => {
    const chars = fc.constantFrom(...'wss:/.;\' "*,abc-{}0123456789[]:@\t'.split(''));
    const setting = fc.oneof(
      fc.string({ unit: chars, maxLength: 40 }),
      fc.string({ unit: chars, maxLength: 30 }).map((s) => `wss://pbx${s}`),
      fc.string({ unit: chars, maxLength: 30 }).map((s) => `https://{s}.t${s}`),
    );
    fc.assert(
      fc.property(setting, setting, (pbx, tile) => {
        let csp: string;
        try {
          csp = contentSecurityPolicy({ pbxWebSocketUrl: pbx, tileUrlTemplate: tile });
        } catch (error) {
          return error instanceof CspSourceError;
        }
        const parsed = directives(csp);
        const origin = /^(wss?|https?):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d+)?$/;
        const extra = [...(parsed.get('connect-src') ?? []), ...(parsed.get('img-src') ?? [])].filter(
          (v) => !["'self'", 'data:', 'blob:'].includes(v),
        );
        return parsed.size === directives(CONTENT_SECURITY_POLICY).size && extra.every((v) => origin.test(v));
      }),
      { numRuns: 2000 },
    );
  });
});
