import { readFileSync } from 'node:fs';
import { deskDatabase } from '../main/workstation-db.js';
import { dispatch } from '../core/dispatch.js';
import { createMemorySecretStore } from '../main/sync/secret-store.js';
import { createHttpTransport } from '../main/sync/transport.js';
import { openWorkstation } from '../main/workstation.js';

/**
 * One desk of the sync benchmark, in its own process: the real workstation core (sync client + its own
 * SQLite replica). The orchestrator (bench/sync.ts) tells it over IPC to write; it reports what it sees.
 * Times are wall-clock milliseconds with sub-millisecond precision, comparable across processes.
 */
type Config = { serverUrl: string; login: string; password: string; dataFile: string; paged?: boolean };
const config = JSON.parse(process.argv[2]!) as Config;

/**
 * This process's own peak resident memory. Not `resourceUsage().maxRSS`: on Linux getrusage's high-water
 * mark survives fork + exec, so a child can report its parent's peak (measured: a child of a 441 MiB Node
 * process reported 404 MiB, its own VmHWM 40 MiB). VmHWM belongs to this process's address space alone.
 */
function peakRssKiB(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    if (kib) return Number(kib);
  } catch {
    /* not Linux: fall back */
  }
  return process.resourceUsage().maxRSS;
}
const clock = () => performance.timeOrigin + performance.now();
const send = (message: unknown) => process.send?.(message);

const desk = openWorkstation({
  dataFile: config.dataFile,
  sync: {
    serverUrl: config.serverUrl,
    secrets: createMemorySecretStore(),
    // `paged`: the first sync without the server's snapshot, page by page (the baseline).
    transport: config.paged ? { ...createHttpTransport(config.serverUrl), snapshot: undefined } : undefined,
  },
});

const start = clock();
let rowsAppliedAt = 0;
desk.subscribe((event) => {
  if (event.type === 'sync' && event.status.progress && event.status.progress.done >= event.status.progress.total) {
    rowsAppliedAt = clock();
  }
});
const signedIn = await dispatch(desk.handlers, 'session:sign-in', { login: config.login, password: config.password });
if (!signedIn.ok) {
  send({ type: 'error', message: signedIn.error.message });
  process.exit(1);
}
const ticketCount = (deskDatabase(desk).prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
const ticketId = (deskDatabase(desk).prepare('SELECT id FROM tickets ORDER BY number LIMIT 1').get() as { id: string })
  .id;
send({
  type: 'ready',
  firstSyncMs: clock() - start,
  rowsAppliedMs: rowsAppliedAt ? rowsAppliedAt - start : null,
  ticketCount,
});

// What this desk has seen of the comments other desks wrote ("bench:<n>"), noticed on every change. By body,
// not by rowid: a pull that puts a local row back before the server's rows hands a deleted rowid out again.
const own = new Set<string>();
const seenBodies = new Set<string>();
const benchComments = deskDatabase(desk).prepare("SELECT body FROM comments WHERE body LIKE 'bench:%'").pluck();
// What the first sync brought (earlier runs' comments) is not news.
for (const body of benchComments.all() as string[]) seenBodies.add(body);
desk.subscribe((event) => {
  if (event.type !== 'changed') return;
  const at = clock();
  const fresh = (benchComments.all() as string[]).filter((body) => !own.has(body) && !seenBodies.has(body));
  if (fresh.length === 0) return;
  for (const body of fresh) seenBodies.add(body);
  send({ type: 'seen', bodies: fresh, at });
});

process.on('message', async (message: { type: string; body?: string; count?: number }) => {
  if (message.type === 'write') {
    own.add(message.body!);
    const at = clock();
    const result = await dispatch(desk.handlers, 'ticket:add-comment', {
      id: crypto.randomUUID(),
      ticketId,
      body: message.body!,
    });
    send({ type: 'wrote', body: message.body, at, ok: result.ok });
  } else if (message.type === 'flood') {
    // Sustained pushes: write `count` changes as fast as the desk takes them, then wait until all are acknowledged.
    const t0 = clock();
    for (let i = 0; i < message.count!; i++) {
      await dispatch(desk.handlers, 'ticket:add-comment', { id: crypto.randomUUID(), ticketId, body: `flood ${i}` });
    }
    for (;;) {
      await desk.syncNow();
      const status = await dispatch(desk.handlers, 'session:status', {});
      if (status.ok && (status.value as { pending: number }).pending === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    send({ type: 'flooded', ms: clock() - t0 });
  } else if (message.type === 'stop') {
    const maxRssKiB = peakRssKiB();
    desk.close();
    send({ type: 'stopped', maxRssMiB: maxRssKiB / 1024 });
    setTimeout(() => process.exit(0), 50);
  }
});
