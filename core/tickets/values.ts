/**
 * The tickets domain's closed lists as plain data: the renderer draws its menus from these without loading
 * the schemas (zod is the trusted side's validator; the window's start-up does not need it).
 */
export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const BILLINGS = ['warranty', 'paid'] as const;
export type Billing = (typeof BILLINGS)[number];

export const SOURCES = ['phone', 'missed_call', 'email', 'portal', 'manual'] as const;
export type Source = (typeof SOURCES)[number];

export const TICKET_TYPES = [
  'incident',
  'installation',
  'maintenance',
  'dismantling',
  'consultation',
  'callback',
] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const TICKET_VIEWS = ['open', 'callbacks', 'mine', 'unpaid', 'all'] as const;
export type TicketView = (typeof TICKET_VIEWS)[number];
