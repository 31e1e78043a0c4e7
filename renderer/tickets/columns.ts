import type { SortColumn } from '../../core/contract';

export const COLUMN_IDS = [
  'number',
  'title',
  'client',
  'phone',
  'plate',
  'status',
  'type',
  'priority',
  'assignee',
  'created',
  'planned',
] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export type Column = Readonly<{
  id: ColumnId;
  /** What the workstation sorts by when the header is clicked; null: not sortable (no index for it). */
  sort: SortColumn | null;
  width: string;
  align: 'left' | 'right';
}>;

export const COLUMNS: readonly Column[] = [
  { id: 'number', sort: 'number', width: '72px', align: 'right' },
  { id: 'title', sort: 'title', width: 'minmax(160px, 1fr)', align: 'left' },
  { id: 'client', sort: 'client', width: '210px', align: 'left' },
  { id: 'phone', sort: null, width: '148px', align: 'left' },
  { id: 'plate', sort: null, width: '100px', align: 'left' },
  { id: 'status', sort: 'status', width: '176px', align: 'left' },
  { id: 'type', sort: 'type', width: '128px', align: 'left' },
  { id: 'priority', sort: 'priority', width: '120px', align: 'left' },
  { id: 'assignee', sort: 'assignee', width: '140px', align: 'left' },
  { id: 'created', sort: 'createdAt', width: '142px', align: 'left' },
  { id: 'planned', sort: 'plannedAt', width: '142px', align: 'left' },
];

/** One template for the header and every row, so columns line up without a <table>. */
export const GRID_TEMPLATE = COLUMNS.map((c) => c.width).join(' ');
