import GlobalStyles from '@mui/material/GlobalStyles';
import type { CSSObject, Theme } from '@mui/material/styles';
import { memo } from 'react';
import { GRID_TEMPLATE } from './columns';

export const ROW_HEIGHT = 40;
export const HEADER_HEIGHT = 36;

/** Left border width of a debtor row; every row (and the header) reserves it so that columns stay aligned. */
const MARK = 4;

/** The grid's class names; their rules are in `gridStyles`. */
export const cls = {
  scroll: 'ticket-grid',
  sizer: 'ticket-grid-sizer',
  header: 'ticket-grid-header',
  headerCell: 'ticket-grid-header-cell',
  row: 'ticket-grid-row',
  /** A row that shows a ticket (not a placeholder): clickable, marked when selected or owing. */
  ticket: 'ticket-grid-ticket',
  cell: 'ticket-grid-cell',
  /** Right-aligned header or body cell (numbers). */
  end: 'ticket-grid-end',
  client: 'ticket-grid-client',
  clientName: 'ticket-grid-client-name',
  priority: 'ticket-grid-priority',
  /** The status pill: the colour is data, so it comes inline; everything else is here. */
  status: 'ticket-grid-status',
  /** A number the server has not confirmed yet (a ticket made at this desk, not yet pushed). */
  provisional: 'ticket-grid-provisional',
} as const;

const cellBase = { padding: '0 8px', overflow: 'hidden', whiteSpace: 'nowrap', display: 'flex' } as const;

/**
 * The grid's styles, as one global stylesheet built once from the theme. Rows and cells are plain elements
 * with these class names, not `sx` or styled components: those make emotion serialize styles for every cell
 * of every row on each render, and insert a rule whenever a new combination shows up (a first debtor, a first
 * selected row), which makes Chromium recalculate the style of the whole document. A re-sort must reach the
 * screen within 50 ms (the grid's target, README.md), so rows and cells use no CSS-in-JS (only the chips in them do, with a fixed
 * set of classes), and the selection and debtor looks follow the row's own data attributes.
 */
function gridStyles(theme: Theme): CSSObject {
  const { palette } = theme;
  const selectedShadow = 'inset 0 0 0 1px rgba(25, 118, 210, 0.6)';
  return {
    [`.${cls.scroll}`]: {
      flex: 1,
      minHeight: 0,
      overflow: 'auto',
      outline: 'none',
      // Nothing inside changes the size or the painting of anything outside.
      contain: 'strict',
    },
    [`.${cls.sizer}`]: { position: 'relative', minWidth: 'min-content' },
    [`.${cls.header}, .${cls.row}`]: {
      display: 'grid',
      gridTemplateColumns: GRID_TEMPLATE,
      alignItems: 'center',
      boxSizing: 'border-box',
      borderBottom: `1px solid ${palette.divider}`,
      borderLeft: `${MARK}px solid transparent`,
    },
    [`.${cls.header}`]: {
      position: 'sticky',
      top: 0,
      zIndex: 2,
      height: HEADER_HEIGHT,
      backgroundColor: palette.grey[100],
      fontSize: 12,
      fontWeight: 600,
      color: palette.text.secondary,
    },
    [`.${cls.headerCell}`]: { ...cellBase },
    [`.${cls.row}`]: {
      position: 'absolute',
      top: 0,
      left: 0,
      width: '100%',
      height: ROW_HEIGHT,
      fontSize: 13,
    },
    [`.${cls.ticket}`]: { cursor: 'pointer' },
    [`.${cls.ticket}:hover`]: { backgroundColor: palette.action.hover },
    // A debtor must be unmistakable even when selected: the red border stays, the tint deepens.
    [`.${cls.ticket}[data-debtor='true']`]: { borderLeftColor: palette.error.main, backgroundColor: '#fdeceb' },
    [`.${cls.ticket}[data-debtor='true']:hover`]: { backgroundColor: '#fbdedb' },
    [`.${cls.ticket}[data-selected='true'], .${cls.ticket}[data-selected='true']:hover`]: {
      backgroundColor: 'rgba(25, 118, 210, 0.14)',
      boxShadow: selectedShadow,
    },
    [`.${cls.ticket}[data-selected='true'][data-debtor='true'], .${cls.ticket}[data-selected='true'][data-debtor='true']:hover`]:
      { backgroundColor: '#f8d4d1' },
    [`.${cls.cell}`]: { ...cellBase, textOverflow: 'ellipsis', alignItems: 'center', minWidth: 0 },
    [`.${cls.end}`]: { justifyContent: 'flex-end' },
    [`.${cls.client}`]: { display: 'flex', alignItems: 'center', gap: 6, minWidth: 0 },
    [`.${cls.clientName}`]: { overflow: 'hidden', textOverflow: 'ellipsis' },
    [`.${cls.priority}[data-priority='low']`]: { color: palette.text.secondary },
    [`.${cls.priority}[data-priority='normal']`]: { color: palette.text.primary },
    [`.${cls.priority}[data-priority='high']`]: { color: palette.warning.dark, fontWeight: 600 },
    [`.${cls.priority}[data-priority='critical']`]: { color: palette.error.main, fontWeight: 600 },
    [`.${cls.provisional}`]: { color: palette.text.secondary, fontStyle: 'italic', cursor: 'help' },
    // Looks like the drawer's MUI Chip (small), without a Chip's components and emotion work in every row.
    [`.${cls.status}`]: {
      display: 'inline-block',
      maxWidth: '100%',
      height: 22,
      lineHeight: '22px',
      padding: '0 8px',
      borderRadius: 11,
      fontSize: 12,
      fontWeight: 500,
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
    },
  };
}

/** Renders the grid's stylesheet; memo: the rules are serialized again only when the theme changes. */
export const GridStyles = memo(function GridStyles() {
  return <GlobalStyles styles={gridStyles} />;
});
