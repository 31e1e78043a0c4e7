import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  CreatePbxRequest,
  type PatternResult,
  type PbxTokenResponse,
  type PbxView,
  SetMailboxRequest,
  TestPatternRequest,
} from '../../core/calls/pbx-settings.js';
import type { Db } from '../db/schema.js';
import type { SecretBox } from '../secrets/server-key.js';
import { HttpError } from '../http-error.js';
import { parseBody, sessionOf } from '../http/context.js';
import { signedIn } from '../http/sessions.js';
import type { MailboxCheck, MailboxReader } from './mailbox.js';
import { applyPattern, checkTimeZone, decodeMessage } from './mail-pattern.js';
import { createPbx, getPbx, listPbxes, pbxView, rotateToken, setMailbox } from './pbx-registry.js';

export type PbxAdminOptions = Readonly<{
  db: Db;
  /** null when this server reads no mailboxes (it has no call sink). */
  mailboxReader: MailboxReader | null;
  /** Seals the mailbox passwords admins send before they are stored. */
  secrets: SecretBox;
}>;

function requirePbxAdmin(request: FastifyRequest): void {
  if (!sessionOf(request).user.roles.includes('admin')) {
    throw new HttpError(403, 'forbidden', 'Only an admin may manage PBXs');
  }
}

const webhookPath = (id: string) => `/api/pbx/${id}/cti`;

/** A sample tried with a pattern: what the pattern saw and what it took, or why it took nothing. */
async function trySample(
  sample: string,
  pattern: string,
  timeFormat: string | null,
  timeZone: string,
): Promise<PatternResult> {
  const message = await decodeMessage(sample);
  return applyPattern(pattern, { timeFormat, timeZone }, message, null);
}

/**
 * PBXs, for admins: create one (its webhook token is in the answer, once), rotate the token, set the mailbox,
 * try a pattern on a sample message, check a mailbox now. Tokens and the IMAP password never come back.
 */
export const pbxAdminRoutes: FastifyPluginAsync<PbxAdminOptions> = async (app, { db, mailboxReader, secrets }) => {
  app.addHook('onRequest', signedIn(db));
  app.addHook('preHandler', async (request) => requirePbxAdmin(request));

  app.get('/api/admin/pbx', async (): Promise<PbxView[]> => {
    const pbxes = await listPbxes(db);
    return Promise.all(pbxes.map((p) => pbxView(db, p)));
  });

  app.get<{ Params: { id: string } }>('/api/admin/pbx/:id', async (request): Promise<PbxView> => {
    return pbxView(db, await getPbx(db, request.params.id));
  });

  app.post('/api/admin/pbx', async (request, reply): Promise<PbxTokenResponse> => {
    const body = parseBody(CreatePbxRequest, request.body);
    const { pbx, token } = await createPbx(db, body);
    reply.status(201);
    return { pbx: await pbxView(db, pbx), token, webhookPath: webhookPath(pbx.id) };
  });

  app.post<{ Params: { id: string } }>('/api/admin/pbx/:id/token', async (request): Promise<PbxTokenResponse> => {
    const { pbx, token } = await rotateToken(db, request.params.id);
    return { pbx: await pbxView(db, pbx), token, webhookPath: webhookPath(pbx.id) };
  });

  app.put<{ Params: { id: string } }>(
    '/api/admin/pbx/:id/mailbox',
    async (request): Promise<Readonly<{ pbx: PbxView; sample: PatternResult | null }>> => {
      const body = parseBody(SetMailboxRequest, request.body);
      try {
        checkTimeZone(body.timeZone);
      } catch (error) {
        throw new HttpError(400, 'invalid-input', `Invalid request: timeZone: ${(error as Error).message}`);
      }
      const pbx = await setMailbox(db, request.params.id, body, secrets);
      // The saved pattern tried on the saved sample, so the screen shows at once whether they agree.
      const sample = body.sampleMessage
        ? await trySample(body.sampleMessage, body.pattern, body.timeFormat, body.timeZone)
        : null;
      return { pbx: await pbxView(db, pbx), sample };
    },
  );

  app.post<{ Params: { id: string } }>('/api/admin/pbx/:id/mailbox/test', async (request): Promise<PatternResult> => {
    const body = parseBody(TestPatternRequest, request.body ?? {});
    const stored = (await getPbx(db, request.params.id)).mailbox;
    const pattern = body.pattern ?? stored?.pattern;
    const sample = body.sampleMessage ?? stored?.sampleMessage ?? null;
    if (pattern === undefined)
      throw new HttpError(400, 'invalid-input', 'Invalid request: pattern: none given or saved');
    if (sample === null)
      throw new HttpError(400, 'invalid-input', 'Invalid request: sampleMessage: none given or saved');
    const timeFormat = body.timeFormat !== undefined ? body.timeFormat : (stored?.timeFormat ?? null);
    const timeZone = body.timeZone ?? stored?.timeZone ?? 'Europe/Minsk';
    return trySample(sample, pattern, timeFormat, timeZone);
  });

  app.post<{ Params: { id: string } }>('/api/admin/pbx/:id/mailbox/check', async (request): Promise<MailboxCheck> => {
    const pbx = await getPbx(db, request.params.id);
    if (!mailboxReader) {
      throw new HttpError(409, 'conflict', 'This server reads no mailboxes: it was started without a call sink');
    }
    if (!pbx.mailbox) throw new HttpError(409, 'conflict', `PBX ${pbx.id} has no mailbox settings`);
    const [check] = await mailboxReader.checkNow(pbx.id);
    if (!check) throw new HttpError(404, 'not-found', `PBX ${pbx.id} does not exist`);
    return check;
  });
};
