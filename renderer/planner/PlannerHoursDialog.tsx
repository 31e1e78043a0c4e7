import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TimeField } from '../ui/TimeField';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { newId } from '../ui/ids';
import { useToast } from '../ui/toast';
import { useApiQuery } from '../ui/useApiQuery';
import { fromTimeInput, toTimeInput, weekFromForm, type DayHours } from './planner-hours';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * An engineer's week: one working interval per weekday (an end before the start runs past midnight), a
 * blank day is a day off, and a week left all blank falls back to the company's default hours.
 */
export function PlannerHoursDialog({
  engineerId,
  engineerName,
  onClose,
}: Readonly<{ engineerId: string; engineerName: string; onClose(): void }>) {
  const { t } = useTranslation();
  const api = useApi();
  const toast = useToast();
  const stored = useApiQuery('planner:hours', { engineerId });
  const [form, setForm] = useState<Readonly<Record<number, DayHours>> | null>(null);
  const shown: Readonly<Record<number, DayHours>> =
    form ??
    Object.fromEntries(
      WEEKDAYS.map((d) => {
        const row = stored.data?.rows.find((r) => r.weekday === d);
        return [
          d,
          row ? { start: toTimeInput(row.startMinute), end: toTimeInput(row.endMinute) } : { start: '', end: '' },
        ];
      }),
    );

  const save = async () => {
    if (!stored.data) return;
    const week = weekFromForm(shown);
    if (!week.ok) return toast({ severity: 'error', message: t('planner.hoursInvalid') });
    const result = await api.call('engineer:set-hours', {
      engineerId,
      week: week.value.map((h) => ({ id: newId(), ...h })),
      replaces: stored.data.rows.map((r) => r.id),
    });
    if (!result.ok) return toast({ severity: 'error', message: errorText(t, result.error) });
    onClose();
  };

  return (
    <Dialog open onClose={onClose} data-testid="planner-hours">
      <DialogTitle>
        {t('planner.hoursTitle')}: {engineerName}
      </DialogTitle>
      <DialogContent sx={{ display: 'grid', gridTemplateColumns: 'auto 1fr 1fr', gap: 1, alignItems: 'center' }}>
        {WEEKDAYS.map((d) => (
          <Row
            key={d}
            label={t(`planner.weekday.${d}`)}
            value={shown[d]!}
            onChange={(v) => setForm({ ...shown, [d]: v })}
            testId={`hours-${d}`}
          />
        ))}
        {stored.data && stored.data.rows.length === 0 && (
          <Typography variant="caption" sx={{ gridColumn: '1 / -1', color: 'text.secondary' }}>
            {t('planner.hoursDefault', {
              start: toTimeInput(stored.data.defaultStartMinute),
              end: toTimeInput(stored.data.defaultEndMinute),
            })}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('planner.cancel')}</Button>
        <Button variant="contained" onClick={() => void save()} disabled={!stored.data} data-testid="hours-save">
          {t('planner.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function Row({
  label,
  value,
  onChange,
  testId,
}: Readonly<{ label: string; value: DayHours; onChange(v: DayHours): void; testId: string }>) {
  return (
    <>
      <Typography>{label}</Typography>
      <TimeField
        size="small"
        value={value.start}
        onChange={(start) => onChange({ ...value, start: fromTimeInput(start) })}
        testId={`${testId}-start`}
        ariaLabel={`${label} start`}
      />
      <TimeField
        size="small"
        value={value.end}
        onChange={(end) => onChange({ ...value, end: fromTimeInput(end) })}
        testId={`${testId}-end`}
        ariaLabel={`${label} end`}
      />
    </>
  );
}
