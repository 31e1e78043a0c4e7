/** Pixel sizes the virtualiser counts with; renderer/ui/frame.css draws rows and the header at these heights. */
export const ROW_HEIGHT = 40;
export const HEADER_HEIGHT = 36;

/**
 * The grid's class names; their rules are in renderer/ui/frame.css. Rows and cells are plain elements with
 * these classes, not `sx` or styled components: those make emotion serialize styles for every cell of every
 * row on each render, and insert a rule whenever a new combination shows up (a first debtor, a first selected
 * row), which makes Chromium recalculate the style of the whole document. A re-sort must reach the screen
 * within 50 ms (the grid's target, README.md), so the selection and debtor looks follow the row's own data
 * attributes.
 */
export const cls = {
  frame: 'ticket-grid-frame',
  progressSlot: 'ticket-grid-progress-slot',
  scroll: 'ticket-grid',
  sizer: 'ticket-grid-sizer',
  header: 'ticket-grid-header',
  headerCell: 'ticket-grid-header-cell',
  row: 'ticket-grid-row',
  /** A row that shows a ticket (not a placeholder): clickable, marked when selected or owing. */
  ticket: 'ticket-grid-ticket',
  /** A row whose ticket is still on its way (a grey bar). */
  placeholder: 'ticket-grid-placeholder',
  cell: 'ticket-grid-cell',
  /** Right-aligned header or body cell (numbers). */
  end: 'ticket-grid-end',
  client: 'ticket-grid-client',
  clientName: 'ticket-grid-client-name',
  priority: 'ticket-grid-priority',
  /** The status pill: the colour is data, so it is set per chip; everything else is in the stylesheet. */
  status: 'ticket-grid-status',
  /** A number the server has not confirmed yet (a ticket made at this desk, not yet pushed). */
  provisional: 'ticket-grid-provisional',
  empty: 'ticket-grid-empty',
  position: 'ticket-grid-position',
} as const;
