import { z } from 'zod';
import { ClientOption, ContactDto, VehicleDto } from '../clients/contract.js';
import { query } from '../contract-method.js';
import { Id, Millis, str } from '../schema/text.js';

/**
 * The caller card: who is ringing, read while the phone rings. The number comes as the PBX wrote it
 * (`+375 29 123-45-67`, `80291234567`, `sip:…`): the desk normalises it with the desk's phone regions and
 * looks it up among the stored E.164 numbers, so every stored format of one number finds the same client.
 */

/** How many of a client's vehicles and open tickets the card lists; the totals say how many there are. */
export const CARD_VEHICLES = 12;
export const CARD_OPEN_TICKETS = 8;
/** One number can belong to several clients (a shared office line); the card lists the first few. */
export const CARD_MATCHES = 5;

export const CallerCardInput = z.object({ number: str().trim().min(1).max(200) }).strict();

export const CardTicket = z.object({
  id: Id,
  number: z.number().int(),
  title: str(),
  status: str(),
  createdAt: Millis,
});
export type CardTicket = z.infer<typeof CardTicket>;

export const CallerMatch = z.object({
  /** The client, with the debt mark computed by the one debt rule (sum, count, oldest unpaid visit). */
  client: ClientOption,
  /** The contact person whose phone this is; null when the number is the client's own. */
  contact: ContactDto.nullable(),
  vehicles: z.array(VehicleDto),
  vehicleCount: z.number().int().nonnegative(),
  openTickets: z.array(CardTicket),
  openTicketCount: z.number().int().nonnegative(),
});
export type CallerMatch = z.infer<typeof CallerMatch>;

export const CallerCard = z.object({
  /** The number as asked for. */
  number: str(),
  /** Its E.164 form, or null when it is not a public number (an extension, a SIP name, garbage). */
  e164: str().nullable(),
  /** Clients this number belongs to; empty when nobody in the directory has it. */
  matches: z.array(CallerMatch),
});
export type CallerCard = z.infer<typeof CallerCard>;

export const CALLER_CARD_CONTRACT = {
  'calls:caller-card': query(CallerCardInput, CallerCard, [
    'clients',
    'contacts',
    'phones',
    'vehicles',
    'tickets',
    'payments',
  ]),
} as const;
