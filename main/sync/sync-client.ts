import { v7 as uuidv7 } from 'uuid';
import type { SyncStatus } from '../../core/contract.js';
import type { TableName } from '../../core/entities.js';
import { ERROR_CODES, PultError, type ErrorCode } from '../../core/result.js';
import {
  SYNC_SCHEMA_VERSION,
  TABLE_NAMES,
  type LivePoke,
  type PullPage,
  type PullResponse,
  type RowsBetween,
  type Rejection,
  type SessionUser,
} from '../../core/sync-protocol.js';
import { buildDeferredFts, deferFts, isFtsDeferred } from '../../replica/fts.js';
import { LATEST_VERSION as STORE_SCHEMA } from '../../replica/migrations/index.js';
import { installSnapshot } from '../../replica/snapshot.js';
import { rmSync } from 'node:fs';
import { createPageApplier, outboxEntries } from './apply-page.js';
import { loginWhenNotBusy } from './busy-sign-in.js';
import { settingsOf } from './desk-settings.js';
import type { SyncClient, SyncClientOptions } from './sync-client-types.js';
import { SyncHttpError, SyncNetworkError, type PokeConnection } from './transport.js';

export type { SyncClient, SyncClientOptions };

/** Pull every 30 s even without pokes: a lost poke costs at most this long. */
const PULL_INTERVAL_MS = 30_000;
const PUSH_BATCH = 100;
const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 10_000;
const TOKEN_KEY = 'sync.token';
/** The server's own code when the desk knows it, else what its HTTP status means. */
function serverErrorCode(error: SyncHttpError): ErrorCode {
  if ((ERROR_CODES as readonly string[]).includes(error.code)) return error.code as ErrorCode;
  if (error.status === 401) return 'unauthorized';
  if (error.status === 403) return 'forbidden';
  if (error.status === 404) return 'not-found';
  if (error.status === 409) return 'conflict';
  if (error.status === 429) return 'too-many-attempts';
  return error.status >= 500 ? 'server-unreachable' : 'invalid-input';
}

/** Answers that mean the server has forgotten what this desk knows (restored from an older backup). */
const STALE_SERVER = new Set(['cursor-ahead', 'mutation-gap']);

/**
 * The desk's side of docs/sync.md: pushes the outbox in order, pulls the server's changes and rebases the
 * pending mutations on top, on every poke, reconnect, local change and every 30 s.
 */

export function createSyncClient(options: SyncClientOptions): SyncClient {
  const { db, runner, transport, secrets, emit } = options;
  const now = options.now ?? Date.now;
  const settings = settingsOf(db);
  const stmts = {
    pending: db.prepare('SELECT count(*) AS n FROM outbox'),
    outboxBatch: db.prepare(
      'SELECT mutation_id, name, args, created_at FROM outbox WHERE mutation_id > ? ORDER BY mutation_id LIMIT ?',
    ),
    dropAcked: db.prepare('DELETE FROM outbox WHERE mutation_id <= ?'),
    clearShadows: db.prepare('DELETE FROM sync_shadow'),
    // EXISTS, not count(*): these run on every pull, and counting 100k tickets takes milliseconds.
    anyTicket: db.prepare('SELECT EXISTS (SELECT 1 FROM tickets) AS n'),
    anyData: db.prepare('SELECT EXISTS (SELECT 1 FROM tickets) OR EXISTS (SELECT 1 FROM clients) AS n'),
    firstPending: db.prepare('SELECT min(mutation_id) AS id FROM outbox'),
    lastOutboxId: db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'"),
  };

  let deskId = settings.get('sync.desk_id');
  // Outbox ids are local and never reused; a desk identity numbers its mutations from 1, so a desk that
  // changes hands (first line rotates daily) pushes `mutation_id - base`.
  let base = Number(settings.get('sync.mutation_base') ?? 0);
  let sessionUser: SessionUser | null = (() => {
    const raw = settings.get('sync.user');
    return raw ? (JSON.parse(raw) as SessionUser) : null;
  })();
  let state: SyncStatus['state'] = secrets.get(TOKEN_KEY) && sessionUser ? 'connecting' : 'signed-out';
  let message: string | null = null;
  let progress: SyncStatus['progress'] = null;
  let lastSyncAt: number | null = Number(settings.get('sync.last_sync_at')) || null;
  let lastPushed = 0;
  let closed = false;
  const cursorNow = () => Number(settings.get('sync.cursor') ?? 0);
  const applyPage = createPageApplier({
    db,
    runner,
    settings,
    now,
    cursorNow,
    base: () => base,
    closed: () => closed,
  });
  let poke: PokeConnection | null = null;
  let backoff = BACKOFF_MIN_MS;
  let retryTimer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  /** The newest version a poke announced: a cycle that ends below it goes round once more. */
  let poked = 0;
  /** The rows the last push of this cycle wrote, as its answer carried them (see `push`). */
  let written: { rows: RowsBetween; lastMutationId: number } | null = null;
  /**
   * A pull is owed when a push was rejected (rejections reach the desk by pull) and until the first pull after
   * the desk opens: only then may a push's own rows stand in for the pull after it.
   */
  let pullOwed = true;

  const status = (): SyncStatus => ({
    state,
    serverUrl: options.serverUrl,
    userName: sessionUser?.name ?? null,
    login: sessionUser?.login ?? null,
    pending: (stmts.pending.get() as { n: number }).n,
    lastSyncAt,
    progress,
    message,
  });
  const announce = () => {
    if (!closed) emit({ type: 'sync', status: status() });
  };
  const setState = (next: SyncStatus['state'], why: string | null = null) => {
    if (state === next && message === why) return;
    state = next;
    message = why;
    announce();
  };

  /**
   * Sends the outbox in batches. The answer to the last batch may carry the rows that batch wrote; they are
   * kept in `written` for the cycle to apply in place of a pull.
   */
  async function push(token: string): Promise<void> {
    written = null;
    while (!closed) {
      const batch = outboxEntries(stmts.outboxBatch.all(lastPushed, PUSH_BATCH));
      if (batch.length === 0) return;
      const response = await transport.push(token, {
        deskId: deskId!,
        schemaVersion: SYNC_SCHEMA_VERSION,
        mutations: batch.map((m) => ({ id: m.mutationId - base, name: m.name, args: m.args, createdAt: m.createdAt })),
      });
      lastPushed = Math.max(lastPushed, response.lastMutationId + base, batch.at(-1)!.mutationId);
      if (response.results.some((r) => r.status === 'rejected')) pullOwed = true;
      written = response.written ? { rows: response.written, lastMutationId: response.lastMutationId } : null;
    }
  }

  const isEmptyDesk = () =>
    cursorNow() === 0 &&
    (stmts.anyData.get() as { n: number }).n === 0 &&
    (stmts.pending.get() as { n: number }).n === 0;

  /**
   * An empty desk starts from the server's snapshot when it has one (docs/sync.md, First sync): one file
   * downloaded and checked, then copied into the store whole. False when there is none or it failed; the
   * desk then pulls page by page as usual.
   */
  async function startFromSnapshot(token: string): Promise<boolean> {
    const download = transport.snapshot;
    if (!download || db.memory || !isEmptyDesk()) return false;
    const file = `${db.name}.snapshot`;
    let rows = 0;
    let shown = -1;
    // The download is most of the wait; copying the file into the store is the last fifth of the bar.
    const show = (fraction: number) => {
      const done = Math.floor(rows * Math.min(1, fraction));
      if (done - shown < rows / 200 && fraction < 1) return;
      shown = done;
      progress = { done, total: rows };
      announce();
    };
    try {
      const meta = await download(
        token,
        { deskId: deskId!, schemaVersion: SYNC_SCHEMA_VERSION, storeSchema: STORE_SCHEMA },
        file,
        (bytes, announced) => {
          rows = announced.rows;
          show((0.8 * bytes) / announced.bytes);
        },
      );
      if (!meta || closed) return false;
      rows = meta.rows;
      return await runner.exclusive(async () => {
        if (closed || !isEmptyDesk()) return false;
        await installSnapshot(
          db,
          file,
          { 'sync.cursor': String(meta.version), 'sync.last_sync_at': String(now()) },
          (fraction) => show(0.8 + 0.2 * fraction),
        );
        show(1);
        return true;
      });
    } catch (error) {
      if (error instanceof SyncHttpError && error.status === 401) throw error;
      // Whatever went wrong (cut off, damaged, a server without snapshots), paging still works.
      return false;
    } finally {
      rmSync(file, { force: true });
    }
  }

  async function pull(token: string): Promise<void> {
    const touched = new Set<TableName>();
    if (await startFromSnapshot(token)) for (const table of TABLE_NAMES) touched.add(table);
    if (closed) return;
    let cursor = cursorNow();
    let done = 0;
    const rejections: Rejection[] = [];
    // An empty desk's first sync is a bulk load: the text index is built once at the end, rows go in batches,
    // and pages are not fsync'd one by one (an interrupted first sync starts again from cursor 0 anyway).
    const bulk = cursor === 0 && (stmts.anyTicket.get() as { n: number }).n === 0;
    if (bulk && !isFtsDeferred(db)) deferFts(db);
    if (bulk) db.pragma('synchronous = OFF');
    const request = (page: PullPage | null) =>
      transport.pull(token, {
        deskId: deskId!,
        schemaVersion: SYNC_SCHEMA_VERSION,
        cursor,
        page,
        ackedRejection: Number(settings.get('sync.acked_rejection') ?? 0),
      });
    try {
      let next: Promise<PullResponse> | null = request(null);
      while (next && !closed) {
        const response: PullResponse = await next;
        const last = response.page === null;
        // The next page is on its way while this one is written.
        next = last ? null : request(response.page);
        next?.catch(() => undefined);
        for (const table of await applyPage(response, last, bulk)) touched.add(table);
        rejections.push(...response.rejections.filter((r) => !rejections.some((x) => x.id === r.id)));
        done += response.changes.length + response.deletions.length;
        if (!last && response.total > 0) {
          progress = { done, total: response.total };
          announce();
        }
        if (last) cursor = response.cursor;
      }
    } finally {
      if (bulk && db.open) db.pragma('synchronous = FULL');
    }
    if (closed) return;
    if (isFtsDeferred(db)) {
      await buildDeferredFts(db, undefined, () => new Promise((r) => setImmediate(r)));
      touched.add('tickets');
    }
    lastSyncAt = now();
    if (progress) progress = null;
    if (closed) return;
    if (touched.size > 0) emit({ type: 'changed', tables: [...touched] });
    for (const r of rejections) {
      emit({ type: 'rejected', mutation: r.name, code: r.code, message: r.message, reason: r.reason ?? null });
    }
    const maxRejection = rejections.reduce((max, r) => Math.max(max, r.id), 0);
    if (maxRejection > 0) settings.set('sync.acked_rejection', String(maxRejection));
    pullOwed = false;
  }

  /**
   * Applies the rows the cycle's push wrote, as its answer carried them, as the last page of a pull from the
   * desk's cursor: they are that pull's answer, acknowledging what the push acknowledged. False (and nothing
   * changed) when there are none, a pull is owed, or they do not start where this desk is (another desk wrote
   * in between): the cycle then pulls.
   */
  async function applyWritten(): Promise<boolean> {
    const carried = written;
    written = null;
    if (!carried || pullOwed || carried.rows.from !== cursorNow() || closed) return false;
    return applyRows(carried.rows, carried.lastMutationId);
  }

  /**
   * Applies rows that came without a pull (a live poke, a push's answer) as the last page of a pull from the
   * desk's cursor; `acknowledged` is the push's lastMutationId, null for a live poke (it acknowledges nothing).
   * False, with nothing changed, when they do not fit where the desk is now or the desk closed meanwhile.
   */
  async function applyRows(rows: RowsBetween, acknowledged: number | null): Promise<boolean> {
    try {
      const touched = await applyPage(
        {
          cursor: rows.version,
          lastMutationId: acknowledged ?? 0,
          rejections: [],
          changes: rows.changes,
          deletions: rows.deletions,
          page: null,
          total: rows.changes.length + rows.deletions.length,
        },
        true,
        false,
        { cursor: rows.from, acknowledges: acknowledged !== null },
      );
      if (closed) return false;
      lastSyncAt = now();
      if (touched.size > 0) emit({ type: 'changed', tables: [...touched] });
      return true;
    } catch {
      return false;
    }
  }

  function scheduleRetry() {
    if (retryTimer || closed) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void cycle();
    }, backoff);
    retryTimer.unref?.();
    backoff = Math.min(BACKOFF_MAX_MS, backoff * 2);
  }

  /** A new identity on the server, numbering this desk's unsent mutations from 1 again. */
  function newIdentity(): void {
    deskId = uuidv7();
    const first = (stmts.firstPending.get() as { id: number | null }).id;
    const last = (stmts.lastOutboxId.get() as { seq: number } | undefined)?.seq ?? 0;
    base = first === null ? last : first - 1;
    lastPushed = base;
    settings.set('sync.desk_id', deskId);
    settings.set('sync.mutation_base', String(base));
    settings.set('sync.acked_rejection', '0');
  }

  /**
   * The server no longer knows what this desk knows (it was restored from an older backup: the desk's cursor
   * is ahead of it, or mutations it acknowledged are gone). Nothing local can be trusted as the server's state,
   * so the replica is emptied and pulled again from scratch under a new desk identity; the outbox — the
   * changes this server has not acknowledged — is kept, pushed again from 1 and replayed on top. What the old
   * server had acknowledged and the restored one lost cannot be recovered here, and the user is told.
   */
  async function resetFromServer(why: string): Promise<void> {
    const kept = await runner.exclusive(async () => {
      // Mutations this server acknowledged before it failed are in the state it will send back.
      stmts.dropAcked.run(lastPushed);
      db.transaction(() => {
        for (const table of TABLE_NAMES) db.prepare(`DELETE FROM ${table}`).run();
        stmts.clearShadows.run();
        settings.set('sync.cursor', '0');
        newIdentity();
      })();
      return (stmts.pending.get() as { n: number }).n;
    });
    emit({ type: 'changed', tables: ['*'] });
    emit({ type: 'reset', reason: why, kept });
  }

  async function runCycle(): Promise<void> {
    const token = secrets.get(TOKEN_KEY);
    if (!token || !sessionUser || !deskId) return;
    try {
      let reset = false;
      do {
        again = false;
        // Pokes that come from here on are checked against the cursor this round ends with.
        poked = 0;
        try {
          await push(token);
          if (!(await applyWritten())) await pull(token);
        } catch (error) {
          // Once per cycle: a server that refuses a fresh identity too has another problem.
          if (reset || !(error instanceof SyncHttpError) || !STALE_SERVER.has(error.code)) throw error;
          reset = true;
          await resetFromServer(error.message);
          again = true;
        }
      } while ((again || poked > cursorNow()) && !closed);
      backoff = BACKOFF_MIN_MS;
      setState('online');
      announce();
    } catch (error) {
      // A desk that closed mid-cycle (its database is gone) has nobody left to tell.
      if (closed) return;
      if (error instanceof SyncNetworkError) {
        setState('offline', error.message);
        scheduleRetry();
      } else if (error instanceof SyncHttpError && error.status === 401) {
        secrets.delete(TOKEN_KEY);
        setState('signed-out', 'The session has ended; sign in again');
      } else if (error instanceof SyncHttpError) {
        // A refusal of the whole request (schema mismatch, gap): retrying will not help until someone acts.
        setState('error', error.message);
      } else {
        setState('error', error instanceof Error ? error.message : String(error));
      }
    }
  }

  /**
   * Applies a live poke's rows as the last page of a pull from the desk's cursor, then does whatever else came
   * up meanwhile. It acknowledges nothing (this desk's own mutations are acknowledged by its pulls and by its
   * pushes' answers), so a desk with anything in its outbox pulls instead, as does one for which anything else
   * about the poke is wrong.
   */
  async function applyLive(live: LivePoke): Promise<void> {
    again = false;
    const applied = await applyRows(live, null);
    if (!applied || again || poked > cursorNow()) await runCycle();
  }

  function cycle(): Promise<void> {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = runCycle().finally(() => {
      running = null;
    });
    return running;
  }

  function connectPoke() {
    const token = secrets.get(TOKEN_KEY);
    if (!token || closed || poke) return;
    poke = transport.poke(token, {
      onOpen: () => {
        backoff = BACKOFF_MIN_MS;
        void cycle();
      },
      // A poke for a version this desk already has (its own push, pulled right after) needs no pull; one
      // that comes while a cycle runs is looked at when that cycle ends. A live poke that starts where this
      // desk is brings the rows themselves.
      onPoke: (version, live) => {
        poked = Math.max(poked, version);
        if (running || version <= cursorNow()) return;
        if (live && live.from === cursorNow()) {
          running = applyLive(live).finally(() => {
            running = null;
          });
        } else void cycle();
      },
      onClose: () => {
        poke = null;
        if (closed || state === 'signed-out') return;
        if (state === 'online') setState('offline', 'The connection to the server was lost');
        setTimeout(connectPoke, backoff).unref?.();
        backoff = Math.min(BACKOFF_MAX_MS, backoff * 2);
      },
    });
  }

  const timer = setInterval(() => void cycle(), PULL_INTERVAL_MS);
  timer.unref?.();
  if (state === 'connecting') {
    connectPoke();
    void cycle();
  }

  return {
    status,
    user: () => sessionUser,
    async signIn(login, password) {
      if (sessionUser && sessionUser.login !== login && (stmts.pending.get() as { n: number }).n > 0) {
        throw new PultError('conflict', `${sessionUser.name} has changes that have not reached the server yet`);
      }
      if (!deskId && (stmts.anyData.get() as { n: number }).n > 0) {
        throw new PultError(
          'conflict',
          'This data file already holds local data; a desk that syncs with a server starts from an empty file',
        );
      }
      let response;
      try {
        response = await loginWhenNotBusy(transport, login, password);
      } catch (error) {
        if (error instanceof SyncHttpError && error.status === 503) {
          throw PultError.because('server-unreachable', `The server is busy: ${error.message}`, 'server-busy', {});
        }
        if (error instanceof SyncHttpError && error.status === 401) {
          throw new PultError('unauthorized', 'Wrong login or password');
        }
        if (error instanceof SyncHttpError && error.status === 429) {
          throw new PultError('too-many-attempts', error.message);
        }
        if (error instanceof SyncNetworkError)
          throw new PultError('server-unreachable', `The server is not reachable: ${error.message}`);
        throw error;
      }
      if (!deskId || (sessionUser && sessionUser.id !== response.user.id)) {
        // A new identity for a new user at this desk: the server ties a desk to one user. (Signing in with
        // pending changes of another user is refused above, so nothing is pending here.)
        newIdentity();
      }
      secrets.set(TOKEN_KEY, response.token);
      sessionUser = response.user;
      settings.set('sync.user', JSON.stringify(response.user));
      setState('connecting');
      connectPoke();
      await cycle();
      return status();
    },
    async signOut() {
      poke?.close();
      poke = null;
      secrets.delete(TOKEN_KEY);
      setState('signed-out');
      return status();
    },
    nudge() {
      void cycle();
    },
    async admin(method, path, body, schema) {
      const token = secrets.get(TOKEN_KEY);
      if (!token || !sessionUser) throw new PultError('unauthorized', 'Sign in first');
      if (!transport.admin) throw new PultError('server-unreachable', 'This desk cannot reach its server');
      try {
        return await transport.admin(token, method, path, body, schema);
      } catch (error) {
        if (error instanceof SyncNetworkError) {
          throw new PultError('server-unreachable', `The server is not reachable: ${error.message}`);
        }
        if (error instanceof SyncHttpError) throw new PultError(serverErrorCode(error), error.message);
        throw error;
      }
    },
    async syncNow() {
      // A cycle already under way may have started before whatever the caller waits for (the server coming
      // back): let it finish, then run one that starts now.
      if (running) await running;
      await cycle();
      while (running) await running;
    },
    close() {
      closed = true;
      clearInterval(timer);
      if (retryTimer) clearTimeout(retryTimer);
      poke?.close();
      poke = null;
    },
  };
}
