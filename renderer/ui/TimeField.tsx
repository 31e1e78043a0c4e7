import { AdapterLuxon } from '@mui/x-date-pickers/AdapterLuxon';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { TimeField as MuiTimeField } from '@mui/x-date-pickers/TimeField';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { INVALID_DAY } from './date-field-value';

type Props = Readonly<{
  label?: string;
  ariaLabel?: string;
  /** A time of day as `HH:mm`, `''` when empty, or `invalid` while the typed text is not a time. */
  value: string;
  onChange: (time: string) => void;
  testId: string;
  size?: 'small' | 'medium';
  width?: number;
}>;

const fromText = (time: string): DateTime | null => {
  if (!/^\d{2}:\d{2}$/.test(time)) return null;
  const parsed = DateTime.fromFormat(time, 'HH:mm');
  return parsed.isValid ? parsed : null;
};

const toText = (value: DateTime | null): string =>
  value === null ? '' : value.isValid ? value.toFormat('HH:mm') : INVALID_DAY;

/**
 * A time of day on the 24-hour clock, as offices in Belarus and Russia read it, whatever language the browser
 * speaks: the browser's own time input follows the browser's language and showed AM/PM to a Russian UI.
 */
export function TimeField({ label, ariaLabel, value, onChange, testId, size, width }: Props) {
  // As in DateField: the field needs back the very value it gave, or half-typed text would be wiped.
  const [shown, setShown] = useState<Readonly<{ time: string; value: DateTime | null }>>({ time: '', value: null });
  const current = shown.time === value ? shown.value : fromText(value);
  return (
    <LocalizationProvider dateAdapter={AdapterLuxon}>
      <MuiTimeField
        label={label}
        aria-label={ariaLabel}
        data-testid={testId}
        ampm={false}
        format="HH:mm"
        size={size}
        value={current}
        onChange={(next: DateTime | null) => {
          const time = toText(next);
          setShown({ time, value: next });
          onChange(time);
        }}
        sx={width === undefined ? undefined : { width }}
      />
    </LocalizationProvider>
  );
}
