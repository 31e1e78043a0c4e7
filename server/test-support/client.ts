import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import type { PullResponse, PushResponse, PushedMutation } from '../../core/sync-protocol.js';
import { SYNC_SCHEMA_VERSION } from '../../core/sync-protocol.js';
import { PASSWORD } from './world.js';

/** A bare HTTP client for the server's routes, as a desk would call them (no retries, no cleverness). */
export type Reply<T = unknown> = Readonly<{ status: number; body: T }>;

export type ErrorBody = { error: { code: string; message: string } };

export async function call<T = unknown>(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  options: Readonly<{ token?: string; body?: unknown; rawBody?: string; contentType?: string }> = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function signIn(baseUrl: string, login: string, password = PASSWORD): Promise<string> {
  const reply = await call<{ token: string }>(baseUrl, 'POST', '/api/auth/login', { body: { login, password } });
  if (reply.status !== 200)
    throw new Error(`Sign-in of ${login} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.token;
}

/** One desk: a deskId, a token and a gap-free mutation counter, like main/sync/ will keep. */
export class TestDesk {
  readonly deskId = randomUUID();
  private next = 1;
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  mutation(name: string, args: unknown, id = this.next++): PushedMutation {
    return { id, name, args, createdAt: Date.now() };
  }

  push(mutations: readonly PushedMutation[], schemaVersion = SYNC_SCHEMA_VERSION) {
    return call<PushResponse & ErrorBody>(this.baseUrl, 'POST', '/api/sync/push', {
      token: this.token,
      body: { deskId: this.deskId, schemaVersion, mutations },
    });
  }

  pullPage(cursor: number, page: PullResponse['page'] = null, ackedRejection = 0) {
    return call<PullResponse & ErrorBody>(this.baseUrl, 'POST', '/api/sync/pull', {
      token: this.token,
      body: { deskId: this.deskId, schemaVersion: SYNC_SCHEMA_VERSION, cursor, page, ackedRejection },
    });
  }

  /** Pulls every page from `cursor`; returns the pages as answered. */
  async pullAll(cursor = 0, ackedRejection = 0): Promise<PullResponse[]> {
    const pages: PullResponse[] = [];
    let page: PullResponse['page'] = null;
    do {
      const reply = await this.pullPage(cursor, page, ackedRejection);
      if (reply.status !== 200) throw new Error(`pull: ${reply.status} ${JSON.stringify(reply.body)}`);
      pages.push(reply.body);
      page = reply.body.page;
    } while (page);
    return pages;
  }
}

export type PokeSocket = Readonly<{
  /** Versions heard so far, the greeting (current version) first. */
  versions: readonly number[];
  /** Every message as heard (a live poke carries rows besides its version). */
  messages: readonly Record<string, unknown>[];
  /** Resolves with the close code once the server closes the socket. */
  closed: Promise<number>;
  /** Resolves with the first version heard that is at least `version`. */
  waitFor(version: number, timeoutMs?: number): Promise<number>;
  close(): void;
}>;

const wsUrl = (baseUrl: string, token: string | undefined) =>
  `${baseUrl.replace(/^http/, 'ws')}/api/sync/poke${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

/** Opens the poke socket and resolves once the server has greeted it (so it is registered for pokes). */
export function openPoke(baseUrl: string, token: string): Promise<PokeSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(baseUrl, token));
    const versions: number[] = [];
    const messages: Record<string, unknown>[] = [];
    const closed = new Promise<number>((done) => socket.on('close', (code: number) => done(code)));
    const waiters = new Set<{ version: number; done: (v: number) => void }>();
    socket.on('error', reject);
    socket.on('unexpected-response', (_req, res) => reject(new Error(`poke socket refused: ${res.statusCode}`)));
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { version: number };
      const { version } = message;
      messages.push(message);
      versions.push(version);
      for (const w of waiters) if (version >= w.version) w.done(version);
      if (versions.length === 1) {
        resolve({
          versions,
          messages,
          closed,
          waitFor(version, timeoutMs = 5_000) {
            const seen = versions.find((v) => v >= version);
            if (seen !== undefined) return Promise.resolve(seen);
            return new Promise((done, fail) => {
              const timer = setTimeout(() => {
                waiters.delete(waiter);
                fail(new Error(`no poke for version ${version} within ${timeoutMs} ms (heard ${versions.join(', ')})`));
              }, timeoutMs);
              const waiter = {
                version,
                done: (v: number) => {
                  clearTimeout(timer);
                  waiters.delete(waiter);
                  done(v);
                },
              };
              waiters.add(waiter);
            });
          },
          close: () => socket.close(),
        });
      }
    });
  });
}

/** The HTTP status with which the server refuses to upgrade a poke socket (or 101 if it accepts). */
export function pokeStatus(baseUrl: string, token: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(baseUrl, token));
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', reject);
  });
}

/** Everything the server holds, as a desk that pulls from scratch sees it: table → id → row. */
export async function serverRows(desk: TestDesk): Promise<Map<string, Map<string, Record<string, unknown>>>> {
  const tables = new Map<string, Map<string, Record<string, unknown>>>();
  for (const page of await desk.pullAll(0)) {
    for (const { table, row } of page.changes) {
      const rows = tables.get(table) ?? new Map<string, Record<string, unknown>>();
      tables.set(table, rows);
      rows.set(String(row.id), row);
    }
  }
  return tables;
}

export async function serverVersion(baseUrl: string): Promise<number> {
  const reply = await call<{ version: number }>(baseUrl, 'GET', '/api/health');
  return reply.body.version;
}
