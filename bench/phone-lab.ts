import { chromium, type Browser } from '@playwright/test';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { KamailioLab } from '../test-support/sip-lab/index.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.js';

/** The ring group the phone benchmarks' desks register as, and sipp calls. */
export const RING_GROUP = 'bench';

/**
 * sipp needs about a quarter of a second from its start to its first packet, which is not the desks' time. So
 * sipp sends to this relay, which notes when each request of `method` passes and hands every datagram on to
 * Kamailio unchanged (replies go straight back to sipp: its Via names its own port).
 */
export async function sipRelay(lab: KamailioLab, method: 'INVITE' | 'CANCEL') {
  const socket = createSocket('udp4');
  const prefix = `${method} `;
  let lastAt: number | null = null;
  socket.on('message', (message) => {
    if (message.subarray(0, prefix.length).toString() === prefix) lastAt = Date.now();
    socket.send(message, lab.udpPort, '127.0.0.1');
  });
  await new Promise<void>((done) => socket.bind(0, '127.0.0.1', done));
  return {
    /** The lab as sipp should see it: Kamailio behind the relay. */
    lab: { ...lab, udpPort: socket.address().port },
    /** When the last such request passed (and forgets it). */
    take(): number | null {
      const at = lastAt;
      lastAt = null;
      return at;
    },
    close: () => new Promise<void>((done) => socket.close(() => done())),
  };
}

/** Debian's Chromium with a fake microphone that needs no prompt. */
export function launchPhoneBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
}

/**
 * `phone:save-settings` for a desk that answers the ring group on the lab's Kamailio (no password there), or
 * another extension (`user`).
 */
export const ringGroupSettings = (lab: KamailioLab, user = RING_GROUP) => ({
  aor: `sip:${user}@${lab.domain}`,
  authorizationUsername: '',
  server: lab.wsUrl,
  iceServers: [],
  ringGroup: '',
  ringTimeoutSeconds: 60,
  password: null,
});

export type DeskProcess = Readonly<{
  /** The page to open, with the host's token in the fragment. */
  url: string;
  /** A contract call through the host's HTTP API, as the renderer makes it. */
  call(method: string, input: unknown): Promise<unknown>;
  stop(): Promise<void>;
}>;

/**
 * A desk as its own process: the browser host (`main/host/cli.ts`) on a free port, syncing with `serverUrl`,
 * its CSP letting in the lab's PBX WebSocket.
 */
/**
 * The URL a browser host process (main/host/cli.ts) prints once it serves, token included; rejects with what it
 * printed when it exits first or stays silent for `ms`.
 */
export function hostUrl(child: ChildProcessByStdio<null, Readable, Readable>, ms: number): Promise<string> {
  let output = '';
  return new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`The browser host did not start: ${output}`)), ms);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /Pult is running at (\S+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        done(found);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => fail(new Error(`The browser host exited (${code}): ${output}`)));
  });
}

export async function startDeskProcess(
  options: Readonly<{ serverUrl: string; dataFile: string; pbxWss: string }>,
): Promise<DeskProcess> {
  const child = spawn(
    process.execPath,
    [
      resolve('node_modules/tsx/dist/cli.mjs'),
      'main/host/cli.ts',
      '--server',
      options.serverUrl,
      '--data',
      options.dataFile,
      '--port',
      '0',
      '--pbx-wss',
      options.pbxWss,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await hostUrl(child, 60_000);
  const base = new URL(url);
  const token = base.hash.replace(/^#token=/, '');
  return {
    url,
    async call(method, input) {
      const response = await fetch(new URL('/api/call', base), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ method, input }),
      });
      const result = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
      if (!result.ok) throw new Error(`${method}: ${result.error?.message ?? response.status}`);
      return result.value;
    },
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
