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
import { PlainAlert } from './ui/plain-alert';
import { ToastProvider } from './ui/ToastProvider';

/**
 * The window. Its frame is plain elements with the static stylesheet (ui/frame.css): no MUI theme at the root,
 * each part that uses MUI brings the theme with it (ui/lazy-mui), so the first rows never wait for MUI.
 */
export function App({
  api,
  router,
  startError,
}: Readonly<{ api: PultApi | null; router: HashRouter; startError: string | null }>) {
  const { t } = useTranslation();
  return api ? (
    <ApiContext.Provider value={api}>
      <ToastProvider>
        <SessionProvider>
          <Window router={router} />
        </SessionProvider>
      </ToastProvider>
    </ApiContext.Provider>
  ) : (
    <PlainAlert severity="error" testId="start-error" className="p-start-error">
      {t('app.startFailed')}
      {startError ? `: ${startError}` : ''}
    </PlainAlert>
  );
}

/** The window's frame: a damaged-store banner on top, the panes (or the sign-in screen), the status bar below. */
function Window({ router }: Readonly<{ router: HashRouter }>) {
  return (
    <div className="p-window">
      <DamagedBanner />
      <ResetNotice />
      <div className="p-column">
        <SessionGate>
          <Workstation router={router} />
        </SessionGate>
      </div>
      <StatusBar />
      <RejectionNotices />
    </div>
  );
}
