import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useEffectEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaneProps } from '../app/pane-props';
import { useNow } from '../session/useNow';
import { MODAL_SELECTOR, TYPING_SELECTOR } from '../tickets/keyboard';
import { formatDateTime } from '../ui/format';
import { PaneControls } from '../ui/TopBar';
import { useApiQuery } from '../ui/useApiQuery';
import { useLocale } from '../ui/useLocale';
import { CallbacksPanel } from './CallbacksPanel';
import { CallLogPanel } from './CallLogPanel';
import { cleanDialInput, dialableNumber, formatCallTimer, peerLabel, phaseOf, recentKind } from './call-view';
import { usePhone, type Phone } from './phone-context';
import { PbxSettingsDialog } from './PbxSettingsDialog';
import { PhoneSettingsDialog } from './PhoneSettingsDialog';
import type { SoftphoneCall } from './sip/softphone-types';

const KEYPAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/**
 * The phone pane: the keypad, the call in progress with every control, the open callbacks, this session's
 * calls and the call log. Its keys (only while it is the active pane and nothing is typed or open): digits
 * dial (or send tones in a call), Enter answers or calls, Esc rejects or hangs up, M mutes, H holds.
 */
export function PhonePane({ active }: PaneProps) {
  const { t } = useTranslation();
  const phone = usePhone();
  const [dial, setDial] = useState('');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [pbxOpen, setPbxOpen] = useState(false);
  // The server's PBX settings are an admin's: the server refuses anyone else, so nobody else sees the button.
  const isAdmin = useApiQuery('app:info', {}).data?.user.roles.includes('admin') ?? false;

  const ringing = phone?.calls.find((c) => phaseOf(c) === 'ringing') ?? null;
  const current = phone?.calls.find((c) => phaseOf(c) !== 'ringing') ?? null;

  const press = (key: string) => {
    if (current && phaseOf(current) === 'in-call') phone?.sendDtmf(current.id, key);
    else setDial((d) => cleanDialInput(d + key));
  };
  const callDialled = () => {
    if (!phone || dial === '') return;
    void phone.dial(dial).then((started) => started && setDial(''));
  };

  const onKeyDown = useEffectEvent((e: KeyboardEvent) => {
    if (!active || !phone || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target instanceof Element ? e.target : null;
    if (target?.closest(MODAL_SELECTOR) || target?.closest(TYPING_SELECTOR)) return;
    if (/^[0-9*#]$/.test(e.key)) press(e.key);
    else if (e.key === 'Enter' && !target?.closest('button, a')) {
      if (ringing) phone.answer(ringing.id);
      else callDialled();
    } else if (e.key === 'Escape') {
      if (ringing) phone.reject(ringing.id);
      else if (current) phone.hangUp(current.id);
      else return;
    } else if ((e.key === 'm' || e.key === 'M' || e.code === 'KeyM') && current && phaseOf(current) === 'in-call') {
      phone.setMuted(current.id, !current.muted);
    } else if ((e.key === 'h' || e.key === 'H' || e.code === 'KeyH') && current && phaseOf(current) === 'in-call') {
      phone.setHeld(current.id, !current.held);
    } else if (e.key === 'Backspace') setDial((d) => d.slice(0, -1));
    else return;
    e.preventDefault();
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKeyDown(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }} data-testid="pane-calls">
      <PaneControls active={active}>
        <Typography component="h2" variant="h6" sx={{ fontSize: 18, fontWeight: 600, lineHeight: '52px' }}>
          {t('nav.calls')}
        </Typography>
        {phone?.settings?.ringGroup && (
          <Typography sx={{ color: 'text.secondary' }} data-testid="phone-ring-group">
            {t('phone.ringGroup', { name: phone.settings.ringGroup })}
          </Typography>
        )}
        <Button
          variant="outlined"
          size="small"
          onClick={() => setSettingsOpen(true)}
          disabled={!phone?.settings}
          data-testid="phone-settings-open"
        >
          {t('phone.settings.open')}
        </Button>
        {isAdmin && (
          <Button variant="outlined" size="small" onClick={() => setPbxOpen(true)} data-testid="pbx-settings-open">
            {t('phone.pbx.open')}
          </Button>
        )}
      </PaneControls>
      {phone && (
        <Box
          component="main"
          sx={{ flex: 1, overflow: 'auto', p: 2, display: 'flex', gap: 2, alignItems: 'flex-start' }}
        >
          <Box sx={{ width: 340, flexShrink: 0, display: 'flex', flexDirection: 'column', gap: 2 }}>
            <PhoneStatus phone={phone} onSettings={() => setSettingsOpen(true)} />
            {ringing && <CallPanel phone={phone} call={ringing} />}
            {current && <CallPanel phone={phone} call={current} />}
            <Paper variant="outlined" sx={{ p: 2 }}>
              <TextField
                fullWidth
                size="small"
                label={t('phone.number')}
                value={dial}
                onChange={(e) => setDial(cleanDialInput(e.target.value))}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') callDialled();
                }}
                slotProps={{ htmlInput: { 'data-testid': 'dial-input', inputMode: 'tel' } }}
              />
              <Box
                sx={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 1, mt: 1.5 }}
                data-testid="keypad"
              >
                {KEYPAD.map((key) => (
                  <Button
                    key={key}
                    variant="outlined"
                    onClick={() => press(key)}
                    data-testid={`key-${key}`}
                    sx={{ fontSize: 18 }}
                  >
                    {key}
                  </Button>
                ))}
              </Box>
              <Button
                fullWidth
                variant="contained"
                color="success"
                sx={{ mt: 1.5 }}
                disabled={dial === '' || phone.registration !== 'registered'}
                onClick={callDialled}
                data-testid="dial-call"
              >
                {t('phone.call')}
              </Button>
            </Paper>
          </Box>
          <Box sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 2 }}>
            <CallbacksPanel phone={phone} />
            <RecentCalls phone={phone} />
            <CallLogPanel />
          </Box>
        </Box>
      )}
      {isAdmin && <PbxSettingsDialog open={pbxOpen} onClose={() => setPbxOpen(false)} />}
      {phone?.settings && (
        <PhoneSettingsDialog
          open={settingsOpen}
          settings={phone.settings}
          onClose={() => setSettingsOpen(false)}
          onSaved={(saved) => {
            setSettingsOpen(false);
            phone.settingsSaved(saved);
          }}
        />
      )}
    </Box>
  );
}

function PhoneStatus({ phone, onSettings }: Readonly<{ phone: Phone; onSettings: () => void }>) {
  const { t } = useTranslation();
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Typography data-testid="phone-state" data-state={phone.registration}>
        {t(`phone.registrationLong.${phone.registration}`, { aor: phone.settings?.aor ?? '' })}
      </Typography>
      {phone.registration === 'off' && (
        <Button variant="contained" onClick={onSettings} disabled={!phone.settings} data-testid="phone-setup">
          {t('phone.setUp')}
        </Button>
      )}
      {phone.problem && phone.registration !== 'registered' && (
        <Alert severity="warning" data-testid="phone-problem">
          {phone.problem}
        </Alert>
      )}
      {phone.registration !== 'off' && (phone.microphone === 'prompt' || phone.microphone === 'unknown') && (
        <Alert
          severity="info"
          data-testid="mic-ask"
          action={
            <Button color="inherit" size="small" onClick={() => void phone.askPermissions()} data-testid="mic-allow">
              {t('phone.mic.allow')}
            </Button>
          }
        >
          {t('phone.mic.why')}
        </Alert>
      )}
      {(phone.microphone === 'denied' || phone.microphone === 'unavailable') && (
        <Alert severity="error" data-testid="mic-denied">
          {t(`phone.mic.${phone.microphone}`)}
        </Alert>
      )}
    </Box>
  );
}

function CallPanel({ phone, call }: Readonly<{ phone: Phone; call: SoftphoneCall }>) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const [target, setTarget] = useState('');
  const phase = phaseOf(call);
  const label = peerLabel(call.peer);
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="current-call" data-phase={phase} data-call-id={call.id}>
      <Typography variant="overline">{t(`phone.phase.${phase}`)}</Typography>
      <Typography sx={{ fontSize: 20, fontWeight: 600 }} data-testid="current-call-number">
        {label.withheld ? t('phone.withheld') : (label.number ?? t('phone.unknownCaller'))}
      </Typography>
      {label.name && <Typography sx={{ color: 'text.secondary' }}>{label.name}</Typography>}
      {phase === 'in-call' && (
        <Typography sx={{ fontVariantNumeric: 'tabular-nums' }} data-testid="current-call-timer">
          {formatCallTimer(now - (call.record.answeredAt ?? now))}
          {call.held ? ` · ${t('phone.held')}` : ''}
          {call.muted ? ` · ${t('phone.muted')}` : ''}
        </Typography>
      )}
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mt: 1 }}>
        {phase === 'ringing' && (
          <>
            <Button variant="contained" color="success" onClick={() => phone.answer(call.id)} data-testid="call-answer">
              {t('phone.answer')}
            </Button>
            <Button variant="outlined" color="error" onClick={() => phone.reject(call.id)} data-testid="call-reject">
              {t('phone.reject')}
            </Button>
          </>
        )}
        {phase === 'in-call' && (
          <>
            <Button
              variant={call.muted ? 'contained' : 'outlined'}
              onClick={() => phone.setMuted(call.id, !call.muted)}
              data-testid="call-mute"
            >
              {t(call.muted ? 'phone.unmute' : 'phone.mute')}
            </Button>
            <Button
              variant={call.held ? 'contained' : 'outlined'}
              onClick={() => phone.setHeld(call.id, !call.held)}
              data-testid="call-hold"
            >
              {t(call.held ? 'phone.resume' : 'phone.hold')}
            </Button>
          </>
        )}
        {phase !== 'ringing' && (
          <Button variant="contained" color="error" onClick={() => phone.hangUp(call.id)} data-testid="call-hang-up">
            {t('phone.hangUp')}
          </Button>
        )}
      </Box>
      {phase === 'in-call' && (
        <Box sx={{ display: 'flex', gap: 1, mt: 1.5 }}>
          <TextField
            size="small"
            label={t('phone.transferTo')}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            slotProps={{ htmlInput: { 'data-testid': 'transfer-target', maxLength: 100 } }}
          />
          <Button
            variant="outlined"
            disabled={target.trim() === ''}
            onClick={() => phone.transfer(call.id, target.trim())}
            data-testid="call-transfer"
          >
            {t('phone.transfer')}
          </Button>
        </Box>
      )}
    </Paper>
  );
}

function RecentCalls({ phone }: Readonly<{ phone: Phone }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
        {t('phone.recent')}
      </Typography>
      {phone.recent.length === 0 ? (
        <Typography sx={{ color: 'text.secondary', mt: 1 }}>{t('phone.noRecent')}</Typography>
      ) : (
        <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }} data-testid="recent-calls">
          {phone.recent.map((call) => {
            const label = peerLabel(call.peer);
            const kind = recentKind(call);
            const number = dialableNumber(call.peer);
            const { answeredAt, endedAt } = call.record;
            return (
              <Box
                component="li"
                key={call.id}
                data-testid="recent-call"
                data-kind={kind}
                sx={{
                  display: 'flex',
                  alignItems: 'center',
                  gap: 1.5,
                  py: 0.75,
                  borderBottom: 1,
                  borderColor: 'divider',
                }}
              >
                <Box sx={{ flex: 1, minWidth: 0 }}>
                  <Box sx={{ fontWeight: 500 }} data-testid="recent-call-number">
                    {label.withheld ? t('phone.withheld') : (label.number ?? t('phone.unknownCaller'))}
                    {label.name ? ` · ${label.name}` : ''}
                  </Box>
                  <Box sx={{ fontSize: 13, color: kind === 'missed' ? 'error.main' : 'text.secondary' }}>
                    <span data-testid="recent-call-kind">{t(`phone.outcome.${kind}`)}</span>
                    {` · ${formatDateTime(call.record.ringingAt, locale)}`}
                    {answeredAt !== null && endedAt !== null ? ` · ${formatCallTimer(endedAt - answeredAt)}` : ''}
                  </Box>
                </Box>
                <Button size="small" onClick={() => phone.showCard(call)}>
                  {t('phone.card.show')}
                </Button>
                {number && (
                  <Button
                    size="small"
                    onClick={() => void phone.dial(number)}
                    disabled={phone.registration !== 'registered'}
                  >
                    {t('phone.callBack')}
                  </Button>
                )}
              </Box>
            );
          })}
        </Box>
      )}
    </Paper>
  );
}
