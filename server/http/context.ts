import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Session, User } from '../auth/users.js';
import type { ServerDatabase } from '../db/connect.js';
import { HttpError } from '../http-error.js';
import type { PokeHub } from '../sync/pokes.js';
import type { LiveRead, TotalsCache } from '../sync/pull.js';
import type { SnapshotKeeper } from '../sync/snapshots.js';

/** What the route plugins share: one per server instance, built by createServer (server/app.ts). */
export type ServerContext = Readonly<{
  database: ServerDatabase;
  hub: PokeHub;
  totals: TotalsCache;
  snapshots: SnapshotKeeper | null;
  /**
   * A push committed up to this version (from `from`, the version before it, when this instance wrote all
   * of (from, version]): poke the desks, maybe rebuild the snapshot, tell other instances. `pusher`: the
   * session whose push it was; its desk has the rows in the push's answer and is not poked.
   */
  committed(version: number, from?: number, live?: LiveRead | null, pusher?: string): void;
}>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the session hook (server/http/sessions.ts) on every route that needs a signed-in user. */
    session: Session | null;
  }
  interface FastifyContextConfig {
    /** Where the route's session token travels: the Authorization header (default) or `?token=` (WebSocket). */
    tokenIn?: 'header' | 'query';
  }
}

/** The body (or query) as its schema says, or a 400 naming the first field that is wrong. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new HttpError(400, 'invalid-input', `Invalid request: ${where}${issue?.message ?? 'malformed'}`);
  }
  return parsed.data;
}

/**
 * PostgreSQL refuses NUL in text, and a lone UTF-16 surrogate cannot be written as UTF-8 at all (Node would
 * store U+FFFD instead): text bound for a column must not hold either. Checked where a request's strings go
 * to the database as they came (logins, names, passwords), so the answer is a 400, not a failed query.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function refuseUnstorableText(value: unknown, path = 'body'): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new HttpError(400, 'invalid-input', `Invalid request: ${path}: contains NUL`);
    if (LONE_SURROGATE.test(value)) {
      throw new HttpError(400, 'invalid-input', `Invalid request: ${path}: contains a lone surrogate`);
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => refuseUnstorableText(item, `${path}.${i}`));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) refuseUnstorableText(item, `${path}.${key}`);
  }
}

export function sessionOf(request: FastifyRequest): Session {
  if (!request.session) throw new HttpError(401, 'unauthorized', 'Sign in first');
  return request.session;
}

export function requireAdmin(request: FastifyRequest): User {
  const { user } = sessionOf(request);
  if (!user.roles.includes('admin')) throw new HttpError(403, 'forbidden', 'Only an admin may manage users');
  return user;
}
