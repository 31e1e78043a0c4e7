import { sql } from 'kysely';
import { PriceList } from '../../core/money/price-list.js';
import {
  assembleWorkReport,
  reportEmployee,
  seesEveryonesWork,
  type ReportAsker,
  type WorkReport,
  type WorkReportQuery,
} from '../../core/money/work-report.js';
import { toInt } from '../../core/schema/columns.js';
import type { Db } from '../db/schema.js';

/**
 * The report per employee and period on the server, where the rule "engineers see only their own" is enforced
 * (core's `reportEmployee`): a desk's replica holds every line, but only the server answers for someone who is
 * not at a desk the company controls. The same aggregates as the desk's statement, on SQLite or PostgreSQL.
 */
export async function serverWorkReport(db: Db, asker: ReportAsker, query: WorkReportQuery): Promise<WorkReport> {
  const employeeId = reportEmployee(asker, query.employeeId);
  let select = db
    .selectFrom('work_lines')
    .select([
      'employee_id',
      'list',
      'currency',
      'code',
      sql<unknown>`sum(quantity)`.as('quantity'),
      sql<unknown>`sum(quantity * unit_value)`.as('total'),
    ])
    .where('day', '>=', query.from)
    .where('day', '<=', query.to)
    .where('cancelled_at', 'is', null)
    .groupBy(['employee_id', 'list', 'currency', 'code']);
  if (employeeId !== null) select = select.where('employee_id', '=', employeeId);
  const aggregates = await select.execute();
  const employees = await db.selectFrom('employees').select(['id', 'name']).execute();
  const names = await db
    .selectFrom('price_items')
    .select(['list', 'code', 'name'])
    .orderBy('effective_from')
    .orderBy('set_at')
    .orderBy('id')
    .execute();
  return assembleWorkReport(
    { ...query, employeeId },
    seesEveryonesWork(asker) ? 'all' : 'own',
    aggregates.map((a) => ({
      employeeId: String(a.employee_id),
      list: PriceList.parse(a.list),
      currency: a.currency === null ? null : String(a.currency),
      code: String(a.code),
      quantity: toInt(a.quantity),
      total: toInt(a.total),
    })),
    new Map(employees.map((e) => [String(e.id), String(e.name)])),
    new Map(names.map((n) => [`${String(n.list)}|${String(n.code)}`, String(n.name)])),
  );
}
