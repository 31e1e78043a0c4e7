import type { InputOf, MethodName, OutputOf, PultApi } from '../../core/contract';
import type { Result } from '../../core/result';

/** A read the first screen is certain to make, named exactly as the component will ask for it. */
export type WarmCall = { [M in MethodName]: Readonly<{ method: M; input: InputOf<M> }> }[MethodName];

export type WarmStartOptions = Readonly<{
  /** An answer older than this is not handed out (the screen took too long to ask; ask afresh). */
  maxAgeMs?: number;
  now?: () => number;
}>;

type Entry = { readonly answer: Promise<Result<unknown>>; readonly at: number; settled: Result<unknown> | null };

/** What a warm API knows beyond a plain one: the answers already in, to draw the first frame from. */
type WarmState = Readonly<{
  take(method: MethodName, input: unknown): Result<unknown> | undefined;
  settled: Promise<void>;
}>;

const warmStates = new WeakMap<PultApi, WarmState>();

/**
 * An early answer that is already in, handed out once, synchronously: a component that finds its data here
 * draws it in its first render instead of drawing "loading" and then the data a frame later. Only successes
 * are handed out, under the same rules as `call` (fresh, nothing changed since it was asked); `undefined` for an
 * API without a warm start or an answer not in yet, and the component then asks as usual.
 */
export function takeWarmAnswer<M extends MethodName>(
  api: PultApi,
  method: M,
  input: InputOf<M>,
): OutputOf<M> | undefined {
  const result = warmStates.get(api)?.take(method, input);
  return result?.ok ? (result.value as OutputOf<M>) : undefined;
}

/** Settles when every early answer is in (each succeeded or not); at once for an API without a warm start. */
export function warmAnswersSettled(api: PultApi): Promise<void> {
  return warmStates.get(api)?.settled ?? Promise.resolve();
}

/** Key order must not matter: `{ a, b }` built in one place and `{ b, a }` in another are the same input. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

const keyOf = (method: string, input: unknown) => `${method}|${canonical(input)}`;

/** A throwing bridge is the component's to report, not the warm-up's: the early answer then is a refusal. */
function ask(api: PultApi, method: MethodName, input: unknown): Promise<Result<unknown>> {
  const refusal = (e: unknown): Result<unknown> => ({
    ok: false,
    error: { code: 'internal', message: e instanceof Error ? e.message : String(e) },
  });
  try {
    return (api.call(method, input as never) as Promise<Result<unknown>>).catch(refusal);
  } catch (e) {
    return Promise.resolve(refusal(e));
  }
}

/**
 * Sends the first screen's reads at once, while the panes' code still loads and the session is still being
 * read, instead of one after another as components mount: on a cold start that is the difference between
 * one round trip and a chain of them. The component that later makes the same call (same method, equal input)
 * gets the answer already under way. Each early answer is handed out once, only if it succeeded (a signed-out
 * desk's refusal is asked again, in the proper order), only if no `changed` or `sync` event came after it
 * was asked (it may predate the change), and only while fresh. Every other call goes straight through.
 */
export function withWarmStart(api: PultApi, calls: readonly WarmCall[], options: WarmStartOptions = {}): PultApi {
  const maxAgeMs = options.maxAgeMs ?? 10_000;
  const now = options.now ?? (() => Date.now());
  const early = new Map<string, Entry>();
  for (const { method, input } of calls) {
    const key = keyOf(method, input);
    if (early.has(key)) continue;
    const entry: Entry = { answer: ask(api, method, input), at: now(), settled: null };
    void entry.answer.then((result) => {
      entry.settled = result;
    });
    early.set(key, entry);
  }
  const settled = Promise.all([...early.values()].map((e) => e.answer)).then(() => undefined);
  let unsubscribe: (() => void) | null = null;
  const forget = () => {
    early.clear();
    unsubscribe?.();
    unsubscribe = null;
  };
  if (early.size > 0) {
    unsubscribe = api.subscribe((event) => {
      // Data changed, or the session did (signed in, went online): an answer asked for before may be out of date.
      if (event.type === 'changed' || event.type === 'sync') forget();
    });
  }

  const warm: PultApi = {
    call<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>> {
      const key = keyOf(method, input);
      const entry = early.get(key);
      if (!entry) return api.call(method, input);
      early.delete(key);
      if (early.size === 0) forget();
      if (now() - entry.at > maxAgeMs) return api.call(method, input);
      return entry.answer.then((result) => (result.ok ? (result as Result<OutputOf<M>>) : api.call(method, input)));
    },
    subscribe: (listener) => api.subscribe(listener),
  };
  warmStates.set(warm, {
    settled,
    take(method, input) {
      const key = keyOf(method, input);
      const entry = early.get(key);
      if (!entry?.settled?.ok || now() - entry.at > maxAgeMs) return undefined;
      early.delete(key);
      if (early.size === 0) forget();
      return entry.settled;
    },
  });
  return warm;
}
