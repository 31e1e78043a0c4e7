import type { Database } from 'better-sqlite3';
import {
  CARD_MATCHES,
  CARD_OPEN_TICKETS,
  CARD_VEHICLES,
  type CallerCard,
  type CallerMatch,
  type CardTicket,
} from '../../core/calls/caller-card.js';
import { normalizePhone } from '../../core/phone.js';
import { fromDb } from '../../replica/rows.js';
import type { DeskContext, DeskHandlers } from '../desk-context.js';

type PhoneHit = { client_id: string; contact_id: string | null };

/**
 * `calls:caller-card` on the desk's replica. Every read is by index (phones_by_e164, contacts' and vehicles'
 * client_id, tickets_by_client_id), so the card costs the same on a 100k-ticket store as on an empty one:
 * it has to be on screen while the phone still rings.
 */
export function createCallerCardReader(db: Database, desk: Pick<DeskContext, 'details' | 'regions'>) {
  const stmts = {
    byE164: db.prepare(
      `SELECT client_id, contact_id FROM phones WHERE e164 = ?
       ORDER BY contact_id IS NOT NULL, client_id LIMIT ${CARD_MATCHES * 4}`,
    ),
    contact: db.prepare('SELECT * FROM contacts WHERE id = ?'),
    contactPhones: db.prepare('SELECT raw FROM phones WHERE contact_id = ? ORDER BY raw'),
    vehicles: db.prepare(`SELECT * FROM vehicles WHERE client_id = ? ORDER BY plate LIMIT ${CARD_VEHICLES}`),
    vehicleCount: db.prepare('SELECT count(*) AS n FROM vehicles WHERE client_id = ?'),
    openTickets: db.prepare(
      `SELECT id, number, title, status, created_at FROM tickets INDEXED BY tickets_by_client_id
       WHERE client_id = ? AND status_kind = 'open' ORDER BY seq DESC LIMIT ${CARD_OPEN_TICKETS}`,
    ),
    openTicketCount: db.prepare(
      `SELECT count(*) AS n FROM tickets INDEXED BY tickets_by_client_id WHERE client_id = ? AND status_kind = 'open'`,
    ),
  };

  const match = (hit: PhoneHit): CallerMatch => {
    const client = desk.details.client(hit.client_id);
    const contactRecord = hit.contact_id
      ? (stmts.contact.get(hit.contact_id) as Record<string, unknown> | undefined)
      : undefined;
    const c = contactRecord ? fromDb('contacts', contactRecord) : null;
    const contact = c
      ? {
          id: c.id,
          clientId: c.clientId,
          name: c.name,
          role: c.role,
          phones: (stmts.contactPhones.all(c.id) as { raw: string }[]).map((p) => p.raw),
        }
      : null;
    const vehicles = (stmts.vehicles.all(hit.client_id) as Record<string, unknown>[]).map((record) => {
      const v = fromDb('vehicles', record);
      return { id: v.id, clientId: v.clientId, plate: v.plate, make: v.make, model: v.model, vin: v.vin };
    });
    const openTickets = (
      stmts.openTickets.all(hit.client_id) as {
        id: string;
        number: number;
        title: string;
        status: string;
        created_at: number;
      }[]
    ).map((t): CardTicket => ({
      id: t.id,
      number: t.number,
      title: t.title,
      status: t.status,
      createdAt: t.created_at,
    }));
    return {
      client,
      contact,
      vehicles,
      vehicleCount: (stmts.vehicleCount.get(hit.client_id) as { n: number }).n,
      openTickets,
      openTicketCount: (stmts.openTicketCount.get(hit.client_id) as { n: number }).n,
    };
  };

  return (number: string): CallerCard => {
    const e164 = normalizePhone(number, desk.regions());
    if (!e164) return { number, e164: null, matches: [] };
    // A contact's own phone says more than the client's switchboard: when a client has both, the contact wins.
    const byClient = new Map<string, PhoneHit>();
    for (const hit of stmts.byE164.all(e164) as PhoneHit[]) {
      const seen = byClient.get(hit.client_id);
      if (!seen || (seen.contact_id === null && hit.contact_id !== null)) byClient.set(hit.client_id, hit);
    }
    return { number, e164, matches: [...byClient.values()].slice(0, CARD_MATCHES).map(match) };
  };
}

export function callerCardHandlers(desk: DeskContext) {
  const read = createCallerCardReader(desk.db, desk);
  return {
    'calls:caller-card': ({ number }) => read(number),
  } satisfies DeskHandlers<'calls:caller-card'>;
}
