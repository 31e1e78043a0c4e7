import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhoneSettingsView } from '../../core/calls/settings';
import type { PultErrorData } from '../../core/result';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { formatIceServers, parseIceServers } from './call-view';

type Props = Readonly<{
  open: boolean;
  settings: PhoneSettingsView;
  onClose: () => void;
  onSaved: (settings: PhoneSettingsView) => void;
}>;

/** The phone's account at this desk. Mounted fresh on each opening, so a cancelled edit leaves nothing behind. */
export function PhoneSettingsDialog({ open, settings, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth data-testid="phone-settings-dialog">
      <DialogTitle>{t('phone.settings.title')}</DialogTitle>
      {open && <SettingsForm settings={settings} onClose={onClose} onSaved={onSaved} />}
    </Dialog>
  );
}

function SettingsForm({ settings, onClose, onSaved }: Omit<Props, 'open'>) {
  const { t } = useTranslation();
  const api = useApi();
  const [aor, setAor] = useState(settings.aor);
  const [user, setUser] = useState(settings.authorizationUsername);
  const [password, setPassword] = useState('');
  const [server, setServer] = useState(settings.server);
  const [ice, setIce] = useState(formatIceServers(settings.iceServers));
  const [ringGroup, setRingGroup] = useState(settings.ringGroup);
  const [timeout, setTimeoutText] = useState(String(settings.ringTimeoutSeconds));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PultErrorData | string | null>(null);

  const save = async () => {
    const iceServers = parseIceServers(ice);
    if (!iceServers.ok) {
      setError(t('phone.settings.iceBadLine', { line: iceServers.line }));
      return;
    }
    const ringTimeoutSeconds = Number(timeout);
    if (!Number.isInteger(ringTimeoutSeconds) || ringTimeoutSeconds < 5 || ringTimeoutSeconds > 600) {
      setError(t('phone.settings.timeoutRange'));
      return;
    }
    setBusy(true);
    setError(null);
    const result = await api.call('phone:save-settings', {
      aor: aor.trim(),
      authorizationUsername: user.trim(),
      // An empty field keeps the stored password: nobody retypes it to change the ring group.
      password: password === '' ? null : password,
      server: server.trim(),
      iceServers: iceServers.servers,
      ringGroup: ringGroup.trim(),
      ringTimeoutSeconds,
    });
    setBusy(false);
    if (result.ok) onSaved(result.value);
    else setError(result.error);
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <DialogContent dividers sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        {error && (
          <Alert severity="error" data-testid="phone-settings-error">
            {typeof error === 'string' ? error : errorText(t, error)}
          </Alert>
        )}
        {settings.allowedServerOrigin === null && (
          <Alert severity="warning" data-testid="phone-settings-no-pbx">
            {t('phone.settings.noPbx')}
          </Alert>
        )}
        <TextField
          label={t('phone.settings.aor')}
          placeholder="sip:101@pbx.example.by"
          value={aor}
          onChange={(e) => setAor(e.target.value)}
          helperText={t('phone.settings.aorHelp')}
          autoFocus
          slotProps={{ htmlInput: { 'data-testid': 'phone-settings-aor', maxLength: 200 } }}
        />
        <TextField
          label={t('phone.settings.user')}
          value={user}
          onChange={(e) => setUser(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'phone-settings-user', maxLength: 100 } }}
        />
        <TextField
          label={t('phone.settings.password')}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          placeholder={settings.password ? t('phone.settings.passwordKeep') : ''}
          helperText={t(`phone.settings.passwordKept.${settings.passwordKept}`)}
          autoComplete="new-password"
          slotProps={{ htmlInput: { 'data-testid': 'phone-settings-password', maxLength: 200 } }}
        />
        <TextField
          label={t('phone.settings.server')}
          placeholder="wss://pbx.example.by:8089/ws"
          value={server}
          onChange={(e) => setServer(e.target.value)}
          helperText={
            settings.allowedServerOrigin
              ? t('phone.settings.serverHelp', { origin: settings.allowedServerOrigin })
              : undefined
          }
          slotProps={{ htmlInput: { 'data-testid': 'phone-settings-server', maxLength: 300 } }}
        />
        <TextField
          label={t('phone.settings.ice')}
          value={ice}
          onChange={(e) => setIce(e.target.value)}
          multiline
          minRows={2}
          helperText={t('phone.settings.iceHelp')}
          slotProps={{ htmlInput: { 'data-testid': 'phone-settings-ice' } }}
        />
        <TextField
          label={t('phone.settings.ringGroup')}
          value={ringGroup}
          onChange={(e) => setRingGroup(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'phone-settings-ring-group', maxLength: 100 } }}
        />
        <TextField
          label={t('phone.settings.ringTimeout')}
          value={timeout}
          onChange={(e) => setTimeoutText(e.target.value)}
          slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': 'phone-settings-timeout', maxLength: 3 } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('newTicket.cancel')}</Button>
        <Button type="submit" variant="contained" disabled={busy} data-testid="phone-settings-save">
          {t('phone.settings.save')}
        </Button>
      </DialogActions>
    </form>
  );
}
