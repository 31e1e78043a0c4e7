import { describe, expect, it } from 'vitest';
import { fileRecords, guessMapping, mappingProblems, parseImportDate } from './columns.js';

describe('guessing what a column holds from its header', () => {
  it('Russian and English headers as people write them are each given their field', () => {
    expect(
      guessMapping([
        'Наименование',
        'УНП',
        'Телефон',
        'Контактное лицо',
        'Должность',
        'Контактный телефон',
        'Госномер',
        'Марка',
        'Модель ТС',
        'VIN',
        'Оборудование',
        'Модель оборудования',
        'Серийный номер',
        'Дата установки',
        'Примечание',
      ]),
    ).toEqual([
      'client.name',
      'client.taxId',
      'client.phone',
      'contact.name',
      'contact.role',
      'contact.phone',
      'vehicle.plate',
      'vehicle.make',
      'vehicle.model',
      'vehicle.vin',
      'equipment.kind',
      'equipment.model',
      'equipment.serial',
      'equipment.installedAt',
      'client.notes',
    ]);
    expect(guessMapping(['Company', 'Tax ID', 'Phone', 'License plate', 'Serial number', 'E-mail'])).toEqual([
      'client.name',
      'client.taxId',
      'client.phone',
      'vehicle.plate',
      'equipment.serial',
      'contact.email',
    ]);
  });

  it('an unknown header is left out, and a field is never guessed for two columns', () => {
    expect(guessMapping(['Наименование', 'Сумма договора', 'Название'])).toEqual(['client.name', null, null]);
  });

  it('a mapping without a client column, or with one field twice, cannot run', () => {
    expect(mappingProblems(['vehicle.plate'])).toEqual(['no-client-name']);
    expect(mappingProblems(['client.name', 'client.phone', 'client.phone'])).toEqual(['duplicate-field']);
    expect(mappingProblems(['client.name', null])).toEqual([]);
  });
});

describe('dates in a spreadsheet', () => {
  it('01.12.2026 typed the Russian way is the first of December, as are ISO and Excel serial forms', () => {
    const first = Date.UTC(2026, 11, 1);
    expect(parseImportDate('01.12.2026')).toBe(first);
    expect(parseImportDate('1/12/2026')).toBe(first);
    expect(parseImportDate('2026-12-01')).toBe(first);
    expect(parseImportDate('46357')).toBe(first);
    expect(parseImportDate('31.02.2026')).toBeNull();
    expect(parseImportDate('вчера')).toBeNull();
  });
});

describe("a file's lines as import records", () => {
  const mapping = guessMapping(['Наименование', 'УНП', 'Телефон', 'Госномер', 'Оборудование', 'Серийный номер']);

  it('one line names a client, its vehicle and the equipment on it, keyed by tax id, plate and serial', () => {
    const records = fileRecords(
      [['ООО «Альфа»', '100 325 912', '+375 29 111-22-33; 8 017 222-33-44', 'АК 7777-7', 'ДУТ', 'SN-1']],
      mapping,
    );
    expect(records).toEqual([
      {
        entity: 'client',
        line: 'line 2',
        row: {
          key: 'tax:100325912',
          name: 'ООО «Альфа»',
          taxId: '100325912',
          category: null,
          address: null,
          notes: null,
          phones: ['+375 29 111-22-33', '8 017 222-33-44'],
        },
      },
      {
        entity: 'vehicle',
        line: 'line 2',
        row: {
          key: 'plate:AK77777',
          clientKey: 'tax:100325912',
          plate: 'АК 7777-7',
          make: null,
          model: null,
          vin: null,
          unitId: null,
        },
      },
      {
        entity: 'equipment',
        line: 'line 2',
        row: {
          key: 'serial:SN-1',
          vehicleKey: 'plate:AK77777',
          kind: 'ДУТ',
          model: null,
          serial: 'SN-1',
          installedAt: null,
        },
      },
    ]);
  });

  it('a client without a tax id is keyed by its folded name, so two spellings of one name are one client', () => {
    const [a] = fileRecords([['ООО «Ёлка»', '', '', '', '', '']], mapping);
    const [b] = fileRecords([['ооо  «елка»', '', '', '', '', '']], mapping);
    expect(a?.row.key).toBe(b?.row.key);
  });

  it('an empty line makes no record', () => {
    expect(fileRecords([['', '', '', '', '', '']], mapping)).toEqual([]);
  });
});
