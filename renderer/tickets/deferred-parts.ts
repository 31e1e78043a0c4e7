import { lazy } from 'react';

/**
 * The tickets pane's parts that are not needed for the first rows: the toolbar, the filters, the drawer and the
 * new-ticket dialog. Each is a chunk of its own with the MUI inputs only it uses (text fields, selects,
 * autocompletes, dialogs), so the window parses and runs none of that before the grid is on screen; the pane
 * mounts them in the frame after its first page is drawn, and they load while the dispatcher reads the rows.
 */
export const TicketsToolbar = lazy(() => import('./TicketsToolbar').then((m) => ({ default: m.TicketsToolbar })));
export const TicketFilters = lazy(() => import('./TicketFilters').then((m) => ({ default: m.TicketFilters })));
export const TicketDrawer = lazy(() => import('./TicketDrawer').then((m) => ({ default: m.TicketDrawer })));
export const NewTicketDialog = lazy(() => import('./NewTicketDialog').then((m) => ({ default: m.NewTicketDialog })));
