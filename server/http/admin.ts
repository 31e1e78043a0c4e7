import type { FastifyPluginAsync } from 'fastify';
import { type AdminUser, CreateUserRequest, SetPasswordRequest } from '../../core/sync-protocol.js';
import { createUser, listUsers, sessionUser, setPassword, type User } from '../auth/users.js';
import { parseBody, refuseUnstorableText, requireAdmin, sessionOf, type ServerContext } from './context.js';
import { signedIn } from './sessions.js';

const adminUser = (user: User): AdminUser => ({ ...sessionUser(user), active: user.active, createdAt: user.createdAt });

/** User accounts, for admins only. */
export const adminRoutes: FastifyPluginAsync<ServerContext> = async (app, { database: { db } }) => {
  app.addHook('onRequest', signedIn(db));

  app.get('/api/admin/users', async (request): Promise<AdminUser[]> => {
    requireAdmin(request);
    return (await listUsers(db)).map(adminUser);
  });

  app.post('/api/admin/users', async (request, reply): Promise<AdminUser> => {
    requireAdmin(request);
    const body = parseBody(CreateUserRequest, request.body);
    refuseUnstorableText(body);
    const user = await createUser(db, { ...body, employeeId: body.employeeId ?? null });
    reply.status(201);
    return adminUser(user);
  });

  app.post<{ Params: { id: string } }>('/api/admin/users/:id/password', async (request) => {
    requireAdmin(request);
    const body = parseBody(SetPasswordRequest, request.body);
    refuseUnstorableText(body);
    refuseUnstorableText(request.params.id, 'id');
    await setPassword(db, request.params.id, body.password, sessionOf(request).tokenHash);
    return { ok: true };
  });
};
