import { describe, expect, it } from 'vitest';
import {
  dataFileArgument,
  DEFAULT_EXTERNAL_LINK_HOSTS,
  deskConfig,
  DeskConfigError,
  type DeskConfigSources,
  loadDeskConfig,
  parseServerUrl,
} from './desk-config.js';

const sources = (over: Partial<DeskConfigSources> = {}, config?: unknown): DeskConfigSources => ({
  dir: '/u',
  cwd: '/work',
  argv: ['/opt/Pult/pult', '.'],
  env: {},
  configFile:
    config === undefined
      ? null
      : { path: '/u/config.json', text: typeof config === 'string' ? config : JSON.stringify(config) },
  ...over,
});

describe('desk configuration', () => {
  it('without a server the desk is standalone on its own file', () => {
    expect(deskConfig('/u', null)).toEqual({ dataFile: '/u/pult.sqlite', serverUrl: null, allowInsecureServer: false });
  });

  it('with a server the desk syncs into a file of its own for that server, never the standalone file', () => {
    const a = deskConfig('/u', 'https://pult.example.by/');
    const b = deskConfig('/u', 'https://other.example.by');
    expect(a.serverUrl).toBe('https://pult.example.by');
    expect(a.dataFile).toMatch(/^\/u\/desk-[0-9a-f]{12}\.sqlite$/);
    expect(a.dataFile).not.toBe(b.dataFile);
    expect(deskConfig('/u', 'https://pult.example.by/api').dataFile).toBe(a.dataFile);
  });

  it.each(['pult.example.by', 'ftp://x', 'javascript:alert(1)', 'https://user:pw@x.by', 'ws://pult.example.by'])(
    'refuses %s as a server address',
    (raw) => {
      expect(() => parseServerUrl(raw)).toThrow(DeskConfigError);
    },
  );
});

describe('the sync server address', () => {
  it('must be https off this machine: a plain http address to another host is refused with the way out named', () => {
    expect(() => parseServerUrl('http://pult.example.by')).toThrow(/must start with https/);
    expect(() => loadDeskConfig(sources({ env: { PULT_SERVER_URL: 'http://10.0.0.5:5190' } }))).toThrow(
      /PULT_SERVER_URL: .*https.*"allowInsecureServer": true in config\.json/s,
    );
  });

  it('may be plain http on this machine (a server on the same desk, tests)', () => {
    expect(parseServerUrl('http://127.0.0.1:5190')).toBe('http://127.0.0.1:5190');
    expect(parseServerUrl('http://localhost:5190/')).toBe('http://localhost:5190');
    expect(parseServerUrl('http://[::1]:5190')).toBe('http://[::1]:5190');
  });

  it('may be plain http to another host only after the explicit opt-out, which the config then shows', () => {
    const config = loadDeskConfig(sources({}, { serverUrl: 'http://pult.office.lan:5190', allowInsecureServer: true }));
    expect(config.serverUrl).toBe('http://pult.office.lan:5190');
    expect(config.allowInsecureServer).toBe(true);
    expect(loadDeskConfig(sources({}, { serverUrl: 'https://pult.example.by' })).allowInsecureServer).toBe(false);
  });

  it('comes from PULT_SERVER_URL before config.json', () => {
    const config = loadDeskConfig(
      sources({ env: { PULT_SERVER_URL: 'https://env.example.by' } }, { serverUrl: 'https://file.example.by' }),
    );
    expect(config.serverUrl).toBe('https://env.example.by');
  });
});

describe('the data file', () => {
  it('is named by --data-file=PATH, resolved against the working directory', () => {
    expect(dataFileArgument(['pult', '.', '--data-file=.pult/demo.sqlite'], '/work')).toBe('/work/.pult/demo.sqlite');
    expect(dataFileArgument(['pult', '--data-file', '/srv/desk.sqlite'], '/work')).toBe('/srv/desk.sqlite');
    expect(dataFileArgument(['pult', '.'], '/work')).toBeNull();
  });

  it('comes from the command line before PULT_DATA_FILE, and from either before the default', () => {
    const env = { PULT_DATA_FILE: 'env.sqlite' };
    expect(loadDeskConfig(sources({ argv: ['pult', '--data-file=/a.sqlite'], env })).dataFile).toBe('/a.sqlite');
    expect(loadDeskConfig(sources({ env })).dataFile).toBe('/work/env.sqlite');
    expect(loadDeskConfig(sources()).dataFile).toBe('/u/pult.sqlite');
  });

  it.each([
    [['pult', '--data-file='], /needs a file path/],
    [['pult', '--data-file'], /needs a file path/],
    [['pult', '--data-file', '--inspect'], /needs a file path/],
    [['pult', '--data-file=a.sqlite', '--data-file=b.sqlite'], /2 times/],
  ])('refuses %j instead of guessing', (argv, message) => {
    expect(() => loadDeskConfig(sources({ argv }))).toThrow(message);
  });
});

describe('config.json', () => {
  it('that is not JSON names the file', () => {
    expect(() => loadDeskConfig(sources({}, '{"serverUrl": '))).toThrow(/\/u\/config\.json is not valid JSON/);
  });

  it.each([
    [{ serverUrl: 42 }, /serverUrl/],
    [{ allowInsecureSever: true }, /allowInsecureSever/],
    [{ allowInsecureServer: 'yes' }, /allowInsecureServer/],
    [{ externalLinkHosts: ['https://evil.example/'] }, /externalLinkHosts\.0/],
    [[], /top level/],
  ])('with a wrong setting %j is refused, naming the setting', (config, message) => {
    expect(() => loadDeskConfig(sources({}, config))).toThrow(DeskConfigError);
    expect(() => loadDeskConfig(sources({}, config))).toThrow(message);
  });

  it('gives link hosts, or the map attribution’s host by default', () => {
    expect(loadDeskConfig(sources()).externalLinkHosts).toEqual(DEFAULT_EXTERNAL_LINK_HOSTS);
    expect(loadDeskConfig(sources({}, { externalLinkHosts: ['wialon.by'] })).externalLinkHosts).toEqual(['wialon.by']);
  });
});

describe('the PBX and tile settings', () => {
  it('come from config.json and put exactly their origins into the CSP', () => {
    const config = loadDeskConfig(
      sources(
        {},
        { pbxWebSocketUrl: 'wss://pbx.example.by:8089/ws', tileUrl: 'https://tiles.example.by/{z}/{x}/{y}.png' },
      ),
    );
    expect(config.pbxWebSocketUrl).toBe('wss://pbx.example.by:8089/ws');
    expect(config.tileUrl).toBe('https://tiles.example.by/{z}/{x}/{y}.png');
    expect(config.contentSecurityPolicy).toContain("connect-src 'self' wss://pbx.example.by:8089;");
    expect(config.contentSecurityPolicy).toContain("img-src 'self' data: blob: https://tiles.example.by;");
  });

  it('come from PULT_PBX_WSS and PULT_TILE_URL before config.json', () => {
    const config = loadDeskConfig(
      sources(
        { env: { PULT_PBX_WSS: 'wss://env-pbx.example.by/ws', PULT_TILE_URL: 'https://{s}.env.example.by/{z}.png' } },
        { pbxWebSocketUrl: 'wss://file-pbx.example.by/ws', tileUrl: 'https://file.example.by/{z}.png' },
      ),
    );
    expect(config.contentSecurityPolicy).toContain('wss://env-pbx.example.by');
    expect(config.contentSecurityPolicy).toContain('https://c.env.example.by');
    expect(config.contentSecurityPolicy).not.toContain('file');
  });

  it('that would weaken the CSP are refused, naming where they came from', () => {
    expect(() => loadDeskConfig(sources({ env: { PULT_PBX_WSS: 'ws://pbx.example.by/ws' } }))).toThrow(
      /PULT_PBX_WSS: .*wss:/,
    );
    expect(() => loadDeskConfig(sources({}, { tileUrl: "https://t.example.by/{z}.png 'unsafe-inline'" }))).toThrow(
      /config\.json "tileUrl"/,
    );
  });

  it('the map shows OpenStreetMap unless told otherwise, and the CSP lists exactly that tile origin; "off" lists none', () => {
    const osm = loadDeskConfig(sources({}));
    expect(osm.tileUrl).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    expect(osm.contentSecurityPolicy).toContain("img-src 'self' data: blob: https://tile.openstreetmap.org;");
    const off = loadDeskConfig(sources({ env: { PULT_TILE_URL: 'off' } }));
    expect(off.tileUrl).toBeNull();
    expect(off.contentSecurityPolicy).toContain("img-src 'self' data: blob:;");
  });
});
