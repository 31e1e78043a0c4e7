import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, type PultEvent } from '../core/contract.js';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../main/shell/ipc-channels.js';
import config from '../electron.vite.config.js';
import { createPreloadApi, type IpcLike } from './api.js';

/**
 * What the preload hands the renderer is exactly the contract's PultApi: no ipcRenderer, no IpcRendererEvent,
 * no way to reach a channel other than pult:call / pult:event.
 */

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc(
  answer: (channel: string, payload: unknown) => Promise<unknown> = async () => ({ ok: true, value: 1 }),
) {
  const listeners = new Map<string, Set<Listener>>();
  const invoke = vi.fn((channel: string, ...args: unknown[]) => answer(channel, args[0]));
  const ipc: IpcLike = {
    invoke,
    on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const sender = { send: vi.fn() };
  const push = (payload: unknown) => {
    for (const listener of listeners.get(EVENT_CHANNEL) ?? []) listener({ sender, ports: [] }, payload);
  };
  const count = () => listeners.get(EVENT_CHANNEL)?.size ?? 0;
  return { ipc, invoke, push, count, sender };
}

describe('window.pult', () => {
  it('is exactly { call, subscribe }, frozen', () => {
    const api = createPreloadApi(fakeIpc().ipc, METHOD_NAMES);
    expect(Object.keys(api).sort()).toEqual(['call', 'subscribe']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends a known method over pult:call as { method, input } and hands back main’s Result', async () => {
    const fake = fakeIpc(async () => ({ ok: true, value: { total: 0, rows: [] } }));
    const api = createPreloadApi(fake.ipc, METHOD_NAMES);
    await expect(api.call('tickets:query', { limit: 5 })).resolves.toEqual({ ok: true, value: { total: 0, rows: [] } });
    expect(fake.invoke).toHaveBeenCalledWith(CALL_CHANNEL, { method: 'tickets:query', input: { limit: 5 } });
  });

  it('answers an unknown method locally, as data, without touching IPC', async () => {
    const fake = fakeIpc();
    const api = createPreloadApi(fake.ipc, METHOD_NAMES);
    for (const bad of ['nope', '__proto__', 'constructor', 'toString', '', 42, null]) {
      // @ts-expect-error: the renderer may be compromised and call with anything
      const result = await api.call(bad, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    }
    expect(fake.invoke).not.toHaveBeenCalled();
  });

  it('turns a failed IPC round trip into an internal-error Result instead of a rejection', async () => {
    const fake = fakeIpc(() => Promise.reject(new Error('No handler registered for pult:call')));
    const api = createPreloadApi(fake.ipc, METHOD_NAMES);
    await expect(api.call('app:info', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('passes listeners the event payload only, never the IpcRendererEvent with its sender', () => {
    const fake = fakeIpc();
    const api = createPreloadApi(fake.ipc, METHOD_NAMES);
    const seen: unknown[][] = [];
    api.subscribe((...args: unknown[]) => seen.push(args));
    fake.push({ type: 'changed', tables: ['tickets'] });
    expect(seen).toEqual([[{ type: 'changed', tables: ['tickets'] }]]);
    expect(JSON.stringify(seen)).not.toContain('ports');
  });

  it('drops pushes that are not events at all', () => {
    const fake = fakeIpc();
    const api = createPreloadApi(fake.ipc, METHOD_NAMES);
    const listener = vi.fn();
    api.subscribe(listener);
    for (const junk of [null, undefined, 'changed', 42, [], {}, { type: 1 }, [{ type: 'changed' }]]) fake.push(junk);
    expect(listener).not.toHaveBeenCalled();
  });

  it('holds one IPC listener however many subscribers, and releases it with the last unsubscribe', () => {
    const fake = fakeIpc();
    const api = createPreloadApi(fake.ipc, METHOD_NAMES);
    const a = vi.fn();
    const offA = api.subscribe(a);
    const offB = api.subscribe(a);
    expect(fake.count()).toBe(1);
    fake.push({ type: 'changed', tables: ['*'] });
    expect(a).toHaveBeenCalledTimes(2);
    offA();
    offA();
    expect(fake.count()).toBe(1);
    offB();
    expect(fake.count()).toBe(0);
    fake.push({ type: 'changed', tables: ['*'] });
    expect(a).toHaveBeenCalledTimes(2);
  });

  it('keeps delivering to the other listeners when one throws', () => {
    const fake = fakeIpc();
    const api = createPreloadApi(fake.ipc, METHOD_NAMES);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const good = vi.fn<(event: PultEvent) => void>();
    api.subscribe(() => {
      throw new Error('broken pane');
    });
    api.subscribe(good);
    fake.push({ type: 'changed', tables: ['tickets'] });
    expect(good).toHaveBeenCalledOnce();
    error.mockRestore();
  });
});

describe('the preload bundle', () => {
  const preload = config.preload ?? {};
  const output = preload.build?.rolldownOptions?.output;

  it('carries the contract’s method names, written in at build time', () => {
    expect(preload.define?.__PULT_METHOD_NAMES__).toBe(JSON.stringify(METHOD_NAMES));
  });

  it('is one self-contained CommonJS file, as a sandboxed preload must be', () => {
    expect(output).toMatchObject({ format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false });
    expect(preload.build?.externalizeDeps).toBe(false);
  });
});
