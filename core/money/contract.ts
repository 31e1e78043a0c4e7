import { z } from 'zod';
import { Currency } from '../clients/tables.js';
import { action, query } from '../contract-method.js';
import { Id, Millis, MinorUnits, str } from '../schema/text.js';
import { AGING_BUCKETS } from './debt.js';

/** A client's unpaid paid visits, as every place that marks a debtor shows them. */
export const DebtSummary = z.object({
  count: z.number().int().nonnegative(),
  sum: MinorUnits,
  oldestAt: Millis.nullable(),
  currency: Currency,
});
export type DebtSummary = z.infer<typeof DebtSummary>;

/** The payments of one visit as the accountant reviews them: cancelled ones too, marked. */
export const DebtPayment = z.object({
  id: Id,
  amount: MinorUnits,
  paidAt: Millis,
  comment: str().nullable(),
  correctedAt: Millis.nullable(),
  cancelledAt: Millis.nullable(),
  cancelReason: str().nullable(),
});
export type DebtPayment = z.infer<typeof DebtPayment>;

/** One completed paid visit not fully paid (core/money/debt.ts decides which). */
export const DebtVisit = z.object({
  ticketId: Id,
  ticketNumber: z.number().int(),
  title: str(),
  /** When the visit was completed; its age counts from here. */
  completedAt: Millis,
  ageDays: z.number().int().nonnegative(),
  bucket: z.enum(AGING_BUCKETS),
  amount: MinorUnits,
  paid: MinorUnits,
  owed: MinorUnits,
  engineerName: str().nullable(),
  payments: z.array(DebtPayment),
});
export type DebtVisit = z.infer<typeof DebtVisit>;

export const DebtContact = z.object({
  /** null: the client's own numbers, not a person's. */
  contactId: Id.nullable(),
  name: str().nullable(),
  role: str().nullable(),
  phones: z.array(str()),
});
export type DebtContact = z.infer<typeof DebtContact>;

export const ReminderDto = z.object({
  id: Id,
  at: Millis,
  byName: str().nullable(),
  note: str(),
  promisedAt: Millis.nullable(),
  followUpAt: Millis.nullable(),
});
export type ReminderDto = z.infer<typeof ReminderDto>;

export const Debtor = z.object({
  clientId: Id,
  name: str(),
  taxId: str().nullable(),
  address: str().nullable(),
  currency: Currency,
  owed: MinorUnits,
  /** Age of the oldest unpaid visit, in days. */
  ageDays: z.number().int().nonnegative(),
  visits: z.array(DebtVisit),
  contacts: z.array(DebtContact),
  lastReminder: ReminderDto.nullable(),
});
export type Debtor = z.infer<typeof Debtor>;

export const DEBT_SORTS = ['age', 'sum'] as const;
export const DebtSort = z.enum(DEBT_SORTS);
export type DebtSort = z.infer<typeof DebtSort>;

export const DebtsQuery = z
  .object({
    /** Oldest debt first, or largest sum first. */
    sort: DebtSort.default('age'),
    /** How many debtors to list in full; the totals and buckets always count every debtor. */
    limit: z.number().int().positive().max(10_000).default(500),
  })
  .strict();
export type DebtsQuery = z.input<typeof DebtsQuery>;

/** Sums per currency: a desk may serve clients billed in BYN and in RUB, which never add up. */
export const DebtTotal = z.object({
  currency: Currency,
  debtors: z.number().int().nonnegative(),
  visits: z.number().int().nonnegative(),
  owed: MinorUnits,
});
export const DebtBucket = z.object({
  bucket: z.enum(AGING_BUCKETS),
  currency: Currency,
  visits: z.number().int().nonnegative(),
  owed: MinorUnits,
});

export const DebtList = z.object({
  /** The moment ages were counted from. */
  asOf: Millis,
  debtors: z.array(Debtor),
  /** Every debtor, also those beyond the limit. */
  debtorCount: z.number().int().nonnegative(),
  totals: z.array(DebtTotal),
  buckets: z.array(DebtBucket),
});
export type DebtList = z.infer<typeof DebtList>;

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;

/** A file made at the desk for the window to save (a download in the browser host, a save dialog on the desktop). */
export const ExportedFile = z.object({
  fileName: str(),
  mimeType: str(),
  /** The bytes, base64: the contract carries JSON. */
  base64: z.base64(),
});
export type ExportedFile = z.infer<typeof ExportedFile>;

/** The company's letterhead on reminder letters, kept in the desk's settings. */
export const CompanyDetails = z
  .object({
    name: str().trim().min(1).max(300),
    taxId: str().trim().max(50).default(''),
    address: str().trim().max(500).default(''),
    phone: str().trim().max(100).default(''),
    email: str().trim().max(200).default(''),
    bank: str().trim().max(1000).default(''),
    signer: str().trim().max(200).default(''),
  })
  .strict();
export type CompanyDetails = z.infer<typeof CompanyDetails>;

// A debt follows tickets, payments and reminders; the list also shows names, contacts and phones.
const DEBT_READS = ['tickets', 'payments', 'reminders', 'clients', 'contacts', 'phones', 'employees'] as const;

export const MONEY_CONTRACT = {
  'debts:list': query(DebtsQuery, DebtList, DEBT_READS),
  'debts:export': query(
    z.object({ format: z.enum(EXPORT_FORMATS), sort: DebtSort.default('age') }).strict(),
    ExportedFile,
    DEBT_READS,
  ),
  'debts:letter': query(z.object({ clientId: Id }).strict(), ExportedFile, DEBT_READS),
  'company:details': query(z.object({}).strict(), CompanyDetails.nullable(), 'session'),
  'company:set-details': action(CompanyDetails, CompanyDetails),
} as const;
