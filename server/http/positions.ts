import type { FastifyPluginAsync } from 'fastify';
import { POSITIONS_SOCKET_PATH } from '../../core/map/stream.js';
import type { ServerContext } from './context.js';
import type { PositionHub } from '../map/position-hub.js';
import { signedIn } from './sessions.js';

/**
 * The live positions socket: signed in like the poke socket (token in the URL, checked before the upgrade),
 * and separate from it, because positions are not synced data. Without a provider the route is absent.
 */
export const positionRoutes: FastifyPluginAsync<ServerContext & Readonly<{ positions: PositionHub }>> = async (
  app,
  context,
) => {
  app.addHook('onRequest', signedIn(context.database.db));
  app.get(POSITIONS_SOCKET_PATH, { websocket: true, config: { tokenIn: 'query' } }, (socket) => {
    socket.on('message', () => socket.close(1008, 'Positions only go from the server to the desk'));
    context.positions.add(socket);
  });
};
