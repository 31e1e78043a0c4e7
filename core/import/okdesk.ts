import { z } from 'zod';
import { str } from '../schema/text.js';
import type { Priority, Source, TicketType } from '../tickets/values.js';
import type { SourceRecord, SourceStatusEntry } from './plan.js';

/**
 * Okdesk's REST API (https://ACCOUNT.okdesk.ru/api/v1/…?api_token=…) as its documentation describes the
 * answers, read with zod: only the fields the import uses are required, everything else passes. An item
 * that does not fit is skipped with the reason, never the whole page.
 *
 * Lists: `companies/list`, `contacts/list`, `maintenance_entities/list`, `equipments/list` page by id
 * (`page[size]` ≤ 100, `page[from_id]`, `page[direction]=forward`); `issues/list` pages by number
 * (`page[number]`, `page[size]`) and `issues/{id}` gives one issue whole, with `status_times`.
 */

const OkId = z.number().int().positive();
const optionalText = str().nullable().optional();
const CodeName = z
  .object({ code: str().nullable().optional(), name: str().nullable().optional() })
  .nullable()
  .optional();
const Parameter = z.object({
  code: str().nullable().optional(),
  name: str().nullable().optional(),
  value: z.unknown(),
});
const Parameters = z.array(Parameter).nullable().optional();
type Parameter = z.infer<typeof Parameter>;

export const OkCompany = z.object({
  id: OkId,
  name: str(),
  additional_name: optionalText,
  phone: optionalText,
  address: optionalText,
  comment: optionalText,
  active: z.boolean().nullable().optional(),
  category: CodeName,
  parameters: Parameters,
});

export const OkContact = z.object({
  id: OkId,
  first_name: optionalText,
  last_name: optionalText,
  patronymic: optionalText,
  position: optionalText,
  email: optionalText,
  phone: optionalText,
  mobile_phone: optionalText,
  company_id: OkId.nullable().optional(),
});

export const OkMaintenanceEntity = z.object({
  id: OkId,
  name: str(),
  address: optionalText,
  company_id: OkId.nullable().optional(),
  parameters: Parameters,
});

export const OkEquipment = z.object({
  id: OkId,
  serial_number: optionalText,
  inventory_number: optionalText,
  maintenance_entity_id: OkId.nullable().optional(),
  equipment_kind: CodeName,
  equipment_manufacturer: CodeName,
  equipment_model: CodeName,
  parameters: Parameters,
});

const OkTime = str().refine((t) => !Number.isNaN(Date.parse(t)), 'an ISO-8601 time');

/** An item of `issues/list`: enough to page and to ask for the issue whole. */
export const OkIssueListItem = z.object({ id: OkId });

export const OkIssue = z.object({
  id: OkId,
  title: str(),
  description: optionalText,
  source: optionalText,
  created_at: OkTime,
  completed_at: OkTime.nullable().optional(),
  deadline_at: OkTime.nullable().optional(),
  status: z.object({ code: str(), name: str().nullable().optional() }),
  priority: CodeName,
  type: CodeName,
  company_id: OkId.nullable().optional(),
  service_object_id: OkId.nullable().optional(),
  contact: z.object({ id: OkId }).nullable().optional(),
  status_times: z
    .record(str(), z.object({ total: str().nullable().optional() }).nullable())
    .nullable()
    .optional(),
});

export type OkCompany = z.infer<typeof OkCompany>;
export type OkContact = z.infer<typeof OkContact>;
export type OkMaintenanceEntity = z.infer<typeof OkMaintenanceEntity>;
export type OkEquipment = z.infer<typeof OkEquipment>;
export type OkIssue = z.infer<typeof OkIssue>;

const clean = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

/** The value of the first custom attribute whose code or name matches, as text. */
function parameter(parameters: readonly Parameter[] | null | undefined, pattern: RegExp): string | null {
  for (const p of parameters ?? []) {
    if (pattern.test(p.code ?? '') || pattern.test(p.name ?? '')) {
      if (typeof p.value === 'string' || typeof p.value === 'number') return clean(String(p.value));
    }
  }
  return null;
}

/** Okdesk keeps one phone field; people put several numbers in it. */
export function splitPhones(...fields: readonly (string | null | undefined)[]): string[] {
  return fields
    .flatMap((f) => (f ?? '').split(/[,;]|\s{2,}/))
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/**
 * `status_times` durations as Okdesk words them: "134 д., 14 ч., 57 м." (days, hours, minutes; English
 * accounts: "d", "h", "m"). Null when the text says none of them.
 */
export function parseOkDuration(text: string | null | undefined): number | null {
  if (!text) return null;
  const unit = (pattern: RegExp) => {
    const match = pattern.exec(text);
    return match ? Number(match[1]) : 0;
  };
  if (!/\d/.test(text)) return null;
  const days = unit(/(\d+)\s*(?:д|d)/i);
  const hours = unit(/(\d+)\s*(?:ч|h)/i);
  const minutes = unit(/(\d+)\s*(?:м|m)(?!s)/i);
  return ((days * 24 + hours) * 60 + minutes) * 60_000;
}

/** Okdesk's default status codes and where each lands in Pult's status model; other codes are reported. */
export const OKDESK_STATUSES: Readonly<Record<string, string>> = {
  opened: 'new',
  in_progress: 'in_progress',
  delayed: 'in_progress',
  completed: 'done',
  closed: 'closed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

const PRIORITY: Readonly<Record<string, Priority>> = {
  low: 'low',
  normal: 'normal',
  high: 'high',
  urgent: 'critical',
  critical: 'critical',
};

function ticketType(code: string | null | undefined): TicketType {
  const c = (code ?? '').toLowerCase();
  if (/install|montage|монтаж|установ/.test(c)) return 'installation';
  if (/dismant|демонтаж/.test(c)) return 'dismantling';
  if (/service|maint|обслуж|то\b/.test(c)) return 'maintenance';
  if (/consult|question|консульт|вопрос/.test(c)) return 'consultation';
  return 'incident';
}

function ticketSource(code: string | null | undefined): Source {
  const c = (code ?? '').toLowerCase();
  if (c.includes('phone') || c.includes('call')) return 'phone';
  if (c.includes('mail')) return 'email';
  if (c.includes('portal') || c.includes('client') || c.includes('web')) return 'portal';
  return 'manual';
}

/**
 * The status history as far as Okdesk tells it: `status_times` gives the total time spent in each status, not
 * the order. The history is rebuilt from the creation time, one status after another in the order Okdesk lists
 * them, the current status last, so the time in each status is Okdesk's own; a status Pult does not know
 * makes the issue unknown (`status` null). Statuses that land on the same Pult status are joined.
 */
export function issueHistory(issue: OkIssue): Readonly<{ history: SourceStatusEntry[]; unknown: string | null }> {
  const local = (code: string) => OKDESK_STATUSES[code] ?? null;
  const current = local(issue.status.code);
  if (current === null) return { history: [], unknown: issue.status.code };
  const history: SourceStatusEntry[] = [];
  let at = Date.parse(issue.created_at);
  const push = (status: string, when: number) => {
    if (history.at(-1)?.status !== status) history.push({ status, at: when });
  };
  for (const [code, time] of Object.entries(issue.status_times ?? {})) {
    if (code === issue.status.code) continue;
    const status = local(code);
    const spent = parseOkDuration(time?.total);
    if (status === null || spent === null || spent === 0) continue;
    push(status, at);
    at += spent;
  }
  push(current, history.length === 0 ? Date.parse(issue.created_at) : at);
  return { history, unknown: null };
}

/** Skipped items and why: the import report lists them beside the rows that were imported. */
export type OkSkipped = Readonly<{
  line: string;
  reason: 'malformed' | 'client-missing' | 'vehicle-missing' | 'status-unknown';
  detail: string | null;
}>;

export type OkdeskData = Readonly<{
  companies: readonly OkCompany[];
  contacts: readonly OkContact[];
  entities: readonly OkMaintenanceEntity[];
  equipment: readonly OkEquipment[];
  issues: readonly OkIssue[];
}>;

const PLATE = /госномер|гос\.?\s*номер|гос\.?\s*знак|plate|registration/i;
const VIN = /^vin$|vin-?код|\bvin\b/i;
const TAX_ID = /^(inn|unp)$|инн|унп/i;

/** Okdesk's rows as import records: companies, their contacts, service objects as vehicles, equipment, issues. */
export function okdeskRecords(data: OkdeskData): Readonly<{ records: SourceRecord[]; skipped: OkSkipped[] }> {
  const records: SourceRecord[] = [];
  const skipped: OkSkipped[] = [];
  for (const c of data.companies) {
    records.push({
      entity: 'client',
      line: `company ${c.id}`,
      row: {
        key: String(c.id),
        name: c.name,
        taxId: parameter(c.parameters, TAX_ID),
        category: clean(c.category?.name),
        address: clean(c.address),
        notes: clean(c.comment),
        phones: splitPhones(c.phone),
      },
    });
  }
  for (const c of data.contacts) {
    const line = `contact ${c.id}`;
    if (!c.company_id) {
      skipped.push({ line, reason: 'client-missing', detail: null });
      continue;
    }
    const name = [c.last_name, c.first_name, c.patronymic]
      .map(clean)
      .filter((p) => p !== null)
      .join(' ');
    records.push({
      entity: 'contact',
      line,
      row: {
        key: String(c.id),
        clientKey: String(c.company_id),
        name,
        role: clean(c.position),
        email: clean(c.email),
        phones: splitPhones(c.phone, c.mobile_phone),
      },
    });
  }
  for (const e of data.entities) {
    const line = `maintenance entity ${e.id}`;
    if (!e.company_id) {
      skipped.push({ line, reason: 'client-missing', detail: null });
      continue;
    }
    records.push({
      entity: 'vehicle',
      line,
      row: {
        key: String(e.id),
        clientKey: String(e.company_id),
        // A fleet's service object is named by its plate unless an attribute says otherwise.
        plate: parameter(e.parameters, PLATE) ?? e.name,
        make: parameter(e.parameters, /^make$|марка/i),
        model: parameter(e.parameters, /^model$|модель/i),
        vin: parameter(e.parameters, VIN),
        unitId: parameter(e.parameters, /imei|unit|терминал|блок/i),
      },
    });
  }
  for (const q of data.equipment) {
    const line = `equipment ${q.id}`;
    if (!q.maintenance_entity_id) {
      skipped.push({ line, reason: 'vehicle-missing', detail: null });
      continue;
    }
    const installed = parameter(q.parameters, /install|установ|монтаж/i);
    const installedAt = installed && !Number.isNaN(Date.parse(installed)) ? Date.parse(installed) : null;
    records.push({
      entity: 'equipment',
      line,
      row: {
        key: String(q.id),
        vehicleKey: String(q.maintenance_entity_id),
        kind: clean(q.equipment_kind?.name) ?? clean(q.equipment_kind?.code) ?? '',
        model:
          [clean(q.equipment_manufacturer?.name), clean(q.equipment_model?.name)].filter((p) => p !== null).join(' ') ||
          null,
        serial: clean(q.serial_number) ?? clean(q.inventory_number),
        installedAt,
      },
    });
  }
  for (const issue of data.issues) {
    const line = `issue ${issue.id}`;
    if (!issue.company_id) {
      skipped.push({ line, reason: 'client-missing', detail: null });
      continue;
    }
    const { history, unknown } = issueHistory(issue);
    if (unknown !== null) {
      skipped.push({ line, reason: 'status-unknown', detail: unknown });
      continue;
    }
    const completed = issue.completed_at ? Date.parse(issue.completed_at) : null;
    records.push({
      entity: 'ticket',
      line,
      row: {
        key: String(issue.id),
        clientKey: String(issue.company_id),
        contactKey: issue.contact ? String(issue.contact.id) : null,
        vehicleKey: issue.service_object_id ? String(issue.service_object_id) : null,
        title: issue.title,
        description: issue.description ?? '',
        type: ticketType(issue.type?.code),
        priority: PRIORITY[issue.priority?.code ?? ''] ?? 'normal',
        source: ticketSource(issue.source),
        createdAt: Date.parse(issue.created_at),
        resolvedAt: completed,
        plannedAt: issue.deadline_at ? Date.parse(issue.deadline_at) : null,
        history,
      },
    });
  }
  return { records, skipped };
}
