import { AdapterLuxon } from '@mui/x-date-pickers/AdapterLuxon';
import { DatePicker } from '@mui/x-date-pickers/DatePicker';
import type { FieldSelectedSections } from '@mui/x-date-pickers/models';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { enUS, ruRU } from '@mui/x-date-pickers/locales';
import type { DateTime } from 'luxon';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dayFromPicker, pickerFromDay, INVALID_DAY, pickerLocale } from './date-field-value';

type Props = Readonly<{
  label: string;
  /** A calendar day as `yyyy-MM-dd`, `''` when empty, or {@link INVALID_DAY} while the typed text is not a date. */
  value: string;
  onChange: (day: string) => void;
  testId: string;
  size?: 'small' | 'medium';
  width?: number;
  error?: boolean;
  autoFocus?: boolean;
}>;

/**
 * A date the way the UI's language writes it (`дд.мм.гггг` in Russian: `01122026` typed is the 1st of December),
 * with a calendar that starts on Monday, whatever language the browser or the OS speaks. The browser's own date
 * input follows the browser's language instead, so a Russian UI in an English browser asked for mm/dd/yyyy.
 * The value stays the `yyyy-MM-dd` string a date input gives, so callers keep their parsing.
 */
export function DateField({ label, value, onChange, testId, size, width, error, autoFocus }: Props) {
  const { i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'ru';
  // The picker needs back the very DateTime it gave, or half-typed text would be wiped on the next render; a
  // value set from outside (a reset, another filter) is shown as given.
  const [shown, setShown] = useState<Readonly<{ day: string; date: DateTime | null }>>({ day: '', date: null });
  const date = shown.day === value ? shown.date : pickerFromDay(value);
  const [sections, setSections] = useState<FieldSelectedSections>(null);
  const localeText = (language === 'en' ? enUS : ruRU).components.MuiLocalizationProvider.defaultProps.localeText;
  return (
    <LocalizationProvider dateAdapter={AdapterLuxon} adapterLocale={pickerLocale(language)} localeText={localeText}>
      <DatePicker
        label={label}
        data-testid={testId}
        value={date}
        // An empty field starts at the day wherever it was clicked, so a date typed the Russian way (01122026)
        // lands where it is read; a filled field keeps the section the user picked.
        selectedSections={sections}
        onSelectedSectionsChange={(next) =>
          setSections(date === null && sections === null && typeof next === 'number' ? 0 : next)
        }
        onChange={(next: DateTime | null) => {
          const day = dayFromPicker(next);
          setShown({ day, date: next });
          onChange(day);
        }}
        slotProps={{
          textField: {
            size,
            autoFocus,
            error: error ?? value === INVALID_DAY,
            sx: width === undefined ? undefined : { width },
          },
          field: { clearable: true },
        }}
      />
    </LocalizationProvider>
  );
}
