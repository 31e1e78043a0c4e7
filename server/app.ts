import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { PultError, type ErrorCode } from '../core/result.js';
import {
  type AdminUser,
  CreateUserRequest,
  LoginRequest,
  MAX_PUSH_BYTES,
  PullRequest,
  PushRequest,
  SetPasswordRequest,
  SNAPSHOT_HEADER,
  SnapshotQuery,
  SYNC_SCHEMA_VERSION,
  type HealthResponse,
  type LoginResponse,
} from '../core/sync-protocol.js';
import {
  authenticate,
  createUser,
  endSession,
  listUsers,
  login,
  sessionUser,
  setPassword,
  type Session,
  type User,
} from './auth/users.js';
import { openServerDb, redactUrl, type ServerDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrations/index.js';
import { toInt } from './db/rows.js';
import { createFailureLimiter } from './auth/failure-limiter.js';
import { HttpError, type HttpErrorCode } from './http-error.js';
import { checkDeskOwner, checkSchemaVersion } from './sync/desks.js';
import { createPokeHub, listenForPokes, notifyVersion, type PokeListener } from './sync/pokes.js';
import { pull, type TotalsCache } from './sync/pull.js';
import { push } from './sync/push.js';
import { createSnapshotKeeper, type SnapshotKeeper, type SnapshotOptions } from './sync/snapshots.js';

export type ServerOptions = Readonly<{
  /** `sqlite:PATH` or a `postgres://` URL. */
  db: string;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Fastify's logger setting: false (default) keeps tests quiet; the CLI turns it on. */
  logger?: boolean;
  /**
   * Snapshots for empty desks (server/sync/snapshots.ts). The default keeps them beside an SQLite file, or in
   * the temp directory for PostgreSQL; false turns them off (desks then always pull page by page).
   */
  snapshots?: Partial<SnapshotOptions> | false;
  /** Sign-in attempts per login and address per minute (default 10). */
  signInAttempts?: number;
}>;

const SIGN_IN_ATTEMPTS = 10;
const SIGN_IN_WINDOW_MS = 60_000;

export type PultServer = Readonly<{
  app: FastifyInstance;
  url: string;
  database: ServerDatabase;
  snapshots: SnapshotKeeper | null;
  close(): Promise<void>;
}>;

/** PultError codes as HTTP statuses, for the few routes that surface one (admin). */
const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  'invalid-input': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
};

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new HttpError(400, 'invalid-input', `Invalid request: ${where}${issue?.message ?? 'malformed'}`);
  }
  return parsed.data;
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1] ?? null;
}

/** Fastify's own errors (body parsing, limits) in our body shape. */
function fastifyErrorCode(status: number): HttpErrorCode {
  if (status === 413) return 'too-large';
  if (status === 415) return 'unsupported-media-type';
  if (status === 404) return 'not-found';
  return 'invalid-input';
}

/**
 * Snapshots sit beside an SQLite server file. For PostgreSQL (or an in-memory SQLite) they go in a temp
 * directory of this process, removed when the server closes: a restarted instance builds a fresh one.
 */
function snapshotDir(database: ServerDatabase): Readonly<{ dir: string; temporary: boolean }> {
  const { location } = database;
  if (location.backend === 'sqlite' && location.path !== ':memory:') {
    return { dir: `${location.path}.snapshots`, temporary: false };
  }
  // Several instances may share one PostgreSQL, even on one machine: each keeps its own files.
  const where = location.backend === 'sqlite' ? `memory-${randomUUID()}` : location.connectionString;
  const key = createHash('sha256').update(where).digest('hex').slice(0, 16);
  return { dir: join(tmpdir(), `pult-snapshots-${key}-${process.pid}`), temporary: true };
}

export async function createServer(options: ServerOptions): Promise<PultServer> {
  const database = openServerDb(options.db);
  let listener: PokeListener | null = null;
  try {
    await migrateToLatest(database);
    const { db } = database;
    const hub = createPokeHub();
    const totals: TotalsCache = new Map();
    const app = Fastify({ bodyLimit: MAX_PUSH_BYTES, logger: options.logger ?? false, forceCloseConnections: true });

    const log = (message: string) => app.log.warn(message);
    if (database.location.backend === 'postgres') {
      listener = listenForPokes(database.location.connectionString, (v) => hub.poke(v), log);
      await listener.ready;
    }

    // A directory the caller named is the caller's; only our own temporary one is removed at close.
    const defaultDir = snapshotDir(database);
    const ownsSnapshotDir = defaultDir.temporary && !(options.snapshots && options.snapshots.dir);
    const snapshots =
      options.snapshots === false
        ? null
        : createSnapshotKeeper(database, {
            dir: defaultDir.dir,
            log: (message) => app.log.info(message),
            ...options.snapshots,
          });
    snapshots?.refresh();

    const committed = (version: number) => {
      hub.poke(version);
      snapshots?.refresh(version);
      if (database.backend === 'postgres') {
        notifyVersion(db, version).catch((error: unknown) => log(`NOTIFY failed: ${String(error)}`));
      }
    };

    const sessions = new WeakMap<FastifyRequest, Session>();
    const sessionOf = (request: FastifyRequest): Session => {
      const session = sessions.get(request);
      if (!session) throw new HttpError(401, 'unauthorized', 'Sign in first');
      return session;
    };
    const requireSession = async (request: FastifyRequest, token: string | null) => {
      const session = token ? await authenticate(db, token) : null;
      if (!session)
        throw new HttpError(401, 'unauthorized', token ? 'The session has ended: sign in again' : 'Sign in first');
      sessions.set(request, session);
    };
    const requireAdmin = (request: FastifyRequest): User => {
      const { user } = sessionOf(request);
      if (!user.roles.includes('admin')) throw new HttpError(403, 'forbidden', 'Only an admin may manage users');
      return user;
    };

    app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
      if (error instanceof HttpError) return reply.status(error.status).send(error.body());
      if (error instanceof PultError) {
        const status = STATUS_OF[error.code] ?? 400;
        return reply.status(status).send({ error: { code: error.code, message: error.message } });
      }
      const status = (error as { statusCode?: unknown }).statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        const message = error instanceof Error ? error.message : 'Bad request';
        return reply.status(status).send({ error: { code: fastifyErrorCode(status), message } });
      }
      request.log.error(error);
      return reply.status(500).send({ error: { code: 'internal', message: 'Internal server error' } });
    });
    app.setNotFoundHandler((request, reply) =>
      reply
        .status(404)
        .send({ error: { code: 'not-found', message: `No route ${request.method} ${request.url.split('?')[0]}` } }),
    );

    await app.register(websocket, { options: { maxPayload: 1024 } });

    // Everything but login and health needs a session; the WebSocket carries its token in the query.
    app.addHook('onRequest', async (request) => {
      const path = request.url.split('?')[0];
      if (path === '/api/auth/login' || path === '/api/health') return;
      if (path === '/api/sync/poke') {
        const token = new URL(request.url, 'http://x').searchParams.get('token');
        return requireSession(request, token);
      }
      return requireSession(request, bearerToken(request));
    });

    app.get('/api/health', async (): Promise<HealthResponse> => {
      const row = await db.selectFrom('server_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
      return {
        ok: true,
        version: toInt(row.version),
        schemaVersion: SYNC_SCHEMA_VERSION,
        snapshotVersion: snapshots?.current()?.version ?? null,
      };
    });

    // Guessing passwords: after a few wrong tries for one login from one address, that pair waits out the
    // window (a right password in the window is refused too). Counted per login, so twenty desks behind one
    // office NAT signing in at nine are not one client; per address, so nobody can lock a user out from afar.
    const failures = createFailureLimiter(options.signInAttempts ?? SIGN_IN_ATTEMPTS, SIGN_IN_WINDOW_MS);

    app.post('/api/auth/login', async (request): Promise<LoginResponse> => {
      const body = parseBody(LoginRequest, request.body);
      const key = `${request.ip}|${body.login.trim().toLowerCase()}`;
      const wait = failures.blockedFor(key, Date.now());
      if (wait > 0) {
        throw new HttpError(
          429,
          'too-many-attempts',
          `Too many sign-in attempts: try again in ${Math.ceil(wait / 1000)} s`,
        );
      }
      const result = await login(db, body.login, body.password);
      if (!result) {
        failures.fail(key, Date.now());
        throw new HttpError(401, 'unauthorized', 'Wrong login or password');
      }
      failures.clear(key);
      return { token: result.token, user: sessionUser(result.user) };
    });

    app.post('/api/auth/logout', async (request) => {
      await endSession(db, sessionOf(request).tokenHash);
      return { ok: true };
    });

    app.post('/api/sync/push', async (request) => {
      const body = parseBody(PushRequest, request.body);
      return push(database, sessionOf(request).user, body, committed);
    });

    app.post('/api/sync/pull', async (request) => {
      const body = parseBody(PullRequest, request.body);
      return pull(database, totals, sessionOf(request).user, body);
    });

    app.get('/api/sync/snapshot', async (request, reply) => {
      const query = parseBody(SnapshotQuery, request.query);
      checkSchemaVersion(query.schemaVersion);
      await checkDeskOwner(db, query.deskId, sessionOf(request).user.id, Date.now());
      const snapshot = snapshots?.current();
      if (!snapshot || snapshot.storeSchema !== query.storeSchema) {
        snapshots?.refresh();
        throw new HttpError(404, 'no-snapshot', 'No snapshot for this desk yet: pull page by page');
      }
      const { path, ...meta } = snapshot;
      return reply
        .header('content-type', 'application/vnd.sqlite3')
        .header('content-length', String(meta.bytes))
        .header(SNAPSHOT_HEADER, JSON.stringify(meta))
        .send(createReadStream(path));
    });

    app.get('/api/sync/poke', { websocket: true }, async (socket) => {
      // Desks send nothing; a message from one is a misbehaving client.
      socket.on('message', () => socket.close(1008, 'Pokes only go from the server to the desk'));
      const row = await db.selectFrom('server_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
      hub.add(socket, toInt(row.version));
    });

    app.get('/api/admin/users', async (request): Promise<AdminUser[]> => {
      requireAdmin(request);
      return (await listUsers(db)).map((u) => ({ ...sessionUser(u), active: u.active, createdAt: u.createdAt }));
    });

    app.post('/api/admin/users', async (request, reply): Promise<AdminUser> => {
      requireAdmin(request);
      const body = parseBody(CreateUserRequest, request.body);
      const user = await createUser(db, { ...body, employeeId: body.employeeId ?? null });
      reply.status(201);
      return { ...sessionUser(user), active: user.active, createdAt: user.createdAt };
    });

    app.post<{ Params: { id: string } }>('/api/admin/users/:id/password', async (request) => {
      requireAdmin(request);
      const body = parseBody(SetPasswordRequest, request.body);
      await setPassword(db, request.params.id, body.password, sessionOf(request).tokenHash);
      return { ok: true };
    });

    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    app.log.info(`Pult server on ${url}, database ${redactUrl(options.db)}`);

    let closing: Promise<void> | null = null;
    return {
      app,
      url,
      database,
      snapshots,
      close() {
        closing ??= (async () => {
          hub.close();
          await app.close();
          await snapshots?.close();
          if (snapshots && ownsSnapshotDir) rmSync(snapshots.dir, { recursive: true, force: true });
          await listener?.close();
          await database.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await listener?.close();
    await database.close();
    throw error;
  }
}
