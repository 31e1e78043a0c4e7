import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { TableName } from '../../core/entities.js';
import { PultError } from '../../core/result.js';
import { toInt } from '../../core/schema/columns.js';
import { fromDbRecord } from '../db/rows.js';
import type { Db } from '../db/schema.js';

/**
 * The BI feed: a read-only, OData-style JSON feed of the tables a BI tool analyses, incremental by the
 * server's change versions (gap-free and commit-ordered, docs/sync.md). A first pull pages through every row
 * up to the version current when it began (`@odata.nextLink` with a `$skiptoken`), and its last page gives
 * an `@odata.deltaLink` whose `$deltatoken` is that version: a later pull with it returns only the rows
 * written since, and the ids of the rows deleted since as `@removed` entries.
 */
export const BI_ENTITIES = [
  'tickets',
  'ticket_status_log',
  'visits',
  'calls',
  'payments',
  'work_lines',
] as const satisfies readonly TableName[];
export type BiEntity = (typeof BI_ENTITIES)[number];

export const BI_PAGE_SIZE = 5_000;
export const BI_MAX_PAGE_SIZE = 50_000;

export const isBiEntity = (name: string): name is BiEntity => (BI_ENTITIES as readonly string[]).includes(name);

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type BiToken = Readonly<{ id: string; name: string; createdAt: number; revokedAt: number | null }>;

/** Issues a token; the token itself is shown once, only its hash is kept. */
export async function createBiToken(
  db: Db,
  name: string,
  createdBy: string | null,
  now = Date.now(),
): Promise<BiToken & { token: string }> {
  const token = `pbi_${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  await db
    .insertInto('bi_tokens')
    .values({ id, name, token_hash: hashToken(token), created_at: now, created_by: createdBy, revoked_at: null })
    .execute();
  return { id, name, createdAt: now, revokedAt: null, token };
}

export async function listBiTokens(db: Db): Promise<BiToken[]> {
  const rows = await db.selectFrom('bi_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: toInt(r.created_at),
    revokedAt: r.revoked_at === null ? null : toInt(r.revoked_at),
  }));
}

export async function revokeBiToken(db: Db, id: string, now = Date.now()): Promise<void> {
  const done = await db
    .updateTable('bi_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0) throw new PultError('not-found', `No live BI token ${id}`);
}

/** Whether a presented token is a live BI token. */
export async function isLiveBiToken(db: Db, token: string): Promise<boolean> {
  if (!/^pbi_[A-Za-z0-9_-]{40,60}$/.test(token)) return false;
  const row = await db
    .selectFrom('bi_tokens')
    .select('id')
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Where a pull stands: rows after `cursor` up to `upTo`, resumed after (`afterVersion`, `afterId`). */
export type FeedPosition = Readonly<{ cursor: number; upTo: number; afterVersion: number; afterId: string }>;

const SKIP = /^(\d{1,16})\.(\d{1,16})\.(\d{1,16})\.([0-9a-f-]{36})$/;

export function encodeSkipToken(p: FeedPosition): string {
  return `${p.cursor}.${p.upTo}.${p.afterVersion}.${p.afterId}`;
}

export function decodeSkipToken(token: string): FeedPosition {
  const m = SKIP.exec(token);
  if (!m) throw new PultError('invalid-input', 'Invalid $skiptoken: take it from an @odata.nextLink as it is');
  const p = { cursor: Number(m[1]), upTo: Number(m[2]), afterVersion: Number(m[3]), afterId: m[4]! };
  if (!(p.cursor <= p.afterVersion && p.afterVersion <= p.upTo)) {
    throw new PultError('invalid-input', 'Invalid $skiptoken: take it from an @odata.nextLink as it is');
  }
  return p;
}

export function decodeDeltaToken(token: string): number {
  if (!/^\d{1,16}$/.test(token)) {
    throw new PultError('invalid-input', 'Invalid $deltatoken: take it from an @odata.deltaLink as it is');
  }
  return Number(token);
}

export type FeedPage = Readonly<{
  rows: readonly Record<string, unknown>[];
  removed: readonly string[];
  /** Where the next page starts, or null when this page ends the pull. */
  next: FeedPosition | null;
  /** The version to ask for changes after (the deltaLink's token), on the last page. */
  delta: number | null;
}>;

/**
 * One page of an entity: rows with cursor < version <= upTo after the position, in (version, id) order, each
 * with its `version`; on the last page of a delta pull, the ids deleted in (cursor, upTo].
 */
export async function readFeedPage(
  db: Db,
  entity: BiEntity,
  start: Readonly<{ cursor: number; position: FeedPosition | null }>,
  pageSize: number,
): Promise<FeedPage> {
  const current = toInt(
    (await db.selectFrom('server_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow()).version,
  );
  if (start.cursor > current) {
    throw new PultError('invalid-input', `$deltatoken ${start.cursor} is ahead of the server (${current})`);
  }
  const position = start.position ?? { cursor: start.cursor, upTo: current, afterVersion: start.cursor, afterId: '' };
  if (position.upTo > current) throw new PultError('invalid-input', 'Invalid $skiptoken: ahead of the server');
  const records = await db
    .selectFrom(entity)
    .selectAll()
    .where('version', '<=', position.upTo)
    .where((eb) =>
      // An empty afterId: nothing of afterVersion itself was read yet in this pull, and all of it was before.
      position.afterId === ''
        ? eb('version', '>', position.afterVersion)
        : eb.or([
            eb('version', '>', position.afterVersion),
            eb.and([eb('version', '=', position.afterVersion), eb('id', '>', position.afterId)]),
          ]),
    )
    .orderBy('version')
    .orderBy('id')
    .limit(pageSize + 1)
    .execute();
  const more = records.length > pageSize;
  const page = more ? records.slice(0, pageSize) : records;
  const rows = page.map((r) => ({ ...fromDbRecord(entity, r), version: toInt(r.version) }));
  if (more) {
    const last = page.at(-1)!;
    return {
      rows,
      removed: [],
      next: { ...position, afterVersion: toInt(last.version), afterId: String(last.id) },
      delta: null,
    };
  }
  // A first pull (cursor 0) has nothing to remove: it never held the rows deleted before it.
  const removed =
    position.cursor === 0
      ? []
      : (
          await db
            .selectFrom('tombstones')
            .select('id')
            .where('tbl', '=', entity)
            .where('version', '>', position.cursor)
            .where('version', '<=', position.upTo)
            .orderBy('version')
            .execute()
        ).map((r) => r.id);
  return { rows, removed, next: null, delta: position.upTo };
}
