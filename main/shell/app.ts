import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  shell,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PultEvent } from '../../core/contract.js';
import type { Result } from '../../core/result.js';
import { callContract } from '../adapter/call.js';
import { readStaticFile } from '../adapter/static-files.js';
import { StoreOpenError } from '../../replica/open-store.js';
import { openWorkstation, type Workstation } from '../workstation.js';
import { deskConfig } from '../desk-config.js';
import { createKeychainSecretStore } from './keychain.js';
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
  SECURITY_HEADERS,
  webPreferences,
  windowOpenDecision,
} from './policy.js';

/**
 * The Electron shell: wiring only. Every decision lives in policy.ts (tested without Electron); what is
 * left here are the calls into Electron's API that apply them.
 */

// Must run before `ready`: Chromium fixes scheme privileges at startup.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.enableSandbox();

const outDir = () => join(app.getAppPath(), 'out');

function refuse(status: number): Response {
  return new Response(null, { status, headers: { ...SECURITY_HEADERS } });
}

function serveAppProtocol(): void {
  const root = join(outDir(), 'renderer');
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET') return refuse(405);
    const file = resolveAppUrl(request.url, root);
    if (!file) return refuse(404);
    const found = await readStaticFile(root, file);
    if (!found) return refuse(404);
    return new Response(new Uint8Array(found.body), {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': found.contentType },
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
function hardenWebContents(contents: WebContents): void {
  contents.on('will-frame-navigate', (event) => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
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

function readConfig(userData: string): { serverUrl?: string } {
  const file = join(userData, 'config.json');
  if (!existsSync(file)) return {};
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  return typeof parsed === 'object' && parsed !== null && 'serverUrl' in parsed && typeof parsed.serverUrl === 'string'
    ? { serverUrl: parsed.serverUrl }
    : {};
}

/** Opens the desk's data file; a file Pult must not touch ends the app with a clear message instead. */
function openDeskWorkstation(): Workstation | null {
  const userData = app.getPath('userData');
  let dataFile = join(userData, 'pult.sqlite');
  try {
    // The server comes from PULT_SERVER_URL or userData/config.json {"serverUrl": "https://…"}.
    const config = deskConfig(userData, process.env.PULT_SERVER_URL ?? readConfig(userData).serverUrl);
    dataFile = config.dataFile;
    const workstation = openWorkstation({
      dataFile,
      sync: config.serverUrl
        ? { serverUrl: config.serverUrl, secrets: createKeychainSecretStore(join(userData, 'secrets.json')) }
        : undefined,
    });
    return workstation;
  } catch (error) {
    const title = 'Pult cannot open its data file / Pult не может открыть файл данных';
    const detail =
      error instanceof StoreOpenError
        ? error.message
        : `${error instanceof Error ? error.message : String(error)}\n\n${dataFile}`;
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

async function start(): Promise<void> {
  await app.whenReady();
  applyPermissionPolicy();
  const workstation = openDeskWorkstation();
  if (!workstation) {
    // exit, not quit: nothing was opened, and no later handler may get a chance to touch the file.
    app.exit(1);
    return;
  }
  app.on('will-quit', () => workstation.close());
  serveAppProtocol();
  serveContract(workstation);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({ locale: app.getLocale(), isMac: process.platform === 'darwin', devTools: !app.isPackaged }),
    ),
  );
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

// One process per desk: a second launch focuses the first window instead of opening the file twice.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  start().catch((error: unknown) => {
    dialog.showErrorBox('Pult', error instanceof Error ? (error.stack ?? error.message) : String(error));
    app.exit(1);
  });
}
