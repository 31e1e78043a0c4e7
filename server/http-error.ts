/** A refusal with its HTTP status and the `{error: {code, message}}` body every route answers with. */
export type HttpErrorCode =
  | 'invalid-input'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'mutation-gap'
  | 'server-too-old'
  | 'cursor-ahead'
  | 'no-snapshot'
  | 'schema-too-old'
  | 'too-large'
  | 'too-many-attempts'
  | 'unsupported-media-type'
  | 'timeout'
  | 'busy'
  | 'internal';

export type HttpErrorBody = Readonly<{ error: Readonly<{ code: HttpErrorCode; message: string }> }>;

export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status: number;
  readonly code: HttpErrorCode;
  /** Seconds for a `Retry-After` header (429, 503): when trying again can succeed. */
  readonly retryAfter: number | undefined;

  constructor(status: number, code: HttpErrorCode, message: string, retryAfter?: number) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  body(): HttpErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}
