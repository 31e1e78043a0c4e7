import { z } from 'zod';
import { Currency } from '../clients/tables.js';
import type { Role } from '../entities.js';
import { LocalDate } from '../planning/tables.js';
import { PultError } from '../result.js';
import { Id, str } from '../schema/text.js';
import { Hundredths, PriceList, WorkCode } from './price-list.js';

/** The longest period one report covers: a year and a day, so a leap year fits whole. */
export const MAX_REPORT_DAYS = 367;

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

export const WorkReportQuery = z
  .object({
    /** First and last day of the period (inclusive), as local dates of the company's zone. */
    from: LocalDate,
    to: LocalDate,
    /** One employee, or null for everyone the asker may see. */
    employeeId: Id.nullable().default(null),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'The period ends before it starts' })
  .refine((q) => dayNumber(q.to) - dayNumber(q.from) < MAX_REPORT_DAYS, {
    message: `A report covers at most ${MAX_REPORT_DAYS} days`,
  });
export type WorkReportQuery = z.output<typeof WorkReportQuery>;

/** Days as half-open ranges [start, end) of local dates. */
export type DayRange = Readonly<{ start: string; end: string }>;

/**
 * How to sum a period from per-month totals: the months `first`..`last` whole, plus the lines of the days in
 * `add`, minus the lines of the days in `subtract` (days of those whole months that lie outside the period).
 */
export type MonthSplit = Readonly<{
  months: Readonly<{ first: string; last: string }> | null;
  add: readonly DayRange[];
  subtract: readonly DayRange[];
}>;

const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const daysBetween = (start: string, end: string) =>
  (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000;
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};
const previousMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};
const nonEmpty = (ranges: readonly DayRange[]) => ranges.filter((r) => r.start < r.end);

/**
 * Splits a period (inclusive local dates, `from` ≤ `to`) so that a report reads as few lines as it can: the months
 * it covers whole come from per-month totals, and so does a partial month at either edge when fewer of that
 * month's days lie outside the period than inside (its outside days are then subtracted line by line, else its
 * inside days are added line by line). "A year to today" thus reads the lines of a day or two, not of a month.
 * Every day of the period counts exactly once and every other day nets to zero.
 */
export function splitByMonths(from: string, to: string): MonthSplit {
  const fromMonth = from.slice(0, 7);
  const toMonth = to.slice(0, 7);
  const end = dayAfter(to);
  if (fromMonth === toMonth) {
    const outside = nonEmpty([
      { start: `${fromMonth}-01`, end: from },
      { start: end, end: `${nextMonth(toMonth)}-01` },
    ]);
    const outsideDays = outside.reduce((n, r) => n + daysBetween(r.start, r.end), 0);
    return outsideDays < daysBetween(from, end)
      ? { months: { first: fromMonth, last: fromMonth }, add: [], subtract: outside }
      : { months: null, add: [{ start: from, end }], subtract: [] };
  }
  const add: DayRange[] = [];
  const subtract: DayRange[] = [];
  let first = fromMonth;
  const lowerInside = { start: from, end: `${nextMonth(fromMonth)}-01` };
  const lowerOutside = { start: `${fromMonth}-01`, end: from };
  if (daysBetween(lowerOutside.start, lowerOutside.end) >= daysBetween(lowerInside.start, lowerInside.end)) {
    add.push(lowerInside);
    first = nextMonth(fromMonth);
  } else {
    subtract.push(lowerOutside);
  }
  let last = toMonth;
  const upperInside = { start: `${toMonth}-01`, end };
  const upperOutside = { start: end, end: `${nextMonth(toMonth)}-01` };
  if (daysBetween(upperOutside.start, upperOutside.end) >= daysBetween(upperInside.start, upperInside.end)) {
    add.push(upperInside);
    last = previousMonth(toMonth);
  } else {
    subtract.push(upperOutside);
  }
  return { months: first <= last ? { first, last } : null, add: nonEmpty(add), subtract: nonEmpty(subtract) };
}

export const WorkReportLine = z.object({
  code: WorkCode,
  name: str(),
  quantity: z.number().int().nonnegative(),
  total: Hundredths,
});
export type WorkReportLine = z.infer<typeof WorkReportLine>;

/** One employee's work on one list (and currency) over the period, by work type. */
export const WorkReportRow = z.object({
  employeeId: Id,
  name: str(),
  list: PriceList,
  currency: Currency.nullable(),
  total: Hundredths,
  lines: z.array(WorkReportLine),
});
export type WorkReportRow = z.infer<typeof WorkReportRow>;

export const WorkReport = z.object({
  from: LocalDate,
  to: LocalDate,
  /** 'own': the asker may see only their own work, whatever they asked for. */
  scope: z.enum(['all', 'own']),
  rows: z.array(WorkReportRow),
});
export type WorkReport = z.infer<typeof WorkReport>;

/** Who is asking: their roles and the employee they are (null when the user is no employee). */
export type ReportAsker = Readonly<{ roles: readonly Role[]; employeeId: string | null }>;

export function seesEveryonesWork(asker: ReportAsker): boolean {
  return asker.roles.includes('admin') || asker.roles.includes('accountant');
}

/**
 * Whose work a user may see: admins and accountants see everyone's; anyone else (engineers first: "how much
 * have I earned so far") only their own. Returns the employee to restrict the report to, or null for all.
 * Asking for someone else's is refused outright rather than answered with one's own, so a client that
 * shows the answer cannot mislabel it. Desk and server both call this; the server is what enforces it.
 */
export function reportEmployee(asker: ReportAsker, requested: string | null): string | null {
  if (seesEveryonesWork(asker)) return requested;
  if (asker.employeeId === null)
    throw new PultError('forbidden', 'Only employees see work reports, and only their own');
  if (requested !== null && requested !== asker.employeeId) {
    throw new PultError('forbidden', "Only accountants and admins see other employees' work");
  }
  return asker.employeeId;
}

/** One aggregate of the report's statement: an employee's lines of one code on one list, in one currency. */
export type WorkAggregate = Readonly<{
  employeeId: string;
  list: PriceList;
  currency: string | null;
  code: string;
  quantity: number;
  total: number;
}>;

/**
 * The report from its aggregates, the same at the desk and the server: one row per employee, list and
 * currency, largest total first within an employee; work types by total, then code.
 */
export function assembleWorkReport(
  query: WorkReportQuery,
  scope: 'all' | 'own',
  aggregates: readonly WorkAggregate[],
  employeeNames: ReadonlyMap<string, string>,
  workNames: ReadonlyMap<string, string>,
): WorkReport {
  const rows = new Map<string, WorkReportRow>();
  for (const a of aggregates) {
    const key = `${a.employeeId}|${a.list}|${a.currency ?? ''}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        employeeId: a.employeeId,
        name: employeeNames.get(a.employeeId) ?? a.employeeId,
        list: a.list,
        currency: Currency.nullable().parse(a.currency),
        total: 0,
        lines: [],
      };
      rows.set(key, row);
    }
    row.total += a.total;
    row.lines.push({
      code: a.code,
      name: workNames.get(`${a.list}|${a.code}`) ?? a.code,
      quantity: a.quantity,
      total: a.total,
    });
  }
  const sorted = [...rows.values()].sort(
    (x, y) => x.name.localeCompare(y.name, 'ru') || x.employeeId.localeCompare(y.employeeId) || y.total - x.total,
  );
  for (const row of sorted) row.lines.sort((x, y) => y.total - x.total || x.code.localeCompare(y.code));
  return { from: query.from, to: query.to, scope, rows: sorted };
}
