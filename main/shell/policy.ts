import type { MenuItemConstructorOptions, WebPreferences } from 'electron';
import { resolveStaticPath } from '../adapter/web-security.js';
import { IPC_PREFIX } from './ipc-channels.js';

/**
 * The shell's security decisions as pure functions (docs/security.md lists them): app.ts only wires them
 * into Electron, and policy.test.ts checks them without Electron. Only types come from `electron`.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'pult';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * `standard` gives app:// real origins and relative-URL resolution (so the renderer's `./assets/…` work and
 * localStorage is per-origin); `secure` makes it a secure context like https; `supportFetchAPI` lets the
 * module scripts load through protocol.handle. Deliberately not `bypassCSP`, `corsEnabled` or
 * `allowServiceWorkers`.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
} as const;

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The app's own origin: app://pult, no credentials, no port. Node treats app: as non-special, so compare parts. */
function isAppUrl(url: URL | null): url is URL {
  return (
    url !== null &&
    url.protocol === `${APP_SCHEME}:` &&
    url.host === APP_HOST &&
    url.username === '' &&
    url.password === ''
  );
}

export function isAppOrigin(url: string): boolean {
  return isAppUrl(parseUrl(url));
}

/**
 * The window's web preferences. Every line is a layer: the renderer gets no Node, runs in Chromium's
 * sandbox, cannot see the preload's world, and cannot weaken same-origin or embed other pages.
 */
export function webPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** The window may only ever show the app itself: every other navigation (links, drops, redirects) is refused. */
export function isNavigationAllowed(url: string): boolean {
  return isAppOrigin(url);
}

const PHONE = /^\+?[0-9][0-9 ().-]{2,30}$/;
const SIP_USER_AT_HOST = /^[A-Za-z0-9+_.!~*-]{1,64}(?:@[A-Za-z0-9.-]{1,253}(?::[0-9]{1,5})?)?$/;
const MAIL_ADDRESS = /^[^\s@,;:<>()"]{1,64}@[A-Za-z0-9.-]{1,253}$/;
/** mailto: fields a mail client treats as text. Some honour `attach=` with a local path: never passed on. */
const MAILTO_FIELDS: ReadonlySet<string> = new Set(['subject', 'body', 'cc']);

function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function isAllowedHost(hostname: string, allowedHosts: readonly string[]): boolean {
  return allowedHosts.some((host) => hostname === host || hostname.endsWith(`.${host}`));
}

/**
 * Whether a link the renderer asks to open (a link with target=_blank, window.open) may go to the operating
 * system, and in what exact form. What the OS does with a URL is up to whichever program claims its scheme,
 * so only three kinds pass: `tel:`/`sip:` (click-to-call through the desk's softphone), `mailto:` with a
 * single address and text fields, and https to the configured hosts and their subdomains (the map's
 * attribution, the telematics portal). Credentials, other ports, file:, smb:, custom schemes: nothing opens.
 */
export function externalLinkTarget(url: string, allowedHosts: readonly string[]): string | null {
  const parsed = parseUrl(url);
  if (parsed === null || parsed.username !== '' || parsed.password !== '') return null;
  const path = decoded(parsed.pathname);
  if (path === null) return null;
  switch (parsed.protocol) {
    case 'tel:':
      return parsed.search === '' && parsed.hash === '' && PHONE.test(path) ? parsed.href : null;
    case 'sip:':
      return parsed.search === '' && parsed.hash === '' && SIP_USER_AT_HOST.test(path) ? parsed.href : null;
    case 'mailto:': {
      const fields = [...new URLSearchParams(parsed.search).keys()];
      const cc = new URLSearchParams(parsed.search).getAll('cc');
      const ok =
        parsed.hash === '' &&
        MAIL_ADDRESS.test(path) &&
        fields.every((f) => MAILTO_FIELDS.has(f.toLowerCase())) &&
        cc.every((address) => MAIL_ADDRESS.test(address));
      return ok ? parsed.href : null;
    }
    case 'https:':
      return parsed.port === '' && isAllowedHost(parsed.hostname, allowedHosts) ? parsed.href : null;
    default:
      return null;
  }
}

export type WindowOpenDecision = Readonly<{ action: 'deny'; openExternally: string | null }>;

/** No new windows, ever. A link that externalLinkTarget lets through opens in the user's own program instead. */
export function windowOpenDecision(url: string, allowedHosts: readonly string[]): WindowOpenDecision {
  return { action: 'deny', openExternally: externalLinkTarget(url, allowedHosts) };
}

export type PermissionQuery = Readonly<{
  permission: string;
  /** The requesting frame's URL or origin (Electron gives one or the other depending on the handler). */
  requestingUrl: string | undefined;
  isMainFrame: boolean;
  /** For `media`: what is asked for. Absent or empty means unknown, which is refused. */
  mediaTypes?: readonly string[] | undefined;
}>;

/**
 * Only two permissions, only for the app's own main frame: the microphone (the softphone) and notifications
 * (a missed call while the window is in the background). Camera, screen capture, geolocation, clipboard
 * reads, HID/USB/serial and the rest are refused.
 */
export function isPermissionGranted(query: PermissionQuery): boolean {
  if (!query.isMainFrame || query.requestingUrl === undefined || !isAppOrigin(query.requestingUrl)) return false;
  switch (query.permission) {
    case 'notifications':
      return true;
    case 'media': {
      const types = query.mediaTypes ?? [];
      return types.length > 0 && types.every((t) => t === 'audio');
    }
    default:
      return false;
  }
}

export type IpcSender = Readonly<{
  channel: string;
  /** `event.senderFrame?.url`; null when the frame is gone (navigated or destroyed) by the time we look. */
  frameUrl: string | null | undefined;
  /** The sender frame is its window's top-level frame. */
  isMainFrame: boolean;
}>;

/**
 * Like VS Code's ValidatedIpcMain: a message counts only on our channels, from the app's own origin, from a
 * main frame. A frame we do not know (an iframe, a page that got navigated elsewhere) is ignored before its
 * payload is even looked at.
 */
export function isTrustedIpcSender(sender: IpcSender): boolean {
  return (
    sender.channel.startsWith(IPC_PREFIX) &&
    sender.isMainFrame &&
    typeof sender.frameUrl === 'string' &&
    isAppOrigin(sender.frameUrl)
  );
}

/**
 * app://pult/<path> → the file under the renderer's build output, or null. Query and fragment are ignored;
 * any other scheme or host, credentials, a port, and every traversal trick resolveStaticPath knows are refused.
 */
export function resolveAppUrl(url: string, rendererRoot: string): string | null {
  const parsed = parseUrl(url);
  if (!isAppUrl(parsed) || parsed.port !== '') return null;
  return resolveStaticPath(rendererRoot, parsed.pathname || '/');
}

export type MenuOptions = Readonly<{ locale: string; isMac: boolean; devTools: boolean }>;

/**
 * The standard roles (so copy/paste and zoom work, macOS included), labelled in Russian or English. Developer
 * tools only in an unpackaged build: in a desk's hands they would be a console onto the contract.
 */
export function menuTemplate({ locale, isMac, devTools }: MenuOptions): MenuItemConstructorOptions[] {
  const ru = locale.toLowerCase().startsWith('ru');
  const t = (ruLabel: string, enLabel: string) => (ru ? ruLabel : enLabel);
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload', label: t('Обновить', 'Reload') },
    ...(devTools ? [{ role: 'toggleDevTools' as const, label: t('Инструменты разработчика', 'Developer Tools') }] : []),
    { type: 'separator' },
    { role: 'resetZoom', label: t('Обычный размер', 'Actual Size') },
    { role: 'zoomIn', label: t('Увеличить', 'Zoom In') },
    { role: 'zoomOut', label: t('Уменьшить', 'Zoom Out') },
    { type: 'separator' },
    { role: 'togglefullscreen', label: t('Во весь экран', 'Full Screen') },
  ];
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: t('Файл', 'File'),
      submenu: [isMac ? { role: 'close', label: t('Закрыть', 'Close') } : { role: 'quit', label: t('Выход', 'Quit') }],
    },
    {
      label: t('Правка', 'Edit'),
      submenu: [
        { role: 'undo', label: t('Отменить', 'Undo') },
        { role: 'redo', label: t('Повторить', 'Redo') },
        { type: 'separator' },
        { role: 'cut', label: t('Вырезать', 'Cut') },
        { role: 'copy', label: t('Копировать', 'Copy') },
        { role: 'paste', label: t('Вставить', 'Paste') },
        { role: 'selectAll', label: t('Выделить всё', 'Select All') },
      ],
    },
    { label: t('Вид', 'View'), submenu: view },
    { role: 'windowMenu', label: t('Окно', 'Window') },
  ];
}
