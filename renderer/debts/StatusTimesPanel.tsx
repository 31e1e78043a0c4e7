import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PeriodFields } from '../ui/PeriodFields';
import { DURATION_BUCKETS } from '../../core/tickets/duration-buckets';
import { errorText } from '../ui/error-message';
import { useStatuses } from '../ui/statuses';
import { useApiQuery } from '../ui/useApiQuery';
import { useLocale } from '../ui/useLocale';
import { formatDuration, distributionBars } from './status-times-view';
import { monthOf } from './work-view';

const BAR = 10;
const HEIGHT = 24;

/**
 * Time in status per ticket type and status over a period, with the distribution as six small bars; the
 * tickets that skipped statuses are listed with why, and left out of the figures unless the switch counts them.
 */
export function StatusTimesPanel() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const statuses = useStatuses();
  const [period, setPeriod] = useState(() => monthOf(new Date().toISOString().slice(0, 10)));
  const [includeFlagged, setIncludeFlagged] = useState(false);
  const query = useApiQuery('status:times', { ...period, includeFlagged });
  const data = query.data;
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} data-testid="status-times">
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1, mb: 1.5, alignItems: 'center' }}>
        <PeriodFields value={period} onChange={setPeriod} testId="times" />
        <FormControlLabel
          control={<Switch checked={includeFlagged} onChange={(e) => setIncludeFlagged(e.target.checked)} />}
          label={t('kpi.times.includeFlagged')}
        />
      </Stack>
      {query.error && <Alert severity="error">{errorText(t, query.error)}</Alert>}
      {data && (
        <>
          <Typography variant="body2" sx={{ mb: 1 }} data-testid="times-summary">
            {t('kpi.times.summary', { tickets: data.tickets, flagged: data.flaggedCount })}
          </Typography>
          <Box
            component="table"
            sx={{ borderCollapse: 'collapse', fontSize: 14, '& td, & th': { pr: 2, py: 0.25, textAlign: 'left' } }}
          >
            <thead>
              <tr>
                <th>{t('kpi.times.type')}</th>
                <th>{t('kpi.times.status')}</th>
                <th>{t('kpi.times.tickets')}</th>
                <th>{t('kpi.times.average')}</th>
                <th>{t('kpi.times.median')}</th>
                <th>{t('kpi.times.p90')}</th>
                <th>{DURATION_BUCKETS.join(' · ')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => (
                <tr key={`${row.type}|${row.status}`} data-testid="times-row">
                  <td>{t(`type.${row.type}`)}</td>
                  <td>{statuses.name(row.status)}</td>
                  <td>{row.tickets}</td>
                  <td>{formatDuration(row.averageMs, locale)}</td>
                  <td>{formatDuration(row.medianMs, locale)}</td>
                  <td>{formatDuration(row.p90Ms, locale)}</td>
                  <td>
                    <svg width={DURATION_BUCKETS.length * (BAR + 2)} height={HEIGHT} role="img">
                      <title>{DURATION_BUCKETS.map((b, i) => `${b}: ${row.distribution[i] ?? 0}`).join(', ')}</title>
                      {distributionBars(row.distribution, HEIGHT).map((h, i) => (
                        <rect
                          key={DURATION_BUCKETS[i]}
                          x={i * (BAR + 2)}
                          y={HEIGHT - h}
                          width={BAR}
                          height={h}
                          fill="#0288d1"
                        />
                      ))}
                    </svg>
                  </td>
                </tr>
              ))}
            </tbody>
          </Box>
          {data.flagged.length > 0 && (
            <Box sx={{ mt: 2 }} data-testid="times-flagged">
              <Typography sx={{ fontWeight: 600 }}>{t('kpi.times.flaggedTitle')}</Typography>
              {data.flagged.map((f) => (
                <Typography key={f.ticketId} variant="body2" data-testid="times-flagged-ticket">
                  №{f.number} {f.title} — {f.reasons.map((r) => t(`kpi.times.reason.${r}`)).join(', ')}
                </Typography>
              ))}
            </Box>
          )}
        </>
      )}
    </Paper>
  );
}
