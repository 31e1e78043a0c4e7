import type { Role } from '../staff/tables.js';

/**
 * Who may change the directory. The people on the phone (admin, dispatcher, first line) create and edit, since
 * a new client usually arrives as a call; deactivating and merging hide rows from everyone's pickers, so only
 * admin and dispatcher do them. The mutators enforce these on the server; the pane uses them to hide what
 * the user may not do.
 */
export const DIRECTORY_EDITORS = ['admin', 'dispatcher', 'first_line'] as const satisfies readonly Role[];
export const DIRECTORY_SUPERVISORS = ['admin', 'dispatcher'] as const satisfies readonly Role[];

export const canEditDirectory = (roles: readonly Role[]) =>
  roles.some((r) => (DIRECTORY_EDITORS as readonly Role[]).includes(r));
export const canSuperviseDirectory = (roles: readonly Role[]) =>
  roles.some((r) => (DIRECTORY_SUPERVISORS as readonly Role[]).includes(r));
