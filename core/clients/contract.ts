import { z } from 'zod';
import { query } from '../contract-method.js';
import { DebtSummary } from '../money/contract.js';
import { Id, str } from '../schema/text.js';
import { Currency } from './tables.js';

export const ClientOption = z.object({
  id: Id,
  name: str(),
  taxId: str().nullable(),
  address: str().nullable(),
  currency: Currency,
  phones: z.array(str()),
  debt: DebtSummary.nullable(),
});
export type ClientOption = z.infer<typeof ClientOption>;

export const ContactDto = z.object({
  id: Id,
  clientId: Id,
  name: str(),
  role: str().nullable(),
  phones: z.array(str()),
});

export const VehicleDto = z.object({
  id: Id,
  clientId: Id,
  plate: str(),
  make: str().nullable(),
  model: str().nullable(),
  vin: str().nullable(),
});

// A client's debt follows its tickets and payments: every client query reads them.
const CLIENT_READS = ['clients', 'phones', 'tickets', 'payments'] as const;

export const CLIENT_CONTRACT = {
  'clients:search': query(
    z.object({ text: str().max(200), limit: z.number().int().positive().max(100).default(20) }).strict(),
    z.array(ClientOption),
    CLIENT_READS,
  ),
  'client:get': query(z.object({ id: Id }).strict(), ClientOption, CLIENT_READS),
  'client:contacts': query(z.object({ clientId: Id }).strict(), z.array(ContactDto), ['contacts', 'phones']),
  'client:vehicles': query(z.object({ clientId: Id }).strict(), z.array(VehicleDto), ['vehicles']),
} as const;

/** A row of the directory's client list. */
export const DirectoryClient = z.object({
  id: Id,
  name: str(),
  taxId: str().nullable(),
  category: str().nullable(),
  currency: Currency,
  active: z.boolean(),
  phones: z.array(str()),
  vehicles: z.number().int().nonnegative(),
  openTickets: z.number().int().nonnegative(),
  debt: DebtSummary.nullable(),
});
export type DirectoryClient = z.infer<typeof DirectoryClient>;

export const DirectoryPhone = z.object({ id: Id, raw: str(), e164: str().nullable() });

export const DirectoryContact = z.object({
  id: Id,
  name: str(),
  role: str().nullable(),
  email: str().nullable(),
  active: z.boolean(),
  phones: z.array(DirectoryPhone),
});

export const DirectoryEquipment = z.object({
  id: Id,
  vehicleId: Id,
  kind: str(),
  model: str().nullable(),
  serial: str().nullable(),
  installedAt: z.number().nullable(),
  removedAt: z.number().nullable(),
});

export const DirectoryVehicle = z.object({
  id: Id,
  clientId: Id,
  plate: str(),
  make: str().nullable(),
  model: str().nullable(),
  vin: str().nullable(),
  unitId: str().nullable(),
  active: z.boolean(),
  equipment: z.array(DirectoryEquipment),
});
export type DirectoryVehicle = z.infer<typeof DirectoryVehicle>;

export const DirectoryTicket = z.object({
  id: Id,
  number: z.number().int(),
  title: str(),
  status: str(),
  open: z.boolean(),
  createdAt: z.number(),
  plate: str().nullable(),
});

/** Everything the client card shows, in one read. */
export const ClientCard = z.object({
  client: z.object({
    id: Id,
    name: str(),
    taxId: str().nullable(),
    category: str().nullable(),
    address: str().nullable(),
    notes: str().nullable(),
    currency: Currency,
    active: z.boolean(),
    createdAt: z.number(),
    mergedInto: z.object({ id: Id, name: str() }).nullable(),
  }),
  phones: z.array(DirectoryPhone),
  contacts: z.array(DirectoryContact),
  vehicles: z.array(DirectoryVehicle),
  openTickets: z.array(DirectoryTicket),
  pastTickets: z.array(DirectoryTicket),
  debt: DebtSummary.nullable(),
  merges: z.array(z.object({ id: Id, mergedId: Id, mergedName: str(), at: z.number() })),
});
export type ClientCard = z.infer<typeof ClientCard>;

export const VehicleCard = z.object({
  vehicle: DirectoryVehicle,
  client: z.object({ id: Id, name: str(), active: z.boolean() }),
  tickets: z.array(DirectoryTicket),
});
export type VehicleCard = z.infer<typeof VehicleCard>;

/** Why an entry looks like one already in the directory. */
export const DUPLICATE_KINDS = ['phone', 'tax-id', 'plate'] as const;
export const Duplicate = z.object({
  kind: z.enum(DUPLICATE_KINDS),
  /** What matched, as stored on the existing row. */
  value: str(),
  clientId: Id,
  clientName: str(),
  active: z.boolean(),
  vehicleId: Id.nullable(),
});
export type Duplicate = z.infer<typeof Duplicate>;

/** How many past tickets the card lists; open ones are all listed. */
export const CARD_PAST_TICKETS = 50;

export const DIRECTORY_CONTRACT = {
  'directory:clients': query(
    z
      .object({
        text: str().max(200).default(''),
        includeInactive: z.boolean().default(false),
        limit: z.number().int().positive().max(500).default(200),
      })
      .strict(),
    z.array(DirectoryClient),
    ['clients', 'phones', 'vehicles', 'tickets', 'payments'],
  ),
  'directory:client': query(z.object({ id: Id }).strict(), ClientCard, [
    'clients',
    'phones',
    'contacts',
    'vehicles',
    'equipment',
    'tickets',
    'payments',
    'client_merges',
  ]),
  'directory:vehicle': query(z.object({ id: Id }).strict(), VehicleCard, [
    'clients',
    'vehicles',
    'equipment',
    'tickets',
  ]),
  /**
   * Rows already in the directory with the same phone (E.164), the same УНП/ИНН, or the same plate in any
   * lookalike spelling, other than `excludeClientId` (the client being edited).
   */
  'directory:duplicates': query(
    z
      .object({
        excludeClientId: Id.nullable().default(null),
        taxId: str().max(20).nullable().default(null),
        phones: z.array(str().max(64)).max(20).default([]),
        plates: z.array(str().max(20)).max(20).default([]),
      })
      .strict(),
    z.array(Duplicate),
    ['clients', 'phones', 'vehicles'],
  ),
} as const;
