import type { FastifyPluginAsync } from 'fastify';
import { PullRequest, PushRequest } from '../../core/sync-protocol.js';
import { toInt } from '../db/rows.js';
import { pull } from '../sync/pull.js';
import { push } from '../sync/push.js';
import { parseBody, sessionOf, type ServerContext } from './context.js';
import { signedIn } from './sessions.js';

/** Push, pull and the poke socket (docs/sync.md). */
export const syncRoutes: FastifyPluginAsync<ServerContext> = async (app, context) => {
  const { database, hub, totals, committed } = context;
  app.addHook('onRequest', signedIn(database.db));

  app.post('/api/sync/push', async (request) => {
    const body = parseBody(PushRequest, request.body);
    const { user, tokenHash } = sessionOf(request);
    return push(
      database,
      user,
      body,
      (v, from, live) => committed(v, from, live, tokenHash),
      () => hub.sessions(),
    );
  });

  app.post('/api/sync/pull', async (request) => {
    const body = parseBody(PullRequest, request.body);
    return pull(database, totals, sessionOf(request).user, body);
  });

  app.get('/api/sync/poke', { websocket: true, config: { tokenIn: 'query' } }, async (socket, request) => {
    // Desks send nothing; a message from one is a misbehaving client.
    socket.on('message', () => socket.close(1008, 'Pokes only go from the server to the desk'));
    const row = await database.db
      .selectFrom('server_version')
      .select('version')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    hub.add(socket, toInt(row.version), sessionOf(request).tokenHash);
  });
};
