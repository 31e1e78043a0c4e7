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
  'store-unavailable',
  'unauthorized',
  'too-many-attempts',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type PultErrorData = Readonly<{
  code: ErrorCode;
  message: string;
  /** Field paths for `invalid-input`, so a form can point at the culprit. */
  issues?: readonly Readonly<{ path: string; message: string }>[];
}>;

export type Result<T> = Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; error: PultErrorData }>;

/** A domain failure that a handler may throw; adapters turn it into `{ ok: false }`. */
export class PultError extends Error {
  readonly code: ErrorCode;
  readonly issues: PultErrorData['issues'];

  constructor(code: ErrorCode, message: string, issues?: PultErrorData['issues']) {
    super(message);
    this.name = 'PultError';
    this.code = code;
    this.issues = issues;
  }

  toData(): PultErrorData {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
