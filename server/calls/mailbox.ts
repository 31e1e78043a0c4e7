import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { PbxCallEvent, type PbxCallSink } from '../../core/calls/pbx-event.js';
import type { MailboxSettings } from '../../core/calls/pbx-settings.js';
import { assertNever } from '../../core/result.js';
import type { Db } from '../db/schema.js';
import { applyPattern, decodeMessage, mailCallId, missedCallEvent, storable, UNREADABLE } from './mail-pattern.js';
import { mailboxPasswordContext, type SecretBox } from '../secrets/server-key.js';
import { forgetUnmatched, getPbx, listPbxes, noteUnmatched, recordMailboxCheck, type Pbx } from './pbx-registry.js';

/**
 * Reads the mailboxes PBXs e-mail missed calls to (IMAP, imapflow). Every `pollMs` (default 30 s) and on
 * demand, for each PBX whose mailbox is enabled: connect, open the folder, and for every unseen message in
 * UID order decode it (mailparser), apply the PBX's pattern, hand a `missed` event to the sink, and only
 * then mark the message \Seen. Reading uses BODY.PEEK, so a message is never seen by being read.
 *
 * - A server that dies between the sink and the flag reads the message again after its restart; the call id
 *   is the Message-ID, so the callback rule records the call once.
 * - A message the pattern does not match stays unseen and is noted (`pbx_mail_unmatched`, logged once, shown
 *   to the admin). It is tried again at every check, so fixing the pattern reads it.
 * - A sink failure ends that PBX's check; the rest wait for the next one, nothing is marked.
 *
 * A fresh connection per check rather than a long IDLE: a missed call reported within the poll interval is in
 * time for a callback, and a connection that does not outlive its check needs no reconnect logic (a mail
 * server restart, a dropped NAT mapping, changed settings all simply apply at the next check). Several server
 * instances on one PostgreSQL each read the mailbox; the call id keeps a message one call.
 */

export type MailboxLog = (level: 'info' | 'warn', message: string) => void;

export type MailboxReaderOptions = Readonly<{
  db: Db;
  sink: PbxCallSink;
  log: MailboxLog;
  /** Between checks of all mailboxes (default 30 000). */
  pollMs?: number;
  now?: () => number;
  /** Connection and greeting timeout for the mail server (default 15 000). */
  connectTimeoutMs?: number;
  /** The server's key: mailbox passwords are stored sealed with it and opened only to log in. */
  secrets: SecretBox;
}>;

export type MailboxCheck = Readonly<{
  pbxId: string;
  /** Messages handed to the sink and marked \Seen. */
  delivered: number;
  /** Unseen messages the pattern did not match (left unseen). */
  unmatched: number;
  /** Why the check stopped early (connection, login, folder, the sink), or null. */
  error: string | null;
}>;

export type MailboxReader = Readonly<{
  /** Starts the periodic checks. */
  start(): void;
  /** Checks one PBX's mailbox (or every enabled one) now, after any check in progress. */
  checkNow(pbxId?: string): Promise<readonly MailboxCheck[]>;
  /** Stops: the check in progress is cut off (its connection closed) and nothing new starts. */
  stop(): Promise<void>;
}>;

export const DEFAULT_MAILBOX_POLL_MS = 30_000;

function imapOptions(settings: MailboxSettings, timeoutMs: number): ImapFlowOptions {
  const security = settings.security;
  let tls: Readonly<{ secure: boolean; doSTARTTLS: boolean }>;
  switch (security) {
    case 'tls':
      tls = { secure: true, doSTARTTLS: false };
      break;
    case 'starttls':
      tls = { secure: false, doSTARTTLS: true };
      break;
    case 'none':
      tls = { secure: false, doSTARTTLS: false };
      break;
    default:
      return assertNever(security, 'mailbox security');
  }
  // doSTARTTLS is imapflow's documented option, missing from its type declarations.
  const options: ImapFlowOptions & { doSTARTTLS: boolean } = {
    host: settings.host,
    port: settings.port,
    ...tls,
    auth: { user: settings.user, pass: settings.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: 4 * timeoutMs,
  };
  return options;
}

const errorText = (error: unknown) => {
  if (!(error instanceof Error)) return String(error);
  // imapflow puts the server's answer beside the generic message ("Command failed").
  const detail = (error as { responseText?: unknown }).responseText;
  return typeof detail === 'string' && detail !== '' ? `${error.message}: ${detail}` : error.message;
};

class Stopped extends Error {}

export function createMailboxReader(options: MailboxReaderOptions): MailboxReader {
  const { db, sink, log } = options;
  const now = options.now ?? Date.now;
  const pollMs = options.pollMs ?? DEFAULT_MAILBOX_POLL_MS;
  const timeoutMs = options.connectTimeoutMs ?? 15_000;
  let stopped = false;
  let started = false;
  let timer: NodeJS.Timeout | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const open = new Set<ImapFlow>();

  const alive = () => {
    if (stopped) throw new Stopped('The mailbox reader stopped');
  };

  async function readMailbox(pbx: Pbx, settings: MailboxSettings): Promise<MailboxCheck> {
    let delivered = 0;
    let unmatched = 0;
    let password: string;
    try {
      password = options.secrets.open(settings.password, mailboxPasswordContext(pbx.id));
    } catch (error) {
      return { pbxId: pbx.id, delivered, unmatched, error: errorText(error) };
    }
    const client = new ImapFlow(imapOptions({ ...settings, password }, timeoutMs));
    // Without a listener a socket error would be an unhandled 'error' event and end the process.
    client.on('error', (error: unknown) => log('warn', `PBX ${pbx.id} mailbox: ${errorText(error)}`));
    open.add(client);
    try {
      await client.connect();
      alive();
      const lock = await client.getMailboxLock(settings.folder);
      try {
        alive();
        const uids = (await client.search({ seen: false }, { uid: true })) || [];
        for (const uid of [...uids].sort((a, b) => a - b)) {
          alive();
          const message = await client.fetchOne(String(uid), { source: true, internalDate: true }, { uid: true });
          if (!message || !message.source) continue; // expunged meanwhile
          const source = message.source;
          const received = message.internalDate ? new Date(message.internalDate).getTime() : null;
          let decoded = UNREADABLE;
          let decodeError: string | null = null;
          try {
            decoded = await decodeMessage(source);
          } catch (error) {
            decodeError = `The message cannot be decoded: ${errorText(error)}`;
          }
          const callId = mailCallId(decoded, source);
          const result = decodeError
            ? ({ ok: false, text: '', reason: decodeError } as const)
            : applyPattern(settings.pattern, settings, decoded, received);
          const event = result.ok ? PbxCallEvent.safeParse(missedCallEvent(pbx.id, callId, result)) : null;
          if (!result.ok || !event?.success) {
            const reason = result.ok
              ? `The message makes no valid call: ${event?.error?.issues[0]?.message ?? 'invalid'}`
              : result.reason;
            unmatched += 1;
            if (await noteUnmatched(db, pbx.id, callId, storable(decoded.subject), storable(reason), now())) {
              log('warn', `PBX ${pbx.id} mailbox: message "${decoded.subject}" (UID ${uid}) left unseen: ${reason}`);
            }
            continue;
          }
          try {
            await sink(event.data);
          } catch (error) {
            throw new Error(`The call sink failed on UID ${uid}: ${errorText(error)}`);
          }
          alive();
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
          await forgetUnmatched(db, pbx.id, callId);
          delivered += 1;
        }
      } finally {
        lock.release();
      }
      await client.logout();
      return { pbxId: pbx.id, delivered, unmatched, error: null };
    } catch (error) {
      if (stopped) return { pbxId: pbx.id, delivered, unmatched, error: 'stopped' };
      return { pbxId: pbx.id, delivered, unmatched, error: errorText(error) };
    } finally {
      open.delete(client);
      client.close();
    }
  }

  async function checkPbx(pbx: Pbx): Promise<MailboxCheck> {
    if (!pbx.mailbox) return { pbxId: pbx.id, delivered: 0, unmatched: 0, error: 'The PBX has no mailbox settings' };
    const check = await readMailbox(pbx, pbx.mailbox);
    if (check.error !== 'stopped') {
      await recordMailboxCheck(db, pbx.id, now(), check.error);
      if (check.error !== null) log('warn', `PBX ${pbx.id} mailbox check failed: ${check.error}`);
    }
    return check;
  }

  /** Checks run one after another: two at once on one mailbox would hand the same message to the sink twice. */
  function enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(() => {
      alive();
      return work();
    });
    queue = run.catch(() => undefined);
    return run;
  }

  const checkNow = (pbxId?: string) =>
    enqueue(async () => {
      const pbxes =
        pbxId === undefined ? (await listPbxes(db)).filter((p) => p.mailbox?.enabled) : [await getPbx(db, pbxId)];
      const checks: MailboxCheck[] = [];
      for (const pbx of pbxes) {
        alive();
        checks.push(await checkPbx(pbx));
      }
      return checks;
    });

  const tick = () => {
    timer = null;
    checkNow()
      .catch((error: unknown) => {
        if (!(error instanceof Stopped)) log('warn', `Mailbox checks failed: ${errorText(error)}`);
      })
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(tick, pollMs);
        timer.unref();
      });
  };

  return {
    start() {
      if (started || stopped) return;
      started = true;
      tick();
    },
    checkNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      for (const client of open) client.close();
      await queue;
    },
  };
}
