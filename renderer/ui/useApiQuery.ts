import { useCallback, useEffect, useRef, useState } from 'react';
import { takeWarmAnswer } from '../app/warm-start';
import type { InputOf, MethodName, OutputOf } from '../../core/contract';
import { shows } from '../bridge/contract-index';

export { shows };
import type { PultErrorData } from '../../core/result';
import { useApi } from './api-context';

export type ApiQuery<T> = Readonly<{
  /** The answer for the current input; undefined until it arrives (never an answer for another input). */
  data: T | undefined;
  error: PultErrorData | null;
  loading: boolean;
  reload(): void;
}>;

type Answer<T> = Readonly<{ key: string; tick: number; data: T | undefined; error: PultErrorData | null }>;

/**
 * One contract query, re-run when its input changes, when the workstation reports a change to what it shows, and on
 * `reload()`. `input === null` means "not now" (e.g. no client chosen yet).
 */
export function useApiQuery<M extends MethodName>(method: M, input: InputOf<M> | null): ApiQuery<OutputOf<M>> {
  const api = useApi();
  const key = input === null ? '' : `${method}|${JSON.stringify(input)}`;
  const [tick, setTick] = useState(0);
  // An answer the window's warm start already holds is drawn in the first render, and not asked for again.
  const [answer, setAnswer] = useState<Answer<OutputOf<M>> | null>(() => {
    const data = input === null ? undefined : takeWarmAnswer(api, method, input);
    return data === undefined ? null : { key, tick: 0, data, error: null };
  });
  const primed = useRef<string | null>(answer === null ? null : key);

  useEffect(
    () =>
      api.subscribe((event) => {
        if (shows(method, event)) setTick((t) => t + 1);
      }),
    [api, method],
  );

  useEffect(() => {
    if (input === null) return;
    if (primed.current !== null) {
      const fresh = primed.current === key && tick === 0;
      primed.current = null;
      if (fresh) return;
    }
    let cancelled = false;
    api.call(method, input).then(
      (result) => {
        if (cancelled) return;
        setAnswer(
          result.ok
            ? { key, tick, data: result.value, error: null }
            : { key, tick, data: undefined, error: result.error },
        );
      },
      (e: unknown) => {
        if (cancelled) return;
        setAnswer({
          key,
          tick,
          data: undefined,
          error: { code: 'internal', message: e instanceof Error ? e.message : String(e) },
        });
      },
    );
    return () => {
      cancelled = true;
    };
    // `key` is the identity of `input`: an equal input in a new object must not re-run the query.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, method, key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const mine = answer !== null && answer.key === key && key !== '';
  return {
    // A refetch after a change keeps showing the previous answer for the same input: no flicker.
    data: mine ? answer.data : undefined,
    error: mine ? answer.error : null,
    loading: key !== '' && (!mine || answer.tick !== tick),
    reload,
  };
}
