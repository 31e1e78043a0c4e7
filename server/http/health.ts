import type { FastifyPluginAsync } from 'fastify';
import { SYNC_SCHEMA_VERSION, type HealthResponse } from '../../core/sync-protocol.js';
import { toInt } from '../db/rows.js';
import type { ServerContext } from './context.js';

/** `GET /api/health`, open to anyone: is the server up, at which version, speaking which schema. */
export const healthRoutes: FastifyPluginAsync<ServerContext> = async (app, { database, snapshots }) => {
  app.get('/api/health', async (): Promise<HealthResponse> => {
    const row = await database.db
      .selectFrom('server_version')
      .select('version')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return {
      ok: true,
      version: toInt(row.version),
      schemaVersion: SYNC_SCHEMA_VERSION,
      snapshotVersion: snapshots?.current()?.version ?? null,
    };
  });
};
