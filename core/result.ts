/**
 * Errors cross every process boundary as data, never as thrown objects: the renderer, the preload, the
 * browser host and (later) the server all speak this one shape.
 */
export const ERROR_CODES = [
  'invalid-input',
  'unknown-method',
  'not-found',
  'forbidden',
  'conflict',
  'transition-not-allowed',
  'debt-not-acknowledged',
  /** The desk's data file is damaged: nothing more is written to it. */
  'store-unavailable',
  /** The renderer cannot reach its workstation (the browser host stopped or restarted). */
  'workstation-unreachable',
  /** The desk cannot reach the shared server. */
  'server-unreachable',
  'unauthorized',
  'too-many-attempts',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Why a business rule said no, in a form every language can say: `message` stays English (logs, older
 * desks), and the UI words `reason` in the user's language when it knows the key.
 */
export const REASON_KEYS = [
  /** params: name (who has it) */
  'already-taken',
  /** params: client */
  'debt-changed',
  /** params: from, to (status codes) */
  'transition-not-allowed',
  /** params: number */
  'warranty-payment',
  /** params: mutation (its name) */
  'role-may-not',
  /** params: client, count (unpaid visits), sum (minor units), currency */
  'debt-unacknowledged',
  /** params: table (of the row whose id was reused) */
  'id-taken',
  /** The server is up but busy checking other sign-ins; params: none */
  'server-busy',
  /** params: value (the tax id as given) */
  'tax-id-invalid',
  /** params: raw (the number as typed) */
  'phone-invalid',
  /** A deactivated or merged client, contact or vehicle takes no new work; params: name */
  'directory-inactive',
  /** params: kept, merged (client names) */
  'merge-currency',
  /** params: engineer, number (the other visit's ticket), by (who planned it) */
  'visit-overlap',
  /** params: engineer, kind (vacation, sick, training, other) */
  'engineer-off',
  /** params: name (who changed the visit since it was loaded) */
  'visit-moved',
  /** params: name (who planned it) */
  'visit-already-planned',
  /** params: count (required questions without an answer) */
  'checklist-incomplete',
  /** A cancelled payment cannot be corrected or cancelled again; params: none */
  'payment-cancelled',
  /** An engineer's week was changed by someone else since it was loaded; params: none */
  'hours-changed',
  /** Time off over a visit the engineer still has; params: engineer, number (the visit's ticket) */
  'time-off-over-visit',
  /** A travel setting outside its range; params: min, max, value (speeds in km/h, factors as 1.30) */
  'speed-out-of-range',
  'road-factor-out-of-range',
  /** The browser host refused the tab's token: it was restarted (a new token each launch) or the link was cut; params: none */
  'host-link-stale',
] as const;
export type ReasonKey = (typeof REASON_KEYS)[number];

export function isReasonKey(key: string): key is ReasonKey {
  return (REASON_KEYS as readonly string[]).includes(key);
}
export type Reason = Readonly<{ key: ReasonKey; params: Readonly<Record<string, string>> }>;

export type PultErrorData = Readonly<{
  code: ErrorCode;
  message: string;
  /** Field paths for `invalid-input`, so a form can point at the culprit. */
  issues?: readonly Readonly<{ path: string; message: string }>[];
  reason?: Reason;
}>;

export type Result<T> = Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; error: PultErrorData }>;

/** A domain failure that a handler may throw; adapters turn it into `{ ok: false }`. */
export class PultError extends Error {
  readonly code: ErrorCode;
  readonly issues: PultErrorData['issues'];
  readonly reason: Reason | undefined;

  constructor(code: ErrorCode, message: string, issues?: PultErrorData['issues'], reason?: Reason) {
    super(message);
    this.name = 'PultError';
    this.code = code;
    this.issues = issues;
    this.reason = reason;
  }

  /** A refusal by a business rule, with its reason for the UI to word. */
  static because(code: ErrorCode, message: string, key: ReasonKey, params: Record<string, string>): PultError {
    return new PultError(code, message, undefined, { key, params });
  }

  toData(): PultErrorData {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.reason ? { reason: this.reason } : {}),
    };
  }
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
