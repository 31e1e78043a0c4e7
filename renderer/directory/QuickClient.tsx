import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Duplicate } from '../../core/clients/contract';
import type { ClientOption } from '../../core/contract';
import type { PultErrorData } from '../../core/result';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { useActionIds } from '../ui/useActionIds';
import { phoneError, requiredError } from './directory-form';

/**
 * A client who calls for the first time, registered with just a name and a phone (from the new-ticket dialog,
 * or from the caller card with the caller's number filled in); the rest waits for the directory. A phone
 * already in the directory is offered instead of a second client.
 */
export function QuickClient({
  onCreated,
  initialPhone = '',
}: Readonly<{ onCreated: (client: ClientOption) => void; initialPhone?: string }>) {
  const { t } = useTranslation();
  const api = useApi();
  const ids = useActionIds(['id', 'phone']);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState(initialPhone);
  const [shown, setShown] = useState(false);
  const [found, setFound] = useState<readonly Duplicate[]>([]);
  const [error, setError] = useState<PultErrorData | null>(null);
  const nameError = requiredError(name);
  const numberError = phoneError(phone);

  const choose = async (id: string) => {
    const client = await api.call('client:get', { id });
    if (client.ok) onCreated(client.value);
    else setError(client.error);
  };

  const create = async (confirmed: boolean) => {
    setShown(true);
    if (nameError || numberError) return;
    setError(null);
    if (!confirmed && phone.trim()) {
      const duplicates = await api.call('directory:duplicates', { phones: [phone.trim()] });
      if (duplicates.ok && duplicates.value.length > 0) {
        setFound(duplicates.value);
        return;
      }
    }
    const { id, phone: phoneId } = ids.take();
    const result = await api.call('client:create', {
      id,
      name: name.trim(),
      phones: phone.trim() ? [{ id: phoneId, raw: phone.trim() }] : [],
    });
    if (!result.ok) return setError(result.error);
    ids.done();
    await choose(id);
  };

  if (!open) {
    return (
      <Button
        size="small"
        sx={{ alignSelf: 'flex-start' }}
        onClick={() => setOpen(true)}
        data-testid="quick-client-open"
      >
        + {t('newTicket.newClient')}
      </Button>
    );
  }
  return (
    <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', flexWrap: 'wrap' }} data-testid="quick-client">
      <TextField
        size="small"
        label={t('newTicket.newClientName')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={shown && nameError !== null}
        helperText={shown && nameError ? t(`directory.error.${nameError}`) : undefined}
        slotProps={{ htmlInput: { 'data-testid': 'quick-client-name' } }}
      />
      <TextField
        size="small"
        label={t('newTicket.newClientPhone')}
        value={phone}
        onChange={(e) => {
          setPhone(e.target.value);
          setFound([]);
        }}
        error={shown && numberError !== null}
        helperText={shown && numberError ? t(`directory.error.${numberError}`) : undefined}
        slotProps={{ htmlInput: { 'data-testid': 'quick-client-phone' } }}
      />
      <Button variant="outlined" onClick={() => void create(found.length > 0)} data-testid="quick-client-create">
        {found.length > 0 ? t('directory.duplicates.proceed') : t('newTicket.newClientCreate')}
      </Button>
      {found.length > 0 && (
        <Alert severity="warning" sx={{ width: '100%' }} data-testid="duplicates-alert">
          {t('directory.duplicates.title')}
          {found.map((d) => (
            <Box key={`${d.kind}/${d.clientId}`}>
              «{d.clientName}» — {t(`directory.duplicates.${d.kind}`, { value: d.value })}{' '}
              <Button size="small" onClick={() => void choose(d.clientId)} data-testid="duplicate-open">
                {t('directory.duplicates.open')}
              </Button>
            </Box>
          ))}
        </Alert>
      )}
      {error && (
        <Alert severity="error" sx={{ width: '100%' }}>
          {errorText(t, error)}
        </Alert>
      )}
    </Box>
  );
}
