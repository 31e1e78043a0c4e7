import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { TicketDetail } from '../../core/contract';
import { formatDateTime, formatDuration } from '../ui/format';
import { StatusChip } from '../ui/StatusChip';
import { useLocale } from '../ui/useLocale';

type Props = Readonly<{ log: TicketDetail['statusLog']; totals: TicketDetail['timeInStatus'] }>;

/** Every status the ticket went through and how long it stayed; then the total per status. */
export function TicketStatusHistory({ log, totals }: Props) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <Box data-testid="status-history">
      <Table
        size="small"
        aria-label={t('drawer.history')}
        sx={{
          tableLayout: 'fixed',
          '& td, & th': { px: 1, fontSize: 13, overflow: 'hidden', overflowWrap: 'anywhere' },
        }}
      >
        <colgroup>
          <col style={{ width: 140 }} />
          <col style={{ width: 128 }} />
          <col />
          <col style={{ width: 108 }} />
        </colgroup>
        <TableHead>
          <TableRow>
            <TableCell>{t('drawer.historyAt')}</TableCell>
            <TableCell>{t('drawer.historyTo')}</TableCell>
            <TableCell>{t('drawer.historyBy')}</TableCell>
            <TableCell align="right">{t('drawer.historyDuration')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {log.map((entry, i) => (
            <TableRow key={`${entry.at}-${i}`} data-testid="status-log-entry">
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at, locale)}</TableCell>
              <TableCell>
                <StatusChip status={entry.toStatus} />
              </TableCell>
              <TableCell title={entry.byName ?? undefined}>{entry.byName ?? t('drawer.system')}</TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }} data-testid="status-log-duration">
                {formatDuration(entry.durationMs, locale)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {totals.length > 0 && (
        <Box sx={{ mt: 1.5 }}>
          <Typography variant="subtitle2" component="h4" sx={{ mb: 0.5 }}>
            {t('drawer.timeInStatus')}
          </Typography>
          <Box
            component="dl"
            data-testid="time-in-status"
            sx={{ display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}
          >
            {totals.map((total) => (
              <Box key={total.status} sx={{ display: 'contents' }}>
                <Box component="dt">
                  <StatusChip status={total.status} />
                </Box>
                <Box component="dd" sx={{ m: 0, alignSelf: 'center', fontSize: 13 }}>
                  {formatDuration(total.durationMs, locale)}
                </Box>
              </Box>
            ))}
          </Box>
        </Box>
      )}
    </Box>
  );
}
