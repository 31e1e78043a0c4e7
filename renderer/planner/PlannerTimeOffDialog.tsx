import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../ui/DateField';
import { TimeField } from '../ui/TimeField';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { newId } from '../ui/ids';
import { useToast } from '../ui/toast';
import { useApiQuery } from '../ui/useApiQuery';
import { useLocale } from '../ui/useLocale';
import { TIME_OFF_KINDS, timeOffSpan, type TimeOffForm } from './planner-time-off';

const blankForm = (day: string): TimeOffForm => ({
  kind: 'vacation',
  fromDay: day,
  fromTime: '',
  toDay: day,
  toTime: '',
  note: '',
});

/**
 * An engineer's absences: vacation, sick leave, training. Dates and times are the engineer's own clock (their
 * zone); blank times mean whole days. The store refuses an absence over a visit the engineer still has, by
 * its ticket number, so the planner moves that visit first.
 */
export function PlannerTimeOffDialog({
  engineerId,
  engineerName,
  zone,
  day,
  onClose,
}: Readonly<{ engineerId: string; engineerName: string; zone: string; day: string; onClose(): void }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const toast = useToast();
  const list = useApiQuery('planner:time-off', { engineerId });
  const [form, setForm] = useState<TimeOffForm>(() => blankForm(day));
  const [actionId, setActionId] = useState(newId);
  const [busy, setBusy] = useState(false);
  const span = new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'short', timeStyle: 'short' });

  const add = async () => {
    const checked = timeOffSpan(form, zone);
    if (!checked.ok) return toast({ severity: 'error', message: t(`planner.timeOff.invalid.${checked.error}`) });
    setBusy(true);
    const result = await api.call('time-off:add', {
      id: actionId,
      engineerId,
      kind: form.kind,
      note: form.note.trim(),
      ...checked.value,
    });
    setBusy(false);
    if (!result.ok) return toast({ severity: 'error', message: errorText(t, result.error) });
    setForm(blankForm(day));
    setActionId(newId());
  };

  const remove = async (id: string) => {
    const result = await api.call('time-off:remove', { id });
    if (!result.ok) toast({ severity: 'error', message: errorText(t, result.error) });
  };

  return (
    <Dialog open onClose={onClose} data-testid="planner-time-off" maxWidth="sm" fullWidth>
      <DialogTitle>
        {t('planner.timeOff.title')}: {engineerName}
      </DialogTitle>
      <DialogContent>
        <Box component="ul" sx={{ listStyle: 'none', p: 0, m: 0, mb: 2 }}>
          {list.data?.rows.length === 0 && (
            <Typography sx={{ color: 'text.secondary' }}>{t('planner.timeOff.none')}</Typography>
          )}
          {list.data?.rows.map((row) => (
            <Box
              component="li"
              key={row.id}
              data-testid="time-off-row"
              data-time-off-id={row.id}
              sx={{ display: 'flex', alignItems: 'center', gap: 1 }}
            >
              <Typography variant="body2" sx={{ flex: 1 }}>
                {t(`planner.timeOff.kind.${row.kind}`)} · {span.formatRange(row.startAt, row.endAt)}
                {row.note ? ` · ${row.note}` : ''}
              </Typography>
              <IconButton
                size="small"
                aria-label={t('planner.timeOff.remove')}
                data-testid="time-off-remove"
                onClick={() => void remove(row.id)}
              >
                ×
              </IconButton>
            </Box>
          ))}
        </Box>
        <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 1.5, pt: 1 }}>
          <TextField
            select
            size="small"
            label={t('planner.timeOff.kindLabel')}
            value={form.kind}
            onChange={(e) => setForm({ ...form, kind: e.target.value as TimeOffForm['kind'] })}
            slotProps={{ htmlInput: { 'data-testid': 'time-off-kind' } }}
            sx={{ gridColumn: '1 / -1' }}
          >
            {TIME_OFF_KINDS.map((k) => (
              <MenuItem key={k} value={k} data-kind={k}>
                {t(`planner.timeOff.kind.${k}`)}
              </MenuItem>
            ))}
          </TextField>
          <DateField
            size="small"
            label={t('planner.timeOff.from')}
            value={form.fromDay}
            onChange={(fromDay) => setForm({ ...form, fromDay })}
            testId="time-off-from-day"
          />
          <TimeField
            size="small"
            label={t('planner.timeOff.fromTime')}
            value={form.fromTime}
            onChange={(fromTime) => setForm({ ...form, fromTime })}
            testId="time-off-from-time"
          />
          <DateField
            size="small"
            label={t('planner.timeOff.to')}
            value={form.toDay}
            onChange={(toDay) => setForm({ ...form, toDay })}
            testId="time-off-to-day"
          />
          <TimeField
            size="small"
            label={t('planner.timeOff.toTime')}
            value={form.toTime}
            onChange={(toTime) => setForm({ ...form, toTime })}
            testId="time-off-to-time"
          />
          <TextField
            size="small"
            label={t('planner.timeOff.note')}
            value={form.note}
            onChange={(e) => setForm({ ...form, note: e.target.value })}
            slotProps={{ htmlInput: { maxLength: 500, 'data-testid': 'time-off-note' } }}
            sx={{ gridColumn: '1 / -1' }}
          />
          <Typography variant="caption" sx={{ gridColumn: '1 / -1', color: 'text.secondary' }}>
            {t('planner.timeOff.hint', { zone })}
          </Typography>
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('planner.close')}</Button>
        <Button variant="contained" disabled={busy} onClick={() => void add()} data-testid="time-off-add">
          {t('planner.timeOff.add')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
