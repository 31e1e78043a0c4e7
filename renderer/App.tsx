import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PultApi } from '../core/contract';
import { DamagedBanner } from './session/DamagedBanner';
import { RejectionNotices } from './session/RejectionNotices';
import { SessionGate } from './session/SessionGate';
import { SessionProvider } from './session/SessionProvider';
import { StatusBar } from './session/StatusBar';
import { TicketsPane } from './tickets/TicketsPane';
import { ApiContext } from './ui/api-context';
import { errorText } from './ui/error-message';
import { StatusesContext, toStatuses } from './ui/statuses';
import { createAppTheme } from './ui/theme';
import { ToastProvider } from './ui/ToastProvider';
import { useApiQuery } from './ui/useApiQuery';
import { useLocale } from './ui/useLocale';

export function App({ api, startError }: Readonly<{ api: PultApi | null; startError: string | null }>) {
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
              <Window />
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
function Window() {
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100vh', overflow: 'hidden' }}>
      <DamagedBanner />
      <Box sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
        <SessionGate>
          <Workstation />
        </SessionGate>
      </Box>
      <StatusBar />
      <RejectionNotices />
    </Box>
  );
}

/** What every pane needs: who works at this desk and the status model (names, colours, order). */
function Workstation() {
  const { t } = useTranslation();
  const info = useApiQuery('app:info', {});
  const model = useApiQuery('statuses:model', {});
  const statuses = useMemo(() => toStatuses(model.data), [model.data]);
  const failure = info.error ?? model.error;
  return (
    <StatusesContext.Provider value={statuses}>
      {failure && (
        <Alert severity="error" data-testid="app-error" sx={{ borderRadius: 0 }}>
          {errorText(t, failure)}
        </Alert>
      )}
      <Box
        sx={{
          display: 'flex',
          flexDirection: 'column',
          flex: 1,
          minHeight: 0,
          // The pane sizes itself to the viewport (100vh); inside the frame it must leave room for the banner
          // and the status bar. `& > div` outranks the pane's own single-class rule.
          '& > div': { height: 'auto', flex: 1, minHeight: 0 },
        }}
      >
        <TicketsPane userName={info.data?.user.name ?? null} />
      </Box>
    </StatusesContext.Provider>
  );
}
