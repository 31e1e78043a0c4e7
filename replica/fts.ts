import type { Database } from 'better-sqlite3';

/**
 * The full-text index during bulk loads (main/store/migrations/0001: fts_state, fts_stale). A bulk writer
 * calls `deferFts`, writes, then `buildDeferredFts`, which indexes every ticket in chunks (each its own
 * transaction, so the desk stays responsive) and then what changed meanwhile.
 */
const CHUNK = 5_000;

const INDEX_RANGE = `INSERT INTO ticket_fts (rowid, number, title, description, client, plate, phones)
  SELECT seq, number, title, description, client, plate, phones FROM ticket_fts_source WHERE seq > ? AND seq <= ?`;

export function isFtsDeferred(db: Database): boolean {
  return (db.prepare('SELECT deferred FROM fts_state').get() as { deferred: number }).deferred === 1;
}

/** Stops row-by-row indexing and empties the index; the caller must end with buildDeferredFts. */
export function deferFts(db: Database): void {
  db.transaction(() => {
    db.prepare('UPDATE fts_state SET deferred = 1').run();
    db.prepare("INSERT INTO ticket_fts (ticket_fts) VALUES ('delete-all')").run();
    db.prepare('DELETE FROM fts_stale').run();
  })();
}

export type FtsProgress = (done: number, total: number) => void;

/** `pause` runs between chunks: the desk passes one that yields to the event loop, so calls keep flowing. */
export async function buildDeferredFts(
  db: Database,
  onProgress?: FtsProgress,
  pause: () => Promise<void> | void = () => undefined,
  /** Tickets per chunk: smaller keeps a busy process (a server building a snapshot) more responsive. */
  chunk = CHUNK,
): Promise<void> {
  if (!isFtsDeferred(db)) return;
  const maxSeq = db.prepare('SELECT coalesce(max(seq), 0) AS m FROM tickets');
  const countUpTo = db.prepare('SELECT count(*) AS n FROM tickets WHERE seq <= ?');
  const indexRange = db.prepare(INDEX_RANGE);
  const nextSeqs = db.prepare('SELECT seq FROM tickets WHERE seq > ? ORDER BY seq LIMIT 1 OFFSET ?');
  let indexed = 0;
  const total = (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
  for (;;) {
    const upTo =
      (nextSeqs.get(indexed, chunk - 1) as { seq: number } | undefined)?.seq ?? (maxSeq.get() as { m: number }).m;
    if (upTo <= indexed) break;
    db.transaction(() => indexRange.run(indexed, upTo))();
    indexed = upTo;
    onProgress?.((countUpTo.get(indexed) as { n: number }).n, total);
    await pause();
  }
  // The last step is one transaction: what was written since, stale rows re-indexed, deferral off.
  db.transaction(() => {
    const last = (maxSeq.get() as { m: number }).m;
    if (last > indexed) indexRange.run(indexed, last);
    db.prepare(`DELETE FROM ticket_fts WHERE rowid IN (SELECT seq FROM fts_stale WHERE seq <= ?)`).run(indexed);
    db.prepare(
      `INSERT INTO ticket_fts (rowid, number, title, description, client, plate, phones)
       SELECT s.seq, s.number, s.title, s.description, s.client, s.plate, s.phones
       FROM fts_stale f JOIN ticket_fts_source s ON s.seq = f.seq WHERE f.seq <= ?`,
    ).run(indexed);
    db.prepare('DELETE FROM fts_stale').run();
    db.prepare('UPDATE fts_state SET deferred = 0').run();
  })();
}
