import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  session,
  shell,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import { join } from 'node:path';
import type { PultEvent } from '../../core/contract.js';
import type { Result } from '../../core/result.js';
import { callContract } from '../adapter/call.js';
import { readStaticFile } from '../adapter/static-files.js';
import { securityHeaders } from '../adapter/web-security.js';
import { type DeskConfig, DeskConfigError, loadDeskConfig, readConfigFile } from '../desk-config.js';
import { StoreOpenError } from '../../replica/open-store.js';
import { openWorkstation, type Workstation } from '../workstation.js';
import { createKeychainSecretStore, keychainWarning } from './keychain.js';
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipc-channels.js';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  isNavigationAllowed,
  isPermissionGranted,
  isTrustedIpcSender,
  menuTemplate,
  resolveAppUrl,
  webPreferences,
  windowOpenDecision,
} from './policy.js';

/**
 * The Electron shell: wiring only. Every decision lives in policy.ts, keychain.ts, desk-config.ts and
 * web-security.ts (tested without Electron); app.test.ts runs this file against a recording fake of
 * `electron` to prove each decision is actually wired in.
 */

export type ShellOptions = Readonly<{
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  platform: NodeJS.Platform;
}>;

const outDir = () => join(app.getAppPath(), 'out');

function serveAppProtocol(csp: string): void {
  const root = join(outDir(), 'renderer');
  const headers = securityHeaders(csp);
  const refuse = (status: number) => new Response(null, { status, headers: { ...headers } });
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET') return refuse(405);
    const file = resolveAppUrl(request.url, root);
    if (!file) return refuse(404);
    const found = await readStaticFile(root, file);
    if (!found) return refuse(404);
    return new Response(new Uint8Array(found.body), {
      status: 200,
      headers: { ...headers, 'Content-Type': found.contentType },
    });
  });
}

function applyPermissionPolicy(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(
      isPermissionGranted({
        permission,
        requestingUrl: details.requestingUrl,
        isMainFrame: details.isMainFrame,
        mediaTypes,
      }),
    );
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionGranted({
      permission,
      requestingUrl: details.requestingUrl ?? requestingOrigin,
      isMainFrame: details.isMainFrame,
      mediaTypes: details.mediaType ? [details.mediaType] : undefined,
    }),
  );
  ses.setDevicePermissionHandler(() => false);
}

/** Applied to every web contents Electron creates, not only our window: nothing gets to navigate or pop up. */
function hardenWebContents(contents: WebContents, externalLinkHosts: readonly string[]): void {
  contents.on('will-frame-navigate', (event) => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url, externalLinkHosts);
    if (decision.openExternally) void shell.openExternal(decision.openExternally);
    return { action: decision.action };
  });
}

function serveContract(workstation: Workstation): void {
  ipcMain.handle(CALL_CHANNEL, (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
    const frame = event.senderFrame;
    const trusted = isTrustedIpcSender({
      channel: CALL_CHANNEL,
      frameUrl: frame?.url,
      isMainFrame: frame !== null && frame.parent === null,
    });
    if (!trusted) {
      return Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'Untrusted sender' } });
    }
    return callContract(workstation.handlers, payload);
  });
  workstation.subscribe((pultEvent: PultEvent) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, pultEvent);
    }
  });
}

function loadConfig(options: ShellOptions): DeskConfig | null {
  try {
    const dir = app.getPath('userData');
    return loadDeskConfig({
      dir,
      cwd: options.cwd,
      argv: options.argv,
      env: options.env,
      configFile: readConfigFile(dir),
    });
  } catch (error) {
    const detail = error instanceof DeskConfigError ? error.message : String(error);
    dialog.showErrorBox('Pult: настройки / settings', detail);
    return null;
  }
}

/** Opens the desk's data file; a file Pult must not touch ends the app with a clear message instead. */
function openDeskWorkstation(config: DeskConfig, platform: NodeJS.Platform): Workstation | null {
  try {
    let sync: Parameters<typeof openWorkstation>[0]['sync'];
    const secrets = createKeychainSecretStore(join(app.getPath('userData'), 'secrets.json'), safeStorage, platform);
    if (config.serverUrl) {
      const warning = keychainWarning(secrets.status);
      if (warning) void dialog.showMessageBox({ type: 'warning', title: 'Pult', message: warning });
      sync = { serverUrl: config.serverUrl, secrets };
    }
    // The SIP password is sealed by the same keychain; without a real one it stays in memory for this run,
    // and the phone's settings dialog says so.
    const phone = {
      secrets,
      passwordKept: secrets.status.kind === 'secure' ? ('keychain' as const) : ('memory' as const),
      pbxWebSocketUrl: config.pbxWebSocketUrl,
    };
    return openWorkstation({ dataFile: config.dataFile, sync, phone, map: { tileUrl: config.tileUrl } });
  } catch (error) {
    const title = 'Pult cannot open its data file / Pult не может открыть файл данных';
    const detail =
      error instanceof StoreOpenError
        ? error.message
        : `${error instanceof Error ? error.message : String(error)}\n\n${config.dataFile}`;
    dialog.showErrorBox(title, detail);
    return null;
  }
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Pult',
    webPreferences: webPreferences(join(outDir(), 'preload', 'index.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

async function start(config: DeskConfig, options: ShellOptions): Promise<void> {
  await app.whenReady();
  applyPermissionPolicy();
  const workstation = openDeskWorkstation(config, options.platform);
  if (!workstation) {
    // exit, not quit: nothing was opened, and no later handler may get a chance to touch the file.
    app.exit(1);
    return;
  }
  app.on('will-quit', () => workstation.close());
  serveAppProtocol(config.contentSecurityPolicy);
  serveContract(workstation);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({ locale: app.getLocale(), isMac: options.platform === 'darwin', devTools: !app.isPackaged }),
    ),
  );
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

/**
 * Starts the desktop app. Must be called synchronously while the main script loads: scheme privileges and
 * the sandbox switch only count before Electron is ready. Resolves once the window is created, or once the
 * app has given up with a message (bad settings, a data file it must not open, a second instance).
 */
export function startShell(options: ShellOptions): Promise<void> {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
  app.enableSandbox();
  // One process per desk: a second launch focuses the first window instead of opening the file twice.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return Promise.resolve();
  }
  const config = loadConfig(options);
  if (!config) {
    app.exit(1);
    return Promise.resolve();
  }
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, config.externalLinkHosts));
  app.on('window-all-closed', () => app.quit());
  return start(config, options).catch((error: unknown) => {
    dialog.showErrorBox('Pult', error instanceof Error ? (error.stack ?? error.message) : String(error));
    app.exit(1);
  });
}
