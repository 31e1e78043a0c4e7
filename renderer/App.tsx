import Alert from '@mui/material/Alert';
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PultApi } from '../core/contract';
import { TicketsPane } from './tickets/TicketsPane';
import { ApiContext, useApi } from './ui/api-context';
import { errorText } from './ui/error-message';
import { StatusesContext, toStatuses } from './ui/statuses';
import { createAppTheme } from './ui/theme';
import { useToast } from './ui/toast';
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
            <Workstation />
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

/** What every pane needs: who works at this desk and the status model (names, colours, order). */
function Workstation() {
  const { t } = useTranslation();
  const api = useApi();
  const toast = useToast();
  const info = useApiQuery('app:info', {});
  const model = useApiQuery('statuses:model', {});
  const statuses = useMemo(() => toStatuses(model.data), [model.data]);
  const failure = info.error ?? model.error;

  // A change this desk made was refused by the server and rolled back: the user must hear about it.
  useEffect(
    () =>
      api.subscribe((event) => {
        if (event.type === 'rejected')
          toast({ severity: 'error', message: t('errors.rejected', { message: event.message }) });
      }),
    [api, toast, t],
  );
  return (
    <StatusesContext.Provider value={statuses}>
      {failure && (
        <Alert severity="error" data-testid="app-error" sx={{ borderRadius: 0 }}>
          {errorText(t, failure)}
        </Alert>
      )}
      <TicketsPane userName={info.data?.user.name ?? null} />
    </StatusesContext.Provider>
  );
}
