import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import {
  contentSecurityPolicy,
  CspSourceError,
  isLoopbackHost,
  pbxWebSocketOrigin,
  tileOrigins,
} from './adapter/web-security.js';

/**
 * A desk's settings: which data file it opens, which server it syncs with, which PBX and tile server the
 * renderer may reach (and so the CSP), which sites a link may open in the user's browser. Sources, strongest
 * first: the command line (`--data-file=PATH`), environment variables, `config.json` in the desk's data folder.
 * Everything here is pure except readConfigFile; a bad setting throws DeskConfigError naming the setting, and
 * the desk does not start half-configured.
 */

export class DeskConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeskConfigError';
  }
}

/** A plain http:// server off this machine: the one refusal the desktop's config.json can lift. */
export class InsecureServerError extends DeskConfigError {}

/** Hosts a link in the app may open in the user's browser when config.json names none: the map's attribution. */
export const DEFAULT_EXTERNAL_LINK_HOSTS: readonly string[] = ['openstreetmap.org'];

export type DeskConfig = Readonly<{
  /** Absolute path of the desk's SQLite file. */
  dataFile: string;
  /** The shared server's origin, or null for a standalone desk. */
  serverUrl: string | null;
  /** The user chose plain http:// to a server off this machine; the status bar shows it. */
  allowInsecureServer: boolean;
  /** The softphone's PBX WebSocket (wss://…), as configured. */
  pbxWebSocketUrl: string | null;
  /** The map's tile URL template (https://{s}.…/{z}/{x}/{y}.png), as configured. */
  tileUrl: string | null;
  /** https hosts (and their subdomains) a link may open in the user's browser. */
  externalLinkHosts: readonly string[];
  /** The renderer's CSP: the fixed strict policy plus exactly the PBX's and the tile server's origins. */
  contentSecurityPolicy: string;
}>;

/**
 * https:// anywhere; http:// only to this machine unless the user opted out in config.json. Anything else
 * is a typo the user should see at start, not a silent fallback.
 */
export function parseServerUrl(raw: string, allowInsecure = false): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new DeskConfigError(`Not a server address: ${raw}`);
  }
  if (url.username || url.password) throw new DeskConfigError('A server address must not carry a password');
  if (url.protocol === 'https:') return url.origin;
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname) || allowInsecure) return url.origin;
    throw new InsecureServerError(
      `A server address off this machine must start with https:// (the session token would travel in clear text): ${raw}`,
    );
  }
  throw new DeskConfigError(`A server address starts with https://: ${raw}`);
}

/**
 * The data file and server of a desk. A desk that syncs keeps one file per server, apart from the standalone
 * file, so signing in never mixes a standalone desk's data with a company's data.
 */
export function deskConfig(
  dir: string,
  serverUrl: string | null | undefined,
  allowInsecureServer = false,
): Readonly<{ dataFile: string; serverUrl: string | null; allowInsecureServer: boolean }> {
  if (!serverUrl) return { dataFile: join(dir, 'pult.sqlite'), serverUrl: null, allowInsecureServer };
  const origin = parseServerUrl(serverUrl, allowInsecureServer);
  const key = createHash('sha256').update(origin).digest('hex').slice(0, 12);
  return { dataFile: join(dir, `desk-${key}.sqlite`), serverUrl: origin, allowInsecureServer };
}

/** OpenStreetMap's standard tiles: what the map shows when the desk names no tile server. */
export const DEFAULT_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

/**
 * The tile setting as the desk uses it: unset means OpenStreetMap; `off` means no tile server at all (the map
 * draws its bundled outline, and the CSP lists no tile origin).
 */
export function tileUrlSetting(value: string | null): string | null {
  if (value === null) return DEFAULT_TILE_URL;
  return value.trim().toLowerCase() === 'off' ? null : value;
}

/** The CSP for these settings; a setting that would weaken it is a DeskConfigError naming where it came from. */
export function deskContentSecurityPolicy(
  pbx: Readonly<{ value: string | null; from: string }>,
  tiles: Readonly<{ value: string | null; from: string }>,
): string {
  const check = (setting: Readonly<{ value: string | null; from: string }>, parse: (url: string) => unknown) => {
    if (setting.value === null) return;
    try {
      parse(setting.value);
    } catch (error) {
      if (error instanceof CspSourceError) throw new DeskConfigError(`${setting.from}: ${error.message}`);
      throw error;
    }
  };
  check(pbx, pbxWebSocketOrigin);
  check(tiles, tileOrigins);
  return contentSecurityPolicy({ pbxWebSocketUrl: pbx.value, tileUrlTemplate: tiles.value });
}

const HOST_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

/** config.json. Unknown keys are refused: a misspelt "allowInsecureSever" must not be silently ignored. */
export const ConfigFileSchema = z.strictObject({
  serverUrl: z.string().min(1).optional(),
  allowInsecureServer: z.boolean().optional(),
  pbxWebSocketUrl: z.string().min(1).optional(),
  tileUrl: z.string().min(1).optional(),
  externalLinkHosts: z
    .array(z.string().regex(HOST_NAME, 'a host name such as openstreetmap.org (lower case, no scheme or path)'))
    .max(50)
    .optional(),
});
export type ConfigFile = Readonly<z.infer<typeof ConfigFileSchema>>;

/** Parses config.json's text; a syntax error or a wrong key says which, and where. */
export function parseConfigFile(text: string, path: string): ConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DeskConfigError(`${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = ConfigFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(top level)'}: ${i.message}`);
    throw new DeskConfigError(`${path} has settings Pult cannot use:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

const DATA_FILE_SWITCH = '--data-file';

/**
 * `--data-file=PATH` (or `--data-file PATH`) from the command line, resolved against `cwd`. Given twice or
 * empty is an error rather than a guess about which file the user meant.
 */
export function dataFileArgument(argv: readonly string[], cwd: string): string | null {
  const found: string[] = [];
  argv.forEach((arg, i) => {
    if (arg.startsWith(`${DATA_FILE_SWITCH}=`)) found.push(arg.slice(DATA_FILE_SWITCH.length + 1));
    else if (arg === DATA_FILE_SWITCH) found.push(argv[i + 1] ?? '');
  });
  if (found.length > 1) throw new DeskConfigError(`${DATA_FILE_SWITCH} is given ${found.length} times`);
  const [file] = found;
  if (file === undefined) return null;
  if (file.trim() === '' || file.startsWith('--')) throw new DeskConfigError(`${DATA_FILE_SWITCH} needs a file path`);
  return resolve(cwd, file);
}

export type DeskConfigSources = Readonly<{
  /** The desk's data folder (Electron's userData). */
  dir: string;
  cwd: string;
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** config.json's text, or null when there is none. */
  configFile: Readonly<{ path: string; text: string }> | null;
}>;

const fromEnv = (env: DeskConfigSources['env'], name: string): string | null => {
  const value = env[name]?.trim();
  return value ? value : null;
};

/** The whole desk configuration from its sources. Throws DeskConfigError for the first bad setting. */
export function loadDeskConfig(sources: DeskConfigSources): DeskConfig {
  const file = sources.configFile ? parseConfigFile(sources.configFile.text, sources.configFile.path) : {};
  const filePath = sources.configFile?.path ?? 'config.json';
  const pick = (envName: string, fileValue: string | undefined, key: string) => {
    const env = fromEnv(sources.env, envName);
    if (env !== null) return { value: env, from: envName };
    return { value: fileValue ?? null, from: `${filePath} "${key}"` };
  };
  const allowInsecureServer = file.allowInsecureServer ?? false;
  const server = pick('PULT_SERVER_URL', file.serverUrl, 'serverUrl');
  let base: ReturnType<typeof deskConfig>;
  try {
    base = deskConfig(sources.dir, server.value, allowInsecureServer);
  } catch (error) {
    if (error instanceof InsecureServerError) {
      throw new DeskConfigError(
        `${server.from}: ${error.message}. To accept that on a trusted network, put "allowInsecureServer": true in ${filePath}.`,
      );
    }
    if (error instanceof DeskConfigError) throw new DeskConfigError(`${server.from}: ${error.message}`);
    throw error;
  }
  const explicitFile =
    dataFileArgument(sources.argv, sources.cwd) ??
    (fromEnv(sources.env, 'PULT_DATA_FILE')
      ? resolve(sources.cwd, fromEnv(sources.env, 'PULT_DATA_FILE') ?? '')
      : null);
  const pbx = pick('PULT_PBX_WSS', file.pbxWebSocketUrl, 'pbxWebSocketUrl');
  const pickedTiles = pick('PULT_TILE_URL', file.tileUrl, 'tileUrl');
  const tiles = { ...pickedTiles, value: tileUrlSetting(pickedTiles.value) };
  return {
    dataFile: explicitFile ?? base.dataFile,
    serverUrl: base.serverUrl,
    allowInsecureServer,
    pbxWebSocketUrl: pbx.value,
    tileUrl: tiles.value,
    externalLinkHosts: file.externalLinkHosts ?? DEFAULT_EXTERNAL_LINK_HOSTS,
    contentSecurityPolicy: deskContentSecurityPolicy(pbx, tiles),
  };
}

/** config.json in the desk's data folder, or null when the desk has none. */
export function readConfigFile(dir: string): DeskConfigSources['configFile'] {
  const path = join(dir, 'config.json');
  return existsSync(path) ? { path, text: readFileSync(path, 'utf8') } : null;
}
