import type { RowOf } from '../entities.js';
import { plateKey } from '../clients/plate.js';
import { checkTaxId } from '../clients/tax-id.js';
import type { MutationInput, MutationName } from '../mutations.js';
import { normalizePhone, DEFAULT_PHONE_REGIONS, type PhoneRegions } from '../phone.js';
import { assertNever } from '../result.js';
import type { Priority, Source, TicketType } from '../tickets/values.js';
import type { ImportEntity } from './tables.js';

/**
 * How one source row becomes directory mutations. The sources (an Okdesk account, a CSV or XLSX file) are
 * first turned into these records; each record is then matched against what the desk already has and turned
 * into the named mutations a user would run by hand (client:create, phone:add, vehicle:update, …) plus the
 * `import:link` that remembers the match. Matching, in order: the link an earlier run made; then the
 * directory's duplicate rules (the same УНП/ИНН, phone or plate, as the duplicate warnings use); contacts by
 * name within their client and equipment by serial within its vehicle. A second run therefore updates what
 * changed and creates nothing twice, even for rows an earlier run created without a link (a crash between
 * the two mutations).
 *
 * An import never clears a field: a value the source leaves empty keeps what the desk has. It never removes a
 * phone either; it adds the ones the desk lacks.
 */

export type SourceClient = Readonly<{
  key: string;
  name: string;
  taxId: string | null;
  category: string | null;
  address: string | null;
  notes: string | null;
  phones: readonly string[];
}>;

export type SourceContact = Readonly<{
  key: string;
  clientKey: string;
  name: string;
  role: string | null;
  email: string | null;
  phones: readonly string[];
}>;

export type SourceVehicle = Readonly<{
  key: string;
  clientKey: string;
  plate: string;
  make: string | null;
  model: string | null;
  vin: string | null;
  unitId: string | null;
}>;

export type SourceEquipment = Readonly<{
  key: string;
  vehicleKey: string;
  kind: string;
  model: string | null;
  serial: string | null;
  installedAt: number | null;
}>;

/** A status the ticket entered and when; the last one is its current status. */
export type SourceStatusEntry = Readonly<{ status: string; at: number }>;

export type SourceTicket = Readonly<{
  key: string;
  clientKey: string;
  contactKey: string | null;
  vehicleKey: string | null;
  title: string;
  description: string;
  type: TicketType;
  priority: Priority;
  source: Source;
  createdAt: number;
  resolvedAt: number | null;
  plannedAt: number | null;
  /** At least one entry; the first is the status it was created in, the last the status it is in now. */
  history: readonly SourceStatusEntry[];
}>;

/** One source row, with `line` naming it in the report (a file's line number, an Okdesk id). */
export type SourceRecord = Readonly<
  | { entity: 'client'; line: string; row: SourceClient }
  | { entity: 'contact'; line: string; row: SourceContact }
  | { entity: 'vehicle'; line: string; row: SourceVehicle }
  | { entity: 'equipment'; line: string; row: SourceEquipment }
  | { entity: 'ticket'; line: string; row: SourceTicket }
>;

/** Why a row was not imported, or what of it was left out; each has its wording in the pane's languages. */
export const IMPORT_REASONS = [
  'name-missing',
  'plate-missing',
  'kind-missing',
  'title-missing',
  'tax-id-invalid',
  'phone-invalid',
  'vin-invalid',
  'client-missing',
  'vehicle-missing',
  'client-inactive',
  'vehicle-inactive',
  'equipment-removed',
  'status-unknown',
  'refused',
  'malformed',
] as const;
export type ImportReason = (typeof IMPORT_REASONS)[number];

export type PlannedMutation = {
  [N in MutationName]: Readonly<{ name: N; args: MutationInput<N> }>;
}[MutationName];

export type RowPlan = Readonly<{
  outcome: 'create' | 'update' | 'unchanged' | 'skip';
  /** The skip's reason, or what was left out of an imported row (an invalid phone, VIN…). */
  reasons: readonly ImportReason[];
  /** The value a reason is about (the phone as typed, the tax id), for the report. */
  detail: string | null;
  localId: string | null;
  mutations: readonly PlannedMutation[];
}>;

/** What the planner reads of the desk. Every answer is the desk as it is now, mutations of earlier rows included. */
export type ImportLookup = Readonly<{
  linked(source: string, entity: ImportEntity, externalId: string): Promise<string | null>;
  client(id: string): Promise<RowOf<'clients'> | undefined>;
  contact(id: string): Promise<RowOf<'contacts'> | undefined>;
  vehicle(id: string): Promise<RowOf<'vehicles'> | undefined>;
  equipment(id: string): Promise<RowOf<'equipment'> | undefined>;
  ticket(id: string): Promise<RowOf<'tickets'> | undefined>;
  clientByTaxId(taxId: string): Promise<string | null>;
  clientByPhone(e164: string): Promise<string | null>;
  vehicleByPlate(plateKey: string): Promise<string | null>;
  contactByName(clientId: string, name: string): Promise<string | null>;
  equipmentBySerial(vehicleId: string, serial: string): Promise<string | null>;
  /** E.164 numbers of the client (contactId null) or of one of its contacts. */
  phones(clientId: string, contactId: string | null): Promise<readonly string[]>;
  /** Whether the status model knows this status code. */
  knowsStatus(code: string): Promise<boolean>;
}>;

export type PlanContext = Readonly<{ source: string; lookup: ImportLookup; newId(): string; regions?: PhoneRegions }>;

const skip = (reason: ImportReason, detail: string | null = null): RowPlan => ({
  outcome: 'skip',
  reasons: [reason],
  detail,
  localId: null,
  mutations: [],
});

const blank = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

/** Folded for comparing names: case, ё and runs of spaces do not make two contacts. */
export function foldName(name: string): string {
  return name.toLocaleLowerCase('ru').replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

/** The fields of `next` that are set and differ from `current`: what an update sends. */
function changed<T extends Readonly<Record<string, unknown>>>(
  current: T,
  next: Readonly<Partial<Record<keyof T, unknown>>>,
): Partial<T> {
  const patch: Partial<T> = {};
  for (const [key, value] of Object.entries(next) as [keyof T, unknown][]) {
    if (value === null || value === undefined) continue;
    if (current[key] !== value) patch[key] = value as T[keyof T];
  }
  return patch;
}

type Phones = Readonly<{ valid: readonly Readonly<{ raw: string; e164: string }>[]; invalid: readonly string[] }>;

function sortPhones(raws: readonly string[], regions: PhoneRegions): Phones {
  const valid: { raw: string; e164: string }[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const raw of raws.map((r) => r.trim()).filter((r) => r !== '')) {
    const e164 = normalizePhone(raw, regions);
    if (!e164) invalid.push(raw);
    else if (!seen.has(e164)) {
      seen.add(e164);
      valid.push({ raw: raw.slice(0, 64), e164 });
    }
  }
  return { valid, invalid };
}

/** The local row a source row is linked to, if the link still points to a row. */
async function linkedRow<R>(
  ctx: PlanContext,
  entity: ImportEntity,
  key: string,
  read: (id: string) => Promise<R | undefined>,
): Promise<R | undefined> {
  const id = await ctx.lookup.linked(ctx.source, entity, key);
  return id === null ? undefined : read(id);
}

function linkIfNew(ctx: PlanContext, linkedId: string | null, entity: ImportEntity, key: string, localId: string) {
  return linkedId === localId
    ? []
    : [
        {
          name: 'import:link' as const,
          args: { id: ctx.newId(), source: ctx.source, entity, externalId: key, localId },
        },
      ];
}

/** A merged client lives on in the client it went into. */
async function followMerges(ctx: PlanContext, client: RowOf<'clients'> | undefined) {
  let current = client;
  for (let hops = 0; current?.mergedInto && hops < 10; hops += 1) current = await ctx.lookup.client(current.mergedInto);
  return current;
}

async function planClient(ctx: PlanContext, row: SourceClient): Promise<RowPlan> {
  const regions = ctx.regions ?? DEFAULT_PHONE_REGIONS;
  const name = blank(row.name);
  if (!name) return skip('name-missing');
  const rawTaxId = blank(row.taxId);
  let taxId: string | null = null;
  if (rawTaxId !== null) {
    const check = checkTaxId(rawTaxId);
    if (!check.ok) return skip('tax-id-invalid', rawTaxId);
    taxId = check.value;
  }
  const phones = sortPhones(row.phones, regions);
  const reasons: ImportReason[] = phones.invalid.length > 0 ? ['phone-invalid'] : [];
  const detail = phones.invalid[0] ?? null;

  const linkedId = await ctx.lookup.linked(ctx.source, 'client', row.key);
  let existing = linkedId ? await ctx.lookup.client(linkedId) : undefined;
  if (!existing && taxId) existing = await ctx.lookup.client((await ctx.lookup.clientByTaxId(taxId)) ?? '');
  for (const phone of phones.valid) {
    if (existing) break;
    existing = await ctx.lookup.client((await ctx.lookup.clientByPhone(phone.e164)) ?? '');
  }
  existing = await followMerges(ctx, existing);
  const fields = {
    name,
    taxId,
    category: blank(row.category)?.slice(0, 50) ?? null,
    address: blank(row.address)?.slice(0, 500) ?? null,
    notes: blank(row.notes)?.slice(0, 5000) ?? null,
  };

  if (!existing) {
    const id = ctx.newId();
    return {
      outcome: 'create',
      reasons,
      detail,
      localId: id,
      mutations: [
        {
          name: 'client:create',
          args: { id, ...fields, phones: phones.valid.slice(0, 10).map((p) => ({ id: ctx.newId(), raw: p.raw })) },
        },
        ...linkIfNew(ctx, null, 'client', row.key, id),
      ],
    };
  }
  if (!existing.active) return skip('client-inactive', existing.name);
  const patch = changed(existing, fields);
  const known = new Set(await ctx.lookup.phones(existing.id, null));
  const missing = phones.valid.filter((p) => !known.has(p.e164)).slice(0, Math.max(0, 10 - known.size));
  const mutations: PlannedMutation[] = [
    ...(Object.keys(patch).length > 0 ? [{ name: 'client:update' as const, args: { id: existing.id, ...patch } }] : []),
    ...missing.map((p) => ({
      name: 'phone:add' as const,
      args: { id: ctx.newId(), clientId: existing.id, contactId: null, raw: p.raw },
    })),
  ];
  return {
    outcome: mutations.length > 0 ? 'update' : 'unchanged',
    reasons,
    detail,
    localId: existing.id,
    mutations: [...mutations, ...linkIfNew(ctx, linkedId, 'client', row.key, existing.id)],
  };
}

/** The local client of a dependent row: the one its client's source row was linked to. */
async function localClient(ctx: PlanContext, clientKey: string) {
  return followMerges(ctx, await linkedRow(ctx, 'client', clientKey, ctx.lookup.client));
}

async function planContact(ctx: PlanContext, row: SourceContact): Promise<RowPlan> {
  const regions = ctx.regions ?? DEFAULT_PHONE_REGIONS;
  const name = blank(row.name);
  if (!name) return skip('name-missing');
  const client = await localClient(ctx, row.clientKey);
  if (!client) return skip('client-missing', row.clientKey);
  if (!client.active) return skip('client-inactive', client.name);
  const phones = sortPhones(row.phones, regions);
  const reasons: ImportReason[] = phones.invalid.length > 0 ? ['phone-invalid'] : [];
  const detail = phones.invalid[0] ?? null;

  const linkedId = await ctx.lookup.linked(ctx.source, 'contact', row.key);
  let existing = linkedId ? await ctx.lookup.contact(linkedId) : undefined;
  if (existing && existing.clientId !== client.id) existing = undefined;
  if (!existing) existing = await ctx.lookup.contact((await ctx.lookup.contactByName(client.id, name)) ?? '');
  const fields = { name, role: blank(row.role)?.slice(0, 100) ?? null, email: blank(row.email)?.slice(0, 200) ?? null };
  if (!existing) {
    const id = ctx.newId();
    return {
      outcome: 'create',
      reasons,
      detail,
      localId: id,
      mutations: [
        {
          name: 'contact:create',
          args: {
            id,
            clientId: client.id,
            ...fields,
            phones: phones.valid.slice(0, 10).map((p) => ({ id: ctx.newId(), raw: p.raw })),
          },
        },
        ...linkIfNew(ctx, null, 'contact', row.key, id),
      ],
    };
  }
  const patch = existing.active ? changed(existing, fields) : {};
  const known = new Set(await ctx.lookup.phones(client.id, existing.id));
  const missing = existing.active ? phones.valid.filter((p) => !known.has(p.e164)).slice(0, 10) : [];
  const mutations: PlannedMutation[] = [
    ...(Object.keys(patch).length > 0
      ? [{ name: 'contact:update' as const, args: { id: existing.id, ...patch } }]
      : []),
    ...missing.map((p) => ({
      name: 'phone:add' as const,
      args: { id: ctx.newId(), clientId: client.id, contactId: existing.id, raw: p.raw },
    })),
  ];
  return {
    outcome: mutations.length > 0 ? 'update' : 'unchanged',
    reasons,
    detail,
    localId: existing.id,
    mutations: [...mutations, ...linkIfNew(ctx, linkedId, 'contact', row.key, existing.id)],
  };
}

const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;

async function planVehicle(ctx: PlanContext, row: SourceVehicle): Promise<RowPlan> {
  const plate = blank(row.plate)?.slice(0, 20) ?? null;
  if (!plate || plateKey(plate) === '') return skip('plate-missing');
  const rawVin = blank(row.vin)?.toUpperCase() ?? null;
  const vin = rawVin !== null && VIN.test(rawVin) ? rawVin : null;
  const reasons: ImportReason[] = rawVin !== null && vin === null ? ['vin-invalid'] : [];
  const detail = vin === null ? rawVin : null;

  const linkedId = await ctx.lookup.linked(ctx.source, 'vehicle', row.key);
  let existing = linkedId ? await ctx.lookup.vehicle(linkedId) : undefined;
  if (!existing) existing = await ctx.lookup.vehicle((await ctx.lookup.vehicleByPlate(plateKey(plate))) ?? '');
  const fields = {
    plate,
    make: blank(row.make)?.slice(0, 60) ?? null,
    model: blank(row.model)?.slice(0, 60) ?? null,
    vin,
    unitId: blank(row.unitId)?.slice(0, 40) ?? null,
  };
  if (!existing) {
    const client = await localClient(ctx, row.clientKey);
    if (!client) return skip('client-missing', row.clientKey);
    if (!client.active) return skip('client-inactive', client.name);
    const id = ctx.newId();
    return {
      outcome: 'create',
      reasons,
      detail,
      localId: id,
      mutations: [
        { name: 'vehicle:create', args: { id, clientId: client.id, ...fields } },
        ...linkIfNew(ctx, null, 'vehicle', row.key, id),
      ],
    };
  }
  if (!existing.active) return skip('vehicle-inactive', existing.plate);
  // The same plate typed another way is the same vehicle: the desk's spelling stays.
  const patch = changed(existing, {
    ...fields,
    plate: plateKey(existing.plate) === plateKey(plate) ? null : plate,
  });
  return {
    outcome: Object.keys(patch).length > 0 ? 'update' : 'unchanged',
    reasons,
    detail,
    localId: existing.id,
    mutations: [
      ...(Object.keys(patch).length > 0
        ? [{ name: 'vehicle:update' as const, args: { id: existing.id, ...patch } }]
        : []),
      ...linkIfNew(ctx, linkedId, 'vehicle', row.key, existing.id),
    ],
  };
}

async function planEquipment(ctx: PlanContext, row: SourceEquipment): Promise<RowPlan> {
  const kind = blank(row.kind)?.slice(0, 60) ?? null;
  if (!kind) return skip('kind-missing');
  const vehicle = await linkedRow(ctx, 'vehicle', row.vehicleKey, ctx.lookup.vehicle);
  if (!vehicle) return skip('vehicle-missing', row.vehicleKey);
  const serial = blank(row.serial)?.slice(0, 100) ?? null;
  const linkedId = await ctx.lookup.linked(ctx.source, 'equipment', row.key);
  let existing = linkedId ? await ctx.lookup.equipment(linkedId) : undefined;
  if (!existing && serial)
    existing = await ctx.lookup.equipment((await ctx.lookup.equipmentBySerial(vehicle.id, serial)) ?? '');
  const fields = { kind, model: blank(row.model)?.slice(0, 100) ?? null, serial, installedAt: row.installedAt };
  if (!existing) {
    if (!vehicle.active) return skip('vehicle-inactive', vehicle.plate);
    const id = ctx.newId();
    return {
      outcome: 'create',
      reasons: [],
      detail: null,
      localId: id,
      mutations: [
        { name: 'equipment:install', args: { id, vehicleId: vehicle.id, ...fields } },
        ...linkIfNew(ctx, null, 'equipment', row.key, id),
      ],
    };
  }
  if (existing.removedAt !== null) return skip('equipment-removed', existing.serial ?? existing.kind);
  const patch = changed(existing, fields);
  return {
    outcome: Object.keys(patch).length > 0 ? 'update' : 'unchanged',
    reasons: [],
    detail: null,
    localId: existing.id,
    mutations: [
      ...(Object.keys(patch).length > 0
        ? [{ name: 'equipment:update' as const, args: { id: existing.id, ...patch } }]
        : []),
      ...linkIfNew(ctx, linkedId, 'equipment', row.key, existing.id),
    ],
  };
}

async function planTicket(ctx: PlanContext, row: SourceTicket): Promise<RowPlan> {
  const title = blank(row.title)?.slice(0, 300) ?? null;
  if (!title) return skip('title-missing');
  const current = row.history.at(-1);
  if (!current) return skip('status-unknown');
  for (const entry of row.history) {
    if (!(await ctx.lookup.knowsStatus(entry.status))) return skip('status-unknown', entry.status);
  }
  const fields = {
    title,
    description: row.description.slice(0, 20_000),
    type: row.type,
    priority: row.priority,
    source: row.source,
    status: current.status,
    createdAt: row.createdAt,
    resolvedAt: row.resolvedAt,
    plannedAt: row.plannedAt,
  };
  const linkedId = await ctx.lookup.linked(ctx.source, 'ticket', row.key);
  const existing = linkedId ? await ctx.lookup.ticket(linkedId) : undefined;
  if (existing) {
    const same =
      existing.title === title &&
      existing.description === fields.description &&
      existing.priority === fields.priority &&
      existing.status === fields.status &&
      existing.plannedAt === fields.plannedAt;
    if (same) return { outcome: 'unchanged', reasons: [], detail: null, localId: existing.id, mutations: [] };
    const log =
      existing.status === current.status
        ? []
        : [{ id: ctx.newId(), fromStatus: existing.status, toStatus: current.status, at: current.at }];
    return {
      outcome: 'update',
      reasons: [],
      detail: null,
      localId: existing.id,
      mutations: [
        {
          name: 'ticket:import',
          args: {
            id: existing.id,
            clientId: existing.clientId,
            contactId: existing.contactId,
            vehicleId: existing.vehicleId,
            ...fields,
            log,
          },
        },
      ],
    };
  }
  const client = await localClient(ctx, row.clientKey);
  if (!client) return skip('client-missing', row.clientKey);
  const contact = row.contactKey ? await linkedRow(ctx, 'contact', row.contactKey, ctx.lookup.contact) : undefined;
  const vehicle = row.vehicleKey ? await linkedRow(ctx, 'vehicle', row.vehicleKey, ctx.lookup.vehicle) : undefined;
  const id = ctx.newId();
  const log = row.history.slice(-60).map((entry, i, all) => ({
    id: ctx.newId(),
    fromStatus: i === 0 ? null : all[i - 1]!.status,
    toStatus: entry.status,
    at: entry.at,
  }));
  return {
    outcome: 'create',
    reasons: [],
    detail: null,
    localId: id,
    mutations: [
      {
        name: 'ticket:import',
        args: {
          id,
          clientId: client.id,
          contactId: contact?.clientId === client.id ? contact.id : null,
          vehicleId: vehicle?.clientId === client.id ? vehicle.id : null,
          ...fields,
          log,
        },
      },
      ...linkIfNew(ctx, null, 'ticket', row.key, id),
    ],
  };
}

/** The mutations that bring one source row into the directory, or why it is skipped. */
export function planRecord(ctx: PlanContext, record: SourceRecord): Promise<RowPlan> {
  switch (record.entity) {
    case 'client':
      return planClient(ctx, record.row);
    case 'contact':
      return planContact(ctx, record.row);
    case 'vehicle':
      return planVehicle(ctx, record.row);
    case 'equipment':
      return planEquipment(ctx, record.row);
    case 'ticket':
      return planTicket(ctx, record.row);
    default:
      return assertNever(record, 'import record');
  }
}
