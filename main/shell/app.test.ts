import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Workstation, WorkstationOptions } from '../workstation.js';
import { EVENT_CHANNEL, CALL_CHANNEL } from './ipc-channels.js';
import { APP_SCHEME_PRIVILEGES } from './policy.js';

/**
 * policy.test.ts proves the shell's decisions; this file proves they are wired in. app.ts runs against a
 * recording fake of `electron`: the test fires the events Electron would fire (a web contents created, a
 * frame navigating, an IPC call from some frame, a request on app://) and checks what the shell answered.
 * Deleting any one security call from app.ts (the sandbox switch, a permission handler, a navigation guard,
 * the window-open handler, the webview refusal, the IPC sender check, the headers on app:// responses) makes
 * a test here fail.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- the fake stands in for Electron's overloaded, event-typed API */
type Listener = (...args: any[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

class FakeWebContents extends Emitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly send = vi.fn();
  readonly setWindowOpenHandler = vi.fn((handler: FakeWebContents['windowOpenHandler']) => {
    this.windowOpenHandler = handler;
  });
}

type Backend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

function createFakeElectron(paths: { userData: string; appPath: string }, backend: Backend = 'gnome_libsecret') {
  const windows: FakeWindow[] = [];
  class FakeWindow extends Emitter {
    static getAllWindows = () => windows;
    readonly webContents = new FakeWebContents();
    readonly loadURL = vi.fn(() => Promise.resolve());
    readonly show = vi.fn();
    readonly isDestroyed = () => false;
    readonly isMinimized = () => false;
    readonly restore = vi.fn();
    readonly focus = vi.fn();
    constructor(readonly options: Record<string, any>) {
      super();
      windows.push(this);
    }
  }
  const permissions: { request?: Listener; check?: Listener; device?: Listener } = {};
  const ipcHandlers = new Map<string, Listener>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const app = Object.assign(new Emitter(), {
    enableSandbox: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    requestSingleInstanceLock: vi.fn(() => true),
    getPath: vi.fn((name: string) => (name === 'userData' ? paths.userData : tmpdir())),
    getAppPath: vi.fn(() => paths.appPath),
    getLocale: vi.fn(() => 'ru-RU'),
    isPackaged: true,
    quit: vi.fn(),
    exit: vi.fn(),
  });
  return {
    windows,
    permissions,
    ipcHandlers,
    protocolHandlers,
    module: {
      app,
      BrowserWindow: FakeWindow,
      dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(() => Promise.resolve({ response: 0 })) },
      ipcMain: { handle: vi.fn((channel: string, handler: Listener) => ipcHandlers.set(channel, handler)) },
      Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((template: unknown) => ({ template })) },
      protocol: {
        registerSchemesAsPrivileged: vi.fn(),
        handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) =>
          protocolHandlers.set(scheme, handler),
        ),
      },
      safeStorage: {
        isEncryptionAvailable: vi.fn(() => true),
        getSelectedStorageBackend: vi.fn(() => backend),
        encryptString: vi.fn((text: string) => Buffer.from(`sealed:${text}`)),
        decryptString: vi.fn((sealed: Buffer) => sealed.toString().replace(/^sealed:/, '')),
      },
      session: {
        defaultSession: {
          setPermissionRequestHandler: vi.fn((handler: Listener) => (permissions.request = handler)),
          setPermissionCheckHandler: vi.fn((handler: Listener) => (permissions.check = handler)),
          setDevicePermissionHandler: vi.fn((handler: Listener) => (permissions.device = handler)),
        },
      },
      shell: { openExternal: vi.fn(() => Promise.resolve()) },
    },
  };
}
type FakeElectron = ReturnType<typeof createFakeElectron>;

const current = vi.hoisted(() => ({
  electron: null as unknown as FakeElectron['module'],
  openWorkstation: null as unknown as (options: WorkstationOptions) => Workstation,
}));

vi.mock('electron', () => ({
  get app() {
    return current.electron.app;
  },
  get BrowserWindow() {
    return current.electron.BrowserWindow;
  },
  get dialog() {
    return current.electron.dialog;
  },
  get ipcMain() {
    return current.electron.ipcMain;
  },
  get Menu() {
    return current.electron.Menu;
  },
  get protocol() {
    return current.electron.protocol;
  },
  get safeStorage() {
    return current.electron.safeStorage;
  },
  get session() {
    return current.electron.session;
  },
  get shell() {
    return current.electron.shell;
  },
}));
vi.mock('../workstation.js', () => ({
  openWorkstation: (options: WorkstationOptions) => current.openWorkstation(options),
}));
// The demo generator is not part of the desktop bundle: importing it from the shell fails this whole file.
vi.mock('../../tools/demo/generate.js', () => {
  throw new Error('main/shell must not import the demo generator');
});

const { startShell } = await import('./app.js');

const PBX = 'wss://pbx.example.by:8089/ws';
const TILES = 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png';
const APP_PAGE = 'app://pult/index.html';

/** The only webPreferences keys the window may have. A new key is a security decision: add it here on purpose. */
const SAFE_WEB_PREFERENCES = {
  preload: expect.stringMatching(/[/\\]out[/\\]preload[/\\]index\.cjs$/) as unknown,
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

let dir: string;
let fake: FakeElectron;
let workstation: Workstation & { handlerCalls: string[]; emit(event: unknown): void };
let opened: WorkstationOptions[];

function fakeWorkstation(dataFile: string) {
  const handlerCalls: string[] = [];
  let listener: ((event: unknown) => void) | null = null;
  return {
    dataFile,
    handlerCalls,
    handlers: new Proxy(
      {},
      {
        get: (_target, method: string) => () => {
          handlerCalls.push(method);
          return {};
        },
      },
    ) as Workstation['handlers'],
    subscribe: vi.fn((l: (event: unknown) => void) => {
      listener = l;
      return () => undefined;
    }),
    emit: (event: unknown) => listener?.(event),
    close: vi.fn(),
    dropCaches: vi.fn(),
    syncNow: vi.fn(() => Promise.resolve()),
  };
}

function launch(env: Record<string, string> = {}, backend?: Backend) {
  fake = createFakeElectron({ userData: join(dir, 'user-data'), appPath: join(dir, 'app') }, backend);
  current.electron = fake.module;
  return startShell({
    argv: ['/opt/Pult/pult', '.', `--data-file=${join(dir, 'desk.sqlite')}`],
    env: { PULT_PBX_WSS: PBX, PULT_TILE_URL: TILES, ...env },
    cwd: dir,
    platform: 'linux',
  });
}

/** A web contents as Electron would announce it; the shell must harden every one, not only its own window. */
function createdContents(): FakeWebContents {
  const contents = new FakeWebContents();
  fake.module.app.emit('web-contents-created', {}, contents);
  return contents;
}

function navigationEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pult-shell-'));
  mkdirSync(join(dir, 'user-data'));
  mkdirSync(join(dir, 'app', 'out', 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'app', 'out', 'renderer', 'index.html'), '<!doctype html><title>Pult</title>');
  writeFileSync(join(dir, 'app', 'out', 'renderer', 'assets', 'index-abc.js'), 'console.log(1)');
  opened = [];
  current.openWorkstation = (options) => {
    opened.push(options);
    workstation = fakeWorkstation(options.dataFile);
    return workstation;
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('before Electron is ready', () => {
  it('turns on the sandbox for every renderer and registers app:// with exactly its privileges', async () => {
    await launch();
    const { app, protocol } = fake.module;
    expect(app.enableSandbox).toHaveBeenCalledTimes(1);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: APP_SCHEME_PRIVILEGES },
    ]);
    const ready = app.whenReady.mock.invocationCallOrder[0] ?? 0;
    expect(app.enableSandbox.mock.invocationCallOrder[0]).toBeLessThan(ready);
    expect(protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]).toBeLessThan(ready);
  });
});

describe('the window', () => {
  it('loads app://pult with exactly the known safe webPreferences and nothing else', async () => {
    await launch();
    expect(fake.windows).toHaveLength(1);
    const [window] = fake.windows;
    const prefs = window?.options.webPreferences as Record<string, unknown>;
    expect(Object.keys(prefs).sort()).toEqual(Object.keys(SAFE_WEB_PREFERENCES).sort());
    expect(prefs).toEqual(SAFE_WEB_PREFERENCES);
    expect(window?.loadURL).toHaveBeenCalledWith(APP_PAGE);
  });
});

describe('every web contents', () => {
  it('is refused any frame navigation away from app://pult (will-frame-navigate)', async () => {
    await launch();
    const contents = createdContents();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:1']) {
      const event = navigationEvent(url);
      contents.emit('will-frame-navigate', event);
      expect(event.preventDefault, url).toHaveBeenCalled();
    }
    const own = navigationEvent(`${APP_PAGE}#/tickets`);
    contents.emit('will-frame-navigate', own);
    expect(own.preventDefault).not.toHaveBeenCalled();
  });

  it('is refused a redirect away from app://pult (will-redirect)', async () => {
    await launch();
    const contents = createdContents();
    const event = navigationEvent('https://evil.example/phish');
    contents.emit('will-redirect', event);
    expect(event.preventDefault).toHaveBeenCalled();
    const own = navigationEvent(APP_PAGE);
    contents.emit('will-redirect', own);
    expect(own.preventDefault).not.toHaveBeenCalled();
  });

  it('may not attach a webview', async () => {
    await launch();
    const contents = createdContents();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, { preload: '/tmp/evil.js' }, { src: 'https://evil.example/' });
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('opens no new window, and hands only allowed links to the operating system', async () => {
    await launch();
    const contents = createdContents();
    const open = (url: string) => contents.windowOpenHandler?.({ url });
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('file:///C:/Windows/system32/calc.exe')).toEqual({ action: 'deny' });
    expect(fake.module.shell.openExternal).not.toHaveBeenCalled();
    expect(open('tel:+375291234567')).toEqual({ action: 'deny' });
    expect(open('https://www.openstreetmap.org/copyright')).toEqual({ action: 'deny' });
    expect(fake.module.shell.openExternal.mock.calls).toEqual([
      ['tel:+375291234567'],
      ['https://www.openstreetmap.org/copyright'],
    ]);
  });
});

describe('permissions', () => {
  const own = { requestingUrl: APP_PAGE, isMainFrame: true };

  it('are granted on request only for the microphone and notifications, only to the app’s main frame', async () => {
    await launch();
    const ask = (permission: string, details: object) => {
      const callback = vi.fn();
      fake.permissions.request?.({}, permission, callback, details);
      expect(callback, permission).toHaveBeenCalledTimes(1);
      return callback.mock.calls[0]?.[0] as boolean;
    };
    expect(ask('media', { ...own, mediaTypes: ['audio'] })).toBe(true);
    expect(ask('notifications', own)).toBe(true);
    expect(ask('media', { ...own, mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(ask('geolocation', own)).toBe(false);
    expect(ask('openExternal', own)).toBe(false);
    expect(ask('notifications', { requestingUrl: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(ask('notifications', { ...own, isMainFrame: false })).toBe(false);
  });

  it('answer a check the same way, and refuse every device (HID, USB, serial)', async () => {
    await launch();
    const check = fake.permissions.check;
    expect(check?.({}, 'notifications', 'app://pult', { isMainFrame: true })).toBe(true);
    expect(check?.({}, 'media', 'app://pult', { isMainFrame: true, mediaType: 'audio' })).toBe(true);
    expect(check?.({}, 'media', 'app://pult', { isMainFrame: true, mediaType: 'video' })).toBe(false);
    expect(check?.({}, 'clipboard-read', 'app://pult', { isMainFrame: true })).toBe(false);
    expect(check?.({}, 'notifications', 'https://evil.example', { isMainFrame: true })).toBe(false);
    expect(fake.permissions.device?.({ deviceType: 'hid', origin: 'app://pult' })).toBe(false);
  });
});

describe('the contract over IPC', () => {
  const call = (senderFrame: unknown) =>
    fake.ipcHandlers.get(CALL_CHANNEL)?.({ senderFrame }, { method: 'app:info', input: {} }) as Promise<unknown>;

  it('is refused to any frame but the app’s own main frame, before the workstation sees the call', async () => {
    await launch();
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: APP_PAGE, parent: { url: APP_PAGE } },
      { url: 'app://evil/index.html', parent: null },
      null,
    ]) {
      await expect(call(frame)).resolves.toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'Untrusted sender' },
      });
    }
    expect(workstation.handlerCalls).toEqual([]);
  });

  it('reaches the workstation from the app’s main frame', async () => {
    await launch();
    await call({ url: APP_PAGE, parent: null });
    expect(workstation.handlerCalls).toEqual(['app:info']);
  });

  it('carries the workstation’s events to the window', async () => {
    await launch();
    workstation.emit({ type: 'changed' });
    expect(fake.windows[0]?.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, { type: 'changed' });
  });
});

describe('app:// responses', () => {
  const get = async (url: string, init?: RequestInit) => {
    const handler = fake.protocolHandlers.get('app');
    if (!handler) throw new Error('app:// is not served');
    return handler(new Request(url, init));
  };

  it('carry the CSP built from the desk’s PBX and tile settings, with nosniff and no-referrer', async () => {
    await launch();
    const response = await get(APP_PAGE);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Pult</title>');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(csp).toContain("connect-src 'self' wss://pbx.example.by:8089;");
    expect(csp).toContain(
      "img-src 'self' data: blob: https://a.tile.openstreetmap.org https://b.tile.openstreetmap.org https://c.tile.openstreetmap.org;",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('carry the same headers on refusals: a missing file, a traversal, a POST', async () => {
    await launch();
    const expected = (await get(APP_PAGE)).headers.get('content-security-policy');
    for (const response of [
      await get('app://pult/missing.js'),
      await get('app://pult/%2e%2e/%2e%2e/secret'),
      await get(APP_PAGE, { method: 'POST', body: 'x' }),
    ]) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.headers.get('content-security-policy')).toBe(expected);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('the desk’s data and settings', () => {
  it('opens the data file named by --data-file, standalone when no server is configured', async () => {
    await launch();
    expect(opened).toEqual([
      {
        dataFile: join(dir, 'desk.sqlite'),
        sync: undefined,
        phone: expect.objectContaining({ pbxWebSocketUrl: PBX }),
        map: { tileUrl: expect.any(String) },
      },
    ]);
  });

  it('seals the SIP password with a real keychain and never writes it in clear text', async () => {
    await launch({}, 'gnome_libsecret');
    const phone = opened[0]?.phone;
    expect(phone?.passwordKept).toBe('keychain');
    phone?.secrets.set('phone.sip-password', 'sip-secret-42');
    expect(fake.module.safeStorage.encryptString).toHaveBeenCalledWith('sip-secret-42');
    const onDisk = readFileSync(join(dir, 'user-data', 'secrets.json'), 'utf8');
    expect(onDisk).not.toContain('sip-secret-42');
    expect(phone?.secrets.get('phone.sip-password')).toBe('sip-secret-42');
  });

  it('without a real keychain keeps the SIP password in memory only and says so', async () => {
    await launch({}, 'basic_text');
    const phone = opened[0]?.phone;
    expect(phone?.passwordKept).toBe('memory');
    phone?.secrets.set('phone.sip-password', 'sip-secret-42');
    expect(fake.module.safeStorage.encryptString).not.toHaveBeenCalled();
    expect(existsSync(join(dir, 'user-data', 'secrets.json'))).toBe(false);
    expect(phone?.secrets.get('phone.sip-password')).toBe('sip-secret-42');
  });

  it('with a server but no real keychain warns the user and keeps the token off disk', async () => {
    await launch({ PULT_SERVER_URL: 'https://pult.example.by' }, 'basic_text');
    const [options] = opened;
    expect(options?.sync?.serverUrl).toBe('https://pult.example.by');
    options?.sync?.secrets.set('session', 'token-123');
    expect(fake.module.safeStorage.encryptString).not.toHaveBeenCalled();
    expect(fake.module.dialog.showMessageBox).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'warning', message: expect.stringContaining('basic_text') as unknown }),
    );
  });

  it('with a server and a real keychain stores the token sealed and warns nobody', async () => {
    await launch({ PULT_SERVER_URL: 'https://pult.example.by' }, 'gnome_libsecret');
    opened[0]?.sync?.secrets.set('session', 'token-123');
    expect(fake.module.safeStorage.encryptString).toHaveBeenCalledWith('token-123');
    expect(fake.module.dialog.showMessageBox).not.toHaveBeenCalled();
  });

  it.each<Record<string, string>>([
    { PULT_PBX_WSS: 'ws://pbx.example.by/ws' },
    { PULT_TILE_URL: "https://t.example.by/{z}.png; script-src 'unsafe-inline'" },
    { PULT_SERVER_URL: 'http://pult.example.by' },
  ])('a bad setting (%j) is shown to the user and nothing is opened or served', async (env) => {
    await launch(env);
    expect(fake.module.dialog.showErrorBox).toHaveBeenCalledWith(
      expect.any(String),
      expect.stringContaining(Object.keys(env)[0] ?? '') as unknown,
    );
    expect(fake.module.app.exit).toHaveBeenCalledWith(1);
    expect(opened).toEqual([]);
    expect(fake.windows).toEqual([]);
    expect(fake.protocolHandlers.size).toBe(0);
    expect(fake.ipcHandlers.size).toBe(0);
  });

  it('a data file that cannot be opened ends the app with a message and no window', async () => {
    current.openWorkstation = () => {
      throw new Error('file is not a database');
    };
    await launch();
    expect(fake.module.dialog.showErrorBox).toHaveBeenCalledWith(
      expect.stringContaining('data file'),
      expect.stringContaining('file is not a database') as unknown,
    );
    expect(fake.module.app.exit).toHaveBeenCalledWith(1);
    expect(fake.windows).toEqual([]);
  });

  it('a second launch opens nothing and leaves the desk to the first one', async () => {
    fake = createFakeElectron({ userData: join(dir, 'user-data'), appPath: join(dir, 'app') });
    fake.module.app.requestSingleInstanceLock.mockReturnValue(false);
    current.electron = fake.module;
    await startShell({ argv: [], env: {}, cwd: dir, platform: 'linux' });
    expect(fake.module.app.quit).toHaveBeenCalled();
    expect(opened).toEqual([]);
    expect(fake.windows).toEqual([]);
  });

  it('closes the data file when the app quits', async () => {
    await launch();
    fake.module.app.emit('will-quit');
    expect(workstation.close).toHaveBeenCalled();
  });
});
