import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { pdfBytes } from '../file-libraries.js';

/** What the engineer needs at one stop of the day, gathered by the desk's day-sheet query. */
export type SheetStop = Readonly<{
  startAt: number;
  endAt: number;
  ticketNumber: number;
  ticketTitle: string;
  description: string;
  clientName: string;
  address: string | null;
  contacts: readonly Readonly<{ name: string; role: string | null; phones: readonly string[] }>[];
  vehicle: Readonly<{ plate: string; makeModel: string | null }> | null;
  workTypeName: string | null;
  /** The kit to take: the work type's own line and the devices already fitted to the vehicle. */
  kit: readonly string[];
  checklist: readonly Readonly<{ question: string; answer: string | null }>[];
  travel: Readonly<{ km: number; minutes: number }> | null;
}>;

export type SheetDay = Readonly<{
  engineerName: string;
  day: string;
  timeZone: string;
  load: Readonly<{ visitMinutes: number; travelMinutes: number; workingMinutes: number }>;
  stops: readonly SheetStop[];
}>;

const hours = (minutes: number) => `${Math.floor(minutes / 60)} ч ${String(minutes % 60).padStart(2, '0')} мин`;

/**
 * The engineer's printable day, in Russian: one block per stop in time order with the address, whom to call,
 * the vehicle, the work, the kit, and the answers the client gave before the visit. Times are in the
 * engineer's own zone (the one they work in).
 */
export function daySheetDefinition(sheet: SheetDay): TDocumentDefinitions {
  const time = new Intl.DateTimeFormat('ru-RU', { timeZone: sheet.timeZone, hour: '2-digit', minute: '2-digit' });
  const [y, m, d] = sheet.day.split('-').map(Number) as [number, number, number];
  const dayTitle = new Intl.DateTimeFormat('ru-RU', { dateStyle: 'full', timeZone: 'UTC' }).format(
    Date.UTC(y, m - 1, d),
  );
  const stops: Content[] = sheet.stops.flatMap((s, i): Content[] => [
    ...(s.travel
      ? [
          {
            text: `Переезд ≈ ${s.travel.km} км, ≈ ${hours(s.travel.minutes)} (по прямой)`,
            italics: true,
            color: '#555555',
            margin: [0, 6, 0, 0],
          } as Content,
        ]
      : []),
    {
      margin: [0, 8, 0, 0],
      table: {
        widths: [90, '*'],
        body: [
          [
            { text: `${i + 1}. ${time.format(s.startAt)}–${time.format(s.endAt)}`, bold: true },
            { text: `Заявка №${s.ticketNumber}: ${s.ticketTitle}`, bold: true },
          ],
          ['Клиент', s.clientName],
          ['Адрес', s.address ?? '—'],
          [
            'Контакты',
            s.contacts.length === 0
              ? '—'
              : s.contacts
                  .map((c) => `${c.name}${c.role ? ` (${c.role})` : ''}: ${c.phones.join(', ') || 'нет телефона'}`)
                  .join('\n'),
          ],
          ['Машина', s.vehicle ? [s.vehicle.plate, s.vehicle.makeModel].filter(Boolean).join(', ') : '—'],
          ['Работа', [s.workTypeName, s.description].filter(Boolean).join('\n') || '—'],
          ['Взять с собой', s.kit.length > 0 ? { ul: [...s.kit] } : '—'],
          ...(s.checklist.length > 0
            ? [['Перед выездом', s.checklist.map((c) => `${c.question} — ${c.answer ?? 'нет ответа'}`).join('\n')]]
            : []),
        ],
      },
      layout: 'lightHorizontalLines',
    },
  ]);
  return {
    info: { title: `Лист выезда — ${sheet.engineerName}, ${sheet.day}`, creator: 'Pult' },
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 40],
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.15 },
    content: [
      { text: `Лист выезда: ${sheet.engineerName}`, fontSize: 15, bold: true },
      { text: dayTitle, margin: [0, 2, 0, 0] },
      {
        text:
          `Выездов: ${sheet.stops.length} · работа ${hours(sheet.load.visitMinutes)} · дорога ≈ ` +
          `${hours(sheet.load.travelMinutes)} · рабочее время ${hours(sheet.load.workingMinutes)}`,
        margin: [0, 4, 0, 4],
        color: '#333333',
      },
      ...(sheet.stops.length === 0 ? [{ text: 'На этот день выездов нет.', margin: [0, 12, 0, 0] } as Content] : stops),
    ],
  };
}

export async function daySheetPdf(sheet: SheetDay): Promise<Buffer> {
  return pdfBytes(daySheetDefinition(sheet));
}
