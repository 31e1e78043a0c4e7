/**
 * The ticket status model is data: statuses and the transitions between them live in the store and can be
 * edited by an admin. This file holds the seed (what a new installation starts with) and the pure rules
 * that read any model, seeded or edited.
 */
export const STATUS_KINDS = ['open', 'completed', 'cancelled'] as const;
export type StatusKind = (typeof STATUS_KINDS)[number];

export type StatusDef = Readonly<{
  code: string;
  position: number;
  kind: StatusKind;
  nameRu: string;
  nameEn: string;
  color: string;
}>;

export type Transition = Readonly<{
  from: string;
  to: string;
  /**
   * Taken by itself when the ticket's last unit is paid ("waiting for payment" → "done"): a rule of the model,
   * so an admin decides which statuses wait for money and where a paid ticket goes.
   */
  onFullPayment?: boolean;
}>;

export type StatusModel = Readonly<{
  statuses: readonly StatusDef[];
  transitions: readonly Transition[];
}>;

export const SEED_STATUSES: readonly StatusDef[] = [
  { code: 'new', position: 10, kind: 'open', nameRu: 'Новая', nameEn: 'New', color: '#1976d2' },
  { code: 'in_progress', position: 20, kind: 'open', nameRu: 'В работе', nameEn: 'In progress', color: '#0288d1' },
  {
    code: 'needs_visit',
    position: 30,
    kind: 'open',
    nameRu: 'Требуется выезд',
    nameEn: 'Needs visit',
    color: '#7b1fa2',
  },
  {
    code: 'visit_planned',
    position: 40,
    kind: 'open',
    nameRu: 'Выезд запланирован',
    nameEn: 'Visit planned',
    color: '#512da8',
  },
  { code: 'paid_visit', position: 50, kind: 'open', nameRu: 'Платный выезд', nameEn: 'Paid visit', color: '#f57c00' },
  {
    code: 'waiting_payment',
    position: 60,
    kind: 'completed',
    nameRu: 'Ожидает оплаты',
    nameEn: 'Waiting for payment',
    color: '#d32f2f',
  },
  { code: 'done', position: 70, kind: 'completed', nameRu: 'Решена', nameEn: 'Done', color: '#388e3c' },
  { code: 'closed', position: 80, kind: 'completed', nameRu: 'Закрыта', nameEn: 'Closed', color: '#616161' },
  { code: 'cancelled', position: 90, kind: 'cancelled', nameRu: 'Отменена', nameEn: 'Cancelled', color: '#9e9e9e' },
];

const seedPairs: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['new', ['in_progress', 'needs_visit', 'paid_visit', 'done', 'cancelled']],
  ['in_progress', ['needs_visit', 'paid_visit', 'done', 'cancelled']],
  ['needs_visit', ['visit_planned', 'in_progress', 'cancelled']],
  ['visit_planned', ['paid_visit', 'done', 'needs_visit', 'cancelled']],
  ['paid_visit', ['waiting_payment', 'visit_planned', 'cancelled']],
  ['waiting_payment', ['done', 'closed']],
  ['done', ['closed', 'in_progress']],
  ['closed', []],
  ['cancelled', ['new']],
];

export const SEED_TRANSITIONS: readonly Transition[] = seedPairs.flatMap(([from, tos]) =>
  tos.map((to) => ({ from, to })),
);

/** The seed's full-payment moves: a visit waiting for its money is done once it is paid in full. */
export const SEED_FULL_PAYMENT: readonly Transition[] = [{ from: 'waiting_payment', to: 'done', onFullPayment: true }];

export const SEED_STATUS_MODEL: StatusModel = {
  statuses: SEED_STATUSES,
  transitions: SEED_TRANSITIONS.map(
    (t) => SEED_FULL_PAYMENT.find((rule) => rule.from === t.from && rule.to === t.to) ?? t,
  ),
};

/** Status that creates a child ticket for the planning group (the customer's automatic rule). */
export const NEEDS_VISIT_STATUS = 'needs_visit';

export function allowedTargets(model: StatusModel, from: string): readonly string[] {
  return model.transitions.filter((t) => t.from === from).map((t) => t.to);
}

export function isTransitionAllowed(model: StatusModel, from: string, to: string): boolean {
  return model.transitions.some((t) => t.from === from && t.to === to);
}

/** Where a ticket in `from` goes by itself once it is paid in full, or null when its status waits for no money. */
export function fullPaymentTarget(model: StatusModel, from: string): string | null {
  return model.transitions.find((t) => t.from === from && t.onFullPayment === true)?.to ?? null;
}

export function statusKind(model: StatusModel, code: string): StatusKind | undefined {
  return model.statuses.find((s) => s.code === code)?.kind;
}

export type StatusLogEntry = Readonly<{ toStatus: string; at: number }>;

/**
 * Time spent in each status, from the ordered status log of one ticket. The last status runs until `now`
 * unless it is a completed or cancelled one, whose clock stops when it is entered.
 */
export function timeInStatuses(
  model: StatusModel,
  log: readonly StatusLogEntry[],
  now: number,
): ReadonlyMap<string, number> {
  const totals = new Map<string, number>();
  log.forEach((entry, i) => {
    const next = log[i + 1];
    const kind = statusKind(model, entry.toStatus);
    const end = next ? next.at : kind === 'open' ? now : entry.at;
    totals.set(entry.toStatus, (totals.get(entry.toStatus) ?? 0) + Math.max(0, end - entry.at));
  });
  return totals;
}
