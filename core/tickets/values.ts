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

/** Characters of a search that are searched; the rest is cut, and the answer says so. */
export const SEARCH_MAX_LENGTH = 200;
/** Words of a search that are searched (each one narrows the result; more only cost time). */
export const SEARCH_MAX_WORDS = 12;
/** The longest search text accepted at all: a paste up to this length is cut and reported, not refused. */
export const SEARCH_INPUT_MAX_LENGTH = 2_000;

/** Why a non-empty search searched nothing: `only-symbols` has no letter or digit to look for. */
export const SEARCH_IGNORED = ['only-symbols'] as const;
export type SearchIgnored = (typeof SEARCH_IGNORED)[number];
