import { z } from 'zod';
import { Id, Millis, name, text } from '../schema/text.js';
import { CURRENCIES } from './currencies.js';

export { CURRENCIES };
export const Currency = z.enum(CURRENCIES);
export type Currency = z.infer<typeof Currency>;

export const ClientRow = z.object({
  id: Id,
  name,
  taxId: text(20).nullable(),
  category: text(50).nullable(),
  address: text(500).nullable(),
  notes: text(5000).nullable(),
  currency: Currency,
  createdAt: Millis,
  /** False once deactivated: kept for the tickets that point to it, hidden from pickers and new work. */
  active: z.boolean(),
  /** The client this one was merged into (client:merge); always inactive then. */
  mergedInto: Id.nullable(),
});

export const ContactRow = z.object({
  id: Id,
  clientId: Id,
  name,
  role: text(100).nullable(),
  email: text(200).nullable(),
  active: z.boolean(),
});

/** A phone number as typed, and its E.164 form (null when it cannot be parsed) for matching callers. */
export const PhoneRow = z.object({
  id: Id,
  clientId: Id,
  contactId: Id.nullable(),
  raw: text(64),
  e164: text(20).nullable(),
});

/** A service object: the client's vehicle that carries the equipment. */
export const VehicleRow = z.object({
  id: Id,
  clientId: Id,
  plate: text(20),
  make: text(60).nullable(),
  model: text(60).nullable(),
  vin: text(17).nullable(),
  unitId: text(40).nullable(),
  active: z.boolean(),
});

/**
 * A device installed on a vehicle (tracker, fuel sensor, …). Removing it stamps `removedAt` instead of
 * deleting the row, so the vehicle keeps its history of what was fitted when.
 */
export const EquipmentRow = z.object({
  id: Id,
  vehicleId: Id,
  kind: text(60).trim().min(1),
  model: text(100).nullable(),
  serial: text(100).nullable(),
  installedAt: Millis.nullable(),
  removedAt: Millis.nullable(),
});

/** How many rows of each kind followed the kept client in a merge. */
export const MergeMoved = z
  .object({
    tickets: z.number().int().nonnegative(),
    contacts: z.number().int().nonnegative(),
    phones: z.number().int().nonnegative(),
    vehicles: z.number().int().nonnegative(),
    calls: z.number().int().nonnegative(),
    callbacks: z.number().int().nonnegative(),
    debtAcknowledgements: z.number().int().nonnegative(),
  })
  .strict();

/** The log of client:merge: one row per merge, who did it and what moved. */
export const ClientMergeRow = z.object({
  id: Id,
  keptId: Id,
  mergedId: Id,
  mergedName: name,
  at: Millis,
  by: Id.nullable(),
  moved: MergeMoved,
});

export const CLIENT_TABLES = {
  clients: ClientRow,
  contacts: ContactRow,
  phones: PhoneRow,
  vehicles: VehicleRow,
  equipment: EquipmentRow,
  client_merges: ClientMergeRow,
} as const;
