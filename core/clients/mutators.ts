import { z } from 'zod';
import { callbackLinkRules, linkCallbacksToPhones, UNKNOWN_CALLER_CLIENT_ID } from '../calls/mutators.js';
import type { RowOf, TableName } from '../entities.js';
import { defineMutator, ref, rule, type MutationTx } from '../mutation.js';
import { DEFAULT_PHONE_REGIONS, normalizePhone } from '../phone.js';
import { PultError } from '../result.js';
import { Id, Millis, name, text } from '../schema/text.js';
import { DIRECTORY_EDITORS, DIRECTORY_SUPERVISORS } from './roles.js';
import { checkTaxId } from './tax-id.js';
import { Currency } from './tables.js';

/**
 * The directory's mutations: clients, contacts, phones, vehicles and the equipment on them. Roles: admin,
 * dispatcher and first line create and edit (they are the ones on the phone when a new client calls); only
 * admin and dispatcher deactivate and merge, which hide rows from everyone's pickers. Nothing a ticket can
 * point to is ever deleted: it is deactivated, and a merged client points to the client it went into. A phone
 * is the one row that is removed outright: tickets do not point to phones.
 */

const EDITORS = DIRECTORY_EDITORS;
const SUPERVISORS = DIRECTORY_SUPERVISORS;

const MAX_PHONES = 10;

const optionalText = (max: number) => text(max).trim().nullable();
const TaxIdArg = text(20).trim().nullable();
const PhoneArg = z.object({ id: Id, raw: text(64).trim().min(1) }).strict();
const PlateArg = text(20).trim().min(1);
const VinArg = text(17).trim().nullable();

const CLIENT_FIELDS = {
  name,
  taxId: TaxIdArg.default(null),
  category: optionalText(50).default(null),
  address: optionalText(500).default(null),
  notes: optionalText(5000).default(null),
} as const;

const CONTACT_FIELDS = {
  name,
  role: optionalText(100).default(null),
  email: optionalText(200).default(null),
} as const;

const VEHICLE_FIELDS = {
  plate: PlateArg,
  make: optionalText(60).default(null),
  model: optionalText(60).default(null),
  vin: VinArg.default(null),
  unitId: optionalText(40).default(null),
} as const;

const EQUIPMENT_FIELDS = {
  kind: text(60).trim().min(1),
  model: optionalText(100).default(null),
  serial: optionalText(100).default(null),
  installedAt: Millis.nullable().default(null),
} as const;

/** Every field of an edit may be left out: only what the user changed is sent, so two edits of one row merge. */
function patchOf<S extends Readonly<Record<string, z.ZodType>>>(fields: S) {
  return Object.fromEntries(
    Object.entries(fields).map(([key, schema]) => [
      key,
      (schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema).optional(),
    ]),
  ) as { [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer I> ? I : S[K]> };
}

/** Empty text means "none": a cleared field is stored as null, never as an empty string. */
const blankToNull = (value: string | null): string | null => (value === null || value === '' ? null : value);

/** A tax id in its compact form, or a refusal that says which number failed its check. */
export function validTaxId(raw: string | null): string | null {
  const value = blankToNull(raw);
  if (value === null) return null;
  const check = checkTaxId(value);
  if (!check.ok) {
    throw PultError.because(
      'invalid-input',
      `${value} is not a valid УНП (9 digits) or ИНН (10 or 12 digits): ${check.problem === 'checksum' ? 'the check digit is wrong' : 'wrong length or characters'}`,
      'tax-id-invalid',
      { value },
    );
  }
  return check.value;
}

/** The E.164 form of a number as typed (BY first, RU as fallback), or a refusal naming it. */
export function validPhone(raw: string): string {
  const e164 = normalizePhone(raw, DEFAULT_PHONE_REGIONS);
  if (!e164) {
    throw PultError.because('invalid-input', `${raw} is not a phone number in Belarus or Russia`, 'phone-invalid', {
      raw,
    });
  }
  return e164;
}

/** A VIN is 17 letters and digits without I, O and Q (ISO 3779). */
export function validVin(raw: string | null): string | null {
  const value = blankToNull(raw)?.toUpperCase() ?? null;
  if (value !== null && !/^[A-HJ-NPR-Z0-9]{17}$/.test(value)) {
    throw new PultError('invalid-input', `${value} is not a VIN: 17 letters and digits, without I, O and Q`, [
      { path: 'vin', message: 'A VIN has 17 letters and digits, without I, O and Q' },
    ]);
  }
  return value;
}

async function requireRow<T extends 'clients' | 'contacts' | 'vehicles' | 'equipment' | 'phones'>(
  tx: MutationTx,
  table: T,
  id: string,
): Promise<RowOf<T>> {
  const row = await tx.get(table, id);
  if (!row) throw new PultError('not-found', `No ${table} row ${id}`);
  return row;
}

/** A row that is deactivated takes no new work: it is there for the history that points to it. */
function refuseInactive(row: Readonly<{ active: boolean }>, what: string): void {
  if (!row.active) {
    throw PultError.because('conflict', `${what} is deactivated`, 'directory-inactive', { name: what });
  }
}

async function activeClient(tx: MutationTx, id: string): Promise<RowOf<'clients'>> {
  const client = await requireRow(tx, 'clients', id);
  refuseInactive(client, client.name);
  return client;
}

async function insertPhones(
  tx: MutationTx,
  clientId: string,
  contactId: string | null,
  phones: readonly z.output<typeof PhoneArg>[],
): Promise<void> {
  // Every number is checked before the first row is written, so a refusal leaves nothing half done.
  const e164s = phones.map((p) => validPhone(p.raw));
  const rows = phones.map((phone, i) => ({ id: phone.id, clientId, contactId, raw: phone.raw, e164: e164s[i]! }));
  for (const row of rows) await tx.insert('phones', row);
  await linkCallbacksToPhones(tx, rows);
}

/** The fields a patch sets; a cleared text field is stored as null (required ones cannot be blank). */
function cleaned<T extends Readonly<Record<string, unknown>>>(patch: T): T {
  return Object.fromEntries(
    Object.entries(patch)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === 'string' ? blankToNull(v) : v]),
  ) as T;
}

/** The tables whose rows carry a client and follow it in a merge, and the name each has in the merge log. */
const FOLLOWERS = [
  ['tickets', 'tickets'],
  ['contacts', 'contacts'],
  ['phones', 'phones'],
  ['vehicles', 'vehicles'],
  ['calls', 'calls'],
  ['callbacks', 'callbacks'],
  ['debt_acknowledgements', 'debtAcknowledgements'],
] as const satisfies readonly (readonly [TableName, keyof RowOf<'client_merges'>['moved']])[];

export const CLIENT_MUTATORS = {
  'client:create': defineMutator({
    args: z
      .object({
        id: Id,
        ...CLIENT_FIELDS,
        currency: Currency.default('BYN'),
        phones: z.array(PhoneArg).max(MAX_PHONES).default([]),
      })
      .strict(),
    roles: EDITORS,
    writes: (args) => ({
      creates: [ref('clients', args.id), ...args.phones.map((p) => ref('phones', p.id))],
      updates: [],
      updatesWhere: callbackLinkRules(args.phones.map((p) => p.raw)),
    }),
    async run(tx, args) {
      const taxId = validTaxId(args.taxId);
      args.phones.forEach((p) => validPhone(p.raw));
      await tx.insert('clients', {
        id: args.id,
        name: args.name,
        taxId,
        category: blankToNull(args.category),
        address: blankToNull(args.address),
        notes: blankToNull(args.notes),
        currency: args.currency,
        createdAt: tx.now,
        active: true,
        mergedInto: null,
      });
      await insertPhones(tx, args.id, null, args.phones);
    },
  }),

  'client:update': defineMutator({
    args: z.object({ id: Id, ...patchOf(CLIENT_FIELDS) }).strict(),
    roles: EDITORS,
    writes: (args) => ({ creates: [], updates: [ref('clients', args.id)] }),
    async run(tx, { id, ...patch }) {
      const client = await activeClient(tx, id);
      const next = { ...client, ...cleaned(patch) };
      if (patch.taxId !== undefined) next.taxId = validTaxId(patch.taxId);
      await tx.update('clients', next);
    },
  }),

  'client:deactivate': defineMutator({
    args: z.object({ id: Id }).strict(),
    roles: SUPERVISORS,
    writes: (args) => ({ creates: [], updates: [ref('clients', args.id)] }),
    async run(tx, args) {
      if (args.id === UNKNOWN_CALLER_CLIENT_ID) {
        throw new PultError('forbidden', 'The client of unknown callers is part of the callback rule');
      }
      const client = await requireRow(tx, 'clients', args.id);
      if (!client.active) return;
      await tx.update('clients', { ...client, active: false });
    },
  }),

  /**
   * Two rows that are one client: everything that carries the merged client's id — tickets, contacts, phones,
   * vehicles, calls, callbacks, debt acknowledgements — moves to the kept one, the merged client is
   * deactivated and points to the kept one (so are clients merged into it before), and a `client_merges` row
   * logs who merged what and how many rows moved. The kept client takes the tax id, address and notes the
   * merged one had where its own are empty. The rows that move cannot be named by id in the arguments, so
   * they are named by rule: rows whose client is the merged one.
   */
  'client:merge': defineMutator({
    args: z.object({ id: Id, keptId: Id, mergedId: Id }).strict(),
    roles: SUPERVISORS,
    writes: (args) => ({
      creates: [ref('client_merges', args.id)],
      updates: [ref('clients', args.keptId), ref('clients', args.mergedId)],
      updatesWhere: [
        ...FOLLOWERS.map(([table]) => rule(table, { clientId: args.mergedId })),
        rule('clients', { mergedInto: args.mergedId }),
      ],
    }),
    async run(tx, args) {
      if (args.keptId === args.mergedId) throw new PultError('invalid-input', 'A client cannot be merged into itself');
      if (args.keptId === UNKNOWN_CALLER_CLIENT_ID || args.mergedId === UNKNOWN_CALLER_CLIENT_ID) {
        throw new PultError('forbidden', 'The client of unknown callers is part of the callback rule');
      }
      const kept = await activeClient(tx, args.keptId);
      const merged = await requireRow(tx, 'clients', args.mergedId);
      if (merged.mergedInto !== null) {
        throw PultError.because('conflict', `${merged.name} was already merged`, 'directory-inactive', {
          name: merged.name,
        });
      }
      if (kept.currency !== merged.currency) {
        // Ticket amounts are in the client's currency: moving them would change what they are worth.
        throw PultError.because(
          'invalid-input',
          `${merged.name} bills in ${merged.currency} and ${kept.name} in ${kept.currency}`,
          'merge-currency',
          { kept: kept.name, merged: merged.name },
        );
      }
      const moved = {
        tickets: 0,
        contacts: 0,
        phones: 0,
        vehicles: 0,
        calls: 0,
        callbacks: 0,
        debtAcknowledgements: 0,
      };
      for (const [table, counter] of FOLLOWERS) {
        const rows = (await tx.find(table, { clientId: merged.id })) as { clientId: string | null }[];
        for (const row of rows) {
          const next =
            table === 'tickets' ? { ...row, clientId: kept.id, updatedAt: tx.now } : { ...row, clientId: kept.id };
          await tx.update(table, next as never);
        }
        moved[counter] = rows.length;
      }
      for (const earlier of await tx.find('clients', { mergedInto: merged.id })) {
        await tx.update('clients', { ...earlier, mergedInto: kept.id });
      }
      await tx.update('clients', {
        ...kept,
        taxId: kept.taxId ?? merged.taxId,
        address: kept.address ?? merged.address,
        notes: kept.notes ?? merged.notes,
        category: kept.category ?? merged.category,
      });
      await tx.update('clients', { ...merged, active: false, mergedInto: kept.id });
      await tx.insert('client_merges', {
        id: args.id,
        keptId: kept.id,
        mergedId: merged.id,
        mergedName: merged.name,
        at: tx.now,
        by: tx.userId,
        moved,
      });
    },
  }),

  'contact:create': defineMutator({
    args: z
      .object({ id: Id, clientId: Id, ...CONTACT_FIELDS, phones: z.array(PhoneArg).max(MAX_PHONES).default([]) })
      .strict(),
    roles: EDITORS,
    writes: (args) => ({
      creates: [ref('contacts', args.id), ...args.phones.map((p) => ref('phones', p.id))],
      updates: [],
      updatesWhere: callbackLinkRules(args.phones.map((p) => p.raw)),
    }),
    async run(tx, args) {
      const client = await activeClient(tx, args.clientId);
      args.phones.forEach((p) => validPhone(p.raw));
      await tx.insert('contacts', {
        id: args.id,
        clientId: client.id,
        name: args.name,
        role: blankToNull(args.role),
        email: blankToNull(args.email),
        active: true,
      });
      await insertPhones(tx, client.id, args.id, args.phones);
    },
  }),

  'contact:update': defineMutator({
    args: z.object({ id: Id, ...patchOf(CONTACT_FIELDS) }).strict(),
    roles: EDITORS,
    writes: (args) => ({ creates: [], updates: [ref('contacts', args.id)] }),
    async run(tx, { id, ...patch }) {
      const contact = await requireRow(tx, 'contacts', id);
      refuseInactive(contact, contact.name);
      await tx.update('contacts', { ...contact, ...cleaned(patch) });
    },
  }),

  'contact:deactivate': defineMutator({
    args: z.object({ id: Id }).strict(),
    roles: SUPERVISORS,
    writes: (args) => ({ creates: [], updates: [ref('contacts', args.id)] }),
    async run(tx, args) {
      const contact = await requireRow(tx, 'contacts', args.id);
      if (contact.active) await tx.update('contacts', { ...contact, active: false });
    },
  }),

  'phone:add': defineMutator({
    args: z.object({ id: Id, clientId: Id, contactId: Id.nullable().default(null), raw: PhoneArg.shape.raw }).strict(),
    roles: EDITORS,
    writes: (args) => ({
      creates: [ref('phones', args.id)],
      updates: [],
      updatesWhere: callbackLinkRules([args.raw]),
    }),
    async run(tx, args) {
      const client = await activeClient(tx, args.clientId);
      if (args.contactId !== null) {
        const contact = await requireRow(tx, 'contacts', args.contactId);
        if (contact.clientId !== client.id) {
          throw new PultError('invalid-input', 'The contact does not belong to this client');
        }
      }
      await insertPhones(tx, client.id, args.contactId, [{ id: args.id, raw: args.raw }]);
    },
  }),

  'phone:remove': defineMutator({
    args: z.object({ id: Id }).strict(),
    roles: EDITORS,
    writes: (args) => ({ creates: [], updates: [], deletes: [ref('phones', args.id)] }),
    async run(tx, args) {
      await requireRow(tx, 'phones', args.id);
      await tx.delete('phones', args.id);
    },
  }),

  'vehicle:create': defineMutator({
    args: z.object({ id: Id, clientId: Id, ...VEHICLE_FIELDS }).strict(),
    roles: EDITORS,
    writes: (args) => ({ creates: [ref('vehicles', args.id)], updates: [] }),
    async run(tx, args) {
      const client = await activeClient(tx, args.clientId);
      await tx.insert('vehicles', {
        id: args.id,
        clientId: client.id,
        plate: args.plate,
        make: blankToNull(args.make),
        model: blankToNull(args.model),
        vin: validVin(args.vin),
        unitId: blankToNull(args.unitId),
        active: true,
      });
    },
  }),

  'vehicle:update': defineMutator({
    args: z.object({ id: Id, ...patchOf(VEHICLE_FIELDS) }).strict(),
    roles: EDITORS,
    writes: (args) => ({ creates: [], updates: [ref('vehicles', args.id)] }),
    async run(tx, { id, ...patch }) {
      const vehicle = await requireRow(tx, 'vehicles', id);
      refuseInactive(vehicle, vehicle.plate);
      const next = { ...vehicle, ...cleaned(patch) };
      if (patch.vin !== undefined) next.vin = validVin(patch.vin);
      await tx.update('vehicles', next);
    },
  }),

  'vehicle:deactivate': defineMutator({
    args: z.object({ id: Id }).strict(),
    roles: SUPERVISORS,
    writes: (args) => ({ creates: [], updates: [ref('vehicles', args.id)] }),
    async run(tx, args) {
      const vehicle = await requireRow(tx, 'vehicles', args.id);
      if (vehicle.active) await tx.update('vehicles', { ...vehicle, active: false });
    },
  }),

  'equipment:install': defineMutator({
    args: z.object({ id: Id, vehicleId: Id, ...EQUIPMENT_FIELDS }).strict(),
    roles: EDITORS,
    writes: (args) => ({ creates: [ref('equipment', args.id)], updates: [] }),
    async run(tx, args) {
      const vehicle = await requireRow(tx, 'vehicles', args.vehicleId);
      refuseInactive(vehicle, vehicle.plate);
      await tx.insert('equipment', {
        id: args.id,
        vehicleId: vehicle.id,
        kind: args.kind,
        model: blankToNull(args.model),
        serial: blankToNull(args.serial),
        installedAt: args.installedAt,
        removedAt: null,
      });
    },
  }),

  'equipment:update': defineMutator({
    args: z.object({ id: Id, ...patchOf(EQUIPMENT_FIELDS) }).strict(),
    roles: EDITORS,
    writes: (args) => ({ creates: [], updates: [ref('equipment', args.id)] }),
    async run(tx, { id, ...patch }) {
      const equipment = await requireRow(tx, 'equipment', id);
      if (equipment.removedAt !== null) throw new PultError('conflict', 'This equipment was removed from the vehicle');
      await tx.update('equipment', { ...equipment, ...cleaned(patch) });
    },
  }),

  /** Taken off the vehicle: the row stays, stamped, as the vehicle's history of what was fitted. */
  'equipment:remove': defineMutator({
    args: z.object({ id: Id, removedAt: Millis.nullable().default(null) }).strict(),
    roles: EDITORS,
    writes: (args) => ({ creates: [], updates: [ref('equipment', args.id)] }),
    async run(tx, args) {
      const equipment = await requireRow(tx, 'equipment', args.id);
      if (equipment.removedAt !== null) return;
      const removedAt = args.removedAt ?? tx.now;
      if (equipment.installedAt !== null && removedAt < equipment.installedAt) {
        throw new PultError('invalid-input', 'Equipment cannot be removed before it was installed');
      }
      await tx.update('equipment', { ...equipment, removedAt });
    },
  }),
} as const;
