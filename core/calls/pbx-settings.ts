import { z } from 'zod';
import { action, empty, query } from '../contract-method.js';
import { name, text } from '../schema/text.js';
import { compilePattern } from './mail-pattern.js';

/**
 * What an admin sets up for a PBX that reports calls to the server by itself: its webhook token and the
 * mailbox it e-mails missed calls to. The server's admin routes (`/api/admin/pbx…`) take and give these.
 */

/** A PBX's id is part of its webhook URL, so it is a short slug (`office`, `minsk-2`). */
export const PbxId = text(63).regex(
  /^[a-z0-9][a-z0-9-]{0,62}$/,
  'Use 1 to 63 lowercase Latin letters, digits and dashes, not starting with a dash',
);

export const CreatePbxRequest = z.object({ id: PbxId.optional(), name }).strict();

export { compilePattern, PATTERN_FLAGS, PATTERN_GROUPS, type PatternGroup } from './mail-pattern.js';

const Pattern = text(2000)
  .min(1)
  .superRefine((source, ctx) => {
    try {
      compilePattern(source);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

/** The raw message as "show original" gives it: headers, MIME parts, encodings and all. */
export const SampleMessage = text(200_000).min(1);

/**
 * How the server reaches the mailbox. `tls`: implicit TLS (port 993); `starttls`: plain connection upgraded,
 * refused if the server cannot; `none`: plain text (a mail server on the same host or network only).
 */
export const MailboxSecurity = z.enum(['tls', 'starttls', 'none']);
export type MailboxSecurity = z.infer<typeof MailboxSecurity>;

const mailboxFields = {
  enabled: z.boolean(),
  host: text(253).trim().min(1),
  port: z.number().int().min(1).max(65535),
  security: MailboxSecurity,
  user: text(200).min(1),
  folder: text(200).min(1).default('INBOX'),
  pattern: Pattern,
  /** Luxon tokens for the `time` group (`dd.MM.yyyy HH:mm:ss`); null: ISO 8601. */
  timeFormat: text(100).min(1).nullable().default(null),
  /** The IANA zone the PBX writes times in (Belarus: Europe/Minsk, UTC+3 all year). */
  timeZone: text(100).min(1).default('Europe/Minsk'),
  sampleMessage: SampleMessage.nullable().default(null),
};

/** Stored settings (the password included; it never leaves the server). */
export const MailboxSettings = z.object({ ...mailboxFields, password: text(500) }).strict();
export type MailboxSettings = z.infer<typeof MailboxSettings>;

/** What an admin sends: the password may be left out to keep the stored one. */
export const SetMailboxRequest = z.object({ ...mailboxFields, password: text(500).optional() }).strict();
export type SetMailboxRequest = z.input<typeof SetMailboxRequest>;

/** A pattern tried on a sample before it is saved; fields left out are the stored ones. */
export const TestPatternRequest = z
  .object({
    pattern: Pattern.optional(),
    timeFormat: text(100).min(1).nullable().optional(),
    timeZone: text(100).min(1).optional(),
    sampleMessage: SampleMessage.optional(),
  })
  .strict();

/** What a pattern made of one message, or why it made nothing. `text` is exactly what the pattern ran on. */
export type PatternResult = Readonly<
  | {
      ok: true;
      text: string;
      number: string;
      queue: string | null;
      to: string | null;
      startedAt: number;
      /** Where the time came from: the `time` group, or the message's Date header. */
      timeFrom: 'pattern' | 'date-header' | 'received';
    }
  | { ok: false; text: string; reason: string }
>;

export type UnmatchedMessage = Readonly<{ subject: string; reason: string; firstSeenAt: number; lastSeenAt: number }>;

export type PbxView = Readonly<{
  id: string;
  name: string;
  createdAt: number;
  tokenIssuedAt: number;
  mailbox: (Omit<MailboxSettings, 'password'> & Readonly<{ passwordSet: boolean }>) | null;
  mailboxStatus: Readonly<{
    checkedAt: number | null;
    /** The last check's failure (connection, login, folder), null when it went through. */
    error: string | null;
    /** Messages the pattern did not match, left unseen in the mailbox: how many, and the latest few. */
    unmatched: number;
    recentUnmatched: readonly UnmatchedMessage[];
  }>;
}>;

/** A token is shown once, when it is made; the server keeps only its hash. */
export type PbxTokenResponse = Readonly<{
  pbx: PbxView;
  token: string;
  /** The webhook's path on this server (`/api/pbx/ID/cti`); the server cannot know the address PBXs reach it by. */
  webhookPath: string;
}>;

/**
 * The same shapes as zod schemas, for the desk's contract: an admin's desk forwards these calls to its server
 * (main/calls/pbx-admin.ts) and checks what comes back before the window sees it.
 */
const Moment = z.number().int().nonnegative();

export const PbxViewSchema = z
  .object({
    id: PbxId,
    name: text(200),
    createdAt: Moment,
    tokenIssuedAt: Moment,
    mailbox: z
      .object({
        enabled: z.boolean(),
        host: text(253),
        port: z.number().int(),
        security: MailboxSecurity,
        user: text(200),
        folder: text(200),
        pattern: text(2000),
        timeFormat: text(100).nullable(),
        timeZone: text(100),
        sampleMessage: SampleMessage.nullable(),
        passwordSet: z.boolean(),
      })
      .nullable(),
    mailboxStatus: z.object({
      checkedAt: Moment.nullable(),
      error: text(2000).nullable(),
      unmatched: z.number().int().nonnegative(),
      recentUnmatched: z.array(
        z.object({ subject: text(2000), reason: text(2000), firstSeenAt: Moment, lastSeenAt: Moment }),
      ),
    }),
  })
  .readonly();

export const PatternResultSchema = z.union([
  z.object({
    ok: z.literal(true),
    text: text(200_000),
    number: text(200),
    queue: text(500).nullable(),
    to: text(500).nullable(),
    startedAt: Moment,
    timeFrom: z.enum(['pattern', 'date-header', 'received']),
  }),
  z.object({ ok: z.literal(false), text: text(200_000), reason: text(2000) }),
]);

export const PbxTokenResponseSchema = z.object({ pbx: PbxViewSchema, token: text(200), webhookPath: text(200) });

export const MailboxCheckSchema = z.object({
  pbxId: PbxId,
  delivered: z.number().int().nonnegative(),
  unmatched: z.number().int().nonnegative(),
  error: text(2000).nullable(),
});

const PbxRef = z.object({ id: PbxId }).strict();

export const PBX_ADMIN_CONTRACT = {
  /** The company's PBXs as its server has them (admins only: the server refuses anyone else). */
  'pbx:list': query(empty, z.array(PbxViewSchema), 'session'),
  'pbx:create': action(CreatePbxRequest, PbxTokenResponseSchema),
  'pbx:rotate-token': action(PbxRef, PbxTokenResponseSchema),
  'pbx:set-mailbox': action(
    SetMailboxRequest.extend({ id: PbxId }),
    z.object({ pbx: PbxViewSchema, sample: PatternResultSchema.nullable() }),
  ),
  'pbx:test-pattern': action(TestPatternRequest.extend({ id: PbxId }), PatternResultSchema),
  'pbx:check-mailbox': action(PbxRef, MailboxCheckSchema),
} as const;
