import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketGridRow } from '../../core/contract';
import { PRIORITIES, TICKET_TYPES, type Priority, type TicketType } from '../../core/tickets/values';
import { assertNever } from '../../core/result';
import { PhoneLink } from '../phone/PhoneLink';
import { DebtBadge } from '../ui/DebtBadge';
import { formatDateTime } from '../ui/format';
import { PALETTE, readableChip } from '../ui/palette';
import { useStatuses } from '../ui/statuses';
import { COLUMNS, type Column, type ColumnId } from './columns';
import { cls } from './grid-styles';

const cellClass = (c: Column) => (c.align === 'right' ? `${cls.cell} ${cls.end}` : cls.cell);

/** Rows are placed by transform, not `top`: moving one does not lay out the list again. */
const placeAt = (top: number) => ({ transform: `translateY(${top}px)` });

/** Words every row repeats, translated once per language instead of once per cell on every render. */
export type CellLabels = Readonly<{
  type: Readonly<Record<TicketType, string>>;
  priority: Readonly<Record<Priority, string>>;
  provisional: string;
  /** What a screen reader hears for a row whose ticket is still on its way. */
  loadingRow: string;
  status(code: string): StatusLook;
}>;

type StatusLook = Readonly<{ name: string; background: string; color: string }>;

export function useCellLabels(): CellLabels {
  const { t } = useTranslation();
  const statuses = useStatuses();
  return useMemo(() => {
    // Names and colours of every status, worked out once per language instead of in every cell.
    const looks = new Map<string, StatusLook>(
      statuses.list.map((s) => [s.code, { name: statuses.name(s.code), ...readableChip(s.color) }]),
    );
    const unknown = (code: string): StatusLook => ({
      name: code,
      ...readableChip(PALETTE.neutral),
    });
    return {
      type: Object.fromEntries(TICKET_TYPES.map((v) => [v, t(`type.${v}`)])) as Record<TicketType, string>,
      priority: Object.fromEntries(PRIORITIES.map((v) => [v, t(`priority.${v}`)])) as Record<Priority, string>,
      provisional: t('grid.provisional'),
      loadingRow: t('grid.loadingRow'),
      status: (code) => looks.get(code) ?? unknown(code),
    };
  }, [t, statuses]);
}

function cellContent(column: ColumnId, row: TicketGridRow, locale: string, labels: CellLabels) {
  switch (column) {
    case 'number':
      return row.provisional ? (
        <span
          data-testid="ticket-number"
          data-provisional="true"
          className={cls.provisional}
          title={labels.provisional}
        >
          {row.number}*
        </span>
      ) : (
        <span data-testid="ticket-number">{row.number}</span>
      );
    case 'title':
      return <span title={row.title}>{row.title}</span>;
    case 'client':
      return (
        <span className={cls.client}>
          <span className={cls.clientName} title={row.clientName}>
            {row.clientName}
          </span>
          {row.debt && <DebtBadge debt={row.debt} />}
        </span>
      );
    case 'phone':
      // Clicked, it calls; the click stays with the link (no drawer, the selection stays where it was).
      return row.phone === null ? <span /> : <PhoneLink number={row.phone} />;
    case 'plate':
      return <span title={row.plate ?? undefined}>{row.plate ?? ''}</span>;
    case 'status': {
      const look = labels.status(row.status);
      return (
        <span
          className={cls.status}
          data-testid="status-chip"
          data-status={row.status}
          title={look.name}
          style={{ backgroundColor: look.background, color: look.color }}
        >
          {look.name}
        </span>
      );
    }
    case 'type':
      return <span title={labels.type[row.type]}>{labels.type[row.type]}</span>;
    case 'priority':
      return (
        <span className={cls.priority} data-priority={row.priority} title={labels.priority[row.priority]}>
          {labels.priority[row.priority]}
        </span>
      );
    case 'assignee':
      return <span title={row.assigneeName ?? undefined}>{row.assigneeName ?? ''}</span>;
    case 'created':
      return <span>{formatDateTime(row.createdAt, locale)}</span>;
    case 'planned':
      return <span>{row.plannedAt === null ? '' : formatDateTime(row.plannedAt, locale)}</span>;
    default:
      return assertNever(column, 'column');
  }
}

type RowProps = Readonly<{
  row: TicketGridRow;
  index: number;
  /** Offset of the row from the top of the list, in pixels. */
  top: number;
  selected: boolean;
  locale: string;
  labels: CellLabels;
  onClick: (index: number, row: TicketGridRow) => void;
}>;

/**
 * One ticket of the grid. Memoised on plain values (and a row object that keeps its identity while its page is
 * cached), so that a render of the grid redraws only the rows whose ticket, place or selection changed.
 */
export const TicketRow = memo(function TicketRow({ row, index, top, selected, locale, labels, onClick }: RowProps) {
  return (
    <div
      role="row"
      className={`${cls.row} ${cls.ticket}`}
      id={`ticket-row-${row.id}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="ticket-row"
      data-ticket-number={row.number}
      data-ticket-id={row.id}
      data-debtor={row.debt !== null ? 'true' : 'false'}
      data-selected={selected ? 'true' : 'false'}
      onClick={() => onClick(index, row)}
      style={placeAt(top)}
    >
      {COLUMNS.map((c) => (
        <div key={c.id} role="gridcell" data-column={c.id} className={cellClass(c)}>
          {cellContent(c.id, row, locale, labels)}
        </div>
      ))}
    </div>
  );
});

/**
 * A row whose page is on its way: one grey bar, one element. A jump draws a screenful of these while its page is
 * read, and the rows' answer waits for that frame: with a bar per cell (an animated one each, a compositing
 * layer and an `animationstart` through React's root listener apiece) the frame held it up by 50–100 ms.
 */
export const PlaceholderRow = memo(function PlaceholderRow({
  index,
  top,
  label,
}: Readonly<{ index: number; top: number; label: string }>) {
  return (
    <div
      role="row"
      className={`${cls.row} ${cls.placeholder}`}
      aria-rowindex={index + 2}
      aria-busy="true"
      aria-label={label}
      data-testid="ticket-row-loading"
      style={placeAt(top)}
    />
  );
});
