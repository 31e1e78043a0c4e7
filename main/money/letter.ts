import pdfmake from 'pdfmake';
import vfs from 'pdfmake/build/vfs_fonts.js';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { CompanyDetails, Debtor } from '../../core/money/contract.js';

/**
 * A printable reminder letter to one debtor, in Russian, on the company's letterhead: the unpaid visits with
 * their amounts and the total. Fonts come from pdfmake's bundled Roboto (it has Cyrillic), loaded from its
 * virtual file system rather than from disk, so the same code works from a bundle; the letter may read no
 * file and no URL (both policies refuse everything).
 */
let fontsReady = false;
export function prepareFonts(): void {
  if (fontsReady) return;
  // The Node build keeps its virtual file system on the instance; the types describe only the browser's API.
  const fs = (pdfmake as unknown as { virtualfs: { writeFileSync(name: string, data: Buffer): void } }).virtualfs;
  for (const [name, data] of Object.entries(vfs as Record<string, string>)) {
    fs.writeFileSync(name, Buffer.from(data, 'base64'));
  }
  pdfmake.setFonts({
    Roboto: {
      normal: 'Roboto-Regular.ttf',
      bold: 'Roboto-Medium.ttf',
      italics: 'Roboto-Italic.ttf',
      bolditalics: 'Roboto-MediumItalic.ttf',
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  fontsReady = true;
}

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
  prepareFonts();
  return pdfmake.createPdf(reminderLetterDefinition(company, debtor, asOf)).getBuffer();
}
