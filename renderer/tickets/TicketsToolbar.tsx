import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { memo, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { SEARCH_INPUT_MAX_LENGTH, TICKET_VIEWS, type TicketView } from '../../core/tickets/values';
import { formatInteger } from '../ui/format';
import { useLocale } from '../ui/useLocale';

const GAP_PX = 12;
const SEARCH_MIN_PX = 140;
/** The search group's width on one line with the tabs: the search at its narrowest, the count, the buttons. */
const SEARCH_GROUP_PX = SEARCH_MIN_PX + GAP_PX + 96 + GAP_PX + 120 + GAP_PX + 30;

type Props = Readonly<{
  view: TicketView;
  onView: (view: TicketView) => void;
  search: string;
  onSearch: (text: string) => void;
  searchRef: Ref<HTMLInputElement>;
  total: number | null;
  onNewTicket: () => void;
  onHelp: () => void;
}>;

/**
 * The grid's part of the top bar: saved views, search, result counter, "New ticket", shortcut help. Memoised:
 * MUI's Tabs measure their layout after every render of theirs, which would force a synchronous layout of the
 * whole window on each re-sort, selection or page of the grid.
 */
export const TicketsToolbar = memo(function TicketsToolbar({
  view,
  onView,
  search,
  onSearch,
  searchRef,
  total,
  onNewTicket,
  onHelp,
}: Props) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <>
      <Tabs
        value={view}
        onChange={(_event, next: TicketView) => onView(next)}
        aria-label={t('views.label')}
        variant="scrollable"
        scrollButtons={false}
        sx={{ minHeight: 52, flexShrink: 0, '& .MuiTab-root': { minHeight: 52, minWidth: 0, px: 1.25 } }}
      >
        {TICKET_VIEWS.map((v) => (
          <Tab key={v} value={v} label={t(`views.${v}`)} data-testid={`view-${v}`} />
        ))}
      </Tabs>
      {/* Search, count, "New ticket" and help wrap as one: under the tabs when the bar is too narrow for both,
          never one button alone on a second line. Only when even the group's own line is too narrow for it (a
          ringing call in the bar at 1024 px) do its parts wrap among themselves. */}
      <Box
        sx={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          columnGap: `${GAP_PX}px`,
          flex: `1 1 ${SEARCH_GROUP_PX}px`,
          minWidth: 0,
        }}
      >
        <TextField
          type="search"
          size="small"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            // First Esc clears the search, the next one leaves the box for the grid.
            e.preventDefault();
            if (search) onSearch('');
            else (e.target as HTMLInputElement).blur();
          }}
          inputRef={searchRef}
          placeholder={t('toolbar.searchPlaceholder')}
          sx={{ flex: 1, minWidth: SEARCH_MIN_PX, maxWidth: 340 }}
          slotProps={{
            htmlInput: {
              'aria-label': t('toolbar.search'),
              'aria-keyshortcuts': '/',
              'data-testid': 'ticket-search',
              // A narrow box ends the hint in an ellipsis instead of cutting a word; the whole of it on hover.
              title: t('toolbar.searchPlaceholder'),
              style: { textOverflow: 'ellipsis' },
              // A longer paste reaches the query, which searches its start and says that it cut the rest.
              maxLength: SEARCH_INPUT_MAX_LENGTH,
            },
          }}
        />
        <Typography
          variant="body2"
          data-testid="ticket-count"
          aria-live="polite"
          sx={{ color: 'text.secondary', whiteSpace: 'nowrap', minWidth: 80, flex: '0 1 auto', mr: 'auto' }}
        >
          {total === null ? '' : t('toolbar.count', { count: total, formatted: formatInteger(total, locale) })}
        </Typography>
        <Button
          variant="contained"
          size="small"
          onClick={onNewTicket}
          aria-keyshortcuts="N"
          data-testid="new-ticket"
          sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}
        >
          {t('toolbar.newTicket')}
        </Button>
        <Tooltip title={t('toolbar.shortcuts')}>
          <IconButton
            size="small"
            onClick={onHelp}
            aria-label={t('toolbar.shortcuts')}
            aria-keyshortcuts="?"
            data-testid="shortcut-help-button"
            sx={{ width: 30, height: 30, border: 1, borderColor: 'divider', fontSize: 14, fontWeight: 700 }}
          >
            ?
          </IconButton>
        </Tooltip>
      </Box>
    </>
  );
});
