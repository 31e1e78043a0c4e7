import { createHash } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import WebSocket from 'ws';
import type { z } from 'zod';
import {
  HttpErrorBody,
  LoginResponse,
  Poke,
  PullResponse,
  PushResponse,
  SNAPSHOT_HEADER,
  SnapshotMeta,
  type PullRequest,
  type SnapshotQuery,
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
  /**
   * Downloads the server's snapshot for an empty desk into `file` (docs/sync.md, First sync), checking its
   * length and SHA-256 against what the server announced. Null when the server has none for this desk; on
   * any failure `file` is removed.
   */
  snapshot?(
    token: string,
    query: SnapshotQuery,
    file: string,
    onProgress: (bytes: number, meta: SnapshotMeta) => void,
  ): Promise<SnapshotMeta | null>;
  /** Opens the poke socket; `onClose` fires once, whatever closed it. */
  poke(token: string, handlers: { onOpen(): void; onPoke(version: number): void; onClose(): void }): PokeConnection;
}>;

const REQUEST_TIMEOUT_MS = 30_000;
/** A snapshot download may take minutes on a slow line; it fails only when nothing arrives for this long. */
const SNAPSHOT_IDLE_MS = 60_000;

/** A 4xx/5xx answer as the error the sync client acts on: the server's own code and reason when it gave them. */
function refusal(path: string, status: number, statusText: string, json: unknown): Error {
  const parsed = HttpErrorBody.safeParse(json);
  const error = parsed.success ? parsed.data.error : { code: `http-${status}`, message: statusText };
  if (status >= 500) return new SyncNetworkError(`${path}: ${status} ${error.message}`);
  return new SyncHttpError(status, error.code, error.message);
}

async function errorOf(response: Response, path: string): Promise<Error> {
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    /* no body worth reading */
  }
  return refusal(path, response.status, response.statusText, json);
}

type PlainResponse = Readonly<{ ok: boolean; status: number; statusText: string; text: string; cutOff: boolean }>;

/**
 * One POST over node:http with kept-alive connections. A desk makes a pull after every poke: fetch() costs
 * several times more CPU per request, and with twenty desks on one machine that CPU is the latency.
 */
const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

function postJson(url: string, body: string, token: string | undefined): Promise<PlainResponse> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(
      target,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (response) => {
        const chunks: Buffer[] = [];
        const status = response.statusCode ?? 0;
        const done = (cutOff: boolean) =>
          resolve({
            ok: status >= 200 && status < 300,
            status,
            statusText: response.statusMessage ?? '',
            text: Buffer.concat(chunks).toString('utf8'),
            cutOff,
          });
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(!response.complete));
        response.on('error', () => done(true));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS / 1000} s`)));
    request.on('error', reject);
    request.end(body);
  });
}

export function createHttpTransport(serverUrl: string): SyncTransport {
  const base = serverUrl.replace(/\/+$/, '');

  async function post<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    token?: string,
  ): Promise<z.infer<S>> {
    let response: PlainResponse;
    try {
      response = await postJson(`${base}${path}`, JSON.stringify(body), token);
    } catch (error) {
      throw new SyncNetworkError(error instanceof Error ? error.message : String(error));
    }
    let json: unknown;
    try {
      if (response.cutOff) throw new Error('cut off');
      json = JSON.parse(response.text);
    } catch {
      // A half-sent body is the network's fault (the server died mid-answer), not a refusal.
      if (response.ok) throw new SyncNetworkError(`${path}: the answer was cut off`);
      json = null;
    }
    if (!response.ok) throw refusal(path, response.status, response.statusText, json);
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new SyncHttpError(502, 'malformed-response', `${path}: the server's answer is malformed`);
    return parsed.data;
  }

  return {
    login: (login, password) => post('/api/auth/login', { login, password }, LoginResponse),
    push: (token, request) => post('/api/sync/push', request, PushResponse, token),
    pull: (token, request) => post('/api/sync/pull', request, PullResponse, token),
    async snapshot(token, query, file, onProgress) {
      const path = '/api/sync/snapshot';
      const params = new URLSearchParams({
        deskId: query.deskId,
        schemaVersion: String(query.schemaVersion),
        storeSchema: String(query.storeSchema),
      });
      const abort = new AbortController();
      let idle = setTimeout(() => abort.abort(), SNAPSHOT_IDLE_MS);
      let response: Response;
      try {
        response = await fetch(`${base}${path}?${params}`, {
          headers: { authorization: `Bearer ${token}` },
          signal: abort.signal,
        });
      } catch (error) {
        clearTimeout(idle);
        throw new SyncNetworkError(error instanceof Error ? error.message : String(error));
      }
      if (response.status === 404) {
        clearTimeout(idle);
        const error = await errorOf(response, path);
        if (error instanceof SyncHttpError && error.code === 'no-snapshot') return null;
        throw error;
      }
      if (!response.ok || !response.body) {
        clearTimeout(idle);
        throw await errorOf(response, path);
      }
      let meta: SnapshotMeta;
      try {
        meta = SnapshotMeta.parse(JSON.parse(response.headers.get(SNAPSHOT_HEADER) ?? 'null'));
      } catch {
        clearTimeout(idle);
        await response.body.cancel();
        throw new SyncHttpError(502, 'malformed-response', `${path}: the snapshot's description is malformed`);
      }
      const hash = createHash('sha256');
      const out = createWriteStream(file);
      let bytes = 0;
      try {
        for await (const chunk of Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>)) {
          clearTimeout(idle);
          idle = setTimeout(() => abort.abort(), SNAPSHOT_IDLE_MS);
          const data = chunk as Buffer;
          bytes += data.byteLength;
          if (bytes > meta.bytes) throw new SyncHttpError(502, 'malformed-response', `${path}: longer than announced`);
          hash.update(data);
          if (!out.write(data)) await once(out, 'drain');
          onProgress(bytes, meta);
        }
        out.end();
        await once(out, 'finish');
        if (bytes !== meta.bytes) throw new SyncNetworkError(`${path}: the snapshot was cut off at ${bytes} bytes`);
        if (hash.digest('hex') !== meta.sha256) {
          throw new SyncNetworkError(`${path}: the snapshot arrived damaged (checksum mismatch)`);
        }
        return meta;
      } catch (error) {
        out.destroy();
        rmSync(file, { force: true });
        if (error instanceof SyncHttpError || error instanceof SyncNetworkError) throw error;
        throw new SyncNetworkError(error instanceof Error ? error.message : String(error));
      } finally {
        clearTimeout(idle);
      }
    },
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
