import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PultApi } from '../core/contract';
import type { HashRouter } from './app/hash-router';
import { Workstation } from './app/Workstation';
import { DamagedBanner } from './session/DamagedBanner';
import { RejectionNotices } from './session/RejectionNotices';
import { ResetNotice } from './session/ResetNotice';
import { SessionGate } from './session/SessionGate';
import { SessionProvider } from './session/SessionProvider';
import { StatusBar } from './session/StatusBar';
import { ApiContext } from './ui/api-context';
import { createAppTheme } from './ui/theme';
import { ToastProvider } from './ui/ToastProvider';
import { useLocale } from './ui/useLocale';

export function App({
  api,
  router,
  startError,
}: Readonly<{ api: PultApi | null; router: HashRouter; startError: string | null }>) {
  const { t } = useTranslation();
  const { lang } = useLocale();
  const theme = useMemo(() => createAppTheme(lang), [lang]);
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      {api ? (
        <ApiContext.Provider value={api}>
          <ToastProvider>
            <SessionProvider>
              <Window router={router} />
            </SessionProvider>
          </ToastProvider>
        </ApiContext.Provider>
      ) : (
        <Alert severity="error" data-testid="start-error" sx={{ m: 2 }}>
          {t('app.startFailed')}
          {startError ? `: ${startError}` : ''}
        </Alert>
      )}
    </ThemeProvider>
  );
}

/** The window's frame: a damaged-store banner on top, the panes (or the sign-in screen), the status bar below. */
function Window({ router }: Readonly<{ router: HashRouter }>) {
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100vh', overflow: 'hidden' }}>
      <DamagedBanner />
      <ResetNotice />
      <Box sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
        <SessionGate>
          <Workstation router={router} />
        </SessionGate>
      </Box>
      <StatusBar />
      <RejectionNotices />
    </Box>
  );
}
