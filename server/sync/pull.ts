import { sql, type SqlBool } from 'kysely';
import type { TableName } from '../../core/entities.js';
import { ERROR_CODES, type ErrorCode } from '../../core/result.js';
import {
  PullRequest,
  SYNC_PAGE_SIZE,
  TABLE_NAMES,
  type Change,
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
  const total = counts.reduce((sum, r) => sum + toInt(r.n), 0);
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

/** Answers one pull page (docs/sync.md, Pull), all of it from one snapshot of the database. */
export async function pull(
  database: ServerDatabase,
  totals: TotalsCache,
  user: User,
  input: PullRequest,
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

    const { changes, next } = await readChanges(tx, cursor, upTo, page, SYNC_PAGE_SIZE);

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
      page: next,
      // Counting is for the progress bar of a pull of several pages; a single page is its own total.
      total: next || page ? await countChanges(tx, totals, cursor, upTo) : changes.length,
    };
  });
}
