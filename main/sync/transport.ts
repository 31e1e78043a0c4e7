import WebSocket from 'ws';
import type { z } from 'zod';
import {
  HttpErrorBody,
  LoginResponse,
  Poke,
  PullResponse,
  PushResponse,
  type PullRequest,
  type PushRequest,
} from '../../core/sync-protocol.js';

/** The server answered, and said no: a 4xx/5xx with the server's own code and reason. */
export class SyncHttpError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'SyncHttpError';
    this.status = status;
    this.code = code;
  }
}

/** The server could not be reached (down, cable pulled, asleep). Always worth retrying later. */
export class SyncNetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncNetworkError';
  }
}

export type PokeConnection = Readonly<{ close(): void }>;

export type SyncTransport = Readonly<{
  login(login: string, password: string): Promise<z.infer<typeof LoginResponse>>;
  push(token: string, request: PushRequest): Promise<PushResponse>;
  pull(token: string, request: PullRequest): Promise<PullResponse>;
  /** Opens the poke socket; `onClose` fires once, whatever closed it. */
  poke(token: string, handlers: { onOpen(): void; onPoke(version: number): void; onClose(): void }): PokeConnection;
}>;

const REQUEST_TIMEOUT_MS = 30_000;

export function createHttpTransport(serverUrl: string): SyncTransport {
  const base = serverUrl.replace(/\/+$/, '');

  async function post<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    token?: string,
  ): Promise<z.infer<S>> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new SyncNetworkError(error instanceof Error ? error.message : String(error));
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      // A half-sent body is the network's fault (the server died mid-answer), not a refusal.
      if (response.ok) throw new SyncNetworkError(`${path}: the answer was cut off`);
      json = null;
    }
    if (!response.ok) {
      const parsed = HttpErrorBody.safeParse(json);
      const error = parsed.success
        ? parsed.data.error
        : { code: `http-${response.status}`, message: response.statusText };
      if (response.status >= 500) throw new SyncNetworkError(`${path}: ${response.status} ${error.message}`);
      throw new SyncHttpError(response.status, error.code, error.message);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new SyncHttpError(502, 'malformed-response', `${path}: the server's answer is malformed`);
    return parsed.data;
  }

  return {
    login: (login, password) => post('/api/auth/login', { login, password }, LoginResponse),
    push: (token, request) => post('/api/sync/push', request, PushResponse, token),
    pull: (token, request) => post('/api/sync/pull', request, PullResponse, token),
    poke(token, handlers) {
      const url = `${base.replace(/^http/, 'ws')}/api/sync/poke?token=${encodeURIComponent(token)}`;
      const socket = new WebSocket(url, { handshakeTimeout: 10_000 });
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        handlers.onClose();
      };
      socket.on('open', () => handlers.onOpen());
      socket.on('message', (data) => {
        let message: unknown;
        try {
          message = JSON.parse(String(data));
        } catch {
          return; // A poke we cannot read is no poke; the timer pull covers it.
        }
        const poke = Poke.safeParse(message);
        if (poke.success) handlers.onPoke(poke.data.version);
      });
      socket.on('close', close);
      socket.on('error', () => {
        socket.terminate();
        close();
      });
      return {
        close() {
          socket.removeAllListeners('message');
          socket.terminate();
          close();
        },
      };
    },
  };
}
