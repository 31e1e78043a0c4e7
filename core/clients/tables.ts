import { z } from 'zod';
import { Id, Millis, name, text } from '../schema/text.js';

export const CURRENCIES = ['BYN', 'RUB'] as const;
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
});

export const ContactRow = z.object({
  id: Id,
  clientId: Id,
  name,
  role: text(100).nullable(),
  email: text(200).nullable(),
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
});

export const CLIENT_TABLES = {
  clients: ClientRow,
  contacts: ContactRow,
  phones: PhoneRow,
  vehicles: VehicleRow,
} as const;
