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
