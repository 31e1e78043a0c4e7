import { lazyMui } from '../ui/lazy-mui';

/**
 * The tickets pane's parts that are not needed for the first rows: the toolbar, the filters, the drawer and the
 * new-ticket dialog. Each is a chunk of its own with the MUI inputs only it uses (text fields, selects,
 * autocompletes, dialogs) and the MUI theme, so the window parses and runs none of MUI before the grid is on
 * screen; the pane mounts them in the frame after its first page is drawn, and they load while the dispatcher
 * reads the rows.
 */
export const TicketsToolbar = lazyMui(() => import('./TicketsToolbar').then((m) => m.TicketsToolbar));
export const TicketFilters = lazyMui(() => import('./TicketFilters').then((m) => m.TicketFilters));
export const TicketDrawer = lazyMui(() => import('./TicketDrawer').then((m) => m.TicketDrawer));
export const NewTicketDialog = lazyMui(() => import('./NewTicketDialog').then((m) => m.NewTicketDialog));
