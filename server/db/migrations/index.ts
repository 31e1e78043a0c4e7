import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { ServerDatabase } from '../connect.js';
import type { Backend } from '../schema.js';
import { migration0001 } from './0001-initial.js';
import { migration0002 } from './0002-seed-status-model.js';
import { migration0003 } from './0003-desk-applied.js';
import { migration0004 } from './0004-rejection-reasons.js';
import { migration0005 } from './0005-tombstones.js';
import { migration0006 } from './0006-callbacks.js';
import { migration0007 } from './0007-pbx.js';
import { migration0008 } from './0008-directory.js';
import { migration0009 } from './0009-planner.js';
import { migration0010 } from './0010-payments-and-reminders.js';
import { migration0011 } from './0011-full-payment-moves-on.js';
import { migration0012 } from './0012-import-links.js';
import { migration0014 } from './0014-price-lists.js';
import { migration0015 } from './0015-calls-by-callback.js';
import { migration0016 } from './0016-sealed-mailbox-passwords.js';
import { migration0017 } from './0017-road-factor-setting.js';
import type { SecretBox } from '../../secrets/server-key.js';

/**
 * Numbered steps, named so that Kysely's alphabetical order is the numeric one. A static list rather than a
 * folder scan: the server runs from TypeScript sources (tsx) and from a bundle alike.
 */
export function migrationsFor(backend: Backend, secrets: SecretBox | null = null): Record<string, Migration> {
  return {
    '0001-initial': migration0001(backend),
    '0002-seed-status-model': migration0002(),
    '0003-desk-applied': migration0003(backend),
    '0004-rejection-reasons': migration0004(),
    '0005-tombstones': migration0005(backend),
    '0006-callbacks': migration0006(backend),
    '0007-pbx': migration0007(backend),
    '0008-directory': migration0008(backend),
    '0009-planner': migration0009(backend),
    '0010-payments-and-reminders': migration0010(backend),
    '0011-full-payment-moves-on': migration0011(),
    '0012-import-links': migration0012(backend),
    '0014-price-lists': migration0014(backend),
    '0015-calls-by-callback': migration0015(),
    '0016-sealed-mailbox-passwords': migration0016(secrets),
    '0017-road-factor-setting': migration0017(),
  };
}

export const LATEST_MIGRATION = Object.keys(migrationsFor('sqlite')).at(-1) ?? '';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * Brings the database to the latest schema. Refuses a database migrated by a newer server (an unknown step
 * name), because serving it would let an old mutator write rows without the newer columns. `secrets` is the
 * server's key: a step that seals stored secrets needs it when there are any (a fresh database needs none).
 */
export async function migrateToLatest(
  database: ServerDatabase,
  options: Readonly<{ secrets?: SecretBox | null }> = {},
): Promise<MigrationResultSet> {
  const migrations = migrationsFor(database.backend, options.secrets ?? null);
  const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const detail = result.error instanceof Error ? result.error.message : String(result.error);
    throw new MigrationError(
      failed
        ? `Migration ${failed} failed: ${detail}`
        : `The database cannot be migrated (${detail}); was it written by a newer Pult server?`,
    );
  }
  return result;
}
