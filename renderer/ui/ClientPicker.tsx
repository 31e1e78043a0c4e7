import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import TextField from '@mui/material/TextField';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientOption } from '../../core/contract';
import { DebtBadge } from './DebtBadge';
import { useApiQuery } from './useApiQuery';
import { useDebouncedValue } from './useDebouncedValue';

type Props = Readonly<{
  label: string;
  value: ClientOption | null;
  onChange: (client: ClientOption | null) => void;
  placeholder?: string;
  autoFocus?: boolean;
  required?: boolean;
  size?: 'small' | 'medium';
  testId?: string;
  error?: boolean;
}>;

/**
 * Client search by name, tax id or phone (`clients:search`, debounced). Debtors carry the DebtBadge in the
 * list, so the dispatcher sees the debt before choosing, not after.
 */
export function ClientPicker({ label, value, onChange, placeholder, autoFocus, required, size, testId, error }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const debounced = useDebouncedValue(text, 250);
  // The search runs only while the list is open: a closed picker costs nothing.
  const search = useApiQuery('clients:search', open ? { text: debounced.trim().slice(0, 200), limit: 20 } : null);
  const options = useMemo(() => {
    const found = search.data ?? [];
    return value && !found.some((c) => c.id === value.id) ? [value, ...found] : found;
  }, [search.data, value]);

  return (
    <Autocomplete
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      value={value}
      onChange={(_event, client) => onChange(client)}
      inputValue={text}
      onInputChange={(_event, next) => setText(next)}
      options={options}
      // The workstation has already filtered by name, tax id and phone; filtering again by label would hide
      // clients found by phone.
      filterOptions={(x) => x}
      getOptionLabel={(c) => c.name}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      loading={search.loading}
      loadingText={t('app.loading')}
      noOptionsText={debounced.trim() ? t('newTicket.noClients') : t('newTicket.typeToSearch')}
      size={size}
      data-testid={testId}
      renderOption={(props, c) => {
        const { key, ...rest } = props;
        return (
          <Box component="li" key={key} {...rest} data-testid="client-option" data-debtor={c.debt ? 'true' : 'false'}>
            <Box sx={{ display: 'flex', flexDirection: 'column', minWidth: 0, flex: 1 }}>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                <Box component="span" sx={{ fontWeight: 500, overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  {c.name}
                </Box>
                {c.debt && <DebtBadge debt={c.debt} />}
              </Box>
              <Box component="span" sx={{ fontSize: 12, color: 'text.secondary' }}>
                {[c.taxId ? t('newTicket.taxId', { taxId: c.taxId }) : null, ...c.phones]
                  .filter((s): s is string => s !== null)
                  .join(' · ')}
              </Box>
            </Box>
          </Box>
        );
      }}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          placeholder={placeholder}
          autoFocus={autoFocus}
          required={required}
          error={error}
        />
      )}
    />
  );
}
