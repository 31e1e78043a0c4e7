import type { ExportedFile } from '../../core/money/contract.js';
import type { DeskContext, DeskHandlers } from '../desk-context.js';
import { createStatusTimesQuery } from './status-times-query.js';
import { workCsv, workExportRows, workXlsx } from './work-exports.js';
import { createWorkQueries } from './work-queries.js';

/** The KPI system's reads at the desk: price lists, a ticket's work, the report per employee and its files. */
export function kpiHandlers(desk: DeskContext) {
  const queries = createWorkQueries(desk);
  const statusTimes = createStatusTimesQuery(desk.db, desk.details.statusModel);
  // The signed-in user decides whose work the report may show (core's reportEmployee); the server applies the
  // same rule to its own report route.
  const asker = () => {
    const roles = desk.roles();
    return roles ? { roles, employeeId: desk.userId() } : undefined;
  };
  return {
    'prices:list': () => queries.prices(desk.now()),
    'work:ticket': ({ number }) => queries.ticket(number),
    'status:times': (input) => statusTimes(input, desk.now()),
    'work:report': (query) => queries.report(query, asker()),
    'work:export': async ({ format, report: query }): Promise<ExportedFile> => {
      const report = queries.report(query, asker());
      const rows = workExportRows(report);
      const name = `work-${report.from}-${report.to}`;
      switch (format) {
        case 'csv':
          return {
            fileName: `${name}.csv`,
            mimeType: 'text/csv;charset=utf-8',
            base64: Buffer.from(workCsv(rows), 'utf8').toString('base64'),
          };
        case 'xlsx':
          return {
            fileName: `${name}.xlsx`,
            mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            base64: (await workXlsx(rows, desk.now())).toString('base64'),
          };
      }
    },
  } satisfies DeskHandlers<'prices:list' | 'work:ticket' | 'work:report' | 'work:export' | 'status:times'>;
}
