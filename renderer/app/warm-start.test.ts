import { describe, expect, it } from 'vitest';
import type { PultApi, PultEvent } from '../../core/contract';
import type { Result } from '../../core/result';
import { takeWarmAnswer, warmAnswersSettled, withWarmStart } from './warm-start';

/** A workstation that counts calls and answers each with its sequence number, so a test can tell answers apart. */
function countingApi(answer: (method: string, n: number) => Result<unknown> = (_m, n) => ({ ok: true, value: n })) {
  const calls: string[] = [];
  const listeners = new Set<(e: PultEvent) => void>();
  const api = {
    call: (method: string, input: unknown) => {
      calls.push(`${method} ${JSON.stringify(input)}`);
      return Promise.resolve(answer(method, calls.length));
    },
    subscribe: (l: (e: PultEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as unknown as PultApi;
  return { api, calls, emit: (e: PultEvent) => listeners.forEach((l) => l(e)), listeners };
}

const page = { view: 'open', filter: {}, sort: { column: 'number', dir: 'desc' }, offset: 0, limit: 100 } as const;

describe('warm start', () => {
  it('the same call made later takes the answer asked for at start: one request, not two', async () => {
    const w = countingApi();
    const api = withWarmStart(w.api, [{ method: 'tickets:query', input: page }]);
    await Promise.resolve();
    expect(w.calls).toHaveLength(1);
    // Same input built in another key order: still the same call.
    const result = await api.call('tickets:query', {
      limit: 100,
      offset: 0,
      sort: { dir: 'desc', column: 'number' },
      filter: {},
      view: 'open',
    });
    expect(result).toEqual({ ok: true, value: 1 });
    expect(w.calls).toHaveLength(1);
  });

  it('an early answer is handed out once; the next equal call asks the workstation', async () => {
    const w = countingApi();
    const api = withWarmStart(w.api, [{ method: 'app:info', input: {} }]);
    expect(await api.call('app:info', {})).toEqual({ ok: true, value: 1 });
    expect(await api.call('app:info', {})).toEqual({ ok: true, value: 2 });
  });

  it('a different input is never answered with the early one', async () => {
    const w = countingApi();
    const api = withWarmStart(w.api, [{ method: 'tickets:query', input: page }]);
    const other = await api.call('tickets:query', { ...page, view: 'all' });
    expect(other).toEqual({ ok: true, value: 2 });
    expect(w.calls[1]).toContain('"view":"all"');
  });

  it('a change reported after the early call makes the component ask again (the early answer may predate it)', async () => {
    const w = countingApi();
    const api = withWarmStart(w.api, [{ method: 'tickets:query', input: page }]);
    w.emit({ type: 'changed', tables: ['tickets'] });
    expect(await api.call('tickets:query', page)).toEqual({ ok: true, value: 2 });
    expect(w.listeners.size).toBe(0);
  });

  it('so does a session change (signed in, went online): the early session status may be out of date', async () => {
    const w = countingApi();
    const api = withWarmStart(w.api, [{ method: 'session:status', input: {} }]);
    w.emit({
      type: 'sync',
      status: {} as never,
    });
    expect(await api.call('session:status', {})).toEqual({ ok: true, value: 2 });
  });

  it("a refusal (a signed-out desk) is not reused: the component's own call is made", async () => {
    const w = countingApi((_m, n) =>
      n === 1 ? { ok: false, error: { code: 'unauthorized', message: 'sign in' } } : { ok: true, value: n },
    );
    const api = withWarmStart(w.api, [{ method: 'tickets:query', input: page }]);
    expect(await api.call('tickets:query', page)).toEqual({ ok: true, value: 2 });
  });

  it('an answer older than maxAgeMs is not handed out', async () => {
    const w = countingApi();
    let now = 1_000;
    const api = withWarmStart(w.api, [{ method: 'app:info', input: {} }], { maxAgeMs: 500, now: () => now });
    now += 501;
    expect(await api.call('app:info', {})).toEqual({ ok: true, value: 2 });
  });

  it('a bridge that throws at start costs the warm-up only: the later call still reaches the workstation', async () => {
    let first = true;
    const w = countingApi();
    const throwing = {
      ...w.api,
      call: (method: never, input: never) => {
        if (first) {
          first = false;
          throw new Error('boom');
        }
        return w.api.call(method, input);
      },
    } as PultApi;
    const api = withWarmStart(throwing, [{ method: 'app:info', input: {} }]);
    expect(await api.call('app:info', {})).toEqual({ ok: true, value: 1 });
  });

  it('the first render can take an answer that is already in, once, without asking the workstation again', async () => {
    const w = countingApi();
    const api = withWarmStart(w.api, [{ method: 'app:info', input: {} }]);
    expect(takeWarmAnswer(api, 'app:info', {})).toBeUndefined(); // not in yet: the component asks as usual
    await warmAnswersSettled(api);
    expect(takeWarmAnswer(api, 'app:info', {})).toBe(1);
    expect(takeWarmAnswer(api, 'app:info', {})).toBeUndefined();
    expect(await api.call('app:info', {})).toEqual({ ok: true, value: 2 });
  });

  it('an answer that a change may have outdated, or a refusal, is never taken', async () => {
    const w = countingApi((method, n) =>
      method === 'session:status'
        ? { ok: false, error: { code: 'unauthorized', message: 'no' } }
        : { ok: true, value: n },
    );
    const api = withWarmStart(w.api, [
      { method: 'session:status', input: {} },
      { method: 'tickets:query', input: page },
    ]);
    await warmAnswersSettled(api);
    expect(takeWarmAnswer(api, 'session:status', {})).toBeUndefined();
    w.emit({ type: 'changed', tables: ['tickets'] });
    expect(takeWarmAnswer(api, 'tickets:query', page)).toBeUndefined();
  });

  it('an API without a warm start has nothing to take and nothing to wait for', async () => {
    const w = countingApi();
    expect(takeWarmAnswer(w.api, 'app:info', {})).toBeUndefined();
    await expect(warmAnswersSettled(w.api)).resolves.toBeUndefined();
    expect(w.calls).toHaveLength(0);
  });
});
