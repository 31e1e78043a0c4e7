import type { Role } from '../../core/entities';
import type { KeyPress } from '../tickets/keyboard';

/**
 * The window's panes, in the order the navigation shows them and Alt+1…Alt+6 reach them. A pane's id is also
 * its route: `#/tickets`, `#/calendar`, … Routes live in the location hash because the desktop build loads
 * `app://pult/index.html`, where a path other than the file's would be a different (missing) file, and a
 * reload or back/forward must never leave the page.
 */
export const PANE_IDS = ['tickets', 'calendar', 'map', 'calls', 'debts', 'directory'] as const;
export type PaneId = (typeof PANE_IDS)[number];

export const DEFAULT_PANE: PaneId = 'tickets';

/**
 * Who sees which pane: what each role's day needs (first line answers and calls back, planners plan and
 * look at the map, accountants chase debts). The server still decides what anyone may change; this only
 * keeps the navigation to what a person works with.
 */
export const PANE_ROLES: Readonly<Record<PaneId, readonly Role[]>> = {
  tickets: ['admin', 'dispatcher', 'first_line', 'planner', 'accountant', 'engineer'],
  calendar: ['admin', 'dispatcher', 'planner'],
  map: ['admin', 'dispatcher', 'planner'],
  calls: ['admin', 'dispatcher', 'first_line'],
  debts: ['admin', 'dispatcher', 'accountant'],
  // Engineers read client details in the ticket drawer; everyone who talks to clients or bills them gets the list.
  directory: ['admin', 'dispatcher', 'first_line', 'planner', 'accountant'],
};

export function isPaneId(value: string): value is PaneId {
  return (PANE_IDS as readonly string[]).includes(value);
}

export function hashOf(pane: PaneId): string {
  return `#/${pane}`;
}

/**
 * The pane a location hash names, or null for anything else: no hash, an unknown pane, or the browser host's
 * `#token=…` (which the bridge takes and wipes; the router must leave it alone).
 */
export function paneOfHash(hash: string): PaneId | null {
  const match = /^#\/([a-z]+)\/?$/.exec(hash);
  if (!match) return null;
  const id = match[1]!;
  return isPaneId(id) ? id : null;
}

/**
 * The panes a user with these roles sees, in navigation order. Roles not known yet (the user's record is
 * still on its way) show every pane rather than a navigation that changes under the pointer; a user with
 * no office role at all still gets the ticket grid, never an empty window.
 */
export function panesFor(roles: readonly Role[] | null): readonly PaneId[] {
  if (roles === null) return PANE_IDS;
  const visible = PANE_IDS.filter((pane) => PANE_ROLES[pane].some((role) => roles.includes(role)));
  return visible.length > 0 ? visible : [DEFAULT_PANE];
}

/**
 * Alt+1…Alt+5: the position of the pane to switch to (0-based), or null. The physical digit key decides, so
 * it works in every keyboard layout; Ctrl and Meta combinations stay the browser's and the system's.
 */
export function paneShortcutOf(e: KeyPress): number | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
  if (!match) return null;
  const index = Number(match[1]) - 1;
  return index < PANE_IDS.length ? index : null;
}
