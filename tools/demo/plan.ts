import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Billing, Priority, Role, TicketType } from '../../core/entities.js';
import { normalizePhone } from '../../core/phone.js';
import type { DemoClient, DemoContact, DemoEmployee, DemoPhone, DemoVehicle } from './directory.js';
import type { Rng } from './rng.js';
import { COMMENTS, callbackText, commentText, ticketText, type TextContext } from './texts.js';
import {
  CLOSE_HOUR,
  DAY,
  HOUR,
  MINUTE,
  OPEN_HOUR,
  afterWork,
  dayStart,
  formatDate,
  formatTime,
  localDay,
  nextWorkday,
} from './time.js';

/**
 * Ticket histories. Each ticket is planned as a story — created, taken, sent out, visited, paid — whose
 * steps follow the seeded status model and land in working hours. A story is cut at `now`: whatever has
 * not happened yet is left out, so statuses follow age by construction (old tickets finished long ago,
 * recent ones are still open) instead of by a separate rule that could disagree with the log.
 */

export type Source = 'phone' | 'missed_call' | 'email' | 'portal' | 'manual';

export type LogStep = { to: string; at: number; by: DemoEmployee | null };
export type DraftComment = { at: number; author: DemoEmployee | null; body: string; public: boolean };
export type DraftVisit = {
  engineer: DemoEmployee;
  start: number;
  end: number;
  state: 'planned' | 'en_route' | 'on_site' | 'done' | 'cancelled';
  place: string | null;
  plannedAt: number;
};
export type DraftPayment = { amount: number; at: number; by: DemoEmployee | null };
export type DraftCall = {
  at: number;
  direction: 'in' | 'out';
  raw: string;
  e164: string | null;
  answeredAt: number | null;
  endedAt: number | null;
  outcome: 'answered' | 'missed' | 'answered_elsewhere' | 'rejected';
  agent: DemoEmployee | null;
  callback: Draft | null;
  /**
   * A callback's calls only: when Pult hears of the call (the PBX's e-mail, or the desk when the call ends), and
   * who reports it (null: the server, for the PBX). Such calls go through `call:record`, not into the file.
   */
  recordedAt?: number;
  by?: DemoEmployee | null;
};
/** What the first line does with a callback, run through the callback mutators at `at`. */
export type CallbackAction = { kind: 'claim' | 'later' | 'resolve'; at: number; by: DemoEmployee };
export type DraftAck = { count: number; sum: number; oldestAt: number | null; at: number; by: DemoEmployee | null };

export type Draft = {
  /** Order of planning: the tie-break when two tickets are created in the same millisecond. */
  seq: number;
  id: string;
  number: number;
  type: TicketType;
  title: string;
  description: string;
  priority: Priority;
  source: Source;
  billing: Billing;
  amount: number;
  plannedAt: number | null;
  createdAt: number;
  createdBy: DemoEmployee | null;
  client: DemoClient;
  contact: DemoContact | null;
  vehicle: DemoVehicle | null;
  assignee: DemoEmployee | null;
  parent: Draft | null;
  log: LogStep[];
  comments: DraftComment[];
  visits: DraftVisit[];
  payments: DraftPayment[];
  calls: DraftCall[];
  /** A callback's claim, "later" and manual close; its status log then comes from the mutators. */
  actions: CallbackAction[];
  ack: DraftAck | null;
  /** When a paid ticket entered «waiting for payment» (the debt clock starts there). */
  waitingAt: number | null;
};

/** A ticket's status log under construction; a step that would happen after `now` ends the story. */
class Story {
  private cut = false;

  constructor(
    readonly draft: Draft,
    private readonly now: number,
  ) {}

  get t(): number {
    return this.draft.log.at(-1)?.at ?? this.draft.createdAt;
  }

  get status(): string {
    return this.draft.log.at(-1)?.to ?? 'new';
  }

  go(to: string, at: number, by: DemoEmployee | null): boolean {
    // Two steps never share a millisecond, so the log's order is its time order.
    const when = Math.round(Math.max(at, this.t + 1000));
    if (this.cut || when >= this.now) {
      this.cut = true;
      return false;
    }
    this.draft.log.push({ to, at: when, by });
    return true;
  }
}

const TYPE_WEIGHTS: readonly (readonly [TicketType, number])[] = [
  ['incident', 38],
  ['callback', 15],
  ['consultation', 12],
  ['installation', 11],
  ['maintenance', 15],
  ['dismantling', 4],
];

const NEEDS_VISIT: Readonly<Record<TicketType, number>> = {
  incident: 0.35,
  installation: 1,
  dismantling: 1,
  maintenance: 0.85,
  consultation: 0,
  callback: 0,
};

/** Share of visits that are paid (the rest are warranty); tuned so ~20% of all tickets are paid. */
const PAID_SHARE: Readonly<Record<TicketType, number>> = {
  incident: 0.45,
  installation: 0.92,
  dismantling: 0.85,
  maintenance: 0.55,
  consultation: 0,
  callback: 0,
};

/** Price range of a paid visit in BYN; RUB clients pay about 75× that (the brief's 3 000–30 000 RUB). */
const PRICE_BYN: Readonly<Record<TicketType, readonly [number, number]>> = {
  incident: [40, 150],
  installation: [120, 400],
  dismantling: [40, 120],
  maintenance: [60, 250],
  consultation: [40, 40],
  callback: [40, 40],
};

const PRIORITY_WEIGHTS: Readonly<Record<TicketType, readonly (readonly [Priority, number])[]>> = {
  incident: [
    ['low', 5],
    ['normal', 55],
    ['high', 30],
    ['critical', 10],
  ],
  installation: [
    ['low', 30],
    ['normal', 65],
    ['high', 5],
  ],
  maintenance: [
    ['low', 25],
    ['normal', 65],
    ['high', 10],
  ],
  dismantling: [
    ['low', 40],
    ['normal', 55],
    ['high', 5],
  ],
  consultation: [
    ['low', 35],
    ['normal', 60],
    ['high', 5],
  ],
  callback: [
    ['normal', 75],
    ['high', 25],
  ],
};

const SOURCE_WEIGHTS: Readonly<Record<TicketType, readonly (readonly [Source, number])[]>> = {
  incident: [
    ['phone', 50],
    ['email', 15],
    ['portal', 15],
    ['manual', 5],
  ],
  installation: [
    ['manual', 40],
    ['email', 30],
    ['phone', 20],
    ['portal', 10],
  ],
  maintenance: [
    ['phone', 35],
    ['email', 25],
    ['portal', 15],
    ['manual', 25],
  ],
  dismantling: [
    ['phone', 40],
    ['email', 40],
    ['manual', 20],
  ],
  consultation: [
    ['phone', 50],
    ['email', 25],
    ['portal', 25],
  ],
  callback: [['missed_call', 1]],
};

const SLA_HOURS: Readonly<Record<Priority, number>> = { critical: 4, high: 24, normal: 72, low: 168 };

/** Days between planning a visit and making it, by priority. */
const LEAD_DAYS: Readonly<Record<Priority, readonly [number, number]>> = {
  critical: [0, 1],
  high: [1, 2],
  normal: [1, 5],
  low: [2, 10],
};

const VISIT_MINUTES: Readonly<Record<TicketType, readonly [number, number]>> = {
  installation: [90, 210],
  dismantling: [40, 100],
  maintenance: [40, 150],
  incident: [30, 120],
  consultation: [30, 60],
  callback: [30, 60],
};

/**
 * Engineers' calendars: one engineer, one place at a time. Each engineer's day fills from the morning, with
 * travel between visits; a full day pushes the visit to another engineer or the next workday.
 */
export class VisitScheduler {
  private readonly nextFree = new Map<DemoEmployee, Map<number, number>>();

  constructor(
    private readonly rng: Rng,
    private readonly engineers: readonly DemoEmployee[],
  ) {}

  /** The first free slot of `minutes` on or after `firstDay`, never before `notBefore`. */
  book(
    firstDay: number,
    minutes: number,
    preferred: DemoEmployee | null,
    notBefore: number,
  ): { engineer: DemoEmployee; start: number; end: number } {
    for (let day = nextWorkday(firstDay); ; day = nextWorkday(day + 1)) {
      const open = dayStart(day) + OPEN_HOUR * HOUR;
      const close = dayStart(day) + CLOSE_HOUR * HOUR;
      const active = this.engineers.filter((e) => e.from <= open && e.until > close);
      const order = this.rng.shuffle([...active]);
      if (preferred && active.includes(preferred) && this.rng.chance(0.6)) order.unshift(preferred);
      for (const engineer of order) {
        let days = this.nextFree.get(engineer);
        if (!days) this.nextFree.set(engineer, (days = new Map()));
        const free = Math.max(days.get(day) ?? open + this.rng.int(0, 45) * MINUTE, notBefore);
        const start = Math.ceil(free / (5 * MINUTE)) * 5 * MINUTE;
        const end = start + minutes * MINUTE;
        // Visits may run a little past closing time; starting one at six in the evening is not planned.
        if (end > close + HOUR) continue;
        days.set(day, end + this.rng.int(20, 60) * MINUTE);
        return { engineer, start, end };
      }
    }
  }
}

/**
 * What a PBX shows as the caller's number: international or with the national trunk prefix. Only Belarusian and
 * Russian numbers have a trunk spelling; any other number is shown as it is, so every spelling names one number.
 */
export function pbxNumber(rng: Rng, e164: string): string {
  if (rng.chance(0.65)) return e164;
  if (e164.startsWith('+375')) return `80${e164.slice(4)}`;
  return e164.startsWith('+7') ? `8${e164.slice(2)}` : e164;
}

export type PlannerOptions = Readonly<{
  rng: Rng;
  now: number;
  start: number;
  employees: readonly DemoEmployee[];
  clients: readonly DemoClient[];
}>;

export class TicketPlanner {
  private readonly rng: Rng;
  private readonly now: number;
  private readonly staffByRole = new Map<Role, DemoEmployee[]>();
  /** Clients in order of joining, and running sums of their weights, for "a client that existed then". */
  private readonly clients: DemoClient[];
  private readonly weightSums: number[];
  private readonly scheduler: VisitScheduler;
  /** When each number had an open callback: one open callback per number, ever (the callback rule, docs/architecture.md). */
  private readonly callbackSpans = new Map<string, [number, number][]>();
  private readonly e164Cache = new Map<string, string | null>();
  private readonly formatted = new Map<string, string>();
  private seq = 0;
  readonly drafts: Draft[] = [];

  constructor(options: PlannerOptions) {
    this.rng = options.rng;
    this.now = options.now;
    for (const e of options.employees) {
      for (const role of e.roles) {
        const list = this.staffByRole.get(role) ?? [];
        list.push(e);
        this.staffByRole.set(role, list);
      }
    }
    this.clients = [...options.clients].sort((a, b) => a.row.createdAt - b.row.createdAt);
    let sum = 0;
    this.weightSums = this.clients.map((c) => (sum += c.vehicles.length + 2));
    this.scheduler = new VisitScheduler(this.rng.fork('visits'), this.staffByRole.get('engineer') ?? []);
  }

  /** Someone with `role` who worked here at `t` (falls back to anyone with the role). */
  private staff(role: Role, t: number): DemoEmployee {
    const all = this.staffByRole.get(role) ?? [];
    const active = all.filter((e) => e.from <= t && e.until > t);
    return this.rng.pick(active.length > 0 ? active : all);
  }

  private pickClient(t: number): DemoClient {
    let lo = 0;
    let hi = this.clients.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.clients[mid]?.row.createdAt ?? 0) <= t) lo = mid + 1;
      else hi = mid;
    }
    const count = Math.max(1, lo);
    const r = this.rng.next() * (this.weightSums[count - 1] ?? 1);
    let a = 0;
    let b = count - 1;
    while (a < b) {
      const mid = (a + b) >> 1;
      if ((this.weightSums[mid] ?? 0) > r) b = mid;
      else a = mid + 1;
    }
    return this.clients[a] as DemoClient;
  }

  private e164Of(raw: string): string | null {
    let v = this.e164Cache.get(raw);
    if (v === undefined) {
      v = normalizePhone(raw);
      this.e164Cache.set(raw, v);
    }
    return v;
  }

  private pretty(e164: string): string {
    let v = this.formatted.get(e164);
    if (v === undefined) {
      v = parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
      this.formatted.set(e164, v);
    }
    return v;
  }

  private newDraft(
    type: TicketType,
    createdAt: number,
    client: DemoClient,
    extra: Partial<Draft> & Pick<Draft, 'title' | 'description'>,
  ): Draft {
    const priority = this.rng.weighted(PRIORITY_WEIGHTS[type]);
    const draft: Draft = {
      seq: this.seq++,
      id: '',
      number: 0,
      type,
      priority,
      source: 'manual',
      billing: 'warranty',
      amount: 0,
      plannedAt: createdAt + SLA_HOURS[priority] * HOUR,
      createdAt,
      createdBy: null,
      client,
      contact: null,
      vehicle: null,
      assignee: null,
      parent: null,
      log: [],
      comments: [],
      visits: [],
      payments: [],
      calls: [],
      actions: [],
      ack: null,
      waitingAt: null,
      ...extra,
    };
    draft.log.push({ to: 'new', at: createdAt, by: draft.createdBy });
    this.drafts.push(draft);
    return draft;
  }

  private comment(
    d: Draft,
    at: number,
    author: DemoEmployee | null,
    pool: readonly string[],
    pub = false,
    vars: Record<string, string> = {},
  ): void {
    if (at >= this.now) return;
    const body = commentText(this.rng, pool, { date: formatDate(at), n: String(this.rng.int(100, 9999)), ...vars });
    d.comments.push({ at: Math.round(at), author, body, public: pub });
  }

  /**
   * Plans one ticket created at `createdAt` (and the planning ticket a visit spawns). `budget` is how many
   * tickets may still be made: with one left, no visit flow, because that would make two.
   */
  plan(createdAt: number, budget: number): number {
    const before = this.drafts.length;
    const rng = this.rng;
    const client = this.pickClient(createdAt);
    const newcomer = createdAt - client.row.createdAt < 45 * DAY;
    let type: TicketType = newcomer && rng.chance(0.55) ? 'installation' : rng.weighted(TYPE_WEIGHTS);
    if (type === 'callback') {
      this.callback(createdAt);
      return this.drafts.length - before;
    }
    let visit = rng.chance(NEEDS_VISIT[type]);
    if (budget < 2 && visit) {
      visit = false;
      if (type === 'installation' || type === 'dismantling') type = 'consultation';
    }
    const vehicle = type === 'consultation' && rng.chance(0.7) ? null : rng.pick(client.vehicles);
    const contact = this.contactFor(client, type);
    const source = rng.weighted(SOURCE_WEIGHTS[type]);
    const createdBy =
      source === 'phone'
        ? this.staff(rng.chance(0.6) ? 'first_line' : 'dispatcher', createdAt)
        : source === 'manual'
          ? this.staff(
              rng.weighted<Role>([
                ['dispatcher', 5],
                ['planner', 2],
                ['engineer', 2],
              ]),
              createdAt,
            )
          : null;
    const paid = visit && rng.chance(PAID_SHARE[type]);
    const text = ticketText(rng, type, { client, vehicle, contact, createdAt } satisfies TextContext);
    const d = this.newDraft(type, createdAt, client, {
      ...text,
      source,
      createdBy,
      vehicle,
      contact,
      billing: paid ? 'paid' : 'warranty',
      amount: paid ? this.price(type, client) : 0,
    });
    if (source === 'phone' && createdBy) this.inboundCall(d, createdBy);
    if (visit) this.visitFlow(d);
    else this.remoteFlow(d, type === 'consultation' && rng.chance(0.6) ? 'first_line' : 'engineer');
    return this.drafts.length - before;
  }

  /** Who reports it: machines are the mechanics' and dispatchers' business; invoices are the accountant's. */
  private contactFor(client: DemoClient, type: TicketType): DemoContact | null {
    if (client.contacts.length === 0 || this.rng.chance(0.15)) return null;
    const accounts = (c: DemoContact) => c.row.role === 'бухгалтер';
    const fitting = client.contacts.filter((c) => (type === 'consultation' ? true : !accounts(c)));
    return this.rng.pick(fitting.length > 0 ? fitting : client.contacts);
  }

  private price(type: TicketType, client: DemoClient): number {
    const [lo, hi] = PRICE_BYN[type];
    const byn = Math.round(this.rng.between(lo, hi) / 5) * 5;
    if (client.row.currency === 'BYN') return byn * 100;
    const rub = Math.round((byn * this.rng.between(70, 80)) / 100) * 100;
    return Math.min(30_000, Math.max(3_000, rub)) * 100;
  }

  /** The call a phone-registered ticket came from. */
  private inboundCall(d: Draft, agent: DemoEmployee): void {
    const phones = (d.contact?.phones ?? d.client.phones).filter((p) => p.row.e164);
    const phone = phones.length > 0 ? this.rng.pick(phones) : null;
    if (!phone?.row.e164) return;
    const raw = pbxNumber(this.rng, phone.row.e164);
    const talk = this.rng.int(60, 480) * 1000;
    const started = d.createdAt - talk - this.rng.int(10, 120) * 1000;
    d.calls.push({
      at: started,
      direction: 'in',
      raw,
      e164: this.e164Of(raw),
      answeredAt: started + this.rng.int(3, 20) * 1000,
      endedAt: d.createdAt - this.rng.int(5, 60) * 1000,
      outcome: 'answered',
      agent,
      callback: null,
    });
  }

  private remoteFlow(d: Draft, role: Role): void {
    const rng = this.rng;
    const s = new Story(d, this.now);
    const handler = this.staff(role, d.createdAt);
    const takeAt = afterWork(rng, d.createdAt, rng.skewed(3, 240));
    if (rng.chance(0.04)) {
      if (rng.chance(0.5) && s.go('in_progress', takeAt, handler)) d.assignee = handler;
      const by = this.staff('dispatcher', s.t);
      if (s.go('cancelled', afterWork(rng, s.t, rng.skewed(10, 2880)), by))
        this.comment(d, s.t, by, COMMENTS.cancelled);
      return;
    }
    if (rng.chance(0.2)) {
      if (!s.go('done', takeAt, handler)) return;
      d.assignee = handler;
    } else {
      if (!s.go('in_progress', takeAt, handler)) return;
      d.assignee = handler;
      if (d.type !== 'consultation' && rng.chance(0.45)) {
        this.comment(d, s.t + rng.int(5, 90) * MINUTE, handler, COMMENTS.remote);
      }
      // Some wait for weeks (the truck is on a long haul, the client does not answer): the old open
      // tickets every real desk has.
      const work = rng.chance(0.05) ? rng.between(10, 150) * 1440 : rng.skewed(10, 3 * 1440);
      if (!s.go('done', afterWork(rng, s.t, work), handler)) return;
    }
    if (d.type === 'consultation' && rng.chance(0.5)) this.comment(d, s.t, handler, COMMENTS.consultation, true);
    if (rng.chance(0.03)) {
      if (!s.go('in_progress', afterWork(rng, s.t, rng.skewed(60, 5 * 1440)), handler)) return;
      if (!s.go('done', afterWork(rng, s.t, rng.skewed(30, 2 * 1440)), handler)) return;
    }
    if (rng.chance(0.65)) s.go('closed', afterWork(rng, s.t, rng.skewed(120, 7 * 1440)), this.staff('dispatcher', s.t));
  }

  private visitFlow(d: Draft): void {
    const rng = this.rng;
    const s = new Story(d, this.now);
    let engineer: DemoEmployee | null = null;
    let needsAt: number;
    let needsBy: DemoEmployee;
    if ((d.type === 'incident' || d.type === 'maintenance') && rng.chance(0.6)) {
      engineer = this.staff('engineer', d.createdAt);
      if (!s.go('in_progress', afterWork(rng, d.createdAt, rng.skewed(3, 240)), engineer)) return;
      d.assignee = engineer;
      if (rng.chance(0.4)) this.comment(d, s.t + rng.int(5, 60) * MINUTE, engineer, COMMENTS.remote);
      needsBy = engineer;
      needsAt = afterWork(rng, s.t, rng.skewed(15, 2 * 1440));
    } else {
      needsBy = d.createdBy ?? this.staff('dispatcher', d.createdAt);
      needsAt = afterWork(rng, d.createdAt, rng.skewed(3, 180));
    }
    if (!s.go('needs_visit', needsAt, needsBy)) return;
    needsAt = s.t;
    if (rng.chance(0.5)) this.comment(d, needsAt + 30_000, needsBy, COMMENTS.needsVisit);
    const child = this.child(d, needsAt, needsBy);
    const cs = new Story(child, this.now);

    if (rng.chance(0.03)) {
      const by = this.staff('dispatcher', s.t);
      if (s.go('cancelled', afterWork(rng, s.t, rng.skewed(60, 5 * 1440)), by)) {
        this.comment(d, s.t, by, COMMENTS.cancelled);
        cs.go('cancelled', s.t, by);
      }
      return;
    }
    const planner = this.staff('planner', needsAt);
    // Usually planned within days; sometimes the vehicle is away for weeks and the ticket waits.
    const planAt = afterWork(rng, needsAt, rng.chance(0.06) ? rng.between(7, 60) * 1440 : rng.skewed(20, 3 * 1440));
    if (cs.go('in_progress', needsAt + (planAt - needsAt) * rng.between(0.05, 0.5), planner)) child.assignee = planner;
    if (!s.go('visit_planned', planAt, planner)) return;
    cs.go('done', planAt, planner);
    if (rng.chance(0.6)) cs.go('closed', afterWork(rng, planAt, rng.skewed(60, 3 * 1440)), planner);

    const [leadLo, leadHi] = LEAD_DAYS[d.priority];
    const [minLo, minHi] = VISIT_MINUTES[d.type];
    const { start, end, ...slot } = this.scheduler.book(
      localDay(planAt) + rng.int(leadLo, leadHi),
      Math.round(rng.between(minLo, minHi) / 5) * 5,
      engineer,
      // A same-day visit needs time to drive there.
      planAt + rng.int(60, 150) * MINUTE,
    );
    const visit: DraftVisit = {
      engineer: slot.engineer,
      start,
      end,
      state: 'planned',
      place: this.place(d.client),
      plannedAt: planAt,
    };
    d.visits.push(visit);
    d.assignee = slot.engineer;
    d.plannedAt = end;
    if (rng.chance(0.6)) {
      this.comment(d, planAt + rng.int(1, 15) * MINUTE, planner, COMMENTS.planned, true, {
        engineer: slot.engineer.row.name,
        date: formatDate(start),
        time: formatTime(start),
        plate: d.vehicle?.row.plate ?? '',
      });
    }
    if (rng.chance(0.03)) {
      const cancelAt = afterWork(rng, planAt, rng.skewed(60, 2 * 1440));
      const by = this.staff('dispatcher', planAt);
      if (cancelAt < start && s.go('cancelled', cancelAt, by)) {
        this.comment(d, cancelAt, by, COMMENTS.cancelled);
        visit.state = 'cancelled';
        return;
      }
    }
    const paid = d.billing === 'paid';
    const reached = paid
      ? s.go('paid_visit', start, slot.engineer) && s.go('waiting_payment', end, slot.engineer)
      : s.go('done', end, slot.engineer);
    if (reached) {
      visit.state = 'done';
      if (rng.chance(0.7)) this.comment(d, end + rng.int(1, 20) * MINUTE, slot.engineer, COMMENTS.visitDone);
      if (paid) d.waitingAt = end;
      else if (rng.chance(0.7)) {
        s.go('closed', afterWork(rng, end, rng.skewed(60, 5 * 1440)), this.staff('dispatcher', end));
      }
    } else if (this.now >= start) visit.state = 'on_site';
    else if (this.now >= start - HOUR) visit.state = 'en_route';
  }

  private place(client: DemoClient): string | null {
    const where = client.row.address ?? `г. ${client.city.name}`;
    return this.rng.weighted<string | null>([
      [where, 6],
      [`Стоянка: ${where}`, 2],
      [`База клиента, ${client.city.name}`, 1],
      [null, 1],
    ]);
  }

  /**
   * The ticket «needs visit» spawns for the planning group (core/mutations.ts ticket.setStatus), as that
   * mutation writes it — except billing: the planning task bills nothing; the visit itself is on the parent.
   */
  private child(parent: Draft, at: number, by: DemoEmployee): Draft {
    return this.newDraft('maintenance', at, parent.client, {
      title: `Выезд: ${parent.title}`.slice(0, 300),
      description: parent.description,
      priority: parent.priority,
      contact: parent.contact,
      vehicle: parent.vehicle,
      parent,
      source: 'manual',
      createdBy: by,
      plannedAt: at + (parent.priority === 'critical' ? 4 : 24) * HOUR,
    });
  }

  /**
   * A missed call and the callback it opens. The story is timed first, then a caller is chosen whose number
   * had no open callback in that span, so the callback rule (run later by generate.ts through the callback
   * mutators) makes exactly this one ticket. Some callers withhold their number: each such call is a callback
   * of its own, closed by hand since there is nothing to dial.
   */
  private callback(createdAt: number): void {
    const rng = this.rng;
    const firstLine = this.staff('first_line', createdAt);
    const takeAt = afterWork(rng, createdAt, rng.skewed(1, 90));
    const withheld = rng.chance(0.04);
    const kind = withheld
      ? 'cancel'
      : rng.weighted<'cancel' | 'quick' | 'later' | 'normal'>([
          ['cancel', 3],
          ['quick', 25],
          ['later', 20],
          ['normal', 52],
        ]);
    // When the call back is dialled (a cancelled callback is closed by hand then), and when it ends: the
    // callback is resolved by that call, after the claim and every missed call before it.
    const backAt =
      kind === 'cancel' || kind === 'quick'
        ? takeAt
        : kind === 'later'
          ? afterWork(rng, takeAt, rng.int(30, 70))
          : takeAt + Math.round(rng.skewed(2, 25) * MINUTE);
    const talk = rng.int(40, 300) * 1000;
    const doneAt = kind === 'cancel' ? takeAt : backAt + 15_000 + talk;
    // The span this number's callback is open, with a margin for the missed call before `createdAt`.
    const openUntil = doneAt < this.now ? doneAt : Number.POSITIVE_INFINITY;
    const openFrom = createdAt - 5 * MINUTE;
    let phone: DemoPhone | null = null;
    let client: DemoClient | null = withheld ? this.pickClient(createdAt) : null;
    for (let attempt = 0; attempt < 12 && !phone && !withheld; attempt++) {
      const c = this.pickClient(createdAt);
      const candidates = c.phones.filter((p) => p.row.e164);
      if (candidates.length === 0) continue;
      const p = rng.pick(candidates);
      const spans = this.callbackSpans.get(p.row.e164 ?? '') ?? [];
      if (spans.some(([a, b]) => a < openUntil && openFrom < b)) continue;
      phone = p;
      client = c;
    }
    if (!client || (!withheld && !phone?.row.e164)) return;
    const e164 = phone?.row.e164 ?? null;
    if (e164) this.callbackSpans.set(e164, [...(this.callbackSpans.get(e164) ?? []), [openFrom, openUntil]]);

    const contact = phone?.contact ?? null;
    const shown = e164 ? this.pretty(e164) : 'скрытого номера';
    const text = callbackText(rng, shown, { client, contact, vehicle: null, createdAt }, 'Техподдержка');
    const d = this.newDraft('callback', createdAt, client, { ...text, source: 'missed_call', contact });
    const missed = (when: number, recordedAt: number) => {
      const at = Math.round(when);
      if (at >= this.now || recordedAt >= this.now) return;
      const raw = e164 ? pbxNumber(rng, e164) : 'anonymous';
      d.calls.push({
        at,
        direction: 'in',
        raw,
        e164: e164 ? this.e164Of(raw) : null,
        answeredAt: null,
        endedAt: at + rng.int(8, 40) * 1000,
        outcome: 'missed',
        agent: null,
        callback: d,
        recordedAt: Math.round(recordedAt),
        by: null,
      });
    };
    // The PBX's e-mail about the first miss is what opens the ticket, at `createdAt`.
    missed(createdAt - rng.int(30, 90) * 1000, createdAt);
    // Repeated missed calls add to the open callback instead of making another (the callback rule).
    const extra = withheld
      ? 0
      : rng.weighted<number>([
          [0, 70],
          [1, 22],
          [2, 8],
        ]);
    const until = Math.min(backAt, this.now) - 60_000;
    for (let i = 0; i < extra && until > createdAt; i++) {
      const at = createdAt + (until - createdAt) * rng.next();
      missed(at, at + rng.int(5, 40) * 1000);
    }
    d.calls.sort((a, b) => a.at - b.at);

    const act = (kind: CallbackAction['kind'], at: number) => {
      if (at < this.now) d.actions.push({ kind, at: Math.round(at), by: firstLine });
      return at < this.now;
    };
    if (kind === 'cancel') {
      if (act('resolve', takeAt)) {
        this.comment(
          d,
          takeAt,
          firstLine,
          withheld ? ['Номер скрыт, перезвонить некуда.'] : ['Дубль, уже перезвонили.'],
        );
      }
      return;
    }
    if (kind !== 'quick') {
      if (!act('claim', takeAt)) return;
      if (kind === 'later' && act('later', takeAt + 60_000)) {
        this.comment(d, takeAt + 60_000, firstLine, COMMENTS.callbackLater);
      }
    }
    if (doneAt >= this.now) return;
    // Sometimes the client gets through first; answering them resolves the callback.
    const clientCalled = rng.chance(0.1);
    const raw = clientCalled ? pbxNumber(rng, e164!) : phone!.row.raw;
    d.calls.push({
      at: Math.round(backAt),
      direction: clientCalled ? 'in' : 'out',
      raw,
      e164: this.e164Of(raw),
      answeredAt: doneAt - talk,
      endedAt: doneAt,
      outcome: 'answered',
      agent: firstLine,
      callback: d,
      recordedAt: doneAt,
      by: firstLine,
    });
    if (rng.chance(0.5)) this.comment(d, doneAt + 30_000, firstLine, COMMENTS.callbackDone);
  }

  /** Calls that belong to no ticket: withheld numbers, calls picked up elsewhere in the ring group, rejects. */
  strayCalls(count: number, start: number): DraftCall[] {
    const rng = this.rng;
    const calls: DraftCall[] = [];
    for (let i = 0; i < count; i++) {
      const t = afterWork(rng, Math.round(start + (this.now - start) * rng.next()), 0);
      if (t >= this.now) continue;
      const outcome = rng.weighted<DraftCall['outcome']>([
        ['answered_elsewhere', 4],
        ['rejected', 2],
      ]);
      const withheld = rng.chance(0.2);
      const client = this.pickClient(t);
      const phones = client.phones.filter((p) => p.row.e164);
      const e164 = phones.length > 0 ? rng.pick(phones).row.e164 : null;
      const raw = withheld || !e164 ? 'anonymous' : pbxNumber(rng, e164);
      calls.push({
        at: t,
        direction: 'in',
        raw,
        e164: raw === 'anonymous' ? null : this.e164Of(raw),
        answeredAt: outcome === 'answered_elsewhere' ? t + rng.int(3, 15) * 1000 : null,
        endedAt: t + rng.int(5, 200) * 1000,
        outcome,
        agent: outcome === 'rejected' ? this.staff('first_line', t) : null,
        callback: null,
      });
    }
    return calls;
  }

  /**
   * Payments, after all tickets are planned: every paid visit is paid in the end — on the spot, in a few
   * days or a month later — except at the chosen debtors, who keep one to three visits unpaid (some long
   * ago). Paid tickets are closed by the accountant; unpaid ones stay «waiting for payment».
   */
  settle(debtorTarget: number): number {
    const rng = this.rng;
    const waiting = this.drafts.filter((d) => d.waitingAt !== null);
    const byClient = new Map<DemoClient, Draft[]>();
    for (const d of waiting) byClient.set(d.client, [...(byClient.get(d.client) ?? []), d]);
    const candidates = rng.shuffle([...byClient.keys()].sort((a, b) => a.row.createdAt - b.row.createdAt));
    const debtors = new Set(candidates.slice(0, debtorTarget));
    const unpaid = new Set<Draft>();
    for (const client of debtors) {
      const list = (byClient.get(client) ?? []).sort((a, b) => (a.waitingAt ?? 0) - (b.waitingAt ?? 0));
      const k = Math.min(
        list.length,
        rng.weighted<number>([
          [1, 6],
          [2, 3],
          [3, 1],
        ]),
      );
      // Some debts are old: the customer's accountant chases visits unpaid for months.
      if (rng.chance(0.4) && list[0]) unpaid.add(list[0]);
      while ([...unpaid].filter((d) => d.client === client).length < k) unpaid.add(rng.pick(list));
    }
    for (const d of waiting) {
      const waitingAt = d.waitingAt ?? d.createdAt;
      const accountant = this.staff('accountant', waitingAt);
      const s = new Story(d, this.now);
      if (rng.chance(0.5)) this.comment(d, afterWork(rng, waitingAt, rng.int(20, 600)), accountant, COMMENTS.invoice);
      if (unpaid.has(d)) {
        if (rng.chance(0.3)) {
          const at = afterWork(rng, waitingAt, rng.skewed(60, 20 * 1440));
          if (at < this.now)
            d.payments.push({ amount: Math.round(d.amount * rng.between(0.3, 0.7)), at, by: accountant });
        }
        const reminders = rng.int(0, 3);
        for (let i = 0; i < reminders; i++) {
          this.comment(d, afterWork(rng, waitingAt, rng.between(3, 60) * 1440), accountant, COMMENTS.reminder);
        }
        continue;
      }
      const delay = rng.weighted<number>([
        [rng.int(5, 120), 40],
        [rng.between(1, 7) * 1440, 40],
        [rng.between(8, 30) * 1440, 20],
      ]);
      let paidAt = afterWork(rng, waitingAt, delay);
      // Recent visits of clients who pay are paid already: the debt list shows only the chosen debtors.
      if (paidAt >= this.now) paidAt = Math.round(waitingAt + (this.now - waitingAt) * rng.between(0.05, 0.9));
      if (rng.chance(0.1) && paidAt - waitingAt > 2 * DAY) {
        const first = Math.round(d.amount * rng.between(0.3, 0.6));
        d.payments.push({ amount: first, at: Math.round(waitingAt + (paidAt - waitingAt) / 2), by: accountant });
        d.payments.push({ amount: d.amount - first, at: paidAt, by: accountant });
      } else {
        d.payments.push({ amount: d.amount, at: paidAt, by: accountant });
      }
      if (rng.chance(0.4)) this.comment(d, paidAt + 60_000, accountant, COMMENTS.paid);
      const closeAt = afterWork(rng, paidAt, rng.skewed(10, 3 * 1440));
      s.go(rng.chance(0.85) ? 'closed' : 'done', closeAt, accountant);
    }
    return new Set([...unpaid].map((d) => d.client)).size;
  }

  /**
   * The debt a dispatcher saw and acknowledged when registering a ticket for a client who owed money then
   * (ticket.create refuses otherwise). Only for tickets a person registered: automatic ones have no one to ask.
   */
  acknowledgeDebts(): void {
    const paidByClient = new Map<DemoClient, Draft[]>();
    for (const d of this.drafts) {
      if (d.waitingAt !== null) paidByClient.set(d.client, [...(paidByClient.get(d.client) ?? []), d]);
    }
    for (const d of this.drafts) {
      if (!d.createdBy || d.parent) continue;
      const t = d.createdAt;
      let count = 0;
      let sum = 0;
      let oldestAt: number | null = null;
      for (const p of paidByClient.get(d.client) ?? []) {
        if (p === d || p.waitingAt === null || p.waitingAt >= t) continue;
        const paid = p.payments.filter((x) => x.at < t).reduce((acc, x) => acc + x.amount, 0);
        if (paid >= p.amount) continue;
        count += 1;
        sum += p.amount - paid;
        oldestAt = oldestAt === null ? p.waitingAt : Math.min(oldestAt, p.waitingAt);
      }
      if (count > 0) d.ack = { count, sum, oldestAt, at: t, by: d.createdBy };
    }
  }
}
