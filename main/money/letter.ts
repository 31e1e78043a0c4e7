import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { CompanyDetails, Debtor } from '../../core/money/contract.js';
import { pdfBytes } from '../file-libraries.js';

/**
 * A printable reminder letter to one debtor, in Russian, on the company's letterhead: the unpaid visits with
 * their amounts and the total (pdfmake, through main/file-libraries.ts).
 */

const rub = (minor: number, currency: string) =>
  new Intl.NumberFormat('ru-RU', { style: 'currency', currency }).format(minor / 100);
const date = (ms: number) => new Intl.DateTimeFormat('ru-RU', { dateStyle: 'long' }).format(ms);

export function reminderLetterDefinition(company: CompanyDetails, debtor: Debtor, asOf: number): TDocumentDefinitions {
  const head = [
    company.name,
    company.taxId && `УНП/ИНН ${company.taxId}`,
    company.address,
    company.phone,
    company.email,
  ]
    .filter(Boolean)
    .join('\n');
  return {
    info: { title: `Напоминание об оплате — ${debtor.name}`, creator: 'Pult' },
    pageSize: 'A4',
    pageMargins: [56, 56, 56, 56],
    defaultStyle: { font: 'Roboto', fontSize: 11, lineHeight: 1.2 },
    content: [
      { text: head, fontSize: 9, color: '#444444' },
      { text: date(asOf), alignment: 'right', margin: [0, 16, 0, 0] },
      {
        text: [
          debtor.name,
          debtor.taxId ? `\nУНП/ИНН ${debtor.taxId}` : '',
          debtor.address ? `\n${debtor.address}` : '',
        ],
        margin: [0, 16, 0, 0],
        bold: true,
      },
      { text: 'Напоминание об оплате выполненных работ', fontSize: 14, bold: true, margin: [0, 24, 0, 12] },
      {
        text:
          'Уважаемые господа! Напоминаем, что по состоянию на указанную дату не оплачены следующие выполненные ' +
          'по вашим заявкам работы:',
      },
      {
        margin: [0, 12, 0, 12],
        table: {
          headerRows: 1,
          widths: ['auto', '*', 'auto', 'auto', 'auto'],
          body: [
            ['Заявка №', 'Работы', 'Выполнены', 'Сумма', 'К оплате'].map((text) => ({ text, bold: true })),
            ...debtor.visits.map((v) => [
              String(v.ticketNumber),
              v.title,
              date(v.completedAt),
              { text: rub(v.amount, debtor.currency), alignment: 'right' as const },
              { text: rub(v.owed, debtor.currency), alignment: 'right' as const },
            ]),
            [
              { text: 'Итого к оплате', colSpan: 4, bold: true },
              '',
              '',
              '',
              { text: rub(debtor.owed, debtor.currency), bold: true, alignment: 'right' as const },
            ],
          ],
        },
      },
      { text: 'Просим погасить задолженность в ближайшее время.' + (company.bank ? ' Реквизиты для оплаты:' : '') },
      ...(company.bank ? [{ text: company.bank, margin: [0, 6, 0, 0] as [number, number, number, number] }] : []),
      {
        text: 'Если оплата уже произведена, пожалуйста, сообщите нам дату и номер платёжного документа.',
        margin: [0, 12, 0, 0],
      },
      { text: `С уважением,\n${company.signer || company.name}`, margin: [0, 32, 0, 0] },
    ],
  };
}

export async function reminderLetterPdf(company: CompanyDetails, debtor: Debtor, asOf: number): Promise<Buffer> {
  return pdfBytes(reminderLetterDefinition(company, debtor, asOf));
}
