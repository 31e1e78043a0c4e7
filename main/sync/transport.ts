import { createHash } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import WebSocket from 'ws';
import type { z } from 'zod';
import {
  HttpErrorBody,
  LoginResponse,
  LivePoke,
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
  /** The server's `Retry-After`, in seconds, when it said when to try again. */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, code: string, message: string, retryAfterSeconds: number | null = null) {
    super(message);
    this.name = 'SyncHttpError';
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
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
  /**
   * One of the server's admin requests (`/api/admin/…`) with the desk's session, its answer checked by
   * `schema`; refusals are SyncHttpError with the server's code and message, as for sync.
   */
  admin?<S extends z.ZodType>(
    token: string,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body: unknown,
    schema: S,
  ): Promise<z.infer<S>>;
  /** Opens the poke socket; `onClose` fires once, whatever closed it. */
  poke(
    token: string,
    handlers: { onOpen(): void; onPoke(version: number, live?: LivePoke): void; onClose(): void },
  ): PokeConnection;
}>;

const REQUEST_TIMEOUT_MS = 30_000;
/** A snapshot download may take minutes on a slow line; it fails only when nothing arrives for this long. */
const SNAPSHOT_IDLE_MS = 60_000;

/**
 * A 4xx/5xx answer as the error the sync client acts on: the server's own code and reason when it gave them.
 * A 5xx is the network's kind of trouble (retry later), except 503 `busy`: the server is up and says when to
 * come back.
 */
function refusal(path: string, response: Omit<PlainResponse, 'text' | 'cutOff'>, json: unknown): Error {
  const { status, statusText, retryAfter } = response;
  const parsed = HttpErrorBody.safeParse(json);
  const error = parsed.success ? parsed.data.error : { code: `http-${status}`, message: statusText };
  if (status === 503 && error.code === 'busy') return new SyncHttpError(status, error.code, error.message, retryAfter);
  if (status >= 500) return new SyncNetworkError(`${path}: ${status} ${error.message}`);
  return new SyncHttpError(status, error.code, error.message, retryAfter);
}

type PlainResponse = Readonly<{
  ok: boolean;
  status: number;
  statusText: string;
  /** `Retry-After` in seconds (the form this server sends), or null. */
  retryAfter: number | null;
  text: string;
  cutOff: boolean;
}>;

function retryAfterOf(header: string | string[] | undefined): number | null {
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return header !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/**
 * One POST over node:http with kept-alive connections. A desk makes a pull after every poke: fetch() costs
 * several times more CPU per request, and with twenty desks on one machine that CPU is the latency.
 */
const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

function postJson(
  url: string,
  body: string,
  token: string | undefined,
  method: 'GET' | 'POST' | 'PUT' = 'POST',
): Promise<PlainResponse> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(
      target,
      {
        method,
        agent: secure ? agents.https : agents.http,
        headers: {
          ...(body === '' ? {} : { 'content-type': 'application/json' }),
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
            retryAfter: retryAfterOf(response.headers['retry-after']),
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

/**
 * A GET whose answer is streamed, asking for brotli (the snapshot is a third of its size that way). Resolves
 * with the response once its head is in; the request fails only when nothing arrives for SNAPSHOT_IDLE_MS.
 */
function getStream(url: string, token: string): Promise<http.IncomingMessage> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).get(
      target,
      {
        agent: secure ? agents.https : agents.http,
        headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'br' },
        timeout: SNAPSHOT_IDLE_MS,
      },
      resolve,
    );
    request.on('timeout', () => request.destroy(new Error(`nothing arrived for ${SNAPSHOT_IDLE_MS / 1000} s`)));
    request.on('error', reject);
  });
}

/** An error answer's JSON body (small), or null when it has none worth reading. */
async function jsonOf(response: http.IncomingMessage): Promise<unknown> {
  try {
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of response) {
      length += (chunk as Buffer).byteLength;
      if (length > 64 * 1024) break;
      chunks.push(chunk as Buffer);
    }
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  } finally {
    response.destroy();
  }
}

export function createHttpTransport(serverUrl: string): SyncTransport {
  const base = serverUrl.replace(/\/+$/, '');

  async function post<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    token?: string,
    method: 'GET' | 'POST' | 'PUT' = 'POST',
  ): Promise<z.infer<S>> {
    let response: PlainResponse;
    try {
      response = await postJson(`${base}${path}`, method === 'GET' ? '' : JSON.stringify(body ?? {}), token, method);
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
    if (!response.ok) throw refusal(path, response, json);
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new SyncHttpError(502, 'malformed-response', `${path}: the server's answer is malformed`);
    return parsed.data;
  }

  return {
    login: (login, password) => post('/api/auth/login', { login, password }, LoginResponse),
    push: (token, request) => post('/api/sync/push', request, PushResponse, token),
    pull: (token, request) => post('/api/sync/pull', request, PullResponse, token),
    admin: (token, method, path, body, schema) => post(path, body, schema, token, method),
    async snapshot(token, query, file, onProgress) {
      const path = '/api/sync/snapshot';
      const params = new URLSearchParams({
        deskId: query.deskId,
        schemaVersion: String(query.schemaVersion),
        storeSchema: String(query.storeSchema),
      });
      let response: http.IncomingMessage;
      try {
        response = await getStream(`${base}${path}?${params}`, token);
      } catch (error) {
        throw new SyncNetworkError(error instanceof Error ? error.message : String(error));
      }
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        const error = refusal(
          path,
          {
            ok: false,
            status,
            statusText: response.statusMessage ?? '',
            retryAfter: retryAfterOf(response.headers['retry-after']),
          },
          await jsonOf(response),
        );
        if (status === 404 && error instanceof SyncHttpError && error.code === 'no-snapshot') return null;
        throw error;
      }
      let meta: SnapshotMeta;
      try {
        meta = SnapshotMeta.parse(JSON.parse(String(response.headers[SNAPSHOT_HEADER] ?? 'null')));
      } catch {
        response.destroy();
        throw new SyncHttpError(502, 'malformed-response', `${path}: the snapshot's description is malformed`);
      }
      const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      if (encoding !== 'br' && encoding !== 'identity') {
        response.destroy();
        throw new SyncHttpError(502, 'malformed-response', `${path}: an encoding this desk did not ask for`);
      }
      // Length and checksum are those of the file itself, checked on what decompression gives, as it goes
      // to disk: nothing of the file is ever held whole in memory.
      const hash = createHash('sha256');
      let bytes = 0;
      const check = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.byteLength;
          if (bytes > meta.bytes) {
            return done(new SyncHttpError(502, 'malformed-response', `${path}: longer than announced`));
          }
          hash.update(chunk);
          onProgress(bytes, meta);
          done(null, chunk);
        },
      });
      try {
        const out = createWriteStream(file);
        await pipeline(encoding === 'br' ? [response, createBrotliDecompress(), check, out] : [response, check, out]);
        if (!response.complete) throw new SyncNetworkError(`${path}: the snapshot was cut off`);
        if (bytes !== meta.bytes) throw new SyncNetworkError(`${path}: the snapshot was cut off at ${bytes} bytes`);
        if (hash.digest('hex') !== meta.sha256) {
          throw new SyncNetworkError(`${path}: the snapshot arrived damaged (checksum mismatch)`);
        }
        return meta;
      } catch (error) {
        response.destroy();
        rmSync(file, { force: true });
        if (error instanceof SyncHttpError || error instanceof SyncNetworkError) throw error;
        throw new SyncNetworkError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
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
        // A live poke this desk cannot read (a table newer than it, say) still says which version exists.
        const live = LivePoke.safeParse(message);
        if (live.success) return handlers.onPoke(live.data.version, live.data);
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
