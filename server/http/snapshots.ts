import type { FastifyPluginAsync } from 'fastify';
import { createReadStream } from 'node:fs';
import { SNAPSHOT_HEADER, SnapshotMeta, SnapshotQuery } from '../../core/sync-protocol.js';
import { HttpError } from '../http-error.js';
import { checkDeskOwner, checkSchemaVersion } from '../sync/desks.js';
import { parseBody, sessionOf, type ServerContext } from './context.js';
import { signedIn } from './sessions.js';

/**
 * Does this `Accept-Encoding` (RFC 9110 §12.5.3) take brotli? Named with a non-zero weight, or covered by
 * `*` without being refused by name. A desk that does not ask gets the plain file.
 */
export function acceptsBrotli(header: string | undefined): boolean {
  if (!header) return false;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const br = weights.get('br') ?? weights.get('*');
  return br !== undefined && br > 0;
}

/**
 * `GET /api/sync/snapshot`: the replica file an empty desk starts from (server/sync/snapshots.ts). The
 * `x-pult-snapshot` header describes the file itself (length, SHA-256), whatever encoding carries it: the
 * desk checks what it has after decompressing.
 */
export const snapshotRoutes: FastifyPluginAsync<ServerContext> = async (app, { database: { db }, snapshots }) => {
  app.addHook('onRequest', signedIn(db));

  app.get('/api/sync/snapshot', async (request, reply) => {
    const query = parseBody(SnapshotQuery, request.query);
    checkSchemaVersion(query.schemaVersion);
    await checkDeskOwner(db, query.deskId, sessionOf(request).user.id, Date.now());
    const snapshot = snapshots?.current();
    if (!snapshot || snapshot.storeSchema !== query.storeSchema) {
      snapshots?.refresh();
      throw new HttpError(404, 'no-snapshot', 'No snapshot for this desk yet: pull page by page');
    }
    const meta: SnapshotMeta = SnapshotMeta.parse(snapshot);
    const brotli = acceptsBrotli(request.headers['accept-encoding']);
    reply
      .header('content-type', 'application/vnd.sqlite3')
      .header('vary', 'accept-encoding')
      .header(SNAPSHOT_HEADER, JSON.stringify(meta));
    if (brotli) {
      return reply
        .header('content-encoding', 'br')
        .header('content-length', String(snapshot.brotliBytes))
        .send(createReadStream(snapshot.brotliPath));
    }
    return reply.header('content-length', String(meta.bytes)).send(createReadStream(snapshot.path));
  });
};
