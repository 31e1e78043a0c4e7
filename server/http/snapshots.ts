import type { FastifyPluginAsync } from 'fastify';
import { createReadStream } from 'node:fs';
import { SNAPSHOT_HEADER, SnapshotQuery } from '../../core/sync-protocol.js';
import { HttpError } from '../http-error.js';
import { checkDeskOwner, checkSchemaVersion } from '../sync/desks.js';
import { parseBody, sessionOf, type ServerContext } from './context.js';
import { signedIn } from './sessions.js';

/** `GET /api/sync/snapshot`: the replica file an empty desk starts from (server/sync/snapshots.ts). */
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
    const { path, ...meta } = snapshot;
    return reply
      .header('content-type', 'application/vnd.sqlite3')
      .header('content-length', String(meta.bytes))
      .header(SNAPSHOT_HEADER, JSON.stringify(meta))
      .send(createReadStream(path));
  });
};
