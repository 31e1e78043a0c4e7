import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { MailboxSecurity, PatternResultSchema, PbxViewSchema } from '../../core/calls/pbx-settings';
import type { PultErrorData } from '../../core/result';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { formatDateTime } from '../ui/format';
import { useApiQuery } from '../ui/useApiQuery';
import { useLocale } from '../ui/useLocale';
import { hasErrors, mailboxFormErrors, mailboxRequest, type MailboxForm } from './pbx-form';

type PbxView = z.infer<typeof PbxViewSchema>;
type PatternResult = z.infer<typeof PatternResultSchema>;
type Notice = Readonly<{ severity: 'success' | 'error' | 'info'; text: string }>;

const SECURITIES: readonly MailboxSecurity[] = ['tls', 'starttls', 'none'];
const NO_INPUT = {} as const;

/**
 * The company server's PBXs, for admins: the webhook each PBX reports calls to (its token is shown once, when
 * it is issued) and the mailbox of missed-call e-mails with its pattern, tried on a real sample before it is
 * saved. The server holds all of it; this desk only forwards, so the server's refusal is what the admin reads.
 */
export function PbxSettingsDialog({ open, onClose }: Readonly<{ open: boolean; onClose: () => void }>) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth data-testid="pbx-settings-dialog">
      <DialogTitle>{t('phone.pbx.title')}</DialogTitle>
      {open && <PbxSettings />}
      <DialogActions>
        <Button onClick={onClose} data-testid="pbx-close">
          {t('phone.pbx.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function PbxSettings() {
  const { t } = useTranslation();
  const api = useApi();
  const list = useApiQuery('pbx:list', NO_INPUT);
  const [selected, setSelected] = useState<string | null>(null);
  const [fresh, setFresh] = useState<PbxView[]>([]);
  const [token, setToken] = useState<Readonly<{ pbxId: string; token: string }> | null>(null);
  const [newId, setNewId] = useState('');
  const [newName, setNewName] = useState('');
  const [error, setError] = useState<PultErrorData | null>(null);
  const [busy, setBusy] = useState(false);

  // Answers to this dialog's own calls are newer than the list until it refetches.
  const pbxes = mergeViews(list.data ?? [], fresh);
  const current = pbxes.find((p) => p.id === selected) ?? pbxes[0] ?? null;
  const remember = (pbx: PbxView) => setFresh((all) => [...all.filter((p) => p.id !== pbx.id), pbx]);

  const create = async () => {
    setBusy(true);
    setError(null);
    const id = newId.trim();
    const result = await api.call('pbx:create', { name: newName.trim(), ...(id ? { id } : {}) });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    remember(result.value.pbx);
    setSelected(result.value.pbx.id);
    setToken({ pbxId: result.value.pbx.id, token: result.value.token });
    setNewId('');
    setNewName('');
    list.reload();
  };

  const rotate = async (pbx: PbxView) => {
    if (!window.confirm(t('phone.pbx.rotateConfirm'))) return;
    setError(null);
    const result = await api.call('pbx:rotate-token', { id: pbx.id });
    if (!result.ok) return setError(result.error);
    remember(result.value.pbx);
    setToken({ pbxId: pbx.id, token: result.value.token });
  };

  return (
    <DialogContent dividers sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography sx={{ color: 'text.secondary' }}>{t('phone.pbx.intro')}</Typography>
      {list.error && (
        <Alert severity="error" data-testid="pbx-list-error">
          {errorText(t, list.error)}
        </Alert>
      )}
      {error && (
        <Alert severity="error" data-testid="pbx-error">
          {errorText(t, error)}
        </Alert>
      )}
      {list.data && pbxes.length === 0 && <Typography data-testid="pbx-none">{t('phone.pbx.none')}</Typography>}
      {pbxes.length > 0 && (
        <TextField
          select
          size="small"
          label={t('phone.pbx.list')}
          value={current?.id ?? ''}
          onChange={(e) => setSelected(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'pbx-select' } }}
        >
          {pbxes.map((p) => (
            <MenuItem key={p.id} value={p.id}>
              {p.name} ({p.id})
            </MenuItem>
          ))}
        </TextField>
      )}
      {current && token?.pbxId === current.id && (
        <Alert severity="warning" data-testid="pbx-token">
          {t('phone.pbx.tokenOnce')}{' '}
          <Box component="code" sx={{ userSelect: 'all', wordBreak: 'break-all' }} data-testid="pbx-token-value">
            {token.token}
          </Box>
        </Alert>
      )}
      {current && <PbxWebhook pbx={current} onRotate={() => void rotate(current)} />}
      {current && <MailboxSettings key={current.id} pbx={current} onSaved={remember} />}
      {list.data && (
        <Box
          component="form"
          noValidate
          sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', flexWrap: 'wrap' }}
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <Typography sx={{ width: '100%', fontWeight: 600 }}>{t('phone.pbx.new')}</Typography>
          <TextField
            size="small"
            label={t('phone.pbx.name')}
            value={newName}
            onChange={(e) => setNewName(e.target.value)}
            slotProps={{ htmlInput: { 'data-testid': 'pbx-new-name', maxLength: 200 } }}
          />
          <TextField
            size="small"
            label={t('phone.pbx.id')}
            helperText={t('phone.pbx.idHelp')}
            value={newId}
            onChange={(e) => setNewId(e.target.value)}
            sx={{ flex: 1, minWidth: 240 }}
            slotProps={{ htmlInput: { 'data-testid': 'pbx-new-id', maxLength: 63 } }}
          />
          <Button type="submit" variant="outlined" disabled={busy || newName.trim() === ''} data-testid="pbx-create">
            {t('phone.pbx.create')}
          </Button>
        </Box>
      )}
    </DialogContent>
  );
}

function mergeViews(listed: readonly PbxView[], fresh: readonly PbxView[]): PbxView[] {
  const byId = new Map(listed.map((p) => [p.id, p]));
  for (const pbx of fresh) {
    const known = byId.get(pbx.id);
    // The list refetched after our call carries the same or a later token time; keep whichever is newer.
    if (!known || known.tokenIssuedAt <= pbx.tokenIssuedAt) byId.set(pbx.id, pbx);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function PbxWebhook({ pbx, onRotate }: Readonly<{ pbx: PbxView; onRotate: () => void }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 0.5 }} data-testid="pbx-webhook">
      <Typography>{t('phone.pbx.webhook', { path: `/api/pbx/${pbx.id}/cti` })}</Typography>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
        <Typography sx={{ color: 'text.secondary' }}>
          {t('phone.pbx.tokenIssued', { time: formatDateTime(pbx.tokenIssuedAt, locale) })}
        </Typography>
        <Button size="small" onClick={onRotate} data-testid="pbx-rotate">
          {t('phone.pbx.rotate')}
        </Button>
      </Box>
    </Box>
  );
}

function formOf(pbx: PbxView): MailboxForm {
  const m = pbx.mailbox;
  return {
    enabled: m?.enabled ?? true,
    host: m?.host ?? '',
    port: String(m?.port ?? 993),
    security: m?.security ?? 'tls',
    user: m?.user ?? '',
    password: '',
    folder: m?.folder ?? 'INBOX',
    pattern: m?.pattern ?? '',
    timeFormat: m?.timeFormat ?? '',
    timeZone: m?.timeZone ?? 'Europe/Minsk',
    sampleMessage: m?.sampleMessage ?? '',
  };
}

function MailboxSettings({ pbx, onSaved }: Readonly<{ pbx: PbxView; onSaved: (pbx: PbxView) => void }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const [form, setForm] = useState<MailboxForm>(() => formOf(pbx));
  const [shown, setShown] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [sample, setSample] = useState<PatternResult | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordSet = pbx.mailbox?.passwordSet ?? false;
  const errors = mailboxFormErrors(form, passwordSet);
  const field = (key: Exclude<keyof MailboxForm, 'enabled' | 'security'>) => {
    const problem = shown ? errors.fields[key] : undefined;
    return {
      value: form[key],
      onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
      error: problem !== undefined,
      helperText: problem ? t(`phone.pbx.${problem}`) : undefined,
    };
  };
  const failed = (error: PultErrorData) => setNotice({ severity: 'error', text: errorText(t, error) });

  const save = async () => {
    setShown(true);
    if (hasErrors(errors)) return;
    setBusy(true);
    setNotice(null);
    const result = await api.call('pbx:set-mailbox', { id: pbx.id, ...mailboxRequest(form) });
    setBusy(false);
    if (!result.ok) return failed(result.error);
    onSaved(result.value.pbx);
    setSample(result.value.sample);
    setForm((f) => ({ ...f, password: '' }));
    setNotice({ severity: 'success', text: t('phone.pbx.saved') });
  };

  const test = async () => {
    setNotice(null);
    const request = mailboxRequest(form);
    const result = await api.call('pbx:test-pattern', {
      id: pbx.id,
      pattern: request.pattern,
      timeFormat: request.timeFormat,
      timeZone: request.timeZone,
      ...(request.sampleMessage ? { sampleMessage: request.sampleMessage } : {}),
    });
    if (!result.ok) return failed(result.error);
    setSample(result.value);
  };

  const check = async () => {
    setNotice(null);
    const result = await api.call('pbx:check-mailbox', { id: pbx.id });
    if (!result.ok) return failed(result.error);
    const { delivered, unmatched, error } = result.value;
    setNotice(
      error
        ? { severity: 'error', text: t('phone.pbx.checkFailed', { error }) }
        : { severity: 'success', text: t('phone.pbx.checked', { delivered, unmatched }) },
    );
  };

  const status = pbx.mailboxStatus;
  return (
    <Box
      component="form"
      noValidate
      sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}
      data-testid="pbx-mailbox"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Typography sx={{ fontWeight: 600 }}>{t('phone.pbx.mailbox')}</Typography>
      {pbx.mailbox && (
        <Typography sx={{ color: 'text.secondary' }} data-testid="pbx-mailbox-status">
          {status.checkedAt === null
            ? t('phone.pbx.statusNever')
            : t('phone.pbx.status', { time: formatDateTime(status.checkedAt, locale) })}{' '}
          {status.error && t('phone.pbx.statusError', { error: status.error })}{' '}
          {status.unmatched > 0 && t('phone.pbx.unmatched', { count: status.unmatched })}
        </Typography>
      )}
      <FormControlLabel
        control={
          <Checkbox
            checked={form.enabled}
            onChange={(e) => setForm((f) => ({ ...f, enabled: e.target.checked }))}
            slotProps={{ input: { 'aria-label': t('phone.pbx.enabled') } }}
          />
        }
        label={t('phone.pbx.enabled')}
      />
      <Box sx={{ display: 'flex', gap: 1 }}>
        <TextField
          size="small"
          label={t('phone.pbx.host')}
          {...field('host')}
          sx={{ flex: 2 }}
          slotProps={{ htmlInput: { 'data-testid': 'pbx-host', maxLength: 253 } }}
        />
        <TextField
          size="small"
          label={t('phone.pbx.port')}
          {...field('port')}
          sx={{ width: 110 }}
          slotProps={{ htmlInput: { 'data-testid': 'pbx-port', inputMode: 'numeric', maxLength: 5 } }}
        />
        <TextField
          select
          size="small"
          label={t('phone.pbx.security')}
          value={form.security}
          onChange={(e) => setForm((f) => ({ ...f, security: e.target.value as MailboxSecurity }))}
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { 'data-testid': 'pbx-security' } }}
        >
          {SECURITIES.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`phone.pbx.securityOption.${s}`)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <Box sx={{ display: 'flex', gap: 1 }}>
        <TextField
          size="small"
          label={t('phone.pbx.user')}
          {...field('user')}
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { 'data-testid': 'pbx-user', maxLength: 200 } }}
        />
        <TextField
          size="small"
          type="password"
          autoComplete="new-password"
          label={t('phone.pbx.password')}
          placeholder={passwordSet ? t('phone.pbx.passwordKeep') : ''}
          {...field('password')}
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { 'data-testid': 'pbx-password', maxLength: 500 } }}
        />
        <TextField
          size="small"
          label={t('phone.pbx.folder')}
          {...field('folder')}
          sx={{ width: 140 }}
          slotProps={{ htmlInput: { 'data-testid': 'pbx-folder', maxLength: 200 } }}
        />
      </Box>
      <TextField
        size="small"
        label={t('phone.pbx.pattern')}
        {...field('pattern')}
        error={shown && (errors.pattern !== null || errors.fields.pattern !== undefined)}
        helperText={
          shown && errors.fields.pattern
            ? t('phone.pbx.required')
            : shown && errors.pattern
              ? errors.pattern
              : t('phone.pbx.patternHelp')
        }
        slotProps={{ htmlInput: { 'data-testid': 'pbx-pattern', maxLength: 2000, spellCheck: false } }}
      />
      <Box sx={{ display: 'flex', gap: 1 }}>
        <TextField
          size="small"
          label={t('phone.pbx.timeFormat')}
          {...field('timeFormat')}
          helperText={t('phone.pbx.timeFormatHelp')}
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { 'data-testid': 'pbx-time-format', maxLength: 100 } }}
        />
        <TextField
          size="small"
          label={t('phone.pbx.timeZone')}
          {...field('timeZone')}
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { 'data-testid': 'pbx-time-zone', maxLength: 100 } }}
        />
      </Box>
      <TextField
        size="small"
        multiline
        minRows={3}
        maxRows={10}
        label={t('phone.pbx.sample')}
        {...field('sampleMessage')}
        slotProps={{ htmlInput: { 'data-testid': 'pbx-sample', spellCheck: false } }}
      />
      {sample && <SampleResult result={sample} />}
      {notice && (
        <Alert severity={notice.severity} data-testid="pbx-notice">
          {notice.text}
        </Alert>
      )}
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <Button type="submit" variant="contained" disabled={busy} data-testid="pbx-save">
          {t('phone.pbx.save')}
        </Button>
        <Button
          onClick={() => void test()}
          disabled={form.pattern.trim() === '' || (form.sampleMessage === '' && !pbx.mailbox?.sampleMessage)}
          data-testid="pbx-test"
        >
          {t('phone.pbx.test')}
        </Button>
        <Button onClick={() => void check()} disabled={!pbx.mailbox} data-testid="pbx-check">
          {t('phone.pbx.check')}
        </Button>
      </Box>
    </Box>
  );
}

function SampleResult({ result }: Readonly<{ result: PatternResult }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <Alert severity={result.ok ? 'success' : 'warning'} data-testid="pbx-sample-result">
      {result.ok
        ? t('phone.pbx.sampleOk', {
            number: result.number || '—',
            time: formatDateTime(result.startedAt, locale),
            queue: result.queue ?? '—',
          })
        : t('phone.pbx.sampleFailed', { reason: result.reason })}
      <Box component="details" sx={{ mt: 0.5 }}>
        <summary>{t('phone.pbx.sampleText')}</summary>
        <Box component="pre" sx={{ whiteSpace: 'pre-wrap', m: 0, maxHeight: 200, overflow: 'auto' }}>
          {result.text}
        </Box>
      </Box>
    </Alert>
  );
}
