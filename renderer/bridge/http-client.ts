import type { PultApi, PultEvent } from '../../core/contract.js';
import { isMethodName } from './contract-index.js';
import type { ErrorCode, Result } from '../../core/result.js';
import { isPultEvent } from '../../core/event-shape.js';

/**
 * The browser's `PultApi`: the same contract as `window.pult`, over the browser host's POST /api/call and
 * its /api/events WebSocket. Failures come back as `Result` data, never as rejections, exactly as over IPC.
 */

/** The WebSocket surface used here: the browser's, or the `ws` package's in Node tests. */
export type WebSocketLike = {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
};

export type HttpApiOptions = Readonly<{
  fetch?: typeof fetch;
  WebSocket?: new (url: string) => WebSocketLike;
  /** First reconnect delay; doubles on each failure up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}>;

const failure = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: { code?: unknown } };
  return v.ok === true ? 'value' in v : v.ok === false && typeof v.error?.code === 'string';
}

/** While the socket was down we may have missed changes: tell listeners "anything may have changed". */
const RESYNC_EVENT: PultEvent = { type: 'changed', tables: ['*'] };

export function createHttpApi(baseUrl: string, token: string, options: HttpApiOptions = {}): PultApi {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  const Socket = options.WebSocket ?? (globalThis.WebSocket as unknown as new (url: string) => WebSocketLike);
  const minBackoff = options.minBackoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 15_000;
  const callUrl = new URL('/api/call', baseUrl).href;
  const eventsUrl = new URL('/api/events', baseUrl);
  eventsUrl.protocol = eventsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  eventsUrl.searchParams.set('token', token);

  const call = async (method: string, input: unknown): Promise<Result<unknown>> => {
    if (!isMethodName(method)) return failure('unknown-method', `Unknown method: ${String(method).slice(0, 80)}`);
    let response: Response;
    try {
      response = await doFetch(callUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ method, input }),
        cache: 'no-store',
      });
    } catch {
      return failure('workstation-unreachable', 'The workstation is not reachable');
    }
    if (response.status === 401) {
      return {
        ok: false,
        error: {
          code: 'unauthorized',
          message: 'The access token is missing or out of date: open the link the host printed.',
          reason: { key: 'host-link-stale', params: {} },
        },
      };
    }
    if (response.status === 413) return failure('invalid-input', 'The request is too large');
    if (!response.ok) return failure('internal', `The workstation answered HTTP ${response.status}`);
    try {
      const body: unknown = await response.json();
      return isResult(body) ? body : failure('internal', 'The workstation sent an answer Pult does not understand');
    } catch {
      return failure('internal', 'The workstation sent malformed JSON');
    }
  };

  const listeners = new Set<(event: PultEvent) => void>();
  let socket: WebSocketLike | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let connectedBefore = false;

  const emit = (event: PultEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error('pult: event listener failed', error);
      }
    }
  };

  const connect = () => {
    retry = null;
    const ws = new Socket(eventsUrl.href);
    socket = ws;
    ws.onopen = () => {
      failures = 0;
      if (connectedBefore) emit(RESYNC_EVENT);
      connectedBefore = true;
    };
    ws.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      try {
        const event: unknown = JSON.parse(message.data);
        if (isPultEvent(event)) emit(event);
      } catch {
        // Not ours to interpret; the host only ever sends PultEvent JSON.
      }
    };
    ws.onerror = () => undefined;
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      if (listeners.size === 0) return;
      // Exponential backoff with jitter, so twenty tabs do not hammer a restarting host in lockstep.
      const delay = Math.min(maxBackoff, minBackoff * 2 ** failures) * (0.75 + Math.random() * 0.5);
      failures += 1;
      retry = setTimeout(connect, delay);
    };
  };

  const disconnect = () => {
    if (retry !== null) clearTimeout(retry);
    retry = null;
    const ws = socket;
    socket = null;
    connectedBefore = false;
    failures = 0;
    ws?.close();
  };

  const subscribe = (listener: (event: PultEvent) => void): (() => void) => {
    const entry = (event: PultEvent) => listener(event);
    listeners.add(entry);
    if (socket === null && retry === null) connect();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      listeners.delete(entry);
      if (listeners.size === 0) disconnect();
    };
  };

  return Object.freeze({ call: call as PultApi['call'], subscribe });
}
