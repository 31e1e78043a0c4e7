import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import { memo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketGridRow } from '../../core/contract';
import type { Priority } from '../../core/entities';
import { assertNever } from '../../core/result';
import { DebtBadge } from '../ui/DebtBadge';
import { formatDateTime } from '../ui/format';
import { StatusChip } from '../ui/StatusChip';
import { COLUMNS, GRID_TEMPLATE, type ColumnId } from './columns';

export const ROW_HEIGHT = 40;

/** Left border width of a debtor row; every row reserves it so that columns stay aligned. */
const MARK = 4;

const cellSx = {
  px: 1,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  display: 'flex',
  alignItems: 'center',
  minWidth: 0,
} as const;

export const rowBaseSx = {
  display: 'grid',
  gridTemplateColumns: GRID_TEMPLATE,
  alignItems: 'center',
  height: ROW_HEIGHT,
  borderBottom: 1,
  borderColor: 'divider',
  borderLeft: `${MARK}px solid transparent`,
  fontSize: 13,
  boxSizing: 'border-box',
} as const;

function priorityColor(priority: Priority): string {
  switch (priority) {
    case 'low':
      return 'text.secondary';
    case 'normal':
      return 'text.primary';
    case 'high':
      return 'warning.dark';
    case 'critical':
      return 'error.main';
    default:
      return assertNever(priority, 'priority');
  }
}

function Cell({ column, row, locale }: Readonly<{ column: ColumnId; row: TicketGridRow; locale: string }>) {
  const { t } = useTranslation();
  switch (column) {
    case 'number':
      return <span data-testid="ticket-number">{row.number}</span>;
    case 'title':
      return <span title={row.title}>{row.title}</span>;
    case 'client':
      return (
        <Box component="span" sx={{ display: 'flex', alignItems: 'center', gap: 0.75, minWidth: 0 }}>
          <Box component="span" title={row.clientName} sx={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {row.clientName}
          </Box>
          {row.debt && <DebtBadge debt={row.debt} />}
        </Box>
      );
    case 'plate':
      return <span>{row.plate ?? ''}</span>;
    case 'status':
      return <StatusChip status={row.status} />;
    case 'type':
      return <span>{t(`type.${row.type}`)}</span>;
    case 'priority':
      return (
        <Box
          component="span"
          sx={{
            color: priorityColor(row.priority),
            fontWeight: row.priority === 'high' || row.priority === 'critical' ? 600 : 400,
          }}
        >
          {t(`priority.${row.priority}`)}
        </Box>
      );
    case 'assignee':
      return <span>{row.assigneeName ?? ''}</span>;
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
  selected: boolean;
  locale: string;
  style: CSSProperties;
  onClick: (index: number, row: TicketGridRow) => void;
}>;

export const TicketRow = memo(function TicketRow({ row, index, selected, locale, style, onClick }: RowProps) {
  const debtor = row.debt !== null;
  return (
    <Box
      role="row"
      id={`ticket-row-${row.id}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="ticket-row"
      data-ticket-number={row.number}
      data-ticket-id={row.id}
      data-debtor={debtor ? 'true' : 'false'}
      data-selected={selected ? 'true' : 'false'}
      onClick={() => onClick(index, row)}
      style={style}
      sx={{
        ...rowBaseSx,
        cursor: 'pointer',
        // A debtor must be unmistakable even when selected: the red border stays, the tint deepens.
        ...(debtor && { borderLeftColor: 'error.main', bgcolor: '#fdeceb' }),
        ...(selected && {
          bgcolor: debtor ? '#f8d4d1' : 'rgba(25, 118, 210, 0.14)',
          boxShadow: 'inset 0 0 0 1px rgba(25, 118, 210, 0.6)',
        }),
        '&:hover': { bgcolor: selected ? undefined : debtor ? '#fbdedb' : 'action.hover' },
      }}
    >
      {COLUMNS.map((c) => (
        <Box
          key={c.id}
          role="gridcell"
          data-column={c.id}
          sx={{ ...cellSx, justifyContent: c.align === 'right' ? 'flex-end' : 'flex-start' }}
        >
          <Cell column={c.id} row={row} locale={locale} />
        </Box>
      ))}
    </Box>
  );
});

export function PlaceholderRow({ index, style }: Readonly<{ index: number; style: CSSProperties }>) {
  const { t } = useTranslation();
  return (
    <Box
      role="row"
      aria-rowindex={index + 2}
      aria-busy="true"
      aria-label={t('grid.loadingRow')}
      data-testid="ticket-row-loading"
      style={style}
      sx={rowBaseSx}
    >
      {COLUMNS.map((c) => (
        <Box key={c.id} role="gridcell" sx={cellSx}>
          <Skeleton variant="text" sx={{ width: '80%', fontSize: 13 }} />
        </Box>
      ))}
    </Box>
  );
}
