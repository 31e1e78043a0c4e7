import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { lazyMui } from '../ui/lazy-mui';
import { ProgressLine } from '../ui/plain-alert';
import { useSession } from './session-context';
import { showsSignIn } from './sync-view';

// A signed-in desk (every start but the first) never shows it: its form fields load only when it does.
const SignIn = lazyMui(() => import('./SignIn').then((m) => m.SignIn));

/**
 * Decides what fills the window: the sign-in screen for a desk without a session, the panes otherwise.
 * It waits for the first status rather than guessing, so a signed-out desk never flashes "Sign in first"
 * errors from panes that asked too early.
 */
export function SessionGate({ children }: Readonly<{ children: ReactNode }>) {
  const { t } = useTranslation();
  const session = useSession();
  // Without a provider, or when the status cannot be read, the panes run and show their own errors.
  if (!session || session.failure) return children;
  const { status } = session;
  if (status === null) {
    return (
      <div className="p-fill" aria-busy="true" aria-label={t('app.loading')} data-testid="session-loading">
        <ProgressLine />
      </div>
    );
  }
  if (showsSignIn(status.state, session.signingIn)) {
    return (
      <Suspense fallback={<ProgressLine />}>
        <SignIn session={session} status={status} />
      </Suspense>
    );
  }
  return children;
}
