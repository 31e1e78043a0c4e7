import type { RowOf, TableName } from '../entities.js';

/**
 * One row per synced table with every field set — a boolean of each value, JSON, large and small numbers,
 * Cyrillic and astral text — so a round trip through any store shows a field that does not come back as
 * it went in. `withNulls` makes the same row with every nullable field null.
 */
const ID = (n: number) => `01a21d46-3e17-702b-bbd1-${String(n).padStart(12, '0')}`;
const TEXT = 'Семён «Газель» 🚚 — ёЁ';
const LATE = 253_402_300_799_999;

export const SAMPLE_ROWS: { readonly [T in TableName]: RowOf<T> } = {
  employees: {
    id: ID(1),
    name: TEXT,
    roles: ['dispatcher', 'first_line'],
    sipExtension: '101',
    color: '#a1B2c3',
    active: true,
  },
  clients: {
    id: ID(2),
    name: TEXT,
    taxId: '190123456',
    category: 'VIP',
    address: 'Минск, ул. Тимирязева, 67',
    notes: 'line 1\nline 2\ttab',
    currency: 'RUB',
    createdAt: LATE,
  },
  contacts: { id: ID(3), clientId: ID(2), name: TEXT, role: 'механик', email: 'a@b.by' },
  phones: { id: ID(4), clientId: ID(2), contactId: ID(3), raw: '8 029 123-45-67', e164: '+375291234567' },
  vehicles: {
    id: ID(5),
    clientId: ID(2),
    plate: '1234 AB-7',
    make: 'МАЗ',
    model: '5440',
    vin: 'XTA21099043512345',
    unitId: '865209040000001',
  },
  tickets: {
    id: ID(6),
    number: 2_147_483_648,
    title: TEXT,
    description: 'x'.repeat(5000),
    type: 'callback',
    status: 'waiting_payment',
    priority: 'critical',
    clientId: ID(2),
    contactId: ID(3),
    vehicleId: ID(5),
    assigneeId: ID(1),
    parentId: ID(7),
    source: 'missed_call',
    billing: 'paid',
    amount: 100_000_000_000,
    plannedAt: 1,
    createdAt: 0,
    updatedAt: LATE,
    resolvedAt: 1_767_225_600_000,
    createdBy: ID(1),
  },
  ticket_status_log: { id: ID(8), ticketId: ID(6), fromStatus: 'new', toStatus: 'done', at: 5, by: ID(1) },
  comments: { id: ID(9), ticketId: ID(6), authorId: ID(1), body: TEXT, public: true, at: 6 },
  payments: {
    id: ID(10),
    ticketId: ID(6),
    amount: 1,
    paidAt: 7,
    by: ID(1),
    comment: TEXT,
    correctedAt: 17,
    correctedBy: ID(1),
    cancelledAt: LATE,
    cancelledBy: ID(1),
    cancelReason: 'двойная запись\nпо ошибке',
  },
  reminders: {
    id: ID(14),
    clientId: ID(2),
    ticketId: ID(6),
    at: 18,
    by: ID(1),
    note: TEXT,
    promisedAt: 1_767_225_600_000,
    followUpAt: LATE,
  },
  visits: {
    id: ID(11),
    ticketId: ID(6),
    engineerId: ID(1),
    startAt: 8,
    endAt: 9,
    state: 'en_route',
    place: TEXT,
  },
  calls: {
    id: ID(12),
    sipCallId: 'a84b4c76e66710@pbx.example.by',
    direction: 'in',
    numberRaw: '+375 (29) 123-45-67',
    numberE164: '+375291234567',
    startedAt: 10,
    answeredAt: 11,
    endedAt: 12,
    outcome: 'answered_elsewhere',
    agentId: ID(1),
    callbackTicketId: ID(6),
    source: 'mail',
    pbxId: 'Asterisk «Главный офис» 🚚',
    clientId: ID(2),
  },
  callbacks: {
    id: ID(6),
    numberKey: '+375291234567',
    numberRaw: TEXT,
    clientId: ID(2),
    missedCount: 2_147_483_647,
    firstMissedAt: 14,
    lastMissedAt: LATE,
    dueAt: 1_767_225_600_000,
    claimedBy: ID(1),
    claimedAt: 15,
    state: 'resolved',
    resolvedAt: 16,
    resolution: 'called-back',
  },
  debt_acknowledgements: {
    id: ID(13),
    ticketId: ID(6),
    clientId: ID(2),
    debtCount: 3,
    debtSum: 45_000,
    oldestAt: 12,
    by: ID(1),
    at: 13,
  },
};

/** The same rows with the other boolean value and every nullable field null. */
export function withNulls<T extends TableName>(row: RowOf<T>, nullable: readonly string[]): RowOf<T> {
  const out: Record<string, unknown> = { ...row };
  for (const key of nullable) out[key] = null;
  for (const [key, value] of Object.entries(out)) if (typeof value === 'boolean') out[key] = !value;
  return out as RowOf<T>;
}
