import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledScript } from './bundle.js';
import { createLatencyMeter } from './latency-meter.js';

/**
 * A floor for the two-desk latency with the same three processes and the same hops as the real thing — HTTP
 * POST from one peer to a relay, WebSocket from the relay to the other peer — and none of Pult
 * (bench/relay-process.ts). `durable` adds the commits every change needs: the writer's and the relay's
 * (synchronous=FULL), the reader's (NORMAL). What the sync's figure costs beyond it is Pult's own work.
 */
export async function relayFloor(durable: boolean, writes: number, intervalMs: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pult-bench-relay-'));
  const children: ChildProcess[] = [];
  const meter = createLatencyMeter(durable ? 'relay-durable' : 'relay');
  const start = (config: object) => {
    // execArgv empty: fork would otherwise hand the child this process's own tsx loader flags.
    const child = fork(bundledScript('bench/relay-process.ts'), [JSON.stringify(config)], {
      execArgv: [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    children.push(child);
    return new Promise<{ child: ChildProcess; port?: number }>((resolve, reject) => {
      child.on('message', (m: Record<string, unknown>) => {
        if (m.type === 'ready') resolve({ child, port: m.port as number | undefined });
        else meter.hear(m);
      });
      child.once('exit', (code) => reject(new Error(`a relay process exited with ${code}`)));
    });
  };
  try {
    const relay = await start({ role: 'relay', durable, dataFile: join(dir, 'relay.sqlite') });
    const url = `http://127.0.0.1:${relay.port}`;
    const peers = await Promise.all(
      ['a', 'b'].map((peer) => start({ role: 'peer', durable, dataFile: join(dir, `${peer}.sqlite`), url, peer })),
    );
    return await meter.drive(
      peers.map((p) => ({ send: (m: object) => p.child.send(m) })),
      writes,
      intervalMs,
    );
  } finally {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.send({ type: 'stop' });
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  }
}
