import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';

export type MultiOption<T extends string> = Readonly<{ value: T; label: string; color?: string }>;

type Props<T extends string> = Readonly<{
  label: string;
  options: readonly MultiOption<T>[];
  value: readonly T[];
  onChange: (value: T[]) => void;
  width: number;
  testId?: string;
}>;

/** A compact multi-choice filter: shows the one chosen name, or how many are chosen. */
export function MultiSelect<T extends string>({ label, options, value, onChange, width, testId }: Props<T>) {
  const { t } = useTranslation();
  const labelOf = (v: string) => options.find((o) => o.value === v)?.label ?? v;
  return (
    <TextField
      select
      size="small"
      label={label}
      value={value as T[]}
      data-testid={testId}
      sx={{ width }}
      onChange={(event) => {
        const next: unknown = event.target.value;
        // A multiple select hands an array; a string only comes from browser autofill, split like MUI's demos.
        const values = typeof next === 'string' ? next.split(',') : Array.isArray(next) ? next : [];
        onChange(options.filter((o) => values.includes(o.value)).map((o) => o.value));
      }}
      slotProps={{
        select: {
          multiple: true,
          renderValue: (selected) => {
            const list = selected as unknown as string[];
            return list.length === 1 ? labelOf(list[0] ?? '') : t('filters.selected', { count: list.length });
          },
          MenuProps: { slotProps: { paper: { sx: { maxHeight: 420 } } } },
        },
      }}
    >
      {options.map((o) => (
        <MenuItem key={o.value} value={o.value} dense>
          <Checkbox size="small" checked={value.includes(o.value)} sx={{ p: 0.5, mr: 1 }} />
          {o.color && (
            <Box
              component="span"
              sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: o.color, mr: 1, flexShrink: 0 }}
            />
          )}
          <ListItemText primary={o.label} />
        </MenuItem>
      ))}
    </TextField>
  );
}
