import { createContext, useContext } from 'react';
import type { SyncStatus } from '../../core/contract';
import type { PultErrorData, Result } from '../../core/result';

/** The desk's session as the whole window sees it: the status bar, the sign-in screen and the user menu. */
export type Session = Readonly<{
  /** null until the desk first answers `session:status`. */
  status: SyncStatus | null;
  /** `session:status` could not be read (the workstation is unreachable): the panes show their own errors. */
  failure: PultErrorData | null;
  /** A `session:sign-in` call is running (it resolves after the first pull). */
  signingIn: boolean;
  signIn(login: string, password: string): Promise<Result<SyncStatus>>;
  signOut(): Promise<Result<SyncStatus>>;
}>;

export const SessionContext = createContext<Session | null>(null);

/** null outside a <SessionProvider> (components rendered on their own): callers then show no session UI. */
export function useSession(): Session | null {
  return useContext(SessionContext);
}
