import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import type {
  ClientOption,
  ContactDto,
  EmployeeDto,
  StatusModelDto,
  TicketDetail,
  VehicleDto,
} from '../../core/contract.js';
import { normalizePhone, phoneFormatter, type PhoneRegions } from '../../core/phone.js';
import { PultError } from '../../core/result.js';
import { allowedTargets, timeInStatuses, type StatusModel } from '../../core/tickets/status-model.js';
import { fromDb } from '../../replica/rows.js';
import { createDebtReader } from './ticket-grid.js';

/**
 * Reads for the drawer, the pickers and the status model. Small result sets, all by index. The pickers offer
 * active clients, contacts and vehicles only: a deactivated one takes no new tickets.
 */
export function createDetailQueries(
  db: Database,
  regions: () => PhoneRegions,
  provisional: () => ReadonlySet<string> = () => new Set(),
) {
  const debts = createDebtReader(db);
  // Numbers as the grid and the directory show them (`8 029 123-45-67`), whatever way they were typed; one
  // that is not a number (an extension, a note) as typed.
  const format = phoneFormatter();
  const shown = (rows: unknown[]) =>
    (rows as { raw: string; e164: string | null }[]).map((p) => format(p.e164 ?? p.raw, regions()));
  const stmts = {
    statuses: db.prepare('SELECT * FROM statuses ORDER BY position'),
    transitions: db.prepare(
      'SELECT from_status, to_status, on_full_payment FROM status_transitions ORDER BY from_status, to_status',
    ),
    employees: db.prepare('SELECT * FROM employees ORDER BY name'),
    employee: db.prepare('SELECT * FROM employees WHERE id = ?'),
    ticket: db.prepare(
      `SELECT t.*, p.number AS parent_number FROM tickets t LEFT JOIN tickets p ON p.id = t.parent_id WHERE t.id = ?`,
    ),
    client: db.prepare('SELECT * FROM clients WHERE id = ?'),
    clientPhones: db.prepare('SELECT raw, e164 FROM phones WHERE client_id = ? AND contact_id IS NULL ORDER BY raw'),
    contactPhones: db.prepare('SELECT raw, e164 FROM phones WHERE contact_id = ? ORDER BY raw'),
    contact: db.prepare('SELECT * FROM contacts WHERE id = ?'),
    contacts: db.prepare('SELECT * FROM contacts WHERE client_id = ? AND active = 1 ORDER BY name'),
    vehicle: db.prepare('SELECT * FROM vehicles WHERE id = ?'),
    vehicles: db.prepare('SELECT * FROM vehicles WHERE client_id = ? AND active = 1 ORDER BY plate'),
    log: db.prepare(
      `SELECT l.from_status, l.to_status, l.at, e.name AS by_name FROM ticket_status_log l
       LEFT JOIN employees e ON e.id = l.by WHERE l.ticket_id = ? ORDER BY l.at, l.rowid`,
    ),
    comments: db.prepare(
      `SELECT c.id, c.body, c.public, c.at, e.name AS author_name FROM comments c
       LEFT JOIN employees e ON e.id = c.author_id WHERE c.ticket_id = ? ORDER BY c.at, c.rowid`,
    ),
    children: db.prepare('SELECT id, number, title, status FROM tickets WHERE parent_id = ? ORDER BY number'),
    searchByName: db.prepare(
      `SELECT id FROM clients WHERE active = 1 AND (pult_fold(name) LIKE @pattern ESCAPE '\\' OR tax_id LIKE @prefix ESCAPE '\\')
       ORDER BY pult_fold(name) LIKE @start ESCAPE '\\' DESC, name LIMIT @limit`,
    ),
    searchByPhone: db.prepare(
      'SELECT DISTINCT p.client_id AS id FROM phones p JOIN clients c ON c.id = p.client_id WHERE p.e164 = ? AND c.active = 1 LIMIT ?',
    ),
  };

  const statusModel = (): StatusModel & z.infer<typeof StatusModelDto> => ({
    statuses: (stmts.statuses.all() as Record<string, unknown>[]).map((s) => ({
      code: String(s.code),
      position: Number(s.position),
      kind: s.kind as 'open' | 'completed' | 'cancelled',
      nameRu: String(s.name_ru),
      nameEn: String(s.name_en),
      color: String(s.color),
    })),
    transitions: (stmts.transitions.all() as { from_status: string; to_status: string; on_full_payment: number }[]).map(
      (t) => ({
        from: t.from_status,
        to: t.to_status,
        ...(t.on_full_payment === 1 ? { onFullPayment: true } : {}),
      }),
    ),
  });

  const employeeDto = (record: Record<string, unknown>): z.infer<typeof EmployeeDto> => {
    const e = fromDb('employees', record);
    return { id: e.id, name: e.name, roles: e.roles, color: e.color, active: e.active };
  };

  const clientOption = (id: string): z.infer<typeof ClientOption> => {
    const record = stmts.client.get(id) as Record<string, unknown> | undefined;
    if (!record) throw new PultError('not-found', 'The client does not exist');
    const c = fromDb('clients', record);
    return {
      id: c.id,
      name: c.name,
      taxId: c.taxId,
      address: c.address,
      currency: c.currency,
      phones: shown(stmts.clientPhones.all(c.id)),
      debt: debts.forClients([c.id]).get(c.id) ?? null,
    };
  };

  const contactDto = (record: Record<string, unknown>): z.infer<typeof ContactDto> => {
    const c = fromDb('contacts', record);
    return {
      id: c.id,
      clientId: c.clientId,
      name: c.name,
      role: c.role,
      phones: shown(stmts.contactPhones.all(c.id)),
    };
  };

  const vehicleDto = (record: Record<string, unknown>): z.infer<typeof VehicleDto> => {
    const v = fromDb('vehicles', record);
    return { id: v.id, clientId: v.clientId, plate: v.plate, make: v.make, model: v.model, vin: v.vin };
  };

  return {
    statusModel,
    employees: () => (stmts.employees.all() as Record<string, unknown>[]).map(employeeDto),
    employee(id: string) {
      const record = stmts.employee.get(id) as Record<string, unknown> | undefined;
      return record ? employeeDto(record) : null;
    },
    client: clientOption,
    contacts: (clientId: string) => (stmts.contacts.all(clientId) as Record<string, unknown>[]).map(contactDto),
    vehicles: (clientId: string) => (stmts.vehicles.all(clientId) as Record<string, unknown>[]).map(vehicleDto),

    searchClients(text: string, limit: number) {
      const trimmed = text.trim();
      const ids: string[] = [];
      const e164 = /\d{5}/.test(trimmed.replace(/\D/g, '')) ? normalizePhone(trimmed, regions()) : null;
      if (e164) ids.push(...(stmts.searchByPhone.all(e164, limit) as { id: string }[]).map((r) => r.id));
      const folded = foldText(trimmed).replace(/[\\%_]/g, (c) => `\\${c}`);
      const byName = stmts.searchByName.all({
        pattern: `%${folded}%`,
        start: `${folded}%`,
        prefix: `${folded}%`,
        limit,
      }) as { id: string }[];
      for (const r of byName) if (!ids.includes(r.id)) ids.push(r.id);
      return ids.slice(0, limit).map(clientOption);
    },

    ticket(id: string, now: number): z.infer<typeof TicketDetail> {
      const record = stmts.ticket.get(id) as (Record<string, unknown> & { parent_number: number | null }) | undefined;
      if (!record) throw new PultError('not-found', 'The ticket does not exist');
      const t = fromDb('tickets', record);
      const model = statusModel();
      const log = stmts.log.all(t.id) as {
        from_status: string | null;
        to_status: string;
        at: number;
        by_name: string | null;
      }[];
      const totals = timeInStatuses(
        model,
        log.map((l) => ({ toStatus: l.to_status, at: l.at })),
        now,
      );
      const contact = t.contactId ? (stmts.contact.get(t.contactId) as Record<string, unknown> | undefined) : undefined;
      const vehicle = t.vehicleId ? (stmts.vehicle.get(t.vehicleId) as Record<string, unknown> | undefined) : undefined;
      const assignee = t.assigneeId
        ? (stmts.employee.get(t.assigneeId) as Record<string, unknown> | undefined)
        : undefined;
      return {
        ticket: {
          id: t.id,
          number: t.number,
          provisional: provisional().has(t.id),
          title: t.title,
          description: t.description,
          type: t.type,
          status: t.status,
          priority: t.priority,
          source: t.source,
          billing: t.billing,
          amount: t.amount,
          paid: Number(record.paid_total),
          plannedAt: t.plannedAt,
          createdAt: t.createdAt,
          updatedAt: t.updatedAt,
          resolvedAt: t.resolvedAt,
          parentId: t.parentId,
          parentNumber: record.parent_number,
        },
        client: clientOption(t.clientId),
        contact: contact ? contactDto(contact) : null,
        vehicle: vehicle ? vehicleDto(vehicle) : null,
        assignee: assignee ? employeeDto(assignee) : null,
        allowedStatuses: [...allowedTargets(model, t.status)],
        statusLog: log.map((l, i) => {
          const next = log[i + 1];
          const kind = model.statuses.find((s) => s.code === l.to_status)?.kind;
          const end = next ? next.at : kind === 'open' ? now : l.at;
          return {
            fromStatus: l.from_status,
            toStatus: l.to_status,
            at: l.at,
            byName: l.by_name,
            durationMs: Math.max(0, end - l.at),
          };
        }),
        timeInStatus: model.statuses
          .filter((s) => totals.has(s.code))
          .map((s) => ({ status: s.code, durationMs: totals.get(s.code) ?? 0 })),
        comments: (stmts.comments.all(t.id) as Record<string, unknown>[]).map((c) => ({
          id: String(c.id),
          authorName: (c.author_name as string | null) ?? null,
          body: String(c.body),
          public: c.public === 1,
          at: Number(c.at),
        })),
        children: stmts.children.all(t.id) as { id: string; number: number; title: string; status: string }[],
      };
    },
  };
}

/** Case folding that SQLite's ASCII-only lower() lacks: «ГАЗЕЛЬ», «газель» and «Газель» are one word. */
export function foldText(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е');
}
