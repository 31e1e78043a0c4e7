import { plateKey } from '../clients/plate.js';
import { foldName, type SourceRecord } from './plan.js';

/**
 * A spreadsheet's columns and what each holds. A file is flat: one line may name a client, one of its
 * contacts, a vehicle and a piece of equipment on it. The user confirms (or corrects) the guessed meaning of
 * each column before anything is imported.
 */
export const IMPORT_FIELDS = [
  'client.id',
  'client.name',
  'client.taxId',
  'client.category',
  'client.address',
  'client.notes',
  'client.phone',
  'contact.name',
  'contact.role',
  'contact.email',
  'contact.phone',
  'vehicle.plate',
  'vehicle.make',
  'vehicle.model',
  'vehicle.vin',
  'vehicle.unitId',
  'equipment.kind',
  'equipment.model',
  'equipment.serial',
  'equipment.installedAt',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** One meaning per column, or null for a column that is left out. */
export type ColumnMapping = readonly (ImportField | null)[];

/**
 * Header words that name each field, folded (lower case, ё as е, only letters and digits). Checked in
 * this order, so the more specific names come first ("модель оборудования" before "модель").
 */
const SYNONYMS: readonly (readonly [ImportField, readonly string[]])[] = [
  ['client.id', ['idклиента', 'кодклиента', 'clientid', 'customerid', 'companyid', 'idкомпании']],
  ['client.taxId', ['унп', 'инн', 'униннн', 'унпинн', 'иннунп', 'taxid', 'vat', 'vatid', 'inn', 'unp']],
  ['contact.phone', ['телефонконтакта', 'контактныйтелефон', 'мобильныйконтакта', 'contactphone', 'contactmobile']],
  ['contact.email', ['email', 'email', 'эпочта', 'электроннаяпочта', 'почта', 'mail']],
  ['contact.role', ['должность', 'роль', 'position', 'role', 'jobtitle']],
  [
    'contact.name',
    ['контакт', 'контактноелицо', 'фиоконтакта', 'фио', 'contact', 'contactname', 'contactperson', 'person'],
  ],
  ['client.phone', ['телефон', 'телефоны', 'тел', 'phone', 'phones', 'telephone', 'мобильный', 'mobile']],
  ['equipment.installedAt', ['датаустановки', 'установлен', 'датамонтажа', 'installedat', 'installed', 'installdate']],
  [
    'equipment.serial',
    ['серийныйномер', 'серийный', 'sn', 'serial', 'serialnumber', 'заводскойномер', 'imeiоборудования'],
  ],
  ['equipment.model', ['модельоборудования', 'модельдатчика', 'моделтрекера', 'equipmentmodel', 'devicemodel']],
  [
    'equipment.kind',
    ['оборудование', 'типоборудования', 'видоборудования', 'equipment', 'equipmentkind', 'device', 'devicetype'],
  ],
  [
    'vehicle.plate',
    [
      'госномер',
      'гносномер',
      'госзнак',
      'номерам',
      'номерts',
      'номерт',
      'plate',
      'licenseplate',
      'regnumber',
      'registration',
    ],
  ],
  ['vehicle.vin', ['vin', 'vinкод', 'вин']],
  ['vehicle.unitId', ['imei', 'терминал', 'idтерминала', 'unitid', 'trackerid', 'idблока']],
  ['vehicle.make', ['марка', 'маркатс', 'make', 'brand']],
  ['vehicle.model', ['модель', 'модельтс', 'model']],
  ['client.category', ['категория', 'категорияклиента', 'category', 'segment']],
  ['client.address', ['адрес', 'юридическийадрес', 'address']],
  ['client.notes', ['примечание', 'примечания', 'комментарий', 'заметки', 'notes', 'comment', 'remarks']],
  [
    'client.name',
    [
      'наименование',
      'название',
      'клиент',
      'компания',
      'организация',
      'контрагент',
      'name',
      'client',
      'company',
      'customer',
    ],
  ],
];

const fold = (header: string) =>
  header
    .toLocaleLowerCase('ru')
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]/gu, '');

/** The field a header most likely names, or null. Exact names first, then a header that starts with one. */
export function guessField(header: string): ImportField | null {
  const h = fold(header);
  if (h === '') return null;
  for (const [field, names] of SYNONYMS) if (names.includes(h)) return field;
  for (const [field, names] of SYNONYMS) if (names.some((n) => n.length >= 3 && h.startsWith(n))) return field;
  return null;
}

/** A meaning for each header; a field already taken by an earlier column is not guessed twice. */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const taken = new Set<ImportField>();
  return headers.map((header) => {
    const field = guessField(header);
    if (field === null || taken.has(field)) return null;
    taken.add(field);
    return field;
  });
}

export type MappingProblem = 'no-client-name' | 'duplicate-field';

/** What keeps a mapping from being run: every line needs a client, and one column per field. */
export function mappingProblems(mapping: ColumnMapping): MappingProblem[] {
  const fields = mapping.filter((f): f is ImportField => f !== null);
  const problems: MappingProblem[] = [];
  if (!fields.includes('client.name') && !fields.includes('client.id')) problems.push('no-client-name');
  if (new Set(fields).size !== fields.length) problems.push('duplicate-field');
  return problems;
}

const splitList = (value: string) =>
  value
    .split(/[,;\n]/)
    .map((v) => v.trim())
    .filter((v) => v !== '');

/**
 * A date as spreadsheets hold it: `dd.mm.yyyy` (the Russian way, also with / or -), ISO `yyyy-mm-dd`, or an
 * Excel serial day number. Midnight UTC of that day; null when it is none of those or not a real day.
 */
export function parseImportDate(value: string): number | null {
  const v = value.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(v);
  if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(v)))
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if (/^\d{5}$/.test(v)) {
    // Excel counts days from 1899-12-30 (its 1900 leap-year bug included).
    return Date.UTC(1899, 11, 30) + Number(v) * 86_400_000;
  } else return null;
  const at = Date.UTC(y, m - 1, d);
  const back = new Date(at);
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d ? at : null;
}

/**
 * A file's lines as import records. `firstLine` is the file line of `rows[0]` (2 when a header line precedes
 * it), so the report names lines as a spreadsheet shows them. Keys: a file without an id column has none of
 * its own, so a row is keyed by what identifies it — the УНП/ИНН or the folded name of a client, the plate of a
 * vehicle, the serial of equipment — and a second run of the same file finds the same rows.
 */
export function fileRecords(
  rows: readonly (readonly string[])[],
  mapping: ColumnMapping,
  firstLine = 2,
): SourceRecord[] {
  const records: SourceRecord[] = [];
  rows.forEach((cells, index) => {
    const value = (field: ImportField) => {
      const column = mapping.indexOf(field);
      return column < 0 ? '' : (cells[column] ?? '').trim();
    };
    const line = `line ${firstLine + index}`;
    const name = value('client.name');
    const taxId = value('client.taxId').replace(/[\s-]/g, '');
    const id = value('client.id');
    const clientKey = id !== '' ? `id:${id}` : taxId !== '' ? `tax:${taxId}` : `name:${foldName(name)}`;
    if (name === '' && id === '' && cells.every((c) => c.trim() === '')) return;
    records.push({
      entity: 'client',
      line,
      row: {
        key: clientKey,
        name,
        taxId: taxId === '' ? null : taxId,
        category: value('client.category') || null,
        address: value('client.address') || null,
        notes: value('client.notes') || null,
        phones: splitList(value('client.phone')),
      },
    });
    const contact = value('contact.name');
    if (contact !== '') {
      records.push({
        entity: 'contact',
        line,
        row: {
          key: `${clientKey}/${foldName(contact)}`,
          clientKey,
          name: contact,
          role: value('contact.role') || null,
          email: value('contact.email') || null,
          phones: splitList(value('contact.phone')),
        },
      });
    }
    const plate = value('vehicle.plate');
    if (plate !== '') {
      records.push({
        entity: 'vehicle',
        line,
        row: {
          key: `plate:${plateKey(plate)}`,
          clientKey,
          plate,
          make: value('vehicle.make') || null,
          model: value('vehicle.model') || null,
          vin: value('vehicle.vin') || null,
          unitId: value('vehicle.unitId') || null,
        },
      });
      const kind = value('equipment.kind');
      if (kind !== '') {
        const serial = value('equipment.serial');
        const installed = value('equipment.installedAt');
        records.push({
          entity: 'equipment',
          line,
          row: {
            key:
              serial !== ''
                ? `serial:${serial}`
                : `plate:${plateKey(plate)}/${foldName(kind)}/${foldName(value('equipment.model'))}`,
            vehicleKey: `plate:${plateKey(plate)}`,
            kind,
            model: value('equipment.model') || null,
            serial: serial || null,
            installedAt: installed === '' ? null : parseImportDate(installed),
          },
        });
      }
    }
  });
  return records;
}
