import type { Database } from 'better-sqlite3';
import type {
  ClientCard,
  DirectoryClient,
  DirectoryVehicle,
  Duplicate,
  VehicleCard,
} from '../../core/clients/contract.js';
import { CARD_PAST_TICKETS } from '../../core/clients/contract.js';
import { plateKey } from '../../core/clients/plate.js';
import { compactTaxId } from '../../core/clients/tax-id.js';
import { normalizePhone, type PhoneRegions } from '../../core/phone.js';
import { PultError } from '../../core/result.js';
import { fromDb } from '../../replica/rows.js';
import { foldText } from '../queries/details.js';
import { createDebtReader } from '../queries/ticket-grid.js';

type Row = Record<string, unknown>;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The directory pane's reads: the client list, the client and vehicle cards, and the duplicate check. The
 * list is a few thousand clients, so a search is LIKE over names, tax ids, phone digits and plate keys, and
 * the per-row figures are read for the page only, each by index.
 */
export function createDirectoryQueries(db: Database, regions: () => PhoneRegions) {
  const debts = createDebtReader(db);
  const stmts = {
    listAll: db.prepare(`SELECT * FROM clients WHERE (@inactive = 1 OR active = 1) ORDER BY name_key, id LIMIT @limit`),
    listSearch: db.prepare(
      `SELECT * FROM clients c WHERE (@inactive = 1 OR c.active = 1) AND (
         pult_fold(c.name) LIKE @name ESCAPE '\\'
         OR (@digits <> '' AND c.tax_id LIKE @digitsPrefix ESCAPE '\\')
         OR (@digits <> '' AND EXISTS (SELECT 1 FROM phones p WHERE p.client_id = c.id AND p.e164 LIKE @digitsAny ESCAPE '\\'))
         OR (@plate <> '' AND EXISTS (SELECT 1 FROM vehicles v WHERE v.client_id = c.id AND v.plate_key LIKE @plate ESCAPE '\\'))
       ) ORDER BY pult_fold(c.name) LIKE @nameStart ESCAPE '\\' DESC, c.name_key, c.id LIMIT @limit`,
    ),
    client: db.prepare('SELECT * FROM clients WHERE id = ?'),
    clientPhones: db.prepare(
      'SELECT id, raw, e164 FROM phones WHERE client_id = ? AND contact_id IS NULL ORDER BY raw',
    ),
    phoneRaws: db.prepare('SELECT raw FROM phones WHERE client_id = ? ORDER BY contact_id IS NOT NULL, raw'),
    contactPhones: db.prepare('SELECT id, raw, e164 FROM phones WHERE contact_id = ? ORDER BY raw'),
    contacts: db.prepare('SELECT * FROM contacts WHERE client_id = ? ORDER BY active DESC, name'),
    vehicles: db.prepare('SELECT * FROM vehicles WHERE client_id = ? ORDER BY active DESC, plate_key'),
    vehicleCount: db.prepare('SELECT count(*) AS n FROM vehicles WHERE client_id = ? AND active = 1'),
    vehicle: db.prepare('SELECT * FROM vehicles WHERE id = ?'),
    equipment: db.prepare('SELECT * FROM equipment WHERE vehicle_id = ? ORDER BY removed_at IS NOT NULL, installed_at'),
    openCount: db.prepare("SELECT count(*) AS n FROM tickets WHERE client_id = ? AND status_kind = 'open'"),
    openTickets: db.prepare(
      `SELECT t.id, t.number, t.title, t.status, t.status_kind, t.created_at, v.plate FROM tickets t
       LEFT JOIN vehicles v ON v.id = t.vehicle_id
       WHERE t.client_id = ? AND t.status_kind = 'open' ORDER BY t.seq DESC`,
    ),
    pastTickets: db.prepare(
      `SELECT t.id, t.number, t.title, t.status, t.status_kind, t.created_at, v.plate FROM tickets t
       LEFT JOIN vehicles v ON v.id = t.vehicle_id
       WHERE t.client_id = ? AND t.status_kind <> 'open' ORDER BY t.seq DESC LIMIT ${CARD_PAST_TICKETS}`,
    ),
    vehicleTickets: db.prepare(
      `SELECT t.id, t.number, t.title, t.status, t.status_kind, t.created_at, NULL AS plate FROM tickets t
       WHERE t.vehicle_id = ? ORDER BY t.seq DESC LIMIT 100`,
    ),
    merges: db.prepare('SELECT id, merged_id, merged_name, at FROM client_merges WHERE kept_id = ? ORDER BY at DESC'),
    byTaxId: db.prepare('SELECT id, name, active, tax_id FROM clients WHERE tax_id = ?'),
    byPhone: db.prepare(
      `SELECT c.id, c.name, c.active, p.raw FROM phones p JOIN clients c ON c.id = p.client_id WHERE p.e164 = ?`,
    ),
    byPlate: db.prepare(
      `SELECT c.id, c.name, c.active, v.id AS vehicle_id, v.plate FROM vehicles v JOIN clients c ON c.id = v.client_id
       WHERE v.plate_key = ?`,
    ),
  };

  const ticketDto = (r: Row) => ({
    id: String(r.id),
    number: Number(r.number),
    title: String(r.title),
    status: String(r.status),
    open: r.status_kind === 'open',
    createdAt: Number(r.created_at),
    plate: r.plate === null || r.plate === undefined ? null : String(r.plate),
  });

  const phoneDto = (r: Row) => ({
    id: String(r.id),
    raw: String(r.raw),
    e164: r.e164 === null ? null : String(r.e164),
  });

  const vehicleDto = (record: Row): DirectoryVehicle => {
    const v = fromDb('vehicles', record);
    return {
      ...v,
      equipment: (stmts.equipment.all(v.id) as Row[]).map((e) => fromDb('equipment', e)),
    };
  };

  return {
    clients(text: string, includeInactive: boolean, limit: number): DirectoryClient[] {
      const trimmed = text.trim();
      const inactive = includeInactive ? 1 : 0;
      let records: Row[];
      if (trimmed === '') {
        records = stmts.listAll.all({ inactive, limit }) as Row[];
      } else {
        const folded = escapeLike(foldText(trimmed));
        const digits = trimmed.replace(/\D/g, '');
        const usableDigits = digits.length >= 3 && /^[\d\s()+\-.]+$/.test(trimmed) ? digits : '';
        const plate = plateKey(trimmed);
        records = stmts.listSearch.all({
          inactive,
          limit,
          name: `%${folded}%`,
          nameStart: `${folded}%`,
          digits: usableDigits,
          digitsPrefix: `${usableDigits}%`,
          digitsAny: `%${usableDigits}%`,
          plate: plate.length >= 3 ? `%${escapeLike(plate)}%` : '',
        }) as Row[];
      }
      const clients = records.map((r) => fromDb('clients', r));
      const debt = debts.forClients(clients.map((c) => c.id));
      return clients.map((c) => ({
        id: c.id,
        name: c.name,
        taxId: c.taxId,
        category: c.category,
        currency: c.currency,
        active: c.active,
        phones: (stmts.phoneRaws.all(c.id) as { raw: string }[]).map((p) => p.raw),
        vehicles: (stmts.vehicleCount.get(c.id) as { n: number }).n,
        openTickets: (stmts.openCount.get(c.id) as { n: number }).n,
        debt: debt.get(c.id) ?? null,
      }));
    },

    client(id: string): ClientCard {
      const record = stmts.client.get(id) as Row | undefined;
      if (!record) throw new PultError('not-found', 'The client does not exist');
      const c = fromDb('clients', record);
      const into = c.mergedInto ? (stmts.client.get(c.mergedInto) as Row | undefined) : undefined;
      return {
        client: {
          id: c.id,
          name: c.name,
          taxId: c.taxId,
          category: c.category,
          address: c.address,
          notes: c.notes,
          currency: c.currency,
          active: c.active,
          createdAt: c.createdAt,
          mergedInto: into ? { id: String(into.id), name: String(into.name) } : null,
        },
        phones: (stmts.clientPhones.all(c.id) as Row[]).map(phoneDto),
        contacts: (stmts.contacts.all(c.id) as Row[]).map((r) => {
          const contact = fromDb('contacts', r);
          return {
            id: contact.id,
            name: contact.name,
            role: contact.role,
            email: contact.email,
            active: contact.active,
            phones: (stmts.contactPhones.all(contact.id) as Row[]).map(phoneDto),
          };
        }),
        vehicles: (stmts.vehicles.all(c.id) as Row[]).map(vehicleDto),
        openTickets: (stmts.openTickets.all(c.id) as Row[]).map(ticketDto),
        pastTickets: (stmts.pastTickets.all(c.id) as Row[]).map(ticketDto),
        debt: debts.forClients([c.id]).get(c.id) ?? null,
        merges: (stmts.merges.all(c.id) as Row[]).map((m) => ({
          id: String(m.id),
          mergedId: String(m.merged_id),
          mergedName: String(m.merged_name),
          at: Number(m.at),
        })),
      };
    },

    vehicle(id: string): VehicleCard {
      const record = stmts.vehicle.get(id) as Row | undefined;
      if (!record) throw new PultError('not-found', 'The vehicle does not exist');
      const vehicle = vehicleDto(record);
      const client = fromDb('clients', stmts.client.get(vehicle.clientId) as Row);
      return {
        vehicle,
        client: { id: client.id, name: client.name, active: client.active },
        tickets: (stmts.vehicleTickets.all(id) as Row[]).map(ticketDto),
      };
    },

    duplicates(
      input: Readonly<{
        excludeClientId: string | null;
        taxId: string | null;
        phones: readonly string[];
        plates: readonly string[];
      }>,
    ): Duplicate[] {
      const found: Duplicate[] = [];
      const seen = new Set<string>();
      const add = (d: Duplicate) => {
        const key = `${d.kind}/${d.clientId}/${d.vehicleId ?? ''}`;
        if (d.clientId === input.excludeClientId || seen.has(key)) return;
        seen.add(key);
        found.push(d);
      };
      const client = (r: Row) => ({ clientId: String(r.id), clientName: String(r.name), active: r.active === 1 });
      const taxId = input.taxId ? compactTaxId(input.taxId) : '';
      if (taxId !== '') {
        for (const r of stmts.byTaxId.all(taxId) as Row[]) {
          add({ kind: 'tax-id', value: String(r.tax_id), vehicleId: null, ...client(r) });
        }
      }
      for (const raw of input.phones) {
        const e164 = normalizePhone(raw, regions());
        if (!e164) continue;
        for (const r of stmts.byPhone.all(e164) as Row[]) {
          add({ kind: 'phone', value: String(r.raw), vehicleId: null, ...client(r) });
        }
      }
      for (const plate of input.plates) {
        const key = plateKey(plate);
        if (key === '') continue;
        for (const r of stmts.byPlate.all(key) as Row[]) {
          add({ kind: 'plate', value: String(r.plate), vehicleId: String(r.vehicle_id), ...client(r) });
        }
      }
      return found;
    },
  };
}
