import { sql, type SqlBool } from 'kysely';
import type { TableName } from '../../core/entities.js';
import { ERROR_CODES, type ErrorCode } from '../../core/result.js';
import {
  CALLBACKS_SCHEMA_VERSION,
  IMPORT_SCHEMA_VERSION,
  IMPORT_SYNC_TABLES,
  KPI_SCHEMA_VERSION,
  KPI_TABLES,
  MONEY_SCHEMA_VERSION,
  DELETIONS_SCHEMA_VERSION,
  LIVE_DELTA_MAX,
  PLANNER_SCHEMA_VERSION,
  PLANNER_TABLES,
  PullRequest,
  SYNC_PAGE_SIZE,
  TABLE_NAMES,
  type Change,
  type Deletion,
  type PullPage,
  type PullResponse,
  type Rejection,
} from '../../core/sync-protocol.js';
import type { User } from '../auth/users.js';
import type { ServerDatabase } from '../db/connect.js';
import { fromDbRecord, toInt } from '../db/rows.js';
import type { Db } from '../db/schema.js';
import { inTransaction } from '../db/transactions.js';
import { HttpError } from '../http-error.js';
import { checkDeskOwner, checkSchemaVersion } from './desks.js';

/** Rejections sent per response; the desk acknowledges them and gets the next ones on its next pull. */
const MAX_REJECTIONS = 1000;

/**
 * `total` is the same for every page of one pull (same cursor, same upTo), and counting half a million rows
 * on each of a first sync's hundred pages would cost seconds, so the count of the first page is remembered
 * (a small LRU per server; a miss, e.g. on another instance, just counts again). Rows rewritten meanwhile
 * leave (cursor, upTo], so a later count could only be smaller: the bar may finish a little early.
 */
const TOTALS_KEPT = 256;
export type TotalsCache = Map<string, number>;

async function countChanges(tx: Db, totals: TotalsCache, cursor: number, upTo: number): Promise<number> {
  const key = `${cursor}:${upTo}`;
  const known = totals.get(key);
  if (known !== undefined) return known;
  const counts = await Promise.all(
    TABLE_NAMES.map((table) =>
      tx
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('version', '>', cursor)
        .where('version', '<=', upTo)
        .executeTakeFirstOrThrow(),
    ),
  );
  const deletions = await tx
    .selectFrom('tombstones')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('version', '>', cursor)
    .where('version', '<=', upTo)
    .executeTakeFirstOrThrow();
  const total = counts.reduce((sum, r) => sum + toInt(r.n), toInt(deletions.n));
  totals.set(key, total);
  if (totals.size > TOTALS_KEPT) totals.delete(totals.keys().next().value as string);
  return total;
}

function asErrorCode(code: string): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'internal';
}

/** The tables with at least one row in (cursor, upTo]: one statement, one index probe per table. */
async function tablesWithChanges(tx: Db, cursor: number, upTo: number): Promise<ReadonlySet<TableName>> {
  const probes = TABLE_NAMES.map(
    (table) =>
      sql<{
        t: string;
      }>`select ${table} as t where exists (select 1 from ${sql.table(table)} where version > ${cursor} and version <= ${upTo})`,
  );
  const { rows } = await sql<{ t: string }>`${sql.join(probes, sql` union all `)}`.execute(tx);
  return new Set(rows.map((r) => r.t as TableName));
}

/**
 * Up to `limit` rows with version in (cursor, upTo], in (table, version, id) order, from where `page` left
 * off; `next` says where the following page starts (null: nothing left). A row rewritten meanwhile leaves the
 * range (its version grows past upTo), so a reader that goes on to pull from upTo gets it then.
 */
export async function readChanges(
  tx: Db,
  cursor: number,
  upTo: number,
  page: PullPage | null,
  limit: number,
): Promise<{ changes: Change[]; next: PullPage | null }> {
  const changes: Change[] = [];
  let next: PullPage | null = null;
  let remaining = limit;
  const start = page ? TABLE_NAMES.indexOf(page.table) : 0;
  // A pull after a poke usually finds a row or two in one or two tables: ask once which tables have any,
  // instead of querying all twelve.
  const tables = !page && cursor < upTo ? await tablesWithChanges(tx, cursor, upTo) : null;
  for (let i = start; i < TABLE_NAMES.length && cursor < upTo; i++) {
    const table = TABLE_NAMES[i] as TableName;
    if (tables && !tables.has(table)) continue;
    const resume = i === start && page ? page : null;
    const afterVersion = resume?.afterVersion ?? cursor;
    const afterId = resume?.afterId ?? '';
    // One row more than fits tells whether this table goes on past the page (remaining 0: does it have any).
    // A single range on the (version, id) index, so the database seeks to the page instead of scanning.
    const records = await tx
      .selectFrom(table)
      .selectAll()
      .where(resume ? sql<SqlBool>`(version, id) > (${afterVersion}, ${afterId})` : sql<SqlBool>`version > ${cursor}`)
      .where('version', '<=', upTo)
      .orderBy('version')
      .orderBy('id')
      .limit(remaining + 1)
      .execute();
    const taken = records.slice(0, remaining);
    for (const record of taken) changes.push({ table, row: fromDbRecord(table, record) });
    remaining -= taken.length;
    if (records.length > taken.length) {
      const lastTaken = taken.at(-1);
      next = {
        upTo,
        table,
        afterVersion: lastTaken ? toInt(lastTaken.version) : afterVersion,
        afterId: String(lastTaken?.id ?? afterId),
      };
      break;
    }
  }
  return { changes, next };
}

/**
 * Up to `limit` deletions with version in (cursor, upTo], in (version, table, id) order (the
 * `tombstones_by_version` index), from where `page` left off; `next` says where the following page starts,
 * null when the walk is done. A tombstone is never rewritten inside (cursor, upTo] (ids are never re-created
 * by desks; a forged re-creation deleted again moves its tombstone past upTo), so the walk neither skips nor
 * repeats one.
 */
export async function readDeletions(
  tx: Db,
  cursor: number,
  upTo: number,
  page: PullPage | null,
  limit: number,
): Promise<{ deletions: Deletion[]; next: PullPage | null }> {
  if (cursor >= upTo) return { deletions: [], next: null };
  const records = await tx
    .selectFrom('tombstones')
    .select(['tbl', 'id', 'version'])
    .where(
      page
        ? sql<SqlBool>`(version, tbl, id) > (${page.afterVersion}, ${page.table}, ${page.afterId})`
        : sql<SqlBool>`version > ${cursor}`,
    )
    .where('version', '<=', upTo)
    .orderBy('version')
    .orderBy('tbl')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const deletions: Deletion[] = [];
  for (const r of records.slice(0, limit)) {
    if (!(TABLE_NAMES as readonly string[]).includes(r.tbl)) {
      throw new Error(`A tombstone names ${r.tbl}, which is not a synced table`);
    }
    deletions.push({ table: r.tbl as TableName, id: r.id, version: toInt(r.version) });
  }
  const last = deletions.at(-1);
  const next: PullPage | null =
    records.length > limit && last
      ? { upTo, table: last.table, afterVersion: last.version, afterId: last.id, deletions: true }
      : null;
  return { deletions, next };
}

/**
 * What a live poke carries (server/sync/pokes.ts): the rows and deletions in (from, upTo], as a pull with
 * cursor `from` would send them (null when they do not fit in one poke), and which of `sessions` (token
 * hashes) are still valid, read in one snapshot.
 */
export async function readLive(
  database: ServerDatabase,
  from: number,
  upTo: number,
  sessions: readonly string[],
  now = Date.now(),
): Promise<LiveRead> {
  return inTransaction(database, 'read', (tx) => readLiveIn(tx, from, upTo, sessions, now));
}

/** What a live poke carries, and which of the sessions asked about are still valid (`live`) of those checked. */
export type LiveRead = Readonly<{
  delta: { changes: Change[]; deletions: Deletion[] } | null;
  live: ReadonlySet<string>;
  checked: ReadonlySet<string>;
}>;

/**
 * readLive inside a transaction of the caller's: a push reads its own rows before it commits, so that its poke
 * leaves the moment the commit is durable, with no read after it.
 */
export async function readLiveIn(
  tx: Db,
  from: number,
  upTo: number,
  sessions: readonly string[],
  now = Date.now(),
): Promise<LiveRead> {
  const checked = new Set(sessions);
  const valid =
    sessions.length === 0
      ? []
      : await tx
          .selectFrom('sessions as s')
          .innerJoin('users as u', 'u.id', 's.user_id')
          .select(['s.token_hash', 'u.active'])
          .where('s.token_hash', 'in', sessions)
          .where('s.expires_at', '>', now)
          .execute();
  const live = new Set(valid.filter((r) => toInt(r.active) === 1).map((r) => r.token_hash));
  const { deletions, next: moreDeletions } = await readDeletions(tx, from, upTo, null, LIVE_DELTA_MAX);
  if (moreDeletions) return { delta: null, live, checked };
  const { changes, next } = await readChanges(tx, from, upTo, null, LIVE_DELTA_MAX - deletions.length);
  return { delta: next ? null : { changes, deletions }, live, checked };
}

/**
 * Whether a row of `table` lies in (cursor, upTo]: one probe of its `_by_version` index. A desk older than
 * deletions (tombstones) or than the callbacks table would fail on such a row, so it is told to update first.
 */
/** Whether a pull between these versions holds what a desk before MONEY_SCHEMA_VERSION would misread. */
async function anyMoneyChangeIn(tx: Db, cursor: number, upTo: number): Promise<boolean> {
  if (await anyRowIn(tx, 'reminders', cursor, upTo)) return true;
  const cancelled = await tx
    .selectFrom('payments')
    .select('version')
    .where('version', '>', cursor)
    .where('version', '<=', upTo)
    .where('cancelled_at', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return cancelled !== undefined;
}

async function anyRowIn(
  tx: Db,
  table:
    | 'tombstones'
    | 'callbacks'
    | 'reminders'
    | (typeof PLANNER_TABLES)[number]
    | (typeof IMPORT_SYNC_TABLES)[number]
    | (typeof KPI_TABLES)[number],
  cursor: number,
  upTo: number,
): Promise<boolean> {
  const found = await tx
    .selectFrom(table)
    .select('version')
    .where('version', '>', cursor)
    .where('version', '<=', upTo)
    .limit(1)
    .executeTakeFirst();
  return found !== undefined;
}

/**
 * Answers one pull page (docs/sync.md, Pull), all of it from one snapshot of the database. A page holds at most
 * `pageSize` rows and deletions together, the deletions first.
 */
export async function pull(
  database: ServerDatabase,
  totals: TotalsCache,
  user: User,
  input: PullRequest,
  pageSize = SYNC_PAGE_SIZE,
): Promise<PullResponse> {
  const request = PullRequest.parse(input);
  checkSchemaVersion(request.schemaVersion);
  await checkDeskOwner(database.db, request.deskId, user.id, Date.now());

  return inTransaction(database, 'read', async (tx) => {
    const current = toInt(
      (await tx.selectFrom('server_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow()).version,
    );
    const { cursor, page } = request;
    if (cursor > current) {
      // The desk has seen versions this database never had: it synced with another server or with this one
      // before a restore from backup. Its replica cannot be trusted against this server.
      throw new HttpError(
        409,
        'cursor-ahead',
        `The desk is at version ${cursor} but the server only at ${current}: the desk must sync again from scratch`,
      );
    }
    // A page's upTo must be a version that was complete when the first page was answered; a larger one
    // could name rows still being committed, which this pull would then skip for good.
    if (page && (page.upTo > current || page.upTo < cursor)) {
      throw new HttpError(400, 'invalid-input', `page.upTo ${page.upTo} is outside [${cursor}, ${current}]`);
    }
    const upTo = page?.upTo ?? current;
    if (request.schemaVersion < DELETIONS_SCHEMA_VERSION && (await anyRowIn(tx, 'tombstones', cursor, upTo))) {
      // Such a desk drops the `deletions` field unread and would show deleted rows for good: refuse it plainly
      // instead (it says so to its user), and keep serving it while nothing after its cursor was deleted.
      throw new HttpError(
        426,
        'schema-too-old',
        `This desk speaks sync schema ${request.schemaVersion}, which cannot apply deletions; the server needs ${DELETIONS_SCHEMA_VERSION} or newer. Update Pult.`,
      );
    }

    if (request.schemaVersion < CALLBACKS_SCHEMA_VERSION && (await anyRowIn(tx, 'callbacks', cursor, upTo))) {
      // Such a desk does not know the table and would fail the whole pull as malformed: say why instead.
      throw new HttpError(
        426,
        'schema-too-old',
        `This desk speaks sync schema ${request.schemaVersion}, which has no callbacks; the server needs ${CALLBACKS_SCHEMA_VERSION} or newer. Update Pult.`,
      );
    }

    if (request.schemaVersion < PLANNER_SCHEMA_VERSION) {
      for (const table of PLANNER_TABLES) {
        if (!(await anyRowIn(tx, table, cursor, upTo))) continue;
        // Such a desk does not know the planner's or the directory's tables and would fail the whole pull.
        throw new HttpError(
          426,
          'schema-too-old',
          `This desk speaks sync schema ${request.schemaVersion}, which has no planner or equipment; the server needs ${PLANNER_SCHEMA_VERSION} or newer. Update Pult.`,
        );
      }
    }
    if (request.schemaVersion < MONEY_SCHEMA_VERSION && (await anyMoneyChangeIn(tx, cursor, upTo))) {
      // Such a desk would fail on a reminder, or count a cancelled payment as paid and mark no debt.
      throw new HttpError(
        426,
        'schema-too-old',
        `This desk speaks sync schema ${request.schemaVersion}, which has no reminders or cancelled payments; the server needs ${MONEY_SCHEMA_VERSION} or newer. Update Pult.`,
      );
    }
    if (request.schemaVersion < IMPORT_SCHEMA_VERSION) {
      for (const table of IMPORT_SYNC_TABLES) {
        if (!(await anyRowIn(tx, table, cursor, upTo))) continue;
        // Such a desk does not know where imported rows came from and would fail the whole pull.
        throw new HttpError(
          426,
          'schema-too-old',
          `This desk speaks sync schema ${request.schemaVersion}, which has no import links; the server needs ${IMPORT_SCHEMA_VERSION} or newer. Update Pult.`,
        );
      }
    }
    if (request.schemaVersion < KPI_SCHEMA_VERSION) {
      for (const table of KPI_TABLES) {
        if (!(await anyRowIn(tx, table, cursor, upTo))) continue;
        // Such a desk does not know the price lists or work lines and would fail the whole pull.
        throw new HttpError(
          426,
          'schema-too-old',
          `This desk speaks sync schema ${request.schemaVersion}, which has no price lists or work lines; the server needs ${KPI_SCHEMA_VERSION} or newer. Update Pult.`,
        );
      }
    }

    // Deletions first, then rows table by table: whatever the page size, no row of this pull comes before a
    // deletion of it, so a desk that applies the pages in order ends with what the server has.
    let deletions: Deletion[] = [];
    let next: PullPage | null = null;
    const amongRows = page !== null && page.deletions !== true;
    if (!amongRows) ({ deletions, next } = await readDeletions(tx, cursor, upTo, page, pageSize));
    let changes: Change[] = [];
    if (!next) {
      ({ changes, next } = await readChanges(tx, cursor, upTo, amongRows ? page : null, pageSize - deletions.length));
    }

    const desk = await tx
      .selectFrom('desks')
      .select('last_mutation_id')
      .where('desk_id', '=', request.deskId)
      .executeTakeFirstOrThrow();
    const rejections: Rejection[] = (
      await tx
        .selectFrom('rejections')
        .select(['id', 'mutation_id', 'name', 'code', 'message', 'reason'])
        .where('desk_id', '=', request.deskId)
        .where('id', '>', request.ackedRejection)
        .orderBy('id')
        .limit(MAX_REJECTIONS)
        .execute()
    ).map((r) => ({
      id: toInt(r.id),
      mutationId: toInt(r.mutation_id),
      name: r.name,
      code: asErrorCode(r.code),
      message: r.message,
      reason: r.reason ? (JSON.parse(r.reason) as Rejection['reason']) : null,
    }));

    // Acknowledge only what this pull's rows include: the first of this desk's mutations applied after upTo,
    // and everything after it, stay pending at the desk until a later pull brings their rows.
    const firstUnseen = await tx
      .selectFrom('desk_applied')
      .select((eb) => eb.fn.min('mutation_id').as('m'))
      .where('desk_id', '=', request.deskId)
      .where('version', '>', upTo)
      .executeTakeFirst();
    const lastProcessed = toInt(desk.last_mutation_id);
    const lastMutationId =
      firstUnseen?.m === null || firstUnseen?.m === undefined
        ? lastProcessed
        : Math.min(lastProcessed, toInt(firstUnseen.m) - 1);

    return {
      cursor: next ? cursor : upTo,
      lastMutationId,
      rejections,
      changes,
      deletions,
      page: next,
      // Counting is for the progress bar of a pull of several pages; a single page is its own total.
      total: next || page ? await countChanges(tx, totals, cursor, upTo) : changes.length + deletions.length,
    };
  });
}
