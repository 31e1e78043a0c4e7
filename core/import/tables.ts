import { z } from 'zod';
import { Id, text } from '../schema/text.js';

/** The directory rows (and tickets) an import can create, each remembered against the source's own id. */
export const IMPORT_ENTITIES = ['client', 'contact', 'vehicle', 'equipment', 'ticket'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];
export const ImportEntity = z.enum(IMPORT_ENTITIES);

/** The synced table each entity lives in. */
export const ENTITY_TABLE = {
  client: 'clients',
  contact: 'contacts',
  vehicle: 'vehicles',
  equipment: 'equipment',
  ticket: 'tickets',
} as const satisfies Readonly<Record<ImportEntity, string>>;

/**
 * Where an imported row came from: `source` names the system and account (`okdesk:acme`, `file`), and
 * `externalId` the row's id there (or, for a file without an id column, its natural key). A second import of
 * the same source finds the row through this link and updates it instead of creating it again, on any desk,
 * since the table syncs.
 */
export const ImportLinkRow = z.object({
  id: Id,
  source: text(120).min(1),
  entity: ImportEntity,
  externalId: text(200).min(1),
  localId: Id,
});

export const IMPORT_TABLES = { import_links: ImportLinkRow } as const;
