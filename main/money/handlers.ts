import { CompanyDetails, type ExportedFile } from '../../core/money/contract.js';
import { PultError } from '../../core/result.js';
import type { DeskContext, DeskHandlers } from '../desk-context.js';
import { createDebtsQuery } from './debts-list.js';
import { debtExportRows, debtsCsv, debtsXlsx } from './exports.js';
import { reminderLetterPdf } from './letter.js';

/** The desk's `settings` row with the company's letterhead (JSON of CompanyDetails). */
export const COMPANY_DETAILS_SETTING = 'company.details';

/** Every debtor goes into an export, not only the ones the pane lists. */
const EXPORT_LIMIT = 10_000;

const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The money domain's reads at the desk: the debts list, its exports and the reminder letter. */
export function moneyHandlers(desk: DeskContext) {
  const list = createDebtsQuery(desk.db, () => desk.regions());
  const readCompany = (): CompanyDetails | null => {
    const row = desk.db.prepare('SELECT value FROM settings WHERE key = ?').get(COMPANY_DETAILS_SETTING) as
      { value: string } | undefined;
    if (!row) return null;
    const parsed = CompanyDetails.safeParse(JSON.parse(row.value));
    // A row a newer desk wrote in another shape: ask for the details again rather than print a broken letterhead.
    return parsed.success ? parsed.data : null;
  };
  return {
    'debts:list': (input) => list(input, desk.now()),
    'debts:export': async ({ format, sort }): Promise<ExportedFile> => {
      const now = desk.now();
      const rows = debtExportRows(list({ sort, limit: EXPORT_LIMIT }, now));
      switch (format) {
        case 'csv':
          return {
            fileName: `debts-${stamp(now)}.csv`,
            mimeType: 'text/csv;charset=utf-8',
            base64: Buffer.from(debtsCsv(rows), 'utf8').toString('base64'),
          };
        case 'xlsx':
          return {
            fileName: `debts-${stamp(now)}.xlsx`,
            mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            base64: (await debtsXlsx(rows, now)).toString('base64'),
          };
      }
    },
    'debts:letter': async ({ clientId }): Promise<ExportedFile> => {
      const company = readCompany();
      if (!company) {
        throw new PultError('invalid-input', "Enter the company's details first: the letter is printed on them");
      }
      const now = desk.now();
      const debtor = list({ sort: 'age', limit: EXPORT_LIMIT }, now).debtors.find((d) => d.clientId === clientId);
      if (!debtor) throw new PultError('not-found', `Client ${clientId} owes nothing`);
      return {
        fileName: `reminder-${stamp(now)}.pdf`,
        mimeType: 'application/pdf',
        base64: (await reminderLetterPdf(company, debtor, now)).toString('base64'),
      };
    },
    'company:details': () => readCompany(),
    'company:set-details': (details) => {
      desk.db
        .prepare(
          'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        )
        .run(COMPANY_DETAILS_SETTING, JSON.stringify(details));
      return details;
    },
  } satisfies DeskHandlers<'debts:list' | 'debts:export' | 'debts:letter' | 'company:details' | 'company:set-details'>;
}
