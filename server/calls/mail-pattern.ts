import { createHash } from 'node:crypto';
import { DateTime, IANAZone } from 'luxon';
import { simpleParser } from 'mailparser';
import { compilePattern, type PatternResult } from '../../core/calls/pbx-settings.js';
import type { PbxCallEvent } from '../../core/calls/pbx-event.js';
import { isWellFormedText } from '../../core/schema/text.js';

/**
 * A PBX's missed-call e-mail read with its pattern. mailparser does the MIME work (charsets such as KOI8-R,
 * base64 and quoted-printable bodies, encoded-word subjects, HTML-only messages turned into text); the pattern
 * then runs over one text: the subject, a newline, and the decoded plain-text body. The admin's "test the
 * pattern" shows that same text, so what the admin sees is what the pattern gets.
 */

/** Bodies beyond this are cut before the pattern runs: a missed-call notice is a few lines. */
const MAX_TEXT = 64 * 1024;

// eslint-disable-next-line no-control-regex -- NUL is what PostgreSQL cannot store
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text from a stranger's e-mail made storable: NUL and lone surrogates (a broken message can decode to
 * either) become U+FFFD, so noting a broken message never fails the database write and blocks the mailbox.
 */
export const storable = (text: string) => text.replace(UNSTORABLE, '\uFFFD');

export type DecodedMessage = Readonly<{
  subject: string;
  /** Message-ID without its angle brackets, or null when the message has none. */
  messageId: string | null;
  /** The Date header, when present and valid. */
  date: number | null;
  text: string;
}>;

/** A message mailparser could not read at all: still a message, with its bytes' hash as its name. */
export const UNREADABLE: DecodedMessage = { subject: '', messageId: null, date: null, text: '' };

export async function decodeMessage(source: Buffer | string): Promise<DecodedMessage> {
  const mail = await simpleParser(source, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const subject = (mail.subject ?? '').trim();
  const body = (mail.text ?? '').replace(/\r\n?/g, '\n').slice(0, MAX_TEXT).trimEnd();
  const rawId = mail.messageId?.trim().replace(/^<|>$/g, '') ?? '';
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.getTime() : null;
  return { subject, messageId: rawId.length > 0 ? rawId : null, date, text: `${subject}\n${body}` };
}

export type TimeSettings = Readonly<{ timeFormat: string | null; timeZone: string }>;

/** Refuses a zone luxon does not know; the message names the setting. */
export function checkTimeZone(zone: string): void {
  if (!IANAZone.isValidZone(zone)) {
    throw new Error(`Unknown time zone "${zone}": use an IANA name such as Europe/Minsk or Europe/Moscow`);
  }
}

function parseTime(value: string, settings: TimeSettings): number | string {
  const zone = settings.timeZone;
  const parsed = settings.timeFormat
    ? DateTime.fromFormat(value, settings.timeFormat, { zone })
    : DateTime.fromISO(value, { zone });
  if (!parsed.isValid) {
    const format = settings.timeFormat ? `the format "${settings.timeFormat}"` : 'ISO 8601';
    return `The time "${value}" does not fit ${format} (${parsed.invalidExplanation ?? parsed.invalidReason ?? 'invalid'})`;
  }
  return parsed.toMillis();
}

const group = (groups: Record<string, string | undefined> | undefined, key: string): string | null => {
  const value = groups?.[key]?.trim();
  return value === undefined || value === '' ? null : value;
};

/**
 * What `pattern` makes of a decoded message. The time is the `time` group read in the PBX's zone, else the
 * Date header, else `receivedAt` (the mailbox's arrival time). A message the pattern does not match, or whose
 * time cannot be read, is `ok: false` with the reason: the mailbox reader leaves it unseen and reports it.
 */
export function applyPattern(
  source: string,
  settings: TimeSettings,
  message: DecodedMessage,
  receivedAt: number | null,
): PatternResult {
  let pattern: RegExp;
  try {
    pattern = compilePattern(source);
    checkTimeZone(settings.timeZone);
  } catch (error) {
    return { ok: false, text: message.text, reason: (error as Error).message };
  }
  const match = pattern.exec(message.text);
  if (!match) return { ok: false, text: message.text, reason: 'The pattern does not match the message' };
  const time = group(match.groups, 'time');
  let startedAt: number;
  let timeFrom: 'pattern' | 'date-header' | 'received';
  if (time !== null) {
    const parsed = parseTime(time, settings);
    if (typeof parsed === 'string') return { ok: false, text: message.text, reason: parsed };
    startedAt = parsed;
    timeFrom = 'pattern';
  } else if (message.date !== null) {
    startedAt = message.date;
    timeFrom = 'date-header';
  } else if (receivedAt !== null) {
    startedAt = receivedAt;
    timeFrom = 'received';
  } else {
    return { ok: false, text: message.text, reason: 'The message says no time: no time group, no Date header' };
  }
  return {
    ok: true,
    text: message.text,
    number: group(match.groups, 'number') ?? '',
    queue: group(match.groups, 'queue'),
    to: group(match.groups, 'to'),
    startedAt,
    timeFrom,
  };
}

/**
 * The call id of a mailed call: its Message-ID, so one message is one call however often it is read. A
 * message without one is named by the hash of its bytes (the same message read again has the same bytes).
 * Ids too long for the event are hashed.
 */
export function mailCallId(message: DecodedMessage, source: Buffer | string): string {
  const id =
    message.messageId && isWellFormedText(message.messageId)
      ? `mail:${message.messageId}`
      : `mail-sha256:${createHash('sha256').update(source).digest('hex')}`;
  return id.length <= 200 ? id : `mail-sha256:${createHash('sha256').update(id).digest('hex')}`;
}

export function missedCallEvent(
  pbxId: string,
  callId: string,
  result: Extract<PatternResult, { ok: true }>,
): PbxCallEvent {
  return {
    pbxId,
    callId,
    direction: 'in',
    from: result.number.slice(0, 200),
    to: result.to?.slice(0, 200) ?? null,
    queue: result.queue?.slice(0, 200) ?? null,
    startedAt: result.startedAt,
    answeredAt: null,
    endedAt: null,
    state: 'missed',
    answeredBy: null,
  };
}
