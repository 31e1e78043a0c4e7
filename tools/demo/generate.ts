import type { Database } from 'better-sqlite3';
import type { RowOf } from '../../core/entities.js';
import { FRESH_PAYMENT } from '../../core/money/tables.js';
import { runMutation } from '../../core/mutations.js';
import { SEED_STATUS_MODEL, statusKind } from '../../core/tickets/status-model.js';
import { BulkWriter } from '../../replica/bulk-writer.js';
import { makeClient, makeEmployees, newRegisters, type DemoClient, type DemoEmployee } from './directory.js';
import { createDemoLedger, type DemoLedger } from './ledger.js';
import { TicketPlanner, type Draft, type DraftCall } from './plan.js';
import { Rng } from './rng.js';
import { DAY, HOUR, localDay, localHour, weekday } from './time.js';
import { DEMO_PLANNING_SETTINGS, DEMO_WORK_TYPES, engineerProfile, workTypeFor } from './planning.js';

/**
 * The demo data generator: a believable company history (clients, fleets, staff, 18 months of tickets with
 * their status logs, visits, calls and payments) written into an empty Pult store. Same seed and `now`,
 * same file: every random choice and every id comes from seeded streams.
 */

export type DemoOptions = Readonly<{
  tickets: number;
  seed?: number;
  /** The moment the history ends; tests pin it, the CLI uses the clock. */
  now?: number;
  onProgress?: (done: number, total: number) => void;
}>;

export type DemoSummary = Readonly<{
  clients: number;
  contacts: number;
  vehicles: number;
  employees: number;
  tickets: number;
  /** Clients left with unpaid completed paid visits. */
  debtors: number;
  ms: number;
}>;

/** How far back the history goes (~18 months). */
export const DEMO_DAYS = 548;

export const MAX_DEMO_TICKETS = 2_000_000;

/** Tickets per INSERT statement (see bulk.ts for why one ticket per statement is slow). */
const TICKETS_PER_STATEMENT = 500;

/** Relative ticket volume by local hour: the office day, with a trickle at night from portals and drivers. */
const HOUR_WEIGHTS = [
  0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 7, 8, 8, 7, 7, 8, 7.5, 6.5, 5, 3, 1.8, 1.2, 0.8, 0.6, 0.4,
] as const;
const WEEKDAY_WEIGHTS = [1, 1, 1, 1, 0.95, 0.3, 0.18] as const;

/** Creation times: weekday office hours, fewer at weekends, and growing over time as the company did. */
class CreationTimes {
  private readonly starts: number[] = [];
  private readonly sums: number[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly start: number,
    private readonly now: number,
  ) {
    let total = 0;
    for (let t = Math.floor(start / HOUR) * HOUR; t < now; t += HOUR) {
      const growth = 0.6 + (0.4 * (t - start)) / (now - start);
      total += (HOUR_WEIGHTS[Math.floor(localHour(t))] ?? 1) * (WEEKDAY_WEIGHTS[weekday(localDay(t))] ?? 1) * growth;
      this.starts.push(t);
      this.sums.push(total);
    }
  }

  next(): number {
    const r = this.rng.next() * (this.sums.at(-1) ?? 0);
    let lo = 0;
    let hi = this.sums.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sums[mid] ?? 0) > r) hi = mid;
      else lo = mid + 1;
    }
    const bucket = this.starts[lo] ?? this.start;
    return Math.floor(bucket + this.rng.next() * Math.min(HOUR, this.now - bucket - 1));
  }
}

/** The status model's rule for resolvedAt (core/mutations.ts ticket.setStatus), replayed over a log. */
function resolvedAtOf(log: Draft['log']): number | null {
  let resolvedAt: number | null = null;
  for (const step of log) {
    const kind = statusKind(SEED_STATUS_MODEL, step.to) ?? 'open';
    resolvedAt = kind === 'open' ? null : (resolvedAt ?? step.at);
  }
  return resolvedAt;
}

const idOf = (e: DemoEmployee | null) => e?.row.id ?? null;

/** The PBX queue whose missed-call e-mails open the demo's callbacks. */
const DEMO_PBX = 'Техподдержка';

function groupBy<T>(rows: readonly T[], key: (row: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/**
 * The callbacks, made the way Pult makes them: every call of a callback story is reported through
 * `call:record` (the PBX's e-mail as the server itself, the call back by the desk that made it) and the first
 * line's claim, "later" and manual close through the callback mutators, all in time order against one ledger.
 * The rule, not the demo, decides which ticket each missed call joins and when a callback is resolved; a
 * story that would break "one open callback per number" fails here, loudly, on a clashing id.
 */
async function recordCallbacks(
  drafts: readonly Draft[],
  employees: readonly DemoEmployee[],
  clients: readonly DemoClient[],
  uuid: (at: number) => string,
  sipCallId: (at: number) => string,
): Promise<DemoLedger> {
  const ledger = createDemoLedger();
  for (const e of employees) ledger.put('employees', e.row);
  for (const c of clients) for (const p of c.phones) ledger.put('phones', p.row);
  type Step = { at: number; seq: number; run: () => Promise<unknown> };
  const steps: Step[] = [];
  for (const d of drafts) {
    if (d.type !== 'callback') continue;
    for (const c of d.calls) {
      if (c.recordedAt === undefined) continue;
      const at = c.recordedAt;
      const by = c.by ?? null;
      const args = {
        id: uuid(c.at),
        sipCallId: sipCallId(c.at),
        direction: c.direction,
        number: c.raw,
        startedAt: c.at,
        answeredAt: c.answeredAt,
        endedAt: c.endedAt,
        outcome: c.outcome === 'answered' ? 'answered' : 'missed',
        source: by ? 'desk' : 'mail',
        pbxId: by ? null : DEMO_PBX,
        // Every call of the story names the draft's ticket: a second ticket for it would clash, not hide.
        callback: { ticketId: d.id, logId: uuid(at) },
        resolveLogId: uuid(at),
      };
      const context = { now: at, userId: idOf(by), location: 'server', system: by === null } as const;
      steps.push({ at, seq: d.seq, run: () => runMutation(ledger, context, 'call:record', args) });
    }
    for (const a of d.actions) {
      const args = a.kind === 'later' ? { id: d.id } : { id: d.id, logId: uuid(a.at) };
      const context = { now: a.at, userId: a.by.row.id, location: 'server' } as const;
      steps.push({ at: a.at, seq: d.seq, run: () => runMutation(ledger, context, `callback:${a.kind}`, args) });
    }
  }
  steps.sort((a, b) => a.at - b.at || a.seq - b.seq);
  for (const step of steps) await step.run();
  return ledger;
}

export async function generateDemo(db: Database, options: DemoOptions): Promise<DemoSummary> {
  const begun = performance.now();
  const total = options.tickets;
  if (!Number.isInteger(total) || total < 1 || total > MAX_DEMO_TICKETS) {
    throw new RangeError(`tickets must be an integer from 1 to ${MAX_DEMO_TICKETS}, got ${total}`);
  }
  const existing = (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
  // Numbers 1..N and the debt story only make sense in an empty store; mixing with real data would corrupt both.
  if (existing > 0) throw new Error(`The store already has ${existing} tickets; demo data goes into an empty store`);

  const seed = options.seed ?? 1;
  const now = Math.floor(options.now ?? Date.now());
  const start = now - DEMO_DAYS * DAY;
  const root = new Rng(seed);
  const ids = root.fork('ids');

  const employees = makeEmployees(root.fork('employees'), total, start, now);
  for (const e of employees) e.row.id = ids.uuid7(Math.min(e.from, now));

  const clientRng = root.fork('clients');
  const registers = newRegisters();
  const clientCount = Math.max(40, Math.round(total / 25));
  const clients: DemoClient[] = [];
  for (let i = 0; i < clientCount; i++) {
    // Most clients were there before the window; the rest joined during it, and start with installations.
    const createdAt = clientRng.chance(0.7)
      ? start - clientRng.int(30, 3000) * DAY + clientRng.int(8, 17) * HOUR
      : start + clientRng.next() * (now - 10 * DAY - start);
    const client = makeClient(clientRng, Math.floor(createdAt), registers);
    client.row.id = ids.uuid7(client.row.createdAt);
    for (const contact of client.contacts) {
      contact.row.id = ids.uuid7(client.row.createdAt);
      contact.row.clientId = client.row.id;
    }
    for (const phone of client.phones) {
      phone.row.id = ids.uuid7(client.row.createdAt);
      phone.row.clientId = client.row.id;
      phone.row.contactId = phone.contact?.row.id ?? null;
    }
    for (const vehicle of client.vehicles) {
      vehicle.row.id = ids.uuid7(client.row.createdAt);
      vehicle.row.clientId = client.row.id;
    }
    clients.push(client);
  }

  const planner = new TicketPlanner({ rng: root.fork('tickets'), now, start, employees, clients });
  const times = new CreationTimes(root.fork('times'), start, now);
  let planned = 0;
  while (planned < total) planned += planner.plan(times.next(), total - planned);
  const strays = planner.strayCalls(Math.round(total * 0.03), start);
  // ~30 debtors at 100k tickets (4 000 clients), a handful in a small demo.
  const debtors = planner.settle(Math.max(3, Math.min(35, Math.round(clientCount * 0.0075))));
  planner.acknowledgeDebts();

  const drafts = planner.drafts.sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
  drafts.forEach((d, i) => {
    d.number = i + 1;
    d.id = ids.uuid7(d.createdAt);
  });

  const sipRng = root.fork('sip');
  const sipCallId = (at: number) => `${at.toString(16)}${sipRng.u32().toString(16).padStart(8, '0')}@pbx.pult.local`;

  const ledger = await recordCallbacks(drafts, employees, clients, (at) => ids.uuid7(at), sipCallId);
  const callbackTickets = new Map(ledger.rows('tickets').map((t) => [t.id, t]));
  const callbackRows = new Map(ledger.rows('callbacks').map((c) => [c.id, c]));
  const callbackLogs = groupBy(ledger.rows('ticket_status_log'), (l) => l.ticketId);
  const callbackCalls = groupBy(ledger.rows('calls'), (c) => c.callbackTicketId);

  // Whose number a call came from, as the call rule finds it (core/calls/mutators.ts): the lowest-id phone.
  const phoneOwner = new Map<string, string>();
  const phones = clients.flatMap((c) => c.phones.map((p) => p.row)).sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const p of phones) if (p.e164 !== null && !phoneOwner.has(p.e164)) phoneOwner.set(p.e164, p.clientId);
  const out = new BulkWriter(db);
  const call = (c: DraftCall) =>
    out.add('calls', {
      id: ids.uuid7(c.at),
      sipCallId: sipCallId(c.at),
      direction: c.direction,
      numberRaw: c.raw,
      numberE164: c.e164,
      startedAt: c.at,
      answeredAt: c.answeredAt,
      endedAt: c.endedAt,
      outcome: c.outcome,
      agentId: idOf(c.agent),
      callbackTicketId: c.callback?.id ?? null,
      source: 'mail',
      pbxId: null,
      clientId: c.e164 === null ? null : (phoneOwner.get(c.e164) ?? null),
    });

  const writeTicket = (d: Draft) => {
    const last = d.log.at(-1);
    d.comments.sort((a, b) => a.at - b.at);
    if (d.type === 'callback') {
      const made = callbackTickets.get(d.id);
      if (!made) throw new Error(`The callback rule made no ticket for the callback story of ${d.createdAt}`);
      // The number is the office's sequence (the rule's own is this ledger's guess, as a desk's would be).
      const updatedAt = Math.max(made.updatedAt, d.comments.at(-1)?.at ?? 0);
      out.add('tickets', { ...made, number: d.number, updatedAt } satisfies RowOf<'tickets'>);
      return;
    }
    out.add('tickets', {
      id: d.id,
      number: d.number,
      title: d.title,
      description: d.description,
      type: d.type,
      status: last?.to ?? 'new',
      priority: d.priority,
      clientId: d.client.row.id,
      contactId: d.contact?.row.id ?? null,
      vehicleId: d.vehicle?.row.id ?? null,
      assigneeId: idOf(d.assignee),
      parentId: d.parent?.id ?? null,
      source: d.source,
      billing: d.billing,
      amount: d.amount,
      plannedAt: d.plannedAt,
      createdAt: d.createdAt,
      updatedAt: Math.max(last?.at ?? d.createdAt, d.comments.at(-1)?.at ?? 0),
      resolvedAt: resolvedAtOf(d.log),
      createdBy: idOf(d.createdBy),
    });
  };

  /** Everything that hangs off a ticket; written after its batch of tickets. */
  const writeDetails = (d: Draft) => {
    if (d.ack) {
      out.add('debt_acknowledgements', {
        id: ids.uuid7(d.ack.at),
        ticketId: d.id,
        clientId: d.client.row.id,
        debtCount: d.ack.count,
        debtSum: d.ack.sum,
        oldestAt: d.ack.oldestAt,
        by: idOf(d.ack.by),
        at: d.ack.at,
      });
    }
    if (d.type === 'callback') {
      for (const row of callbackLogs.get(d.id) ?? []) out.add('ticket_status_log', row);
      for (const row of callbackCalls.get(d.id) ?? []) out.add('calls', row);
      const callback = callbackRows.get(d.id);
      if (callback) out.add('callbacks', callback);
    }
    let from: string | null = null;
    for (const step of d.type === 'callback' ? [] : d.log) {
      out.add('ticket_status_log', {
        id: ids.uuid7(step.at),
        ticketId: d.id,
        fromStatus: from,
        toStatus: step.to,
        at: step.at,
        by: idOf(step.by),
      });
      from = step.to;
    }
    for (const c of d.comments) {
      out.add('comments', {
        id: ids.uuid7(c.at),
        ticketId: d.id,
        authorId: idOf(c.author),
        body: c.body,
        public: c.public,
        at: c.at,
      });
    }
    for (const v of d.visits) {
      out.add('visits', {
        id: ids.uuid7(v.plannedAt),
        ticketId: d.id,
        engineerId: v.engineer.row.id,
        startAt: v.start,
        endAt: v.end,
        state: v.state,
        place: v.place,
        workTypeId: workTypeFor(d.type),
        placeLatE6: null,
        placeLonE6: null,
        confirmedAt: null,
        confirmedBy: null,
        revision: 0,
        updatedAt: v.plannedAt,
        updatedBy: null,
      });
    }
    for (const p of d.payments) {
      out.add('payments', {
        id: ids.uuid7(p.at),
        ticketId: d.id,
        amount: p.amount,
        paidAt: p.at,
        by: idOf(p.by),
        ...FRESH_PAYMENT,
      });
    }
    for (const c of d.calls) if (c.recordedAt === undefined) call(c);
  };

  const deskUser = employees.find((e) => e.roles.includes('dispatcher'));
  const writeDirectory = () => {
    for (const e of employees) out.add('employees', e.row);
    employees
      .filter((e) => e.roles.includes('engineer'))
      .forEach((e, n) => out.add('engineer_profiles', engineerProfile(e.row.id, n)));
    for (const w of DEMO_WORK_TYPES) out.add('work_types', w);
    out.add('planning_settings', DEMO_PLANNING_SETTINGS);
    if (deskUser) {
      db.prepare(
        `INSERT INTO settings (key, value) VALUES ('desk.user_id', ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ).run(deskUser.row.id);
    }
    for (const c of clients) out.add('clients', c.row);
    // The unknown caller, when a withheld number opened a callback.
    for (const c of ledger.rows('clients')) out.add('clients', c);
    for (const c of clients) for (const contact of c.contacts) out.add('contacts', contact.row);
    for (const c of clients) for (const vehicle of c.vehicles) out.add('vehicles', vehicle.row);
    // Clients and phones before tickets: a phone insert re-indexes all of its client's tickets.
    for (const c of clients) for (const phone of c.phones) out.add('phones', phone.row);
    out.flushAll([
      'employees',
      'engineer_profiles',
      'work_types',
      'planning_settings',
      'clients',
      'contacts',
      'vehicles',
      'phones',
    ]);
  };
  const writeTickets = () => {
    for (let i = 0; i < drafts.length; i += TICKETS_PER_STATEMENT) {
      const chunk = drafts.slice(i, i + TICKETS_PER_STATEMENT);
      chunk.forEach(writeTicket);
      out.flush('tickets');
      chunk.forEach(writeDetails);
      out.flushAll([
        'ticket_status_log',
        'comments',
        'visits',
        'payments',
        'calls',
        'callbacks',
        'debt_acknowledgements',
      ]);
      // 100% is reported after the commit, which takes a few seconds of its own.
      if (i + chunk.length < total) options.onProgress?.(i + chunk.length, total);
    }
    strays.forEach(call);
    out.flushAll([]);
  };

  // A big page cache keeps the ticket indexes in memory during the load instead of spilling them to the WAL.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -262144');
  try {
    // One transaction: an interrupted run leaves the store as it was, not half a company.
    db.transaction(() => {
      writeDirectory();
      writeTickets();
    })();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
  }
  options.onProgress?.(total, total);

  return {
    clients: clients.length,
    contacts: clients.reduce((n, c) => n + c.contacts.length, 0),
    vehicles: clients.reduce((n, c) => n + c.vehicles.length, 0),
    employees: employees.length,
    tickets: drafts.length,
    debtors,
    ms: Math.round(performance.now() - begun),
  };
}
