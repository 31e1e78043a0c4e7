import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Board } from '../../core/planning/contract';
import { DateField } from '../ui/DateField';
import { INVALID_DAY } from '../ui/date-field-value';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { newId } from '../ui/ids';
import { useToast } from '../ui/toast';
import { useLocale } from '../ui/useLocale';

/**
 * The company's holidays: a date in the company's zone and its name. Visits on one are flagged, not refused
 * (weekend jobs happen by agreement), and the calendar shades the day across every lane.
 */
export function PlannerHolidaysDialog({
  holidays,
  onClose,
}: Readonly<{ holidays: Board['holidays']; onClose(): void }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const toast = useToast();
  const [day, setDay] = useState('');
  const [name, setName] = useState('');
  const [actionId, setActionId] = useState(newId);
  const [busy, setBusy] = useState(false);
  const dateText = (d: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));

  const add = async () => {
    if (day === '' || day === INVALID_DAY) return toast({ severity: 'error', message: t('planner.holidays.noDay') });
    if (name.trim() === '') return toast({ severity: 'error', message: t('planner.holidays.noName') });
    // The store refuses a second holiday on one date; saying so here names the one already there.
    const same = holidays.find((h) => h.day === day);
    if (same) return toast({ severity: 'error', message: t('planner.holidays.taken', { name: same.name }) });
    setBusy(true);
    const result = await api.call('holiday:add', { id: actionId, day, name: name.trim() });
    setBusy(false);
    if (!result.ok) return toast({ severity: 'error', message: errorText(t, result.error) });
    setDay('');
    setName('');
    setActionId(newId());
  };

  const remove = async (id: string) => {
    const result = await api.call('holiday:remove', { id });
    if (!result.ok) toast({ severity: 'error', message: errorText(t, result.error) });
  };

  return (
    <Dialog open onClose={onClose} data-testid="planner-holidays" maxWidth="xs" fullWidth>
      <DialogTitle>{t('planner.holidays.title')}</DialogTitle>
      <DialogContent>
        <Box component="ul" sx={{ listStyle: 'none', p: 0, m: 0, mb: 2, maxHeight: 280, overflow: 'auto' }}>
          {holidays.length === 0 && (
            <Typography sx={{ color: 'text.secondary' }}>{t('planner.holidays.none')}</Typography>
          )}
          {holidays.map((h) => (
            <Box
              component="li"
              key={h.id}
              data-testid="holiday-row"
              data-day={h.day}
              sx={{ display: 'flex', alignItems: 'center', gap: 1 }}
            >
              <Typography variant="body2" sx={{ flex: 1 }}>
                {dateText(h.day)} · {h.name}
              </Typography>
              <IconButton
                size="small"
                aria-label={t('planner.holidays.remove')}
                data-testid="holiday-remove"
                onClick={() => void remove(h.id)}
              >
                ×
              </IconButton>
            </Box>
          ))}
        </Box>
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5, pt: 1 }}>
          <DateField
            size="small"
            label={t('planner.holidays.day')}
            value={day}
            onChange={setDay}
            testId="holiday-day"
          />
          <TextField
            size="small"
            label={t('planner.holidays.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            slotProps={{ htmlInput: { maxLength: 200, 'data-testid': 'holiday-name' } }}
          />
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('planner.close')}</Button>
        <Button variant="contained" disabled={busy} onClick={() => void add()} data-testid="holiday-add">
          {t('planner.holidays.add')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
