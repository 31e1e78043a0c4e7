import type { FastifyInstance } from 'fastify';
import { MAX_PUSH_BYTES } from '../../core/sync-protocol.js';
import { HttpError } from '../http-error.js';

/**
 * Deepest nesting a request body may have. The deepest real body (a push: request → mutations → mutation →
 * args → a nested object in args) is about six levels; 32 leaves room for any future mutator while a
 * million nested brackets (which JSON.parse and every recursive walk after it would chew on for seconds,
 * or overflow the stack on) are refused before parsing.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether `text` nests arrays/objects deeper than `limit`: one pass over the characters, brackets inside
 * strings not counted. Exact for valid JSON; for invalid JSON it may say either, and JSON.parse refuses it
 * anyway.
 */
export function jsonTooDeep(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character, a quote included
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * JSON is the only body the server reads (anything else is 415): at most MAX_PUSH_BYTES, at most
 * MAX_JSON_DEPTH deep, then Fastify's own parser, which refuses `__proto__` and `constructor.prototype` keys.
 */
export function acceptJsonOnly(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: MAX_PUSH_BYTES },
    (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (jsonTooDeep(text, MAX_JSON_DEPTH)) {
        done(new HttpError(400, 'invalid-input', `Invalid request: JSON nested deeper than ${MAX_JSON_DEPTH} levels`));
        return;
      }
      parseJson(request, text, done);
    },
  );
}
