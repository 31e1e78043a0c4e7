import type { PultApi, PultEvent } from '../../core/contract.js';
import { isMethodName } from './contract-index.js';
import type { ErrorCode, Result } from '../../core/result.js';
import { isPultEvent } from '../../core/event-shape.js';

/**
 * The browser's `PultApi`: the same contract as `window.pult`, over the browser host's /api/events WebSocket
 * (events, and calls while it is open) and POST /api/call (calls before it opens or while it reconnects).
 * Failures come back as `Result` data, never as rejections, exactly as over IPC.
 */

/** The WebSocket surface used here: the browser's, or the `ws` package's in Node tests. */
export type WebSocketLike = {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(): void;
};

/**
 * Calls longer than this go by POST, whose size limit answers with a clear error instead of a closed socket. At
 * most 3 UTF-8 bytes a character, this stays under the host's 1 MiB for a socket message.
 */
const SOCKET_CALL_MAX_CHARS = 256 * 1024;

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
    return callOverSocket(method, input) ?? callOverHttp(method, input);
  };

  const callOverHttp = async (method: string, input: unknown): Promise<Result<unknown>> => {
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
  /** The socket that is open now, if any: calls go over it. */
  let openSocket: WebSocketLike | null = null;
  /** Calls sent over the open socket and not yet answered, by number. */
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let lastCall = 0;

  /** The call as a socket message, or null when there is no open socket or the call is too long for one. */
  const callOverSocket = (method: string, input: unknown): Promise<Result<unknown>> | null => {
    const ws = openSocket;
    if (!ws) return null;
    const id = ++lastCall;
    const text = JSON.stringify({ call: id, method, input });
    if (text.length > SOCKET_CALL_MAX_CHARS) return null;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      try {
        ws.send(text);
      } catch {
        pending.delete(id);
        resolve(failure('workstation-unreachable', 'The workstation is not reachable'));
      }
    });
  };

  /** The socket closed: its unanswered calls fail; none is sent again, since a mutation may have run. */
  const abandonCalls = () => {
    const waiting = [...pending.values()];
    pending.clear();
    for (const resolve of waiting) {
      resolve(failure('workstation-unreachable', 'The connection to the workstation closed before it answered'));
    }
  };
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
      openSocket = ws;
      if (connectedBefore) emit(RESYNC_EVENT);
      connectedBefore = true;
    };
    ws.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return; // Not ours to interpret; the host only ever sends JSON.
      }
      if (isPultEvent(data)) return emit(data);
      const { reply, result } = (data ?? {}) as { reply?: unknown; result?: unknown };
      const resolve = typeof reply === 'number' ? pending.get(reply) : undefined;
      if (!resolve) return;
      pending.delete(reply as number);
      resolve(
        isResult(result) ? result : failure('internal', 'The workstation sent an answer Pult does not understand'),
      );
      if (pending.size === 0 && listeners.size === 0) disconnect();
    };
    ws.onerror = () => undefined;
    ws.onclose = () => {
      if (openSocket === ws) {
        openSocket = null;
        abandonCalls();
      }
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
    // Calls still on their way keep the socket until the last is answered (see onmessage).
    if (pending.size > 0) return;
    if (retry !== null) clearTimeout(retry);
    retry = null;
    const ws = socket;
    socket = null;
    openSocket = null;
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
