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
  | 'internal';

export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status: number;
  readonly code: HttpErrorCode;

  constructor(status: number, code: HttpErrorCode, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }

  body() {
    return { error: { code: this.code, message: this.message } };
  }
}
