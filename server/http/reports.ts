import type { FastifyPluginAsync } from 'fastify';
import { WorkReportQuery, type WorkReport } from '../../core/money/work-report.js';
import { inTransaction } from '../db/transactions.js';
import { serverWorkReport } from '../reports/work-report.js';
import { parseBody, sessionOf, type ServerContext } from './context.js';
import { signedIn } from './sessions.js';

/**
 * Reports the server answers for signed-in users, each with its rule of who may see what; a refusal (a
 * PultError 'forbidden') leaves as a 403 through the error shaper.
 */
export const reportRoutes: FastifyPluginAsync<ServerContext> = async (app, { database }) => {
  app.addHook('onRequest', signedIn(database.db));

  app.post('/api/reports/work', async (request): Promise<WorkReport> => {
    const { user } = sessionOf(request);
    const query = parseBody(WorkReportQuery, request.body);
    return inTransaction(database, 'read', (tx) =>
      serverWorkReport(tx, { roles: user.roles, employeeId: user.employeeId }, query),
    );
  });
};
