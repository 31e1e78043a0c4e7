import { join, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipc-channels.js';
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  isNavigationAllowed,
  isPermissionGranted,
  isTrustedIpcSender,
  externalLinkTarget,
  menuTemplate,
  resolveAppUrl,
  webPreferences,
  windowOpenDecision,
} from './policy.js';

/**
 * The shell's security baseline (docs/security.md) as promises. Each block tries the tricks an attacker who got
 * script into the page, or a link into a ticket, would try first.
 */

const ROOT = resolve('/srv/pult/out/renderer');

describe('the window', () => {
  const prefs = webPreferences('/app/out/preload/index.cjs');

  it('runs the renderer sandboxed, context-isolated and without Node', () => {
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on and refuses webviews, insecure content and experimental features', () => {
    expect(prefs).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });

  it('loads exactly the preload it is given', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });

  it('loads the app from app://pult, never from file://', () => {
    expect(APP_ENTRY_URL).toBe('app://pult/index.html');
  });

  it('registers app:// as a secure standard scheme without bypassing CSP or enabling CORS', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('corsEnabled');
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('allowServiceWorkers');
  });
});

describe('navigation', () => {
  it('stays within app://pult', () => {
    expect(isNavigationAllowed('app://pult/index.html')).toBe(true);
    expect(isNavigationAllowed('app://pult/index.html?x=1#tickets')).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://127.0.0.1:5180/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'app://evil/index.html',
    'app://pult.evil.com/index.html',
    'app://user:pass@pult/index.html',
    'APP://other/',
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
    '',
  ])('is refused for %s', (url) => {
    expect(isNavigationAllowed(url)).toBe(false);
  });
});

describe('new windows and external links', () => {
  const HOSTS = ['openstreetmap.org', 'wialon.by'];

  it('never open a window; a link that may leave goes to the user’s own program instead', () => {
    expect(windowOpenDecision('https://www.openstreetmap.org/copyright', HOSTS)).toEqual({
      action: 'deny',
      openExternally: 'https://www.openstreetmap.org/copyright',
    });
    expect(windowOpenDecision('https://example.com/', HOSTS)).toEqual({ action: 'deny', openExternally: null });
  });

  it.each([
    'tel:+375291234567',
    'tel:+375%2029%20123-45-67',
    'tel:80291234567',
    'sip:201@pbx.example.by',
    'sip:+375291234567',
    'mailto:office@example.by',
    'mailto:office@example.by?subject=%D0%97%D0%B0%D1%8F%D0%B2%D0%BA%D0%B0%201234&body=hello',
    'mailto:office@example.by?cc=boss@example.by',
    'https://openstreetmap.org/copyright',
    'https://www.openstreetmap.org/copyright',
    'https://hosting.wialon.by/?lang=ru',
  ])('lets %s through: click-to-call, mail, or an allowed host', (url) => {
    expect(externalLinkTarget(url, HOSTS)).toBe(new URL(url).href);
  });

  it.each([
    'https://example.com/',
    'https://openstreetmap.org.evil.example/',
    'https://evilopenstreetmap.org/',
    'https://openstreetmap.org:8443/',
    'https://user:pass@openstreetmap.org/',
    'http://openstreetmap.org/',
    'http://example.com/',
    'file:///C:/Windows/system32/calc.exe',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'search-ms:query=x&crumb=location:\\\\evil\\share',
    'app://pult/index.html',
    'about:blank',
    'tel:+375291234567;phone-context=evil',
    'tel:javascript',
    'sip:201@pbx.example.by?Call-Info=x',
    'sip:a b@pbx',
    'mailto:office@example.by?attach=/etc/passwd',
    'mailto:office@example.by?cc=a@b.by,c@d.by',
    'mailto:a@example.by,b@example.by',
    'mailto:%',
    'not a url',
    '',
  ])('opens nothing at all for %s', (url) => {
    expect(externalLinkTarget(url, HOSTS)).toBeNull();
    expect(windowOpenDecision(url, HOSTS)).toEqual({ action: 'deny', openExternally: null });
  });

  it('opens no https link at all when no host is allowed', () => {
    expect(externalLinkTarget('https://www.openstreetmap.org/', [])).toBeNull();
  });
});

describe('permissions', () => {
  const fromApp = { requestingUrl: 'app://pult/index.html', isMainFrame: true };

  it('grant the microphone and notifications to the app’s main frame', () => {
    expect(isPermissionGranted({ ...fromApp, permission: 'media', mediaTypes: ['audio'] })).toBe(true);
    expect(isPermissionGranted({ ...fromApp, permission: 'notifications' })).toBe(true);
    // The permission check handler gives an origin rather than a URL.
    expect(isPermissionGranted({ permission: 'notifications', requestingUrl: 'app://pult', isMainFrame: true })).toBe(
      true,
    );
  });

  it('refuse the camera, even together with the microphone, and media of unknown kind', () => {
    expect(isPermissionGranted({ ...fromApp, permission: 'media', mediaTypes: ['video'] })).toBe(false);
    expect(isPermissionGranted({ ...fromApp, permission: 'media', mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(isPermissionGranted({ ...fromApp, permission: 'media', mediaTypes: ['unknown'] })).toBe(false);
    expect(isPermissionGranted({ ...fromApp, permission: 'media', mediaTypes: [] })).toBe(false);
    expect(isPermissionGranted({ ...fromApp, permission: 'media' })).toBe(false);
  });

  it.each([
    'geolocation',
    'clipboard-read',
    'display-capture',
    'openExternal',
    'fullscreen',
    'midi',
    'midiSysex',
    'hid',
    'usb',
    'serial',
    'pointerLock',
    'fileSystem',
    'unknown',
  ])('refuse %s', (permission) => {
    expect(isPermissionGranted({ ...fromApp, permission })).toBe(false);
  });

  it('refuse anything to a subframe or to another origin', () => {
    expect(isPermissionGranted({ ...fromApp, permission: 'notifications', isMainFrame: false })).toBe(false);
    expect(
      isPermissionGranted({ permission: 'notifications', requestingUrl: 'https://example.com/', isMainFrame: true }),
    ).toBe(false);
    expect(isPermissionGranted({ permission: 'notifications', requestingUrl: undefined, isMainFrame: true })).toBe(
      false,
    );
  });
});

describe('the IPC sender check', () => {
  const good = { channel: CALL_CHANNEL, frameUrl: 'app://pult/index.html', isMainFrame: true };

  it('accepts the app’s main frame on a pult: channel', () => {
    expect(isTrustedIpcSender(good)).toBe(true);
    expect(isTrustedIpcSender({ ...good, channel: EVENT_CHANNEL })).toBe(true);
  });

  it('refuses channels without the pult: prefix', () => {
    expect(isTrustedIpcSender({ ...good, channel: 'call' })).toBe(false);
    expect(isTrustedIpcSender({ ...good, channel: 'PULT:call' })).toBe(false);
    expect(isTrustedIpcSender({ ...good, channel: 'xpult:call' })).toBe(false);
  });

  it('refuses subframes, even of the app’s own origin', () => {
    expect(isTrustedIpcSender({ ...good, isMainFrame: false })).toBe(false);
  });

  it.each([
    'https://example.com/',
    'file:///app/out/renderer/index.html',
    'app://evil/index.html',
    'about:blank',
    'data:text/html,x',
    '',
  ])('refuses a frame at %s', (frameUrl) => {
    expect(isTrustedIpcSender({ ...good, frameUrl })).toBe(false);
  });

  it('refuses a frame that is already gone', () => {
    expect(isTrustedIpcSender({ ...good, frameUrl: null })).toBe(false);
    expect(isTrustedIpcSender({ ...good, frameUrl: undefined })).toBe(false);
  });
});

describe('app:// path resolution', () => {
  it('maps app://pult/x to the renderer build output', () => {
    expect(resolveAppUrl('app://pult/index.html', ROOT)).toBe(join(ROOT, 'index.html'));
    expect(resolveAppUrl('app://pult/assets/index-abc.js', ROOT)).toBe(join(ROOT, 'assets', 'index-abc.js'));
    expect(resolveAppUrl('app://pult/assets/a%20b.css?v=1#x', ROOT)).toBe(join(ROOT, 'assets', 'a b.css'));
  });

  it('serves index.html for the bare origin and for directories', () => {
    expect(resolveAppUrl('app://pult/', ROOT)).toBe(join(ROOT, 'index.html'));
    expect(resolveAppUrl('app://pult', ROOT)).toBe(join(ROOT, 'index.html'));
    expect(resolveAppUrl('app://pult/assets/', ROOT)).toBe(join(ROOT, 'assets', 'index.html'));
  });

  it.each([
    'app://pult/../main/index.js',
    'app://pult/assets/../../package.json',
    'app://pult/..%2f..%2fpackage.json',
    'app://pult/..%2F..%2Fpackage.json',
    'app://pult/%2e%2e/%2e%2e/package.json',
    'app://pult/%2E%2E%2F%2E%2E%2Fpackage.json',
    'app://pult/.%2e/package.json',
    'app://pult/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd',
    'app://pult/%252e%252e/package.json',
    'app://pult/..\\..\\package.json',
    'app://pult/..%5c..%5cpackage.json',
    'app://pult/assets%5c..%5c..%5cpackage.json',
    'app://pult/index.html%00.png',
    'app://pult/%00',
    'app://pult//etc/passwd',
    'app://pult/%2fetc/passwd',
    'app://pult/C:/Windows/win.ini',
    'app://pult/C%3a%5cWindows%5cwin.ini',
    'app://pult/index.html:stream',
    'app://pult/.env',
    'app://pult/assets/.git/config',
    'app://pult/%c0%ae%c0%ae/package.json',
    'app://pult/%e0%80%ae%e0%80%ae/package.json',
    'app://pult/%',
  ])('refuses the traversal attempt %s', (url) => {
    const file = resolveAppUrl(url, ROOT);
    // Refused outright, or, for the dot-segments the URL parser itself removes (as Chromium does before the
    // handler runs), clamped to a file inside the root: never anything above it.
    if (file !== null) expect(file.startsWith(ROOT + sep)).toBe(true);
  });

  it('refuses every traversal that survives URL parsing, rather than clamping it into the root', () => {
    for (const url of [
      'app://pult/..%2f..%2fpackage.json',
      'app://pult/%252e%252e/package.json',
      'app://pult/..%5c..%5cpackage.json',
      'app://pult/index.html%00.png',
      'app://pult//etc/passwd',
      'app://pult/%2fetc/passwd',
      'app://pult/C%3a%5cWindows%5cwin.ini',
      'app://pult/.env',
    ]) {
      expect(resolveAppUrl(url, ROOT), url).toBeNull();
    }
  });

  it.each([
    'file:///etc/passwd',
    'app://other/index.html',
    'app://pult:8080/index.html',
    'app://user@pult/index.html',
    'https://pult/index.html',
    'not a url',
  ])('refuses %s, which is not app://pult', (url) => {
    expect(resolveAppUrl(url, ROOT)).toBeNull();
  });
});

describe('the menu', () => {
  const labels = (template: ReturnType<typeof menuTemplate>) =>
    template.flatMap((item) => [item.label, ...(Array.isArray(item.submenu) ? item.submenu.map((s) => s.role) : [])]);

  it('offers developer tools only in an unpackaged build', () => {
    expect(labels(menuTemplate({ locale: 'en-US', isMac: false, devTools: false }))).not.toContain('toggleDevTools');
    expect(labels(menuTemplate({ locale: 'en-US', isMac: false, devTools: true }))).toContain('toggleDevTools');
  });

  it('speaks Russian to a Russian-locale desk and English otherwise', () => {
    expect(labels(menuTemplate({ locale: 'ru-RU', isMac: false, devTools: false }))).toContain('Правка');
    expect(labels(menuTemplate({ locale: 'be', isMac: false, devTools: false }))).toContain('Edit');
  });

  it('keeps copy and paste available (they need a menu on macOS)', () => {
    const roles = labels(menuTemplate({ locale: 'en', isMac: true, devTools: false }));
    expect(roles).toEqual(expect.arrayContaining(['copy', 'paste', 'cut', 'selectAll', 'undo']));
  });
});
