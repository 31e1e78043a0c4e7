import type { PultApi, PultEvent } from '../core/contract.js';
import type { Result } from '../core/result.js';
import { isPultEvent } from '../core/event-shape.js';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../main/shell/ipc-channels.js';

/** The part of `ipcRenderer` the preload uses; the real one is passed in, tests pass a fake. */
export type IpcLike = Readonly<{
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}>;

/**
 * Builds exactly the `PultApi` the renderer sees as `window.pult`: two functions, no `ipcRenderer`, and
 * never an `IpcRendererEvent` (its `sender` is the ipcRenderer itself). Unknown method names are answered
 * here, as data, without a round trip; main checks everything again regardless.
 */
export function createPreloadApi(ipc: IpcLike, methodNames: readonly string[]): PultApi {
  const known = new Set(methodNames);
  const listeners = new Set<(event: PultEvent) => void>();

  const forward = (_event: unknown, payload: unknown) => {
    if (!isPultEvent(payload)) return;
    const event = payload;
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One broken listener must not starve the others of the change.
        console.error('pult: event listener failed', error);
      }
    }
  };

  const call = async (method: string, input: unknown): Promise<Result<unknown>> => {
    if (typeof method !== 'string' || !known.has(method)) {
      return {
        ok: false,
        error: { code: 'unknown-method', message: `Unknown method: ${String(method).slice(0, 80)}` },
      };
    }
    try {
      return (await ipc.invoke(CALL_CHANNEL, { method, input })) as Result<unknown>;
    } catch (error) {
      return {
        ok: false,
        error: { code: 'internal', message: error instanceof Error ? error.message : String(error) },
      };
    }
  };

  const subscribe = (listener: (event: PultEvent) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a function');
    // Wrapped so the same function subscribed twice gets two independent subscriptions.
    const entry = (event: PultEvent) => listener(event);
    if (listeners.size === 0) ipc.on(EVENT_CHANNEL, forward);
    listeners.add(entry);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      listeners.delete(entry);
      if (listeners.size === 0) ipc.removeListener(EVENT_CHANNEL, forward);
    };
  };

  return Object.freeze({ call: call as PultApi['call'], subscribe });
}
