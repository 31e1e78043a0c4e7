import type { Database } from 'better-sqlite3';
import type { ImportLookup } from '../../core/import/plan.js';
import { foldName } from '../../core/import/plan.js';
import { createRowStore } from '../../replica/rows.js';

type IdRow = { id: string } | undefined;

/**
 * What the import planner reads of the desk's replica, each read by an index. Answers reflect every mutation
 * applied so far, so a row later in the same file finds the client an earlier row created. Active rows are
 * preferred where two match (a deactivated twin must not swallow the import).
 */
export function createDeskLookup(db: Database, statusCodes: () => ReadonlySet<string>): ImportLookup {
  const rows = createRowStore(db);
  const stmts = {
    linked: db.prepare(
      'SELECT local_id AS id FROM import_links WHERE source = ? AND entity = ? AND external_id = ? LIMIT 1',
    ),
    byTaxId: db.prepare('SELECT id FROM clients WHERE tax_id = ? ORDER BY active DESC, created_at LIMIT 1'),
    byPhone: db.prepare(
      `SELECT c.id FROM phones p JOIN clients c ON c.id = p.client_id WHERE p.e164 = ?
       ORDER BY c.active DESC, c.created_at LIMIT 1`,
    ),
    byPlate: db.prepare('SELECT id FROM vehicles WHERE plate_key = ? ORDER BY active DESC LIMIT 1'),
    contactsOf: db.prepare('SELECT id, name FROM contacts WHERE client_id = ? ORDER BY active DESC'),
    bySerial: db.prepare(
      'SELECT id FROM equipment WHERE vehicle_id = ? AND serial = ? ORDER BY removed_at IS NOT NULL LIMIT 1',
    ),
    clientPhones: db.prepare('SELECT e164 FROM phones WHERE client_id = ? AND contact_id IS NULL AND e164 IS NOT NULL'),
    contactPhones: db.prepare('SELECT e164 FROM phones WHERE contact_id = ? AND e164 IS NOT NULL'),
  };
  const id = (row: unknown) => (row as IdRow)?.id ?? null;
  return {
    linked: async (source, entity, externalId) => id(stmts.linked.get(source, entity, externalId)),
    client: async (clientId) => rows.get('clients', clientId),
    contact: async (contactId) => rows.get('contacts', contactId),
    vehicle: async (vehicleId) => rows.get('vehicles', vehicleId),
    equipment: async (equipmentId) => rows.get('equipment', equipmentId),
    ticket: async (ticketId) => rows.get('tickets', ticketId),
    clientByTaxId: async (taxId) => id(stmts.byTaxId.get(taxId)),
    clientByPhone: async (e164) => id(stmts.byPhone.get(e164)),
    vehicleByPlate: async (key) => id(stmts.byPlate.get(key)),
    async contactByName(clientId, name) {
      const folded = foldName(name);
      const found = (stmts.contactsOf.all(clientId) as { id: string; name: string }[]).find(
        (c) => foldName(c.name) === folded,
      );
      return found?.id ?? null;
    },
    equipmentBySerial: async (vehicleId, serial) => id(stmts.bySerial.get(vehicleId, serial)),
    async phones(clientId, contactId) {
      const found = contactId === null ? stmts.clientPhones.all(clientId) : stmts.contactPhones.all(contactId);
      return (found as { e164: string }[]).map((r) => r.e164);
    },
    knowsStatus: async (code) => statusCodes().has(code),
  };
}
