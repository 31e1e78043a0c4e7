import { useCallback, useMemo, useRef } from 'react';
import { newId } from './ids';

/**
 * The ids one user action creates rows with, kept until the action succeeds (`done`) so that a retried
 * submit reuses them: the server refuses an id twice, so a retry can never create the rows twice.
 */
export function useActionIds<K extends string>(keys: readonly K[]) {
  const current = useRef<Record<K, string> | null>(null);
  const take = useCallback((): Readonly<Record<K, string>> => {
    current.current ??= Object.fromEntries(keys.map((k) => [k, newId()])) as Record<K, string>;
    return current.current;
    // The keys are a constant list per call site.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const done = useCallback(() => {
    current.current = null;
  }, []);
  return useMemo(() => ({ take, done }), [take, done]);
}
