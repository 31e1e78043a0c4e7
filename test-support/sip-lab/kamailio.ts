import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A real Kamailio 5.6 (Debian's package) as the lab's PBX: registrar and proxy, UDP for the sipp caller,
 * WS and WSS for the desks, in a private runtime dir, on free loopback ports. Kamailio has no media, which
 * is fine for the call classification (it lives entirely in signalling); a test that wants audio passes an
 * rtpengine (`startRtpengine`) and Kamailio routes the media through it.
 */
export type KamailioLab = Readonly<{
  /** SIP domain the desks register in (the loopback address: nothing outside resolves). */
  domain: string;
  udpPort: number;
  wsUrl: string;
  wssUrl: string;
  /** PEM of the self-signed certificate the WSS listener presents; pass it as `ca`, never skip verification. */
  caPem: string;
  /** Kills Kamailio and starts it again on the same ports, losing every registration (as a PBX restart does). */
  restart(): Promise<void>;
  /** Kills Kamailio (no-op when already stopped) and removes the runtime dir. */
  stop(): Promise<void>;
  /** Kills Kamailio without starting it again (a PBX outage); `restart()` brings it back. */
  kill(): Promise<void>;
  /** Everything Kamailio wrote to stderr so far, for a failing test's message. */
  log(): string;
}>;

const here = dirname(fileURLToPath(import.meta.url));
const MODULES = '/usr/lib/x86_64-linux-gnu/kamailio/modules';
const KAMAILIO = '/usr/sbin/kamailio';

export function labToolsMissing(): string | null {
  if (!existsSync(KAMAILIO)) return 'kamailio';
  if (!existsSync(join(MODULES, 'websocket.so'))) return 'kamailio-websocket-modules';
  if (!existsSync(join(MODULES, 'tls.so'))) return 'kamailio-tls-modules';
  if (!existsSync('/usr/bin/sipp')) return 'sip-tester';
  return null;
}

export async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

function makeCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'pipe' },
  );
  return { cert, key };
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function signalGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  if (proc.pid === undefined) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // Already gone.
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export type KamailioOptions = Readonly<{
  /**
   * rtpengine's control socket (`RtpengineLab.controlSocket`): calls then carry real audio, rtpengine turning
   * the desks' WebRTC into plain RTP for sipp and back. Without it SDP passes untouched (signalling only).
   */
  rtpengine?: string;
}>;

export async function startKamailio(options: KamailioOptions = {}): Promise<KamailioLab> {
  const missing = labToolsMissing();
  if (missing) throw new Error(`The SIP lab needs the apt package ${missing} (apt-get install -y ${missing}).`);
  const dir = mkdtempSync(join(tmpdir(), 'pult-sip-lab-'));
  const runDir = join(dir, 'run');
  mkdirSync(runDir);
  const { cert, key } = makeCertificate(dir);
  const tlsCfg = join(dir, 'tls.cfg');
  writeFileSync(
    tlsCfg,
    `[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n` +
      `private_key = ${key}\ncertificate = ${cert}\n\n[client:default]\nverify_certificate = no\n`,
  );
  const [udpPort, wsPort, wssPort] = [await freeUdpPort(), await freeTcpPort(), await freeTcpPort()];
  const cfg = join(dir, 'kamailio.cfg');
  const template = readFileSync(join(here, 'kamailio.cfg.template'), 'utf8');
  // Kamailio's preprocessor reads the define only after the `#!KAMAILIO` line.
  const withMedia = options.rtpengine
    ? template.replace('#!KAMAILIO\n', '#!KAMAILIO\n#!define WITH_RTPENGINE\n')
    : template;
  writeFileSync(
    cfg,
    withMedia
      .replaceAll('@@RTPENGINE_SOCK@@', options.rtpengine ?? '')
      .replaceAll('@@UDP_PORT@@', String(udpPort))
      .replaceAll('@@WS_PORT@@', String(wsPort))
      .replaceAll('@@WSS_PORT@@', String(wssPort))
      .replaceAll('@@MODULES@@', MODULES)
      .replaceAll('@@TLS_CFG@@', tlsCfg),
  );
  execFileSync(KAMAILIO, ['-c', '-f', cfg], { stdio: 'pipe' });

  let child: ChildProcess | null = null;
  let output = '';
  const launch = async (): Promise<void> => {
    // Its own process group, so its worker processes go with it, also when the test process dies first.
    const proc = spawn(KAMAILIO, ['-DD', '-E', '-f', cfg, '-Y', runDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child = proc;
    const killGroup = (): void => signalGroup(proc, 'SIGKILL');
    process.once('exit', killGroup);
    proc.once('exit', () => process.removeListener('exit', killGroup));
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 10_000;
    while (!(await canConnect(wsPort)) || !(await canConnect(wssPort))) {
      if (proc.exitCode !== null) throw new Error(`Kamailio exited with ${proc.exitCode}:\n${output.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`Kamailio did not listen within 10 s:\n${output.slice(-3000)}`);
      await sleep(50);
    }
  };
  const kill = async (): Promise<void> => {
    const proc = child as ChildProcess | null;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    signalGroup(proc, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(proc, 'SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
    // Kamailio's children may linger a moment after the main process; wait until the ports are free.
    const deadline = Date.now() + 5_000;
    while ((await canConnect(wsPort)) && Date.now() < deadline) await sleep(50);
  };
  await launch();
  return {
    domain: '127.0.0.1',
    udpPort,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    wssUrl: `wss://127.0.0.1:${wssPort}`,
    caPem: readFileSync(cert, 'utf8'),
    log: () => output,
    kill,
    restart: async () => {
      await kill();
      await launch();
    },
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
