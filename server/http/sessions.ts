import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { authenticate } from '../auth/users.js';
import type { Db } from '../db/schema.js';
import { HttpError } from '../http-error.js';
import { assertNever } from '../../core/result.js';

function tokenOf(request: FastifyRequest): string | null {
  const where = request.routeOptions.config.tokenIn ?? 'header';
  switch (where) {
    case 'header': {
      const header = request.headers.authorization;
      const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
      return m?.[1] ?? null;
    }
    case 'query':
      // A browser's WebSocket cannot send headers, so the poke socket carries its token in the URL.
      return new URL(request.url, 'http://x').searchParams.get('token');
    default:
      return assertNever(where, 'token place');
  }
}

/**
 * The hook every plugin but login and health adds: no live session, no route. It runs before the body is
 * read and before a WebSocket upgrade, so a stranger's request costs one indexed lookup and nothing else.
 */
export function signedIn(db: Db): onRequestAsyncHookHandler {
  return async (request) => {
    const token = tokenOf(request);
    const session = token ? await authenticate(db, token) : null;
    if (!session) {
      throw new HttpError(401, 'unauthorized', token ? 'The session has ended: sign in again' : 'Sign in first');
    }
    request.session = session;
  };
}
