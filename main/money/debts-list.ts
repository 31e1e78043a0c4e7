import type { Database } from 'better-sqlite3';
import { phoneFormatter, type PhoneRegions } from '../../core/phone.js';
import type { Currency } from '../../core/clients/tables.js';
import type { DebtContact, Debtor, DebtList, DebtPayment, DebtSort, DebtVisit } from '../../core/money/contract.js';
import { AGING_BUCKETS, ageInDays, agingBucket, type AgingBucket, unpaidSql } from '../../core/money/debt.js';

type VisitRecord = {
  id: string;
  number: number;
  title: string;
  client_id: string;
  amount: number;
  paid_total: number;
  completed_at: number;
  assignee_name: string | null;
  client_name: string;
  tax_id: string | null;
  address: string | null;
  currency: Currency;
};

/**
 * The accountant's list: every completed paid visit not fully paid, grouped by client. Which visits owe is
 * the debt rule's SQL form (`unpaidSql`, on the partial index `tickets_unpaid_by_client_id`), the same the grid
 * marks debtors with. Totals and aging buckets count every debtor; contacts, payments and reminders are read
 * only for the debtors listed (`limit`), in one statement each, so the list stays fast at any size.
 */
export function createDebtsQuery(db: Database, regions: () => PhoneRegions) {
  const shownPhone = phoneFormatter();
  const visits = db.prepare(`
    SELECT t.id, t.number, t.title, t.client_id, t.amount, t.paid_total,
           coalesce(t.resolved_at, t.updated_at) AS completed_at, t.assignee_name,
           c.name AS client_name, c.tax_id, c.address, c.currency
    FROM tickets t INDEXED BY tickets_unpaid_by_client_id
    JOIN clients c ON c.id = t.client_id
    WHERE ${unpaidSql('t')}`);
  const payments = db.prepare(`
    SELECT id, ticket_id, amount, paid_at, comment, corrected_at, cancelled_at, cancel_reason
    FROM payments WHERE ticket_id IN (SELECT value FROM json_each(?))
    ORDER BY paid_at, id`);
  const contacts = db.prepare(`
    SELECT p.client_id, p.contact_id, k.name, k.role, p.raw, p.e164
    FROM phones p LEFT JOIN contacts k ON k.id = p.contact_id
    WHERE p.client_id IN (SELECT value FROM json_each(?))
    ORDER BY p.client_id, p.contact_id IS NOT NULL, k.name, p.raw`);
  const reminders = db.prepare(`
    SELECT r.id, r.client_id, r.at, e.name AS by_name, r.note, r.promised_at, r.follow_up_at
    FROM reminders r LEFT JOIN employees e ON e.id = r.by
    WHERE r.id = (SELECT r2.id FROM reminders r2 WHERE r2.client_id = r.client_id ORDER BY r2.at DESC, r2.id DESC LIMIT 1)
      AND r.client_id IN (SELECT value FROM json_each(?))`);

  return function list(input: Readonly<{ sort: DebtSort; limit: number }>, now: number): DebtList {
    const byClient = new Map<string, Debtor>();
    const totals = new Map<Currency, { debtors: number; visits: number; owed: number }>();
    const buckets = new Map<string, { bucket: AgingBucket; currency: Currency; visits: number; owed: number }>();
    for (const r of visits.all() as VisitRecord[]) {
      const ageDays = ageInDays(r.completed_at, now);
      const owed = r.amount - r.paid_total;
      const visit: DebtVisit = {
        ticketId: r.id,
        ticketNumber: r.number,
        title: r.title,
        completedAt: r.completed_at,
        ageDays,
        bucket: agingBucket(ageDays),
        amount: r.amount,
        paid: r.paid_total,
        owed,
        engineerName: r.assignee_name,
        payments: [],
      };
      let debtor = byClient.get(r.client_id);
      if (!debtor) {
        debtor = {
          clientId: r.client_id,
          name: r.client_name,
          taxId: r.tax_id,
          address: r.address,
          currency: r.currency,
          owed: 0,
          ageDays: 0,
          visits: [],
          contacts: [],
          lastReminder: null,
        };
        byClient.set(r.client_id, debtor);
      }
      debtor.visits.push(visit);
      debtor.owed += owed;
      debtor.ageDays = Math.max(debtor.ageDays, ageDays);
      const total = totals.get(r.currency) ?? { debtors: 0, visits: 0, owed: 0 };
      if (debtor.visits.length === 1) total.debtors += 1;
      total.visits += 1;
      total.owed += owed;
      totals.set(r.currency, total);
      const key = `${visit.bucket}|${r.currency}`;
      const bucket = buckets.get(key) ?? { bucket: visit.bucket, currency: r.currency, visits: 0, owed: 0 };
      bucket.visits += 1;
      bucket.owed += owed;
      buckets.set(key, bucket);
    }

    const all = [...byClient.values()];
    // Ties fall back to the name, then the id, so the order is stable between refreshes.
    all.sort(
      (a, b) =>
        (input.sort === 'age' ? b.ageDays - a.ageDays : b.owed - a.owed) ||
        (input.sort === 'age' ? b.owed - a.owed : b.ageDays - a.ageDays) ||
        a.name.localeCompare(b.name, 'ru') ||
        (a.clientId < b.clientId ? -1 : 1),
    );
    const listed = all.slice(0, input.limit);
    const listedById = new Map(listed.map((d) => [d.clientId, d]));
    const visitById = new Map<string, DebtVisit>();
    for (const d of listed) {
      d.visits.sort((a, b) => a.completedAt - b.completedAt || a.ticketNumber - b.ticketNumber);
      for (const v of d.visits) visitById.set(v.ticketId, v);
    }
    if (listed.length > 0) {
      for (const p of payments.all(JSON.stringify([...visitById.keys()])) as Record<string, unknown>[]) {
        const payment: DebtPayment = {
          id: p.id as string,
          amount: p.amount as number,
          paidAt: p.paid_at as number,
          comment: p.comment as string | null,
          correctedAt: p.corrected_at as number | null,
          cancelledAt: p.cancelled_at as number | null,
          cancelReason: p.cancel_reason as string | null,
        };
        visitById.get(p.ticket_id as string)?.payments.push(payment);
      }
      const clientIds = JSON.stringify([...listedById.keys()]);
      for (const c of contacts.all(clientIds) as Record<string, unknown>[]) {
        const debtor = listedById.get(c.client_id as string)!;
        const contactId = c.contact_id as string | null;
        let contact: DebtContact | undefined = debtor.contacts.find((k) => k.contactId === contactId);
        if (!contact) {
          contact = { contactId, name: c.name as string | null, role: c.role as string | null, phones: [] };
          debtor.contacts.push(contact);
        }
        // As the grid, the drawer and the directory show numbers (8 029 364-89-23), not as they were typed.
        contact.phones.push(shownPhone((c.e164 as string | null) ?? (c.raw as string), regions()));
      }
      for (const r of reminders.all(clientIds) as Record<string, unknown>[]) {
        listedById.get(r.client_id as string)!.lastReminder = {
          id: r.id as string,
          at: r.at as number,
          byName: r.by_name as string | null,
          note: r.note as string,
          promisedAt: r.promised_at as number | null,
          followUpAt: r.follow_up_at as number | null,
        };
      }
    }

    return {
      asOf: now,
      debtors: listed,
      debtorCount: all.length,
      totals: [...totals].map(([currency, t]) => ({ currency, ...t })),
      buckets: [...buckets.values()].sort(
        (a, b) =>
          AGING_BUCKETS.indexOf(a.bucket) - AGING_BUCKETS.indexOf(b.bucket) || a.currency.localeCompare(b.currency),
      ),
    };
  };
}
