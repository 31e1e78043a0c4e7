import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  MailboxSettings,
  type PbxView,
  type SetMailboxRequest,
  type UnmatchedMessage,
} from '../../core/calls/pbx-settings.js';
import { PultError } from '../../core/result.js';
import type { Db } from '../db/schema.js';
import { toInt } from '../db/rows.js';
import { mailboxPasswordContext, type SecretBox } from '../secrets/server-key.js';
import { z } from 'zod';

/**
 * The PBXs the server accepts call reports from. A PBX's webhook token is 32 random bytes shown once; only
 * its SHA-256 is stored (like a session token: the token is random, so a slow KDF would add nothing but
 * cost on every webhook request).
 */

export type Pbx = Readonly<{
  id: string;
  name: string;
  createdAt: number;
  tokenIssuedAt: number;
  /** Its `password` is sealed with the server's key (server/secrets/server-key.ts); the reader opens it. */
  mailbox: MailboxSettings | null;
  mailboxCheckedAt: number | null;
  mailboxError: string | null;
}>;

const hashToken = (token: string) => createHash('sha256').update(token).digest();
const newToken = () => randomBytes(32).toString('base64url');

/** What `pbxes.mailbox` holds: the admin's settings, with the password sealed (longer than it was typed). */
const StoredMailbox = MailboxSettings.extend({ password: z.string().max(4000) });

/** Recently unmatched messages shown with a PBX. */
const RECENT_UNMATCHED = 10;

type PbxRecord = {
  id: string;
  name: string;
  created_at: unknown;
  token_issued_at: unknown;
  mailbox: string | null;
  mailbox_checked_at: unknown;
  mailbox_error: string | null;
};

const COLUMNS = [
  'id',
  'name',
  'created_at',
  'token_issued_at',
  'mailbox',
  'mailbox_checked_at',
  'mailbox_error',
] as const;

function toPbx(r: PbxRecord): Pbx {
  return {
    id: r.id,
    name: r.name,
    createdAt: toInt(r.created_at),
    tokenIssuedAt: toInt(r.token_issued_at),
    // Written only through setMailbox, which parsed it with the same schema (the password then sealed).
    mailbox: r.mailbox === null ? null : StoredMailbox.parse(JSON.parse(r.mailbox)),
    mailboxCheckedAt: r.mailbox_checked_at === null ? null : toInt(r.mailbox_checked_at),
    mailboxError: r.mailbox_error,
  };
}

export async function findPbx(db: Db, id: string): Promise<Pbx | undefined> {
  const r = await db.selectFrom('pbxes').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? toPbx(r) : undefined;
}

export async function getPbx(db: Db, id: string): Promise<Pbx> {
  const pbx = await findPbx(db, id);
  if (!pbx) throw new PultError('not-found', `PBX ${id} does not exist`);
  return pbx;
}

export async function listPbxes(db: Db): Promise<Pbx[]> {
  return (await db.selectFrom('pbxes').select(COLUMNS).orderBy('id').execute()).map(toPbx);
}

/** Creates a PBX and its first token; the id is the caller's slug or a random one. */
export async function createPbx(
  db: Db,
  input: Readonly<{ id?: string | undefined; name: string }>,
  now = Date.now(),
): Promise<{ pbx: Pbx; token: string }> {
  const id = input.id ?? `pbx-${randomBytes(4).toString('hex')}`;
  if (await findPbx(db, id)) throw new PultError('conflict', `A PBX with the id "${id}" exists`);
  const token = newToken();
  await db
    .insertInto('pbxes')
    .values({
      id,
      name: input.name,
      token_hash: hashToken(token).toString('hex'),
      token_issued_at: now,
      mailbox: null,
      mailbox_checked_at: null,
      mailbox_error: null,
      created_at: now,
    })
    .execute();
  return { pbx: await getPbx(db, id), token };
}

/** A new token; the old one stops working at once. */
export async function rotateToken(db: Db, id: string, now = Date.now()): Promise<{ pbx: Pbx; token: string }> {
  const token = newToken();
  const updated = await db
    .updateTable('pbxes')
    .set({ token_hash: hashToken(token).toString('hex'), token_issued_at: now })
    .where('id', '=', id)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) throw new PultError('not-found', `PBX ${id} does not exist`);
  return { pbx: await getPbx(db, id), token };
}

export type TokenCheck = 'ok' | 'no-such-pbx' | 'wrong-token';

/** Whether `token` is the PBX's current one; compared in constant time over the hashes. */
export async function checkToken(db: Db, id: string, token: string | null): Promise<TokenCheck> {
  const r = await db.selectFrom('pbxes').select('token_hash').where('id', '=', id).executeTakeFirst();
  if (!r) return 'no-such-pbx';
  if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return 'wrong-token';
  const stored = Buffer.from(r.token_hash, 'hex');
  const given = hashToken(token);
  return stored.length === given.length && timingSafeEqual(stored, given) ? 'ok' : 'wrong-token';
}

/**
 * Saves mailbox settings. A request without a password keeps the stored one (the admin screen never has
 * it); a new mailbox without one is refused.
 */
export async function setMailbox(db: Db, id: string, request: SetMailboxRequest, secrets: SecretBox): Promise<Pbx> {
  const pbx = await getPbx(db, id);
  const stored = pbx.mailbox?.password;
  if (request.password === undefined && stored === undefined) {
    throw new PultError('invalid-input', 'Invalid request: password: the mailbox has no password yet');
  }
  // Checked as typed, then sealed: the length limit is the admin's, not the ciphertext's.
  const settings = MailboxSettings.parse({ ...request, password: request.password ?? '' });
  const password =
    request.password === undefined ? stored! : secrets.seal(settings.password, mailboxPasswordContext(id));
  await db
    .updateTable('pbxes')
    .set({ mailbox: JSON.stringify({ ...settings, password }), mailbox_error: null })
    .where('id', '=', id)
    .execute();
  return getPbx(db, id);
}

export async function recordMailboxCheck(db: Db, id: string, at: number, error: string | null): Promise<void> {
  await db
    .updateTable('pbxes')
    .set({ mailbox_checked_at: at, mailbox_error: error === null ? null : error.slice(0, 1000) })
    .where('id', '=', id)
    .execute();
}

/** Notes a message the pattern did not match; true when it was not noted before (worth a log line). */
export async function noteUnmatched(
  db: Db,
  pbxId: string,
  messageKey: string,
  subject: string,
  reason: string,
  now: number,
): Promise<boolean> {
  const updated = await db
    .updateTable('pbx_mail_unmatched')
    .set({ reason, last_seen_at: now })
    .where('pbx_id', '=', pbxId)
    .where('message_key', '=', messageKey)
    .executeTakeFirst();
  if (updated.numUpdatedRows > 0n) return false;
  await db
    .insertInto('pbx_mail_unmatched')
    .values({
      pbx_id: pbxId,
      message_key: messageKey,
      subject: subject.slice(0, 500),
      reason: reason.slice(0, 1000),
      first_seen_at: now,
      last_seen_at: now,
    })
    .onConflict((oc) => oc.columns(['pbx_id', 'message_key']).doNothing())
    .execute();
  return true;
}

/** A message once unmatched has now been read (the admin fixed the pattern). */
export async function forgetUnmatched(db: Db, pbxId: string, messageKey: string): Promise<void> {
  await db.deleteFrom('pbx_mail_unmatched').where('pbx_id', '=', pbxId).where('message_key', '=', messageKey).execute();
}

export async function pbxView(db: Db, pbx: Pbx): Promise<PbxView> {
  const count = await db
    .selectFrom('pbx_mail_unmatched')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('pbx_id', '=', pbx.id)
    .executeTakeFirstOrThrow();
  const recent = await db
    .selectFrom('pbx_mail_unmatched')
    .select(['subject', 'reason', 'first_seen_at', 'last_seen_at'])
    .where('pbx_id', '=', pbx.id)
    .orderBy('first_seen_at', 'desc')
    .orderBy('message_key')
    .limit(RECENT_UNMATCHED)
    .execute();
  const recentUnmatched: UnmatchedMessage[] = recent.map((r) => ({
    subject: r.subject,
    reason: r.reason,
    firstSeenAt: toInt(r.first_seen_at),
    lastSeenAt: toInt(r.last_seen_at),
  }));
  let mailbox: PbxView['mailbox'] = null;
  if (pbx.mailbox) {
    const { password, ...rest } = pbx.mailbox;
    mailbox = { ...rest, passwordSet: password.length > 0 };
  }
  return {
    id: pbx.id,
    name: pbx.name,
    createdAt: pbx.createdAt,
    tokenIssuedAt: pbx.tokenIssuedAt,
    mailbox,
    mailboxStatus: {
      checkedAt: pbx.mailboxCheckedAt,
      error: pbx.mailboxError,
      unmatched: toInt(count.n),
      recentUnmatched,
    },
  };
}
