import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { TICKET_TYPES } from '../../core/tickets/values';
import { ClientPicker } from '../ui/ClientPicker';
import { DateField } from '../ui/DateField';
import { MultiSelect, type MultiOption } from '../ui/MultiSelect';
import { useStatuses } from '../ui/statuses';
import { hasActiveFilters, EMPTY_FILTERS, type FilterState } from './grid-query';

/** Stands for `null` ("unassigned") in a select, whose values are strings. */
const UNASSIGNED = '__unassigned__';

type Props = Readonly<{
  value: FilterState;
  onChange: (next: FilterState) => void;
  employees: readonly Readonly<{ id: string; name: string; active: boolean }>[];
}>;

/** Memoised: the grid's pane renders on every sort, selection and page, and the filters change on none of them. */
export const TicketFilters = memo(function TicketFilters({ value, onChange, employees }: Props) {
  const { t } = useTranslation();
  const statuses = useStatuses();
  const statusOptions = useMemo(
    () => statuses.list.map((s) => ({ value: s.code, label: statuses.name(s.code), color: s.color })),
    [statuses],
  );
  const typeOptions = TICKET_TYPES.map((type) => ({ value: type, label: t(`type.${type}`) }));
  const assigneeOptions: MultiOption<string>[] = [
    { value: UNASSIGNED, label: t('filters.unassigned') },
    ...employees.filter((e) => e.active).map((e) => ({ value: e.id, label: e.name })),
  ];
  const set = (patch: Partial<FilterState>) => onChange({ ...value, ...patch });

  return (
    <Box
      role="search"
      aria-label={t('filters.label')}
      data-testid="ticket-filters"
      sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1, px: 2, py: 1 }}
    >
      <MultiSelect
        label={t('filters.status')}
        options={statusOptions}
        value={value.statuses}
        onChange={(statuses) => set({ statuses })}
        width={170}
        testId="filter-status"
      />
      <MultiSelect
        label={t('filters.type')}
        options={typeOptions}
        value={value.types}
        onChange={(types) => set({ types })}
        width={150}
        testId="filter-type"
      />
      <MultiSelect
        label={t('filters.assignee')}
        options={assigneeOptions}
        value={value.assigneeIds.map((id) => id ?? UNASSIGNED)}
        onChange={(ids) => set({ assigneeIds: ids.map((id) => (id === UNASSIGNED ? null : id)) })}
        width={170}
        testId="filter-assignee"
      />
      <Box sx={{ width: 250 }}>
        <ClientPicker
          label={t('filters.client')}
          value={value.client}
          onChange={(client) => set({ client })}
          size="small"
          testId="filter-client"
        />
      </Box>
      <DateField
        size="small"
        label={t('filters.createdFrom')}
        value={value.createdFrom}
        onChange={(createdFrom) => set({ createdFrom })}
        width={190}
        testId="filter-created-from"
      />
      <DateField
        size="small"
        label={t('filters.createdTo')}
        value={value.createdTo}
        onChange={(createdTo) => set({ createdTo })}
        width={190}
        testId="filter-created-to"
      />
      {hasActiveFilters(value) && (
        <Button size="small" onClick={() => onChange(EMPTY_FILTERS)} data-testid="filter-reset">
          {t('filters.reset')}
        </Button>
      )}
    </Box>
  );
});
