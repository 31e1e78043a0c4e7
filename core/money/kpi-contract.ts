import { z } from 'zod';
import { Currency } from '../clients/tables.js';
import { empty, query } from '../contract-method.js';
import { LocalDate } from '../planning/tables.js';
import { Id, Millis, str } from '../schema/text.js';
import { StatusTimes, StatusTimesQuery } from '../tickets/status-times.js';
import { StatusCode } from '../tickets/tables.js';
import { ExportedFile, EXPORT_FORMATS } from './contract.js';
import { Hundredths, PriceList, WorkCode } from './price-list.js';
import { WorkReport, WorkReportQuery } from './work-report.js';

/** A row of a price list as the accountant reviews it: the whole history, with the rows in force today marked. */
export const PriceDto = z.object({
  id: Id,
  list: PriceList,
  code: WorkCode,
  name: str(),
  unit: str(),
  value: Hundredths,
  currency: Currency.nullable(),
  effectiveFrom: LocalDate,
  setAt: Millis,
  inForce: z.boolean(),
});
export type PriceDto = z.infer<typeof PriceDto>;

export const PriceListing = z.object({
  /** Today in the company's zone: what "in force" was judged against. */
  today: LocalDate,
  items: z.array(PriceDto),
});
export type PriceListing = z.infer<typeof PriceListing>;

export const WorkLineDto = z.object({
  id: Id,
  list: PriceList,
  code: WorkCode,
  name: str(),
  quantity: z.number().int(),
  unitValue: Hundredths,
  currency: Currency.nullable(),
  employeeId: Id,
  employeeName: str(),
  cancelled: z.boolean(),
});
export type WorkLineDto = z.infer<typeof WorkLineDto>;

/** A ticket looked up by its number to record work on, with the lines it has. */
export const WorkTicket = z.object({
  ticketId: Id,
  number: z.number().int(),
  title: str(),
  status: StatusCode,
  /** Work is recorded on completed tickets only. */
  completed: z.boolean(),
  /** The completion day in the company's zone: whose prices apply. */
  day: LocalDate.nullable(),
  lines: z.array(WorkLineDto),
});
export type WorkTicket = z.infer<typeof WorkTicket>;

const WORK_READS = ['work_lines', 'price_items', 'employees'] as const;

export const KPI_CONTRACT = {
  'prices:list': query(empty, PriceListing, ['price_items', 'planning_settings']),
  'work:ticket': query(z.object({ number: z.number().int().positive() }).strict(), WorkTicket.nullable(), [
    'tickets',
    'planning_settings',
    ...WORK_READS,
  ]),
  'work:report': query(WorkReportQuery, WorkReport, WORK_READS),
  'work:export': query(
    z.object({ format: z.enum(EXPORT_FORMATS), report: WorkReportQuery }).strict(),
    ExportedFile,
    WORK_READS,
  ),
  'status:times': query(StatusTimesQuery, StatusTimes, ['tickets', 'ticket_status_log', 'planning_settings']),
} as const;
