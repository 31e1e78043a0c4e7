import type { Kysely } from 'kysely';
import { SEED_STATUS_MODEL } from '../../../core/tickets/status-model.js';

/** The status model a new installation starts with (core/tickets/status-model.ts); afterwards it is data an admin edits. */
export function migration0002() {
  // Kysely<any>: a migration runs against the schema as it was at that step, not against today's ServerDb.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function up(db: Kysely<any>): Promise<void> {
    await db
      .insertInto('statuses')
      .values(
        SEED_STATUS_MODEL.statuses.map((s) => ({
          code: s.code,
          position: s.position,
          kind: s.kind,
          name_ru: s.nameRu,
          name_en: s.nameEn,
          color: s.color,
        })),
      )
      .execute();
    await db
      .insertInto('status_transitions')
      .values(SEED_STATUS_MODEL.transitions.map((t) => ({ from_status: t.from, to_status: t.to })))
      .execute();
  }
  return { up };
}
