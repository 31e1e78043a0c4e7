import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { useApiQuery } from '../ui/useApiQuery';
import { useLocale } from '../ui/useLocale';
import { factorText, parseTravelSettings } from './travel-settings';

/**
 * The company's travel settings, as the gap filler and "nearest engineers" use them: everyone sees them, an
 * admin changes them (planning-settings:save, which syncs to every desk). `onSaved` lets the gap filler
 * answer again with the new values.
 */
export function TravelSettings({ onSaved }: Readonly<{ onSaved: () => void }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const settings = useApiQuery('map:settings', {}).data;
  const isAdmin = useApiQuery('app:info', {}).data?.user.roles.includes('admin') ?? false;
  const [editing, setEditing] = useState(false);
  if (!settings) return null;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
      <Typography
        variant="caption"
        color="text.secondary"
        sx={{ flex: 1 }}
        data-testid="travel-settings"
        data-speed={settings.averageSpeedKmh}
        data-road-factor={settings.roadFactor}
      >
        {t('map.travel.summary', {
          speed: settings.averageSpeedKmh,
          factor: factorText(settings.roadFactor, locale),
        })}
      </Typography>
      {isAdmin && (
        <Button size="small" onClick={() => setEditing(true)} data-testid="travel-settings-edit">
          {t('map.travel.edit')}
        </Button>
      )}
      {editing && (
        <TravelSettingsDialog
          speed={settings.averageSpeedKmh}
          roadFactor={settings.roadFactor}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onSaved();
          }}
        />
      )}
    </Box>
  );
}

function TravelSettingsDialog({
  speed: startSpeed,
  roadFactor,
  onClose,
  onSaved,
}: Readonly<{ speed: number; roadFactor: number; onClose: () => void; onSaved: () => void }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const [speed, setSpeed] = useState(String(startSpeed));
  const [factor, setFactor] = useState(factorText(roadFactor, locale));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    const parsed = parseTravelSettings(speed, factor);
    if (!parsed.ok) return setError(t(parsed.field === 'speed' ? 'map.travel.badSpeed' : 'map.travel.badFactor'));
    setBusy(true);
    const result = await api.call('planning-settings:save', parsed.value);
    setBusy(false);
    if (!result.ok) return setError(errorText(t, result.error));
    onSaved();
  };

  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth data-testid="travel-settings-dialog">
      <DialogTitle>{t('map.travel.title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {t('map.travel.explain')}
        </Typography>
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
          <TextField
            size="small"
            label={t('map.travel.speed')}
            value={speed}
            onChange={(e) => setSpeed(e.target.value)}
            slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': 'travel-speed' } }}
          />
          <TextField
            size="small"
            label={t('map.travel.factor')}
            value={factor}
            onChange={(e) => setFactor(e.target.value)}
            slotProps={{ htmlInput: { inputMode: 'decimal', 'data-testid': 'travel-factor' } }}
          />
          {error && (
            <Alert severity="error" data-testid="travel-settings-error">
              {error}
            </Alert>
          )}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('map.travel.cancel')}</Button>
        <Button variant="contained" disabled={busy} onClick={() => void save()} data-testid="travel-settings-save">
          {t('map.travel.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
