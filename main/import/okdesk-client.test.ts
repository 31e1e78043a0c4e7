import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { issueHistory, okdeskRecords, parseOkDuration, type OkIssue } from '../../core/import/okdesk.js';
import type { PultError } from '../../core/result.js';
import { createOkdeskReader, okdeskBaseUrl } from './okdesk-client.js';

/**
 * The Okdesk reader against a local HTTP server that answers as Okdesk's API documentation shows: lists paged
 * by `page[from_id]` (companies, contacts, maintenance entities, equipment) or by `page[number]` (issues),
 * `issues/{id}` whole, `api_token` in the query. What it tries to break: paging past one page, an item that
 * does not fit (skipped with its reason, the rest imported), a refused token and an unreachable host (clear
 * errors that never carry the token).
 */

const TOKEN = 'c0ffee1234secret';

const company = (id: number) => ({
  id,
  name: `ООО «Перевозчик ${id}»`,
  additional_name: null,
  site: null,
  email: null,
  phone:
    id === 1
      ? '+375 29 111-22-33, +375 17 222-33-44'
      : `+375 29 ${String(1_000_000 + id).slice(1, 4)}-${String(10 + (id % 90))}-${String(10 + (id % 89))}`,
  crm_1c_id: null,
  active: true,
  address: 'г. Минск, ул. Притыцкого 1',
  comment: '',
  coordinates: [53.9, 27.5],
  observers: [],
  contacts: [],
  default_assignee: null,
  category: { id: 3, code: 'vipclient', name: 'VIP-клиент', color: '#5cb85c' },
  attachments: [],
  parameters: [{ code: 'unp', name: 'УНП', field_type: 'ftstring', value: id === 1 ? '100325912' : null }],
});

const COMPANIES = [...Array.from({ length: 150 }, (_, i) => company(i + 1)), { id: 999, name: null }];
const CONTACTS = [
  {
    id: 3020,
    first_name: 'Егор',
    last_name: 'Егоров',
    patronymic: 'Петрович',
    position: 'Механик',
    email: 'egor@example.by',
    phone: '',
    mobile_phone: '+375 29 555-44-33',
    company_id: 1,
    active: true,
  },
];
const ENTITIES = [
  {
    id: 15,
    name: 'МАЗ 6430 АК 7777-7',
    address: null,
    comment: null,
    company_id: 1,
    timezone: { code: 'Minsk', name: 'Минск', gmt: '+03:00' },
    contacts_ids: [3020],
    equipments_ids: [3],
    coordinates: [53.2, 27.9],
    parameters: [
      { code: 'plate', name: 'Госномер', field_type: 'ftstring', value: 'АК 7777-7' },
      { code: 'vin', name: 'VIN', field_type: 'ftstring', value: 'XTA210990Y2765432' },
    ],
  },
];
const EQUIPMENT = [
  {
    id: 3,
    serial_number: '1101040003532',
    inventory_number: '51BKB835225',
    maintenance_entity_id: 15,
    parent_id: null,
    equipment_kind: { id: 24, code: 'fuel_sensor', name: 'ДУТ', description: '' },
    equipment_manufacturer: { id: 1, code: 'omnicomm', name: 'Omnicomm' },
    equipment_model: { id: 2, code: 'lls5', name: 'LLS 5' },
    company: null,
    parameters: [{ code: 'installed', name: 'Дата установки', field_type: 'ftdate', value: '2026-03-16' }],
  },
];
const ISSUE: Record<string, unknown> = {
  id: 153,
  title: 'Требуется мастер на выезд',
  description: 'ДУТ показывает ноль',
  created_at: '2026-03-15T18:05:17.568+03:00',
  completed_at: '2026-03-19T10:54:09.987+03:00',
  deadline_at: '2026-03-24T14:35:00.000+03:00',
  source: 'from_employee',
  company_id: 1,
  service_object_id: 15,
  equipment_ids: [3],
  contact: { id: 3020, name: 'Егор Егоров' },
  status_times: {
    opened: { total: '1 д., 2 ч., 0 м.', on_schedule_total: '0 д., 9 ч., 0 м.' },
    in_progress: { total: '2 д., 0 ч., 30 м.', on_schedule_total: '1 д., 0 ч., 0 м.' },
    completed: { total: '0 д., 0 ч., 0 м.', on_schedule_total: '0 д., 0 ч., 0 м.' },
  },
  parent_id: null,
  child_ids: [],
  type: { id: 2, code: 'service', name: 'Обслуживание', available_for_client: true },
  priority: { code: 'high', name: 'Высокий' },
  status: { code: 'completed', name: 'Решена' },
  assignee: { id: 1, name: 'Иванов Иван Викторович' },
  address: { coordinates: [53.2, 44.9], value: 'г Пенза ул Гагарина д 13' },
};

type Fake = { url: string; requests: URL[]; server: Server };
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function byFromId(items: readonly { id: number }[], url: URL) {
  const size = Number(url.searchParams.get('page[size]') ?? 50);
  const from = Number(url.searchParams.get('page[from_id]') ?? 0);
  return items.filter((i) => i.id > from).slice(0, size);
}

async function fakeOkdesk(status = 200): Promise<Fake> {
  const requests: URL[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(url);
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (status !== 200 || url.searchParams.get('api_token') !== TOKEN) return send(401, { errors: 'Unauthorized' });
    const path = url.pathname.replace('/api/v1/', '');
    if (path === 'companies/list') return send(200, byFromId(COMPANIES, url));
    if (path === 'contacts/list') return send(200, byFromId(CONTACTS, url));
    if (path === 'maintenance_entities/list') return send(200, byFromId(ENTITIES, url));
    if (path === 'equipments/list') return send(200, byFromId(EQUIPMENT, url));
    if (path === 'issues/list')
      return send(200, url.searchParams.get('page[number]') === '1' ? [{ id: 153 }, { id: 154 }] : []);
    if (path === 'issues/153') return send(200, ISSUE);
    if (path === 'issues/154') return send(200, { ...ISSUE, id: 154, created_at: 'вчера' });
    return send(404, { errors: 'Not found' });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/v1/`, requests, server };
}

describe('the Okdesk reader', () => {
  it('reads companies page by page, contacts, service objects, equipment and issues against the documented Okdesk contract (fake server)', async () => {
    const fake = await fakeOkdesk();
    const { data, skipped } = await createOkdeskReader({ baseUrl: fake.url, token: TOKEN }).readAll();
    expect(data.companies).toHaveLength(150);
    const companyPages = fake.requests.filter((r) => r.pathname.endsWith('companies/list'));
    expect(companyPages.map((r) => r.searchParams.get('page[from_id]'))).toEqual([null, '100']);
    expect(companyPages.every((r) => r.searchParams.get('page[direction]') === 'forward')).toBe(true);
    expect(data.contacts).toHaveLength(1);
    expect(data.entities).toHaveLength(1);
    expect(data.equipment).toHaveLength(1);
    expect(data.issues.map((i) => i.id)).toEqual([153]);
    // The company without a name and the issue with an unreadable time are skipped, each with its reason.
    expect(skipped).toEqual([
      { line: 'company 999', reason: 'malformed', detail: expect.stringContaining('name') },
      { line: 'issue 154', reason: 'malformed', detail: expect.stringContaining('created_at') },
    ]);

    const { records } = okdeskRecords(data);
    const first = records.find((r) => r.line === 'company 1');
    expect(first).toMatchObject({
      entity: 'client',
      row: { taxId: '100325912', category: 'VIP-клиент', phones: ['+375 29 111-22-33', '+375 17 222-33-44'] },
    });
    expect(records.find((r) => r.entity === 'contact')).toMatchObject({
      row: { name: 'Егоров Егор Петрович', role: 'Механик', phones: ['+375 29 555-44-33'], clientKey: '1' },
    });
    expect(records.find((r) => r.entity === 'vehicle')).toMatchObject({
      row: { plate: 'АК 7777-7', vin: 'XTA210990Y2765432', clientKey: '1' },
    });
    expect(records.find((r) => r.entity === 'equipment')).toMatchObject({
      row: { kind: 'ДУТ', model: 'Omnicomm LLS 5', serial: '1101040003532', installedAt: Date.parse('2026-03-16') },
    });
    expect(records.find((r) => r.entity === 'ticket')).toMatchObject({
      row: { type: 'maintenance', priority: 'high', vehicleKey: '15', contactKey: '3020' },
    });
  });

  it('a refused API token is reported as such, and no message carries the token (fake server)', async () => {
    const fake = await fakeOkdesk(401);
    const error = (await createOkdeskReader({ baseUrl: fake.url, token: TOKEN })
      .readAll()
      .catch((e: unknown) => e)) as PultError;
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('refused the API token');
    expect(error.message).not.toContain(TOKEN);
  });

  it('an account that cannot be reached is named by its host, never by its URL with the token', async () => {
    const fake = await fakeOkdesk();
    await new Promise((r) => fake.server.close(r));
    const error = (await createOkdeskReader({ baseUrl: fake.url, token: TOKEN })
      .readAll()
      .catch((e: unknown) => e)) as PultError;
    expect(error.code).toBe('server-unreachable');
    expect(error.message).toMatch(/cannot be reached \(ECONNREFUSED\)/);
    expect(error.message).not.toContain(TOKEN);
  });

  it('an account is a name on okdesk.ru or an https address; plain http only on this machine', () => {
    expect(okdeskBaseUrl('acme')).toBe('https://acme.okdesk.ru/api/v1/');
    expect(okdeskBaseUrl('https://desk.example.by/')).toBe('https://desk.example.by/api/v1/');
    expect(() => okdeskBaseUrl('http://desk.example.by')).toThrow(/https/);
    expect(() => okdeskBaseUrl('не адрес')).toThrow(/neither/);
  });
});

describe("Okdesk's status times", () => {
  it('"134 д., 14 ч., 57 м." is read as days, hours and minutes', () => {
    expect(parseOkDuration('134 д., 14 ч., 57 м.')).toBe(((134 * 24 + 14) * 60 + 57) * 60_000);
    expect(parseOkDuration('0 d, 2 h, 5 m')).toBe(125 * 60_000);
    expect(parseOkDuration('')).toBeNull();
  });

  it('the history is rebuilt so the time in each status is what Okdesk counted, the current status last', () => {
    const created = Date.parse(ISSUE.created_at as string);
    const { history } = issueHistory(ISSUE as OkIssue);
    expect(history).toEqual([
      { status: 'new', at: created },
      { status: 'in_progress', at: created + 26 * 3_600_000 },
      { status: 'done', at: created + 26 * 3_600_000 + (48 * 60 + 30) * 60_000 },
    ]);
    expect(issueHistory({ ...(ISSUE as OkIssue), status: { code: 'custom_wait' } }).unknown).toBe('custom_wait');
  });
});
