import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { PbxCallEvent, type PbxCallSink } from '../../core/calls/pbx-event.js';
import { PbxId } from '../../core/calls/pbx-settings.js';
import { createAttemptLimiter } from '../auth/failure-limiter.js';
import type { Db } from '../db/schema.js';
import { HttpError } from '../http-error.js';
import { parseBody } from '../http/context.js';
import { CtiRequest, loadCall, pruneCalls, saveCall, step } from './cti-calls.js';
import { checkToken } from './pbx-registry.js';

export type WebhookLimits = Readonly<{
  /** Accepted requests per PBX per minute (default 600: three events a call, 200 calls a minute). */
  perPbx: number;
  /** Requests with a wrong token or for an unknown PBX per address per minute (default 30). */
  failuresPerAddress: number;
}>;

export const DEFAULT_WEBHOOK_LIMITS: WebhookLimits = { perPbx: 600, failuresPerAddress: 30 };

export type WebhookOptions = Readonly<{ db: Db; sink: PbxCallSink; limits: WebhookLimits }>;

/** A form-encoded body as Zammad's PBX scripts send it; `user[]` (PHP/Rails style) is an array. */
function formBody(text: string): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const key = rawKey.endsWith('[]') ? rawKey.slice(0, -2) : rawKey;
    const before = body[key];
    if (rawKey.endsWith('[]')) body[key] = [...(Array.isArray(before) ? before : []), value];
    else if (before === undefined) body[key] = value;
    // A repeated plain field is ambiguous (which `from`?): an array, which the schema refuses with its name.
    else body[key] = [...(Array.isArray(before) ? before : [before]), value];
  }
  return body;
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1] ?? null;
}

/** The request log's view of a webhook request: a token in the path is replaced, so the log never holds it. */
export const webhookLogSerializers = {
  req: (request: Readonly<{ method?: string; url?: string; ip?: string }>): string =>
    `${request.method ?? ''} ${(request.url ?? '').replace(/(\/cti\/)[^/?#]+/, '$1***')} from ${request.ip ?? '?'}`,
};

const WINDOW_MS = 60_000;
/** Small bodies only: a CTI event is a dozen short fields. */
const BODY_LIMIT = 16 * 1024;

/**
 * `POST /api/pbx/:pbxId/cti`: call events from a PBX (the token in `Authorization: Bearer …`), and
 * `POST /api/pbx/:pbxId/cti/:token` for PBXs whose webhook setting is a bare URL (Zammad's style: many PBX
 * admin screens and dial-plan HTTP functions cannot add a header). The token in the path ends up in the
 * PBX's and any proxy's logs, so the header is the one to prefer; this server's own request log hides it.
 *
 * The token is checked before the body is read. Refusals: unknown PBX 404, wrong token 401 (both counted per
 * address: a guesser is cut off, the real PBX is not), over the PBX's own rate 429, a body the schema refuses
 * 400 — none of them records anything. The sink runs before the call's state is stored: when it fails (the
 * rule's database is down) the answer is 503 and the PBX's retry finds the call as it was.
 */
export const webhookRoutes: FastifyPluginAsync<WebhookOptions> = async (app, { db, sink, limits }) => {
  const perPbx = createAttemptLimiter(limits.perPbx, WINDOW_MS);
  const failures = createAttemptLimiter(limits.failuresPerAddress, WINDOW_MS);

  // Encapsulated: only the webhook reads form bodies; every other route stays JSON only.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: BODY_LIMIT },
    (_request, body, done) => done(null, formBody(typeof body === 'string' ? body : body.toString('utf8'))),
  );

  app.addHook('onRequest', async (request) => {
    const params = request.params as { pbxId?: string; token?: string };
    const pbxId = params.pbxId ?? '';
    const now = Date.now();
    const wait = failures.reserve(request.ip, now);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new HttpError(
        429,
        'too-many-attempts',
        `Too many refused webhook requests: try again in ${seconds} s`,
        seconds,
      );
    }
    // An id no PBX can have (a NUL, a slash, 200 characters) is unknown without asking the database.
    if (!PbxId.safeParse(pbxId).success) throw new HttpError(404, 'not-found', 'No such PBX');
    const token = params.token ?? bearerToken(request);
    let check: Awaited<ReturnType<typeof checkToken>>;
    try {
      check = await checkToken(db, pbxId, token);
    } catch (error) {
      // Not checked (the database): not a refused request.
      failures.release(request.ip);
      throw error;
    }
    if (check === 'no-such-pbx') throw new HttpError(404, 'not-found', `No PBX ${pbxId}`);
    if (check === 'wrong-token') {
      throw new HttpError(401, 'unauthorized', token ? 'Wrong token for this PBX' : 'The PBX token is missing');
    }
    failures.release(request.ip);
    const pbxWait = perPbx.reserve(pbxId, now);
    if (pbxWait > 0) {
      const seconds = Math.ceil(pbxWait / 1000);
      throw new HttpError(
        429,
        'too-many-attempts',
        `PBX ${pbxId} sends too many events: try again in ${seconds} s`,
        seconds,
      );
    }
  });

  let lastPrune = 0;
  const handle = async (request: FastifyRequest<{ Params: { pbxId: string } }>) => {
    const pbxId = request.params.pbxId;
    const body = parseBody(CtiRequest, request.body ?? {});
    const now = Date.now();
    if (now - lastPrune > WINDOW_MS) {
      lastPrune = now;
      await pruneCalls(db, now);
    }
    const current = await loadCall(db, pbxId, body.callId);
    const next = step(pbxId, current, body, now);
    if (next.kind === 'refused') throw new HttpError(400, 'invalid-input', next.message);
    if (next.kind === 'nothing-new') return { ok: true, recorded: false };
    if (next.emit) {
      const event = PbxCallEvent.parse(next.emit);
      try {
        await sink(event);
      } catch (error) {
        request.log.error({ err: error, pbxId, callId: body.callId }, 'the PBX call sink failed');
        throw new HttpError(503, 'busy', 'The call could not be recorded now: send it again', 5);
      }
    }
    const saved = await saveCall(db, current, next.record, now);
    return { ok: true, recorded: saved };
  };

  const routeOptions = { bodyLimit: BODY_LIMIT };
  app.post<{ Params: { pbxId: string } }>('/api/pbx/:pbxId/cti', routeOptions, handle);
  app.post<{ Params: { pbxId: string; token: string } }>('/api/pbx/:pbxId/cti/:token', routeOptions, handle);
};
