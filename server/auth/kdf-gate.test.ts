import { describe, expect, test } from 'vitest';
import { HttpError } from '../http-error.js';
import { createKdfGate } from './kdf-gate.js';

/** The gate with checks that end when the test says so: who runs, who waits, who is refused, in what order. */
function controlled() {
  const started: string[] = [];
  const finishers: (() => void)[] = [];
  const check = (label: string) => () =>
    new Promise<string>((resolve) => {
      started.push(label);
      finishers.push(() => resolve(label));
    });
  const finishOne = async () => {
    finishers.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { started, check, finishOne };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => (e instanceof HttpError ? { status: e.status, code: e.code, retryAfter: e.retryAfter } : e),
  );

describe('password-check gate', () => {
  test('never runs more checks at once than its concurrency; the rest wait and run as slots free', async () => {
    const gate = createKdfGate({ concurrency: 2, waiting: 10, waitingPerAddress: 10 });
    const c = controlled();
    const runs = ['a1', 'a2', 'a3', 'a4'].map((l) => gate.run('10.0.0.1', c.check(l)));
    await new Promise((r) => setImmediate(r));
    expect(c.started).toEqual(['a1', 'a2']);
    expect(gate.load()).toEqual({ running: 2, waiting: 2 });
    await c.finishOne();
    expect(c.started).toEqual(['a1', 'a2', 'a3']);
    await c.finishOne();
    await c.finishOne();
    await c.finishOne();
    expect(await Promise.all(runs)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(gate.load()).toEqual({ running: 0, waiting: 0 });
  });

  test('a newcomer from another address goes before the waiting checks of an address already running some', async () => {
    const gate = createKdfGate({ concurrency: 1, waiting: 10, waitingPerAddress: 5 });
    const c = controlled();
    const flood = ['f1', 'f2', 'f3', 'f4'].map((l) => gate.run('flood', c.check(l)));
    const real = gate.run('real', c.check('real'));
    await new Promise((r) => setImmediate(r));
    expect(c.started).toEqual(['f1']);
    await c.finishOne();
    expect(c.started).toEqual(['f1', 'real']);
    for (let i = 0; i < 4; i++) await c.finishOne();
    await Promise.all([...flood, real]);
  });

  test('a full line refuses at once: 429 for one address holding its share, 503 busy for everyone, both with Retry-After', async () => {
    const gate = createKdfGate({ concurrency: 1, waiting: 3, waitingPerAddress: 2 });
    const c = controlled();
    const running = gate.run('a', c.check('a1'));
    const waiting = [gate.run('a', c.check('a2')), gate.run('a', c.check('a3'))];
    expect(await refusal(gate.run('a', c.check('a4')))).toEqual({
      status: 429,
      code: 'too-many-attempts',
      retryAfter: 1,
    });
    const other = gate.run('b', c.check('b1'));
    expect(await refusal(gate.run('c', c.check('c1')))).toEqual({ status: 503, code: 'busy', retryAfter: 1 });
    expect(c.started).toEqual(['a1']);
    for (let i = 0; i < 4; i++) await c.finishOne();
    await Promise.all([running, ...waiting, other]);
  });

  test('a check that throws frees its slot', async () => {
    const gate = createKdfGate({ concurrency: 1, waiting: 1, waitingPerAddress: 1 });
    await expect(gate.run('a', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await gate.run('a', () => Promise.resolve('ok'))).toBe('ok');
    expect(gate.load()).toEqual({ running: 0, waiting: 0 });
  });

  test('settings that cannot work are refused when the server starts', () => {
    expect(() => createKdfGate({ concurrency: 0, waiting: 1, waitingPerAddress: 1 })).toThrow(RangeError);
    expect(() => createKdfGate({ concurrency: 1, waiting: -1, waitingPerAddress: 1 })).toThrow(RangeError);
    expect(() => createKdfGate({ concurrency: 1, waiting: 1, waitingPerAddress: 0.5 })).toThrow(RangeError);
  });
});
