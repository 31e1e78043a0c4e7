import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fillDemoIfEmpty } from '../../tools/demo/fill.js';
import { MAX_DEMO_TICKETS } from '../../tools/demo/generate.js';
import { StoreOpenError } from '../../replica/open-store.js';
import { openWorkstation } from '../workstation.js';
import { startHost } from './host.js';
import { deskConfig, deskContentSecurityPolicy, tileUrlSetting } from '../desk-config.js';
import { createMemorySecretStore } from '../sync/secret-store.js';

/**
 * `tsx main/host/cli.ts [--demo] [--data FILE] [--port N] [--tickets N]`
 * `[--server URL]` (a desk that syncs with a shared server; no demo data then) `[--pbx-wss URL] [--tile-url URL]`
 * (the softphone's PBX and the map's tiles, which the CSP then lets in): the workstation core in a browser
 * (docs/architecture.md, "The browser host"). Prints one line with the URL, token included, and runs until SIGINT/SIGTERM.
 */

const DEFAULT_PORT = 5180;
const DEFAULT_TICKETS = 2000;
const DEMO_SEED = 1;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function intOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be an integer from ${min} to ${max}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      demo: { type: 'boolean', default: false },
      data: { type: 'string' },
      port: { type: 'string' },
      tickets: { type: 'string' },
      server: { type: 'string' },
      'pbx-wss': { type: 'string' },
      'tile-url': { type: 'string' },
    },
    strict: true,
  });
  const serverUrl = values.server ?? process.env.PULT_SERVER_URL ?? null;
  const pbx = values['pbx-wss'] ?? process.env.PULT_PBX_WSS ?? null;
  const tiles = tileUrlSetting(values['tile-url'] ?? process.env.PULT_TILE_URL ?? null);
  let config;
  let contentSecurityPolicy;
  try {
    config = deskConfig(resolve('.pult'), serverUrl);
    contentSecurityPolicy = deskContentSecurityPolicy(
      { value: pbx, from: values['pbx-wss'] ? '--pbx-wss' : 'PULT_PBX_WSS' },
      { value: tiles, from: values['tile-url'] ? '--tile-url' : 'PULT_TILE_URL' },
    );
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const dataFile = resolve(values.data ?? (config.serverUrl ? config.dataFile : '.pult/demo.sqlite'));
  const port = intOption('port', values.port, DEFAULT_PORT, 0, 65535);
  const tickets = intOption('tickets', values.tickets, DEFAULT_TICKETS, 1, MAX_DEMO_TICKETS);
  const staticDir = resolve(repoRoot, 'out/renderer');
  if (!existsSync(resolve(staticDir, 'index.html'))) {
    console.warn(`No renderer build in ${staticDir}: run "npx electron-vite build" (npm run web does).`);
  }

  mkdirSync(dirname(dataFile), { recursive: true });
  // The demo is written before the desk opens the file: the workstation itself never writes around its
  // mutation runner.
  if (values.demo && !config.serverUrl) {
    try {
      const demo = await fillDemoIfEmpty(dataFile, { tickets, seed: DEMO_SEED }, (n) =>
        console.log(`Filling ${dataFile} with ${n} demo tickets…`),
      );
      if (demo) console.log(`Demo ready: ${demo.tickets} tickets, ${demo.clients} clients, ${Math.round(demo.ms)} ms.`);
    } catch (error) {
      if (error instanceof StoreOpenError) fail(error.message);
      throw error;
    }
  }
  let workstation;
  try {
    workstation = openWorkstation({
      dataFile,
      // The browser host keeps the session token in memory: a restarted host signs in again.
      sync: config.serverUrl ? { serverUrl: config.serverUrl, secrets: createMemorySecretStore() } : undefined,
      // The SIP password too lives in this process's memory only: the settings dialog says so.
      phone: { secrets: createMemorySecretStore(), passwordKept: 'memory', pbxWebSocketUrl: pbx },
      map: {
        tileUrl: tiles,
        updatesPerSecond: intOption('sim-updates', process.env.PULT_SIM_UPDATES, 200, 1, 100_000),
      },
    });
  } catch (error) {
    if (error instanceof StoreOpenError) fail(error.message);
    throw error;
  }

  const host = await startHost({ workstation, port, staticDir, contentSecurityPolicy }).catch((error: unknown) => {
    workstation.close();
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'EADDRINUSE' ? `Port ${port} is taken: pass --port N (0 picks a free one)` : String(error));
  });
  console.log(`Pult is running at ${host.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    void host.close().then(() => {
      workstation.close();
      console.log(`Pult stopped (${signal}).`);
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
