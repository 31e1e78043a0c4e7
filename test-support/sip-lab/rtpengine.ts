import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { freeUdpPort } from './kamailio.js';

/**
 * A real rtpengine (Debian's `rtpengine-daemon`) as the lab PBX's media relay. It turns the browser's WebRTC
 * media (ICE, DTLS-SRTP, RTP/SAVPF) into plain RTP/AVP for sipp and back, so a call the desk answers carries
 * audio. Userspace only (`--table=-1`): the kernel module is neither needed nor loadable in a test.
 */
export type RtpengineLab = Readonly<{
  /** The NG control socket as Kamailio's `rtpengine_sock` names it. */
  controlSocket: string;
  /** Kills rtpengine (no-op when already stopped). */
  stop(): Promise<void>;
  /** Everything rtpengine logged so far, for a failing test's message. */
  log(): string;
}>;

const RTPENGINE = '/usr/bin/rtpengine';

export function rtpengineMissing(): string | null {
  return existsSync(RTPENGINE) ? null : 'rtpengine-daemon';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One NG `ping` (bencode over UDP); true once rtpengine answers `pong`. */
async function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const cookie = `ready${process.pid}`;
    const done = (answer: boolean): void => {
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), 200);
    socket.once('error', () => done(false));
    socket.on('message', (message) => done(message.toString().startsWith(`${cookie} `)));
    socket.send(`${cookie} d7:command4:pinge`, port, '127.0.0.1');
  });
}

export async function startRtpengine(): Promise<RtpengineLab> {
  const missing = rtpengineMissing();
  if (missing) throw new Error(`The SIP lab needs the apt package ${missing} (apt-get install -y ${missing}).`);
  const controlPort = await freeUdpPort();
  // A private media port range per run, so parallel labs on one machine do not fight over ports; rtpengine
  // skips a port another process holds, so a clash only narrows the range.
  const portMin = 20_000 + 2 * Math.floor(Math.random() * 19_000);
  const proc: ChildProcess = spawn(
    RTPENGINE,
    [
      '--config-file=none',
      '--foreground',
      '--log-stderr',
      '--log-level=6',
      '--table=-1',
      '--interface=127.0.0.1',
      `--listen-ng=127.0.0.1:${controlPort}`,
      `--port-min=${portMin}`,
      `--port-max=${portMin + 199}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const kill = (signal: NodeJS.Signals): void => {
    if (proc.pid === undefined) return;
    try {
      process.kill(-proc.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const killHard = (): void => kill('SIGKILL');
  process.once('exit', killHard);
  proc.once('exit', () => process.removeListener('exit', killHard));

  const deadline = Date.now() + 10_000;
  while (!(await pings(controlPort))) {
    if (proc.exitCode !== null) throw new Error(`rtpengine exited with ${proc.exitCode}:\n${output.slice(-3000)}`);
    if (Date.now() > deadline) {
      kill('SIGKILL');
      throw new Error(`rtpengine did not answer a ping within 10 s:\n${output.slice(-3000)}`);
    }
    await sleep(50);
  }
  return {
    controlSocket: `udp:127.0.0.1:${controlPort}`,
    log: () => output,
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      kill('SIGTERM');
      const timer = setTimeout(() => kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
