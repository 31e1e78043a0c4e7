import type { Database } from 'better-sqlite3';
import type { PriceDto, PriceListing, WorkTicket } from '../../core/money/kpi-contract.js';
import { priceInForce, type PriceItem } from '../../core/money/price-list.js';
import {
  assembleWorkReport,
  reportEmployee,
  seesEveryonesWork,
  splitByMonths,
  type DayRange,
  type ReportAsker,
  type WorkAggregate,
  type WorkReport,
  type WorkReportQuery,
} from '../../core/money/work-report.js';
import { DEFAULT_PLANNING_SETTINGS, PLANNING_SETTINGS_ID } from '../../core/planning/tables.js';
import { localDate } from '../../core/planning/zone.js';
import { statusKind } from '../../core/tickets/status-model.js';
import { fromDb } from '../../replica/rows.js';
import type { DeskContext } from '../desk-context.js';

/**
 * The KPI reads at the desk: the price lists, a ticket's work lines and the report per employee and period.
 * The report over everyone is one aggregate statement on the per-month totals and `work_lines_by_day`; for one
 * employee, on `work_lines_by_employee_id`. Its rows are assembled by the same core code the server uses.
 */
export function createWorkQueries(desk: Pick<DeskContext, 'db' | 'details'>) {
  const db: Database = desk.db;
  const prices = db.prepare('SELECT * FROM price_items ORDER BY list, code, effective_from DESC, set_at DESC, id DESC');
  const names = db.prepare('SELECT list, code, name FROM price_items ORDER BY effective_from, set_at, id');
  const employees = db.prepare('SELECT id, name FROM employees');
  const settings = db.prepare('SELECT time_zone FROM planning_settings WHERE id = ?');
  const ticketByNumber = db.prepare('SELECT id, number, title, status, resolved_at FROM tickets WHERE number = ?');
  const linesOf = db.prepare(`
    SELECT w.*, e.name AS employee_name FROM work_lines w LEFT JOIN employees e ON e.id = w.employee_id
    WHERE w.ticket_id = ? ORDER BY w.at, w.id`);
  // Whole months from the per-month totals (desk migration 14); the lines of a few edge days added, or subtracted
  // where a partial month is cheaper read whole (core's splitByMonths). A year is then ~12 month ranges of the
  // totals plus a day or two of lines, instead of a sort of every line of the year. An unused range is passed as
  // ('1', '0'), which no month or day lies in. A group that only outside days touched nets to zero and is dropped:
  // a line counted in the period has a quantity of at least 1.
  const lines = (start: string, end: string, sign: '' | '-') => `
      SELECT employee_id, list, coalesce(currency, ''), code, ${sign}quantity, ${sign}quantity * unit_value
      FROM work_lines INDEXED BY work_lines_by_day
      WHERE day >= @${start} AND day < @${end} AND cancelled_at IS NULL`;
  const aggregateAll = db.prepare(`
    SELECT employee_id, list, nullif(currency, '') AS currency, code, sum(quantity) AS quantity, sum(total) AS total
    FROM (
      SELECT employee_id, list, currency, code, quantity, total
      FROM work_month_totals WHERE month >= @firstMonth AND month <= @lastMonth
      UNION ALL ${lines('addStart1', 'addEnd1', '')}
      UNION ALL ${lines('addStart2', 'addEnd2', '')}
      UNION ALL ${lines('subStart1', 'subEnd1', '-')}
      UNION ALL ${lines('subStart2', 'subEnd2', '-')}
    )
    GROUP BY employee_id, list, currency, code
    HAVING sum(quantity) <> 0`);
  const allOf = (from: string, to: string) => {
    const split = splitByMonths(from, to);
    const range = (r: DayRange | undefined) => [r?.start ?? '1', r?.end ?? '0'] as const;
    const [addStart1, addEnd1] = range(split.add[0]);
    const [addStart2, addEnd2] = range(split.add[1]);
    const [subStart1, subEnd1] = range(split.subtract[0]);
    const [subStart2, subEnd2] = range(split.subtract[1]);
    return aggregateAll.all({
      firstMonth: split.months?.first ?? '1',
      lastMonth: split.months?.last ?? '0',
      ...{ addStart1, addEnd1, addStart2, addEnd2, subStart1, subEnd1, subStart2, subEnd2 },
    });
  };
  const aggregateOne = db.prepare(`
    SELECT employee_id, list, currency, code, sum(quantity) AS quantity, sum(quantity * unit_value) AS total
    FROM work_lines INDEXED BY work_lines_by_employee_id
    WHERE employee_id = ? AND day >= ? AND day <= ? AND cancelled_at IS NULL
    GROUP BY employee_id, list, currency, code`);

  const zone = () =>
    (settings.get(PLANNING_SETTINGS_ID) as { time_zone: string } | undefined)?.time_zone ??
    DEFAULT_PLANNING_SETTINGS.timeZone;
  /** The latest name of each work type: what the list shows today. */
  const workNames = () => {
    const out = new Map<string, string>();
    for (const r of names.all() as { list: string; code: string; name: string }[])
      out.set(`${r.list}|${r.code}`, r.name);
    return out;
  };

  return {
    prices(now: number): PriceListing {
      const today = localDate(now, zone());
      const rows = (prices.all() as Record<string, unknown>[]).map((r) => fromDb('price_items', r));
      const byCode = new Map<string, PriceItem[]>();
      for (const row of rows) {
        const key = `${row.list}|${row.code}`;
        byCode.set(key, [...(byCode.get(key) ?? []), row]);
      }
      const inForce = new Set(
        [...byCode.values()].map((group) => priceInForce(group, today)?.id).filter((id) => id !== undefined),
      );
      const items: PriceDto[] = rows.map((row) => ({
        id: row.id,
        list: row.list,
        code: row.code,
        name: row.name,
        unit: row.unit,
        value: row.value,
        currency: row.currency,
        effectiveFrom: row.effectiveFrom,
        setAt: row.setAt,
        inForce: inForce.has(row.id),
      }));
      return { today, items };
    },

    ticket(number: number): WorkTicket | null {
      const t = ticketByNumber.get(number) as
        { id: string; number: number; title: string; status: string; resolved_at: number | null } | undefined;
      if (!t) return null;
      const completed = statusKind(desk.details.statusModel(), t.status) === 'completed' && t.resolved_at !== null;
      const labels = workNames();
      const lines = (linesOf.all(t.id) as (Record<string, unknown> & { employee_name: string | null })[]).map(
        (record) => {
          const line = fromDb('work_lines', record);
          return {
            id: line.id,
            list: line.list,
            code: line.code,
            name: labels.get(`${line.list}|${line.code}`) ?? line.code,
            quantity: line.quantity,
            unitValue: line.unitValue,
            currency: line.currency,
            employeeId: line.employeeId,
            employeeName: record.employee_name ?? line.employeeId,
            cancelled: line.cancelledAt !== null,
          };
        },
      );
      return {
        ticketId: t.id,
        number: t.number,
        title: t.title,
        status: t.status,
        completed,
        day: completed && t.resolved_at !== null ? localDate(t.resolved_at, zone()) : null,
        lines,
      };
    },

    /** `asker` undefined: a desk of its own with no user, whose file holds everything anyway. */
    report(query: WorkReportQuery, asker: ReportAsker | undefined): WorkReport {
      const employeeId = asker ? reportEmployee(asker, query.employeeId) : query.employeeId;
      const scope = asker && !seesEveryonesWork(asker) ? 'own' : 'all';
      const aggregates = (
        employeeId === null ? allOf(query.from, query.to) : aggregateOne.all(employeeId, query.from, query.to)
      ) as {
        employee_id: string;
        list: WorkAggregate['list'];
        currency: string | null;
        code: string;
        quantity: number;
        total: number;
      }[];
      const employeeNames = new Map((employees.all() as { id: string; name: string }[]).map((e) => [e.id, e.name]));
      return assembleWorkReport(
        { ...query, employeeId },
        scope,
        aggregates.map((a) => ({
          employeeId: a.employee_id,
          list: a.list,
          currency: a.currency,
          code: a.code,
          quantity: a.quantity,
          total: a.total,
        })),
        employeeNames,
        workNames(),
      );
    },
  };
}
