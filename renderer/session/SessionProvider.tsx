import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { PultApi, SyncStatus } from '../../core/contract';
import type { PultErrorData, Result } from '../../core/result';
import { takeWarmAnswer } from '../app/warm-start';
import { useApi } from '../ui/api-context';
import { SessionContext, type Session } from './session-context';

function thrown(e: unknown): PultErrorData {
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

async function safeCall<T>(run: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await run();
  } catch (e) {
    return { ok: false, error: thrown(e) };
  }
}

/**
 * The desk's sync status, kept current: read once at start, replaced by every `sync` event, and re-read
 * after a `changed` event, because a local change adds to the pending count without a `sync` event (an
 * offline desk that fails to push again stays `offline` and says nothing new).
 */
function useSessionState(api: PultApi): Session {
  // The warm start's answer, when it is in, lets the first render decide between sign-in and the panes.
  const [primed] = useState(() => takeWarmAnswer(api, 'session:status', {}) ?? null);
  const [status, setStatus] = useState<SyncStatus | null>(primed);
  const skipFirstRead = useRef(primed !== null);
  const [failure, setFailure] = useState<PultErrorData | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  // Bumped by every fresher status (an event, a sign-in answer): a read that started before it is stale.
  const generation = useRef(0);

  const accept = useCallback((next: SyncStatus) => {
    generation.current += 1;
    setStatus(next);
    setFailure(null);
  }, []);

  useEffect(() => {
    let active = true;
    let reading = false;
    let again = false;
    const read = async () => {
      if (reading) {
        // Coalesce: a burst of `changed` events costs one more read, not one per event.
        again = true;
        return;
      }
      reading = true;
      try {
        do {
          again = false;
          const startedAt = generation.current;
          const result = await safeCall(() => api.call('session:status', {}));
          if (!active) return;
          if (generation.current !== startedAt) continue;
          if (result.ok) {
            setStatus(result.value);
            setFailure(null);
          } else {
            setFailure(result.error);
          }
        } while (again && active);
      } finally {
        reading = false;
      }
    };
    const unsubscribe = api.subscribe((event) => {
      if (event.type === 'sync') accept(event.status);
      else if (event.type === 'changed') void read();
    });
    if (skipFirstRead.current) skipFirstRead.current = false;
    else void read();
    return () => {
      active = false;
      unsubscribe();
    };
  }, [api, accept]);

  const signIn = useCallback(
    async (login: string, password: string) => {
      setSigningIn(true);
      try {
        const result = await safeCall(() => api.call('session:sign-in', { login, password }));
        if (result.ok) accept(result.value);
        return result;
      } finally {
        setSigningIn(false);
      }
    },
    [api, accept],
  );

  const signOut = useCallback(async () => {
    const result = await safeCall(() => api.call('session:sign-out', {}));
    if (result.ok) accept(result.value);
    return result;
  }, [api, accept]);

  return useMemo(
    () => ({ status, failure, signingIn, signIn, signOut }),
    [status, failure, signingIn, signIn, signOut],
  );
}

export function SessionProvider({ children }: Readonly<{ children: ReactNode }>) {
  const session = useSessionState(useApi());
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
