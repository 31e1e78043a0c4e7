import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../core/contract';
import type { PultErrorData } from '../../core/result';
import { errorText } from '../ui/error-message';
import { formatInteger } from '../ui/format';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { useLocale } from '../ui/useLocale';
import type { Session } from './session-context';
import { progressLabelKey, progressPercent, signInErrorView } from './sync-view';

function SignInError({ error }: Readonly<{ error: PultErrorData }>) {
  const { t } = useTranslation();
  const view = signInErrorView(error.code);
  const title = view.titleKey ? t(view.titleKey) : errorText(t, error);
  return (
    <Alert severity="error" data-testid="signin-error" data-code={error.code}>
      {title}
      {view.titleKey && view.showsDetail && error.message && (
        <Typography variant="body2" component="div" sx={{ mt: 0.5, overflowWrap: 'anywhere', opacity: 0.85 }}>
          {error.message}
        </Typography>
      )}
    </Alert>
  );
}

/** Under the form while `session:sign-in` runs: the password check, then the first pull's rows. */
function FirstSyncProgress({ status }: Readonly<{ status: SyncStatus }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const percent = progressPercent(status.progress);
  return (
    <Box data-testid="signin-progress" sx={{ display: 'flex', flexDirection: 'column', gap: 0.75 }}>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {status.progress
          ? t(progressLabelKey(status.lastSyncAt), {
              done: formatInteger(status.progress.done, locale),
              total: formatInteger(status.progress.total, locale),
            })
          : t('session.progress.starting')}
      </Typography>
      <LinearProgress
        variant={percent === null ? 'indeterminate' : 'determinate'}
        value={percent ?? undefined}
        aria-label={t('session.progress.starting')}
      />
    </Box>
  );
}

/**
 * Shown instead of the panes while a desk that syncs has no session. The server is fixed by the desk's
 * configuration, so it is shown, not asked for; the call resolves once the first pull has landed, so the
 * grid that follows is already full.
 */
export function SignIn({ session, status }: Readonly<{ session: Session; status: SyncStatus }>) {
  const { t } = useTranslation();
  // The last user of this desk is the likely next one (and the only one who can send their pending changes).
  const [login, setLogin] = useState(status.login ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<PultErrorData | null>(null);
  const busy = session.signingIn;

  const submit = async () => {
    if (busy || !login.trim() || !password) return;
    setError(null);
    const result = await session.signIn(login.trim(), password);
    if (!result.ok) {
      setError(result.error);
      // A wrong password is retyped, not edited.
      if (result.error.code === 'unauthorized') setPassword('');
    }
  };

  return (
    <Box
      component="main"
      sx={{
        flex: 1,
        minHeight: 0,
        overflowY: 'auto',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        bgcolor: 'background.default',
        p: 2,
      }}
    >
      <Paper
        component="form"
        variant="outlined"
        aria-labelledby="signin-title"
        data-testid="signin"
        aria-busy={busy}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        sx={{ width: 400, maxWidth: '100%', p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}
      >
        <Box>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
            <Typography id="signin-title" component="h1" variant="h5" sx={{ fontWeight: 700, flex: 1 }}>
              {t('session.signIn.title')}
            </Typography>
            <LanguageSwitch />
          </Box>
          <Typography variant="body2" sx={{ color: 'text.secondary', mt: 0.5 }}>
            {t('session.signIn.subtitle')}
          </Typography>
        </Box>
        {status.message !== null && !error && !busy && (
          <Alert severity="info" data-testid="signin-session-ended">
            {t('session.signIn.sessionEnded')}
          </Alert>
        )}
        {status.pending > 0 && status.userName !== null && (
          <Alert severity="warning" data-testid="signin-pending">
            {t('session.signIn.pending', { count: status.pending, name: status.userName })}
          </Alert>
        )}
        <TextField
          label={t('session.signIn.server')}
          value={status.serverUrl ?? ''}
          slotProps={{ input: { readOnly: true }, htmlInput: { 'data-testid': 'signin-server' } }}
          variant="filled"
          size="small"
        />
        <TextField
          label={t('session.signIn.login')}
          value={login}
          onChange={(e) => setLogin(e.target.value)}
          autoComplete="username"
          autoFocus={!login}
          required
          disabled={busy}
          slotProps={{ htmlInput: { 'data-testid': 'signin-login', maxLength: 100, spellCheck: false } }}
        />
        <TextField
          label={t('session.signIn.password')}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          autoFocus={Boolean(login)}
          required
          disabled={busy}
          slotProps={{ htmlInput: { 'data-testid': 'signin-password', maxLength: 200 } }}
        />
        {error && <SignInError error={error} />}
        {busy && <FirstSyncProgress status={status} />}
        <Button
          type="submit"
          variant="contained"
          size="large"
          disabled={busy || !login.trim() || !password}
          data-testid="signin-submit"
        >
          {t('session.signIn.submit')}
        </Button>
      </Paper>
    </Box>
  );
}
