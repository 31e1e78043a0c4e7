import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { str } from '../../core/schema/text.js';
import {
  BI_ENTITIES,
  BI_MAX_PAGE_SIZE,
  BI_PAGE_SIZE,
  createBiToken,
  decodeDeltaToken,
  decodeSkipToken,
  encodeSkipToken,
  isBiEntity,
  isLiveBiToken,
  listBiTokens,
  readFeedPage,
  revokeBiToken,
} from '../bi/feed.js';
import { inTransaction } from '../db/transactions.js';
import { HttpError } from '../http-error.js';
import { parseBody, refuseUnstorableText, requireAdmin, sessionOf, type ServerContext } from './context.js';
import { signedIn } from './sessions.js';

const FEED = '/api/bi/v1';

/** The feed's own absolute URLs, as OData clients (Power BI's OData connector) follow them. */
const baseOf = (request: FastifyRequest) => `${request.protocol}://${request.headers.host ?? 'localhost'}${FEED}`;

/** `Prefer: odata.maxpagesize=N`, the OData way for a client to ask for smaller pages. */
function pageSizeOf(request: FastifyRequest): number {
  const m = /odata\.maxpagesize=(\d{1,9})/i.exec(String(request.headers.prefer ?? ''));
  return m ? Math.min(BI_MAX_PAGE_SIZE, Math.max(1, Number(m[1]))) : BI_PAGE_SIZE;
}

/**
 * The BI feed (server/bi/feed.ts): read with a BI token only. A BI token is no session, so it opens no other
 * route; and a user's session token does not open the feed (the feed is for the tool, not for people).
 */
export const biFeedRoutes: FastifyPluginAsync<ServerContext> = async (app, { database }) => {
  app.addHook('onRequest', async (request) => {
    const m = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!m || !(await isLiveBiToken(database.db, m[1]!))) {
      throw new HttpError(401, 'unauthorized', 'The BI feed needs a live BI token (Authorization: Bearer pbi_…)');
    }
  });

  app.get(FEED, async (request) => ({
    '@odata.context': `${baseOf(request)}/$metadata`,
    value: BI_ENTITIES.map((name) => ({ name, kind: 'EntitySet', url: name })),
  }));

  app.get<{ Params: { entity: string }; Querystring: Record<string, string | undefined> }>(
    `${FEED}/:entity`,
    async (request, reply) => {
      const { entity } = request.params;
      if (!isBiEntity(entity)) throw new HttpError(404, 'not-found', `No entity set ${entity.slice(0, 40)}`);
      const skip = request.query.$skiptoken;
      const delta = request.query.$deltatoken;
      if (skip !== undefined && delta !== undefined) {
        throw new HttpError(400, 'invalid-input', 'Give $skiptoken or $deltatoken, not both');
      }
      const position = skip === undefined ? null : decodeSkipToken(skip);
      const cursor = position?.cursor ?? (delta === undefined ? 0 : decodeDeltaToken(delta));
      const page = await inTransaction(database, 'read', (tx) =>
        readFeedPage(tx, entity, { cursor, position }, pageSizeOf(request)),
      );
      const base = `${baseOf(request)}/${entity}`;
      reply.header('odata-version', '4.0');
      return {
        '@odata.context': `${baseOf(request)}/$metadata#${entity}`,
        value: [...page.rows, ...page.removed.map((id) => ({ '@removed': { reason: 'deleted' }, id }))],
        ...(page.next ? { '@odata.nextLink': `${base}?$skiptoken=${encodeSkipToken(page.next)}` } : {}),
        ...(page.delta !== null ? { '@odata.deltaLink': `${base}?$deltatoken=${page.delta}` } : {}),
      };
    },
  );
};

export const NewBiToken = z.object({ name: str().trim().min(1).max(100) }).strict();

/** BI tokens, for admins only: issue (the token is shown once), list, revoke. */
export const biAdminRoutes: FastifyPluginAsync<ServerContext> = async (app, { database: { db } }) => {
  app.addHook('onRequest', signedIn(db));

  app.get('/api/admin/bi-tokens', async (request) => {
    requireAdmin(request);
    return listBiTokens(db);
  });

  app.post('/api/admin/bi-tokens', async (request, reply) => {
    requireAdmin(request);
    const body = parseBody(NewBiToken, request.body);
    refuseUnstorableText(body);
    reply.status(201);
    return createBiToken(db, body.name, sessionOf(request).user.id);
  });

  app.post<{ Params: { id: string } }>('/api/admin/bi-tokens/:id/revoke', async (request) => {
    requireAdmin(request);
    refuseUnstorableText(request.params.id, 'id');
    await revokeBiToken(db, request.params.id);
    return { ok: true };
  });
};
