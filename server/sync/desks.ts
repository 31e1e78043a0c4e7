import { SYNC_SCHEMA_VERSION } from '../../core/sync-protocol.js';
import { HttpError } from '../http-error.js';
import { toInt } from '../db/rows.js';
import type { Db } from '../db/schema.js';

/** The oldest desk schema this server still serves (docs/sync.md: older desks get 426 and must update). */
export const MIN_SCHEMA_VERSION = 1;

export function checkSchemaVersion(schemaVersion: number, oldest = MIN_SCHEMA_VERSION): void {
  if (schemaVersion < oldest) {
    throw new HttpError(
      426,
      'schema-too-old',
      `This desk speaks sync schema ${schemaVersion}; the server needs ${oldest} or newer. Update Pult.`,
    );
  }
  if (schemaVersion > SYNC_SCHEMA_VERSION) {
    throw new HttpError(
      409,
      'server-too-old',
      `This desk speaks sync schema ${schemaVersion}; the server knows up to ${SYNC_SCHEMA_VERSION}. Update the server.`,
    );
  }
}

/**
 * A desk belongs to the user who first pushed or pulled with it; anyone else is refused. Returns the desk's
 * last processed mutation id as of this read (it only ever grows).
 */
export async function claimDesk(db: Db, deskId: string, userId: string, now: number): Promise<number> {
  const read = () =>
    db.selectFrom('desks').select(['user_id', 'last_mutation_id']).where('desk_id', '=', deskId).executeTakeFirst();
  let desk = await read();
  if (!desk) {
    // Two first requests of a new desk may race here; the loser's insert does nothing and it reads the winner's.
    await db
      .insertInto('desks')
      .values({ desk_id: deskId, user_id: userId, last_mutation_id: 0, created_at: now })
      .onConflict((oc) => oc.column('desk_id').doNothing())
      .execute();
    desk = await read();
  }
  if (!desk) throw new Error(`Desk ${deskId} vanished while it was being created`);
  if (desk.user_id !== userId) throw new HttpError(403, 'forbidden', 'This desk belongs to another user');
  return toInt(desk.last_mutation_id);
}

/** Desk → owner, once known: a desk never changes hands (a new user at a desk gets a new desk id). */
const owners = new WeakMap<Db, Map<string, string>>();
const OWNERS_KEPT = 10_000;

/**
 * claimDesk for the routes that need only the check (pull, snapshot): after the first time, from memory, so
 * a pull after every poke costs no query for it.
 */
export async function checkDeskOwner(db: Db, deskId: string, userId: string, now: number): Promise<void> {
  let known = owners.get(db);
  if (!known) owners.set(db, (known = new Map()));
  const owner = known.get(deskId);
  if (owner === undefined) {
    await claimDesk(db, deskId, userId, now);
    known.set(deskId, userId);
    if (known.size > OWNERS_KEPT) known.delete(known.keys().next().value as string);
  } else if (owner !== userId) {
    throw new HttpError(403, 'forbidden', 'This desk belongs to another user');
  }
}
