/**
 * Latency of changes written at one process and seen at the others (bench/sync.ts), from the processes' own
 * reports: `wrote` (body, when the user acted) and `seen` (bodies, when they were in that process's store).
 * Times are wall-clock milliseconds, comparable across processes.
 */
export type LatencyMeter = Readonly<{
  /** Every message the processes send; the meter keeps what it needs. */
  hear(message: Record<string, unknown>): void;
  /**
   * `writes` changes, one every `intervalMs`, taking turns at the `peers`; resolves when every other peer has
   * seen each one (or 30 s passed) with the latencies, one per change and peer that saw it.
   */
  drive(peers: readonly { send(message: object): void }[], writes: number, intervalMs: number): Promise<number[]>;
}>;

let meters = 0;

export function createLatencyMeter(label: string): LatencyMeter {
  // Each meter's changes are its own: a desk that starts later takes earlier runs' changes as old news.
  const run = `${label}${++meters}`;
  const written = new Map<string, number>();
  const seen: number[] = [];
  const pending = new Map<string, number>();
  const early = new Map<string, number[]>();
  return {
    hear(m) {
      if (m.type === 'wrote') {
        const at = Number(m.at);
        written.set(String(m.body), at);
        // Other processes can see a change before its writer's own report crosses the IPC: count them now.
        for (const seenAt of early.get(String(m.body)) ?? []) seen.push(seenAt - at);
        early.delete(String(m.body));
      }
      if (m.type === 'seen') {
        for (const body of m.bodies as string[]) {
          const at = written.get(body);
          if (at !== undefined) seen.push(Number(m.at) - at);
          else early.set(body, [...(early.get(body) ?? []), Number(m.at)]);
          pending.set(body, (pending.get(body) ?? 1) - 1);
        }
      }
    },
    async drive(peers, writes, intervalMs) {
      await new Promise((r) => setTimeout(r, 500)); // let every socket settle
      for (let i = 0; i < writes; i++) {
        const body = `bench:${run}:${peers.length}:${intervalMs}:${i}`;
        pending.set(body, peers.length - 1);
        peers[i % peers.length]!.send({ type: 'write', body });
        await new Promise((r) => setTimeout(r, intervalMs));
      }
      const deadline = Date.now() + 30_000;
      while ([...pending.values()].some((n) => n > 0) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      return seen;
    },
  };
}
