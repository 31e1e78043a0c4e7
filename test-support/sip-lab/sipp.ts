import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeUdpPort, type KamailioLab } from './kamailio.js';

const scenarios = join(dirname(fileURLToPath(import.meta.url)), 'scenarios');

export type SippScenario =
  | 'cancel-without-reason'
  /** The same, to a ring group two desks are registered to: it waits for both to ring. */
  | 'ring-group-cancel'
  | 'cancel-with-reason'
  | 'cancel-with-two-reason-headers'
  | 'answered-call'
  /** An answered call whose offer a browser accepts (WebRTC-shaped SDP; signalling only). */
  | 'browser-answered-call'
  /**
   * A plain G.711 call that plays sipp's recording once answered and waits for the desk's BYE; needs a lab
   * with rtpengine (`startKamailio({ rtpengine })`), which bridges it to the desk's WebRTC.
   */
  | 'browser-audio-call'
  /**
   * The called party of a desk's outgoing call, with audio (needs rtpengine): it answers and plays sipp's
   * recording until the desk's BYE. Run it on `localPort` and register that port as the dialled number
   * (`registerContact`) so Kamailio routes the call to it.
   */
  | 'audio-callee'
  | 'tel-identity'
  | 'withheld'
  | 'display-name'
  | 'raw-from'
  | 'ring-timeout'
  | 'desk-controls'
  /**
   * A call a browser desk answers and drives from its buttons: hold, resume, the keypad's 5 and # (SIP INFO),
   * a blind transfer to 105; then the PBX's NOTIFY and BYE end the desk's leg (WebRTC-shaped SDP, no media).
   */
  | 'browser-call-controls'
  | 'rejected';

export type SippRun = Readonly<{
  scenario: SippScenario;
  /** The AOR to call: a desk's extension or a ring group. */
  target: string;
  /** Values for the scenario's `[key]` fields (`caller`, `reason`, `display`, `ring_timeout`, …). */
  keys?: Readonly<Record<string, string>>;
  /** Hard limit: sipp's own `-timeout` does not end a stuck call, coreutils `timeout` does. */
  timeoutSeconds?: number;
  /**
   * How long the caller lets it ring before giving up, in scenarios whose ring is a bare `<pause/>` (sipp's
   * `-d`; 1000 ms by default). A test that must click "answer" while it rings asks for longer: on two busy
   * cores the ringing call can take most of a second to reach the screen.
   */
  ringMs?: number;
  /** sipp's own SIP port (a free one by default): a callee must be where its registration says. */
  localPort?: number;
}>;

export type SippResult = Readonly<{ exitCode: number | null; output: string; errors: string }>;

/** Runs one sipp call as the caller over UDP against the lab's Kamailio; resolves when sipp exits. */
export async function runSipp(lab: KamailioLab, run: SippRun): Promise<SippResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pult-sipp-'));
  const port = run.localPort ?? (await freeUdpPort());
  // sipp binds its media socket even for calls without audio; a call that carries audio gets a port of its
  // own so parallel runs on one machine do not send each other's RTP.
  const audio = run.scenario === 'browser-audio-call' || run.scenario === 'audio-callee';
  const media = audio ? ['-mp', String(await freeUdpPort())] : [];
  const keys = { caller: '+375291234567', ...run.keys };
  const args = [
    '-k',
    '2',
    String(run.timeoutSeconds ?? 30),
    '/usr/bin/sipp',
    '-sf',
    join(scenarios, `${run.scenario}.xml`),
    '-m',
    '1',
    '-i',
    '127.0.0.1',
    '-p',
    String(port),
    '-s',
    run.target,
    ...media,
    '-d',
    String(run.ringMs ?? 1000),
    '-nostdin',
    '-trace_err',
    ...Object.entries(keys).flatMap(([key, value]) => ['-key', key, value]),
    `127.0.0.1:${lab.udpPort}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('timeout', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const errors = readdirSync(dir)
        .filter((name) => name.endsWith('_errors.log'))
        .map((name) => readFileSync(join(dir, name), 'utf8'))
        .join('\n');
      rmSync(dir, { recursive: true, force: true });
      resolve({ exitCode: code, output: output.slice(-4000), errors: errors.slice(-4000) });
    });
  });
}
