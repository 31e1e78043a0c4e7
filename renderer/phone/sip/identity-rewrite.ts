import { Grammar } from 'sip.js';

/**
 * sip.js 0.21 cannot parse a `tel:` URI in `From` or `To` (RFC 3966): it drops the whole INVITE without a
 * reply, so the desk never sees the call. It also ignores a `tel:` P-Asserted-Identity. Real PBXs and
 * carrier trunks send both. So every message is rewritten before sip.js parses it: each `tel:NUMBER` in an
 * identity header becomes `sip:NUMBER@tel.invalid;user=phone` (RFC 3261 §19.1.6, the SIP form of a telephone
 * number), and the untouched header is kept in `X-Pult-Original-<Name>` so the caller is still read from
 * what the PBX sent. A value sip.js still refuses (a `urn:` URI, a broken host) is repaired the same way as a
 * last resort. Going out, rewritten values are put back exactly as they came, so the PBX sees its own
 * `From`/`To` in our responses and in-dialog requests.
 */

export const TEL_HOST = 'tel.invalid';
export const ORIGINAL_HEADER_PREFIX = 'X-Pult-Original-';

const IDENTITY_HEADERS: Readonly<Record<string, string>> = {
  from: 'From',
  f: 'From',
  to: 'To',
  t: 'To',
  'p-asserted-identity': 'P-Asserted-Identity',
  'p-preferred-identity': 'P-Preferred-Identity',
};

/** Characters a SIP user part may hold unescaped (RFC 3261 §25.1 `unreserved` / `user-unreserved`). */
const USER_SAFE = /[A-Za-z0-9\-_.!~*'()&=+$,?/%]/;

function telToSipUser(telBody: string): string {
  const subscriber = telBody.split(';')[0] ?? '';
  let user = '';
  for (const ch of subscriber) user += USER_SAFE.test(ch) ? ch : encodeURIComponent(ch);
  return user;
}

/** `tel:` URIs in one header value, in either the `<tel:…>` or the bare `tel:…` form. */
function rewriteValue(value: string): string {
  const bracketed = value.replace(/<\s*tel:([^>]*)>/gi, (_m, body: string) => {
    return `<sip:${telToSipUser(body.trim())}@${TEL_HOST};user=phone>`;
  });
  if (bracketed !== value) return bracketed;
  // A bare addr-spec ends at the first `;` (header params follow), so the URI is the subscriber alone.
  return value.replace(/^(\s*)tel:([^;,\s]*)/i, (_m, lead: string, body: string) => {
    return `${lead}<sip:${telToSipUser(body)}@${TEL_HOST};user=phone>`;
  });
}

export type RewriteResult = Readonly<{
  message: string;
  /** rewritten header value → the original one, for `restoreOutgoing` */
  replaced: ReadonlyArray<readonly [string, string]>;
}>;

function splitHead(message: string): { head: string; rest: string } {
  const end = message.indexOf('\r\n\r\n');
  return end < 0 ? { head: message, rest: '' } : { head: message.slice(0, end), rest: message.slice(end) };
}

function rewriteIdentityHeaders(message: string, rewriteValue: (value: string) => string): RewriteResult {
  const { head, rest } = splitHead(message);
  const lines = head.split('\r\n');
  const out: string[] = [];
  const originals: string[] = [];
  const replaced: [string, string][] = [];
  for (const [index, line] of lines.entries()) {
    const colon = line.indexOf(':');
    const canonical =
      index === 0 || colon < 0 ? undefined : IDENTITY_HEADERS[line.slice(0, colon).trim().toLowerCase()];
    if (!canonical) {
      out.push(line);
      continue;
    }
    const value = line.slice(colon + 1);
    const rewritten = rewriteValue(value);
    if (rewritten === value) {
      out.push(line);
      continue;
    }
    out.push(`${line.slice(0, colon)}: ${rewritten.trim()}`);
    originals.push(`${ORIGINAL_HEADER_PREFIX}${canonical}:${value}`);
    replaced.push([rewritten.trim(), value.trim()]);
  }
  if (replaced.length === 0) return { message, replaced: [] };
  return { message: [...out, ...originals].join('\r\n') + rest, replaced };
}

/** Rewrites `tel:` identities in an incoming message; any other message comes back unchanged. */
export function rewriteIncoming(message: string): RewriteResult {
  if (!/tel:/i.test(message)) return { message, replaced: [] };
  return rewriteIdentityHeaders(message, rewriteValue);
}

export const REPAIR_HOST = 'unreadable.invalid';

/**
 * The last resort for an identity header sip.js cannot parse (a space in the user part, an unterminated
 * display name, a `urn:` URI): the value becomes `<sip:USER@unreadable.invalid>` with the same tag, so
 * sip.js can still ring, cancel and answer the call; the caller is read from the kept original.
 */
function repairValue(value: string): string {
  // Only a value sip.js's own grammar refuses is touched; the other headers stay as the PBX wrote them.
  if (Grammar.parse(value.trim(), 'From') !== -1) return value;
  const tag = /;\s*tag\s*=\s*([^;\s,>"]+)/i.exec(value)?.[1];
  const uri = /<([^>]*)>?/.exec(value)?.[1] ?? value.split(';')[0] ?? '';
  const user = /^[a-z][a-z0-9+.-]*:([^@;>]*)/i.exec(uri.trim())?.[1] ?? '';
  let safe = '';
  for (const ch of user.replace(/%[0-9a-f]{2}/gi, (escape) => {
    try {
      return decodeURIComponent(escape);
    } catch {
      return '';
    }
  })) {
    safe += /[A-Za-z0-9\-_.!~*'()+]/.test(ch) ? ch : encodeURIComponent(ch);
  }
  const repaired = `<sip:${safe || 'unreadable'}@${REPAIR_HOST}>${tag ? `;tag=${tag}` : ''}`;
  return repaired === value.trim() ? value : repaired;
}

export function repairIdentityHeaders(message: string): RewriteResult {
  return rewriteIdentityHeaders(message, repairValue);
}

/**
 * Puts the original identity headers back into an outgoing message. `originals` maps a rewritten header
 * value to what the PBX sent; sip.js copies From/To verbatim into responses and swaps them into in-dialog
 * requests, so an exact string match finds them.
 */
export function restoreOutgoing(message: string, originals: ReadonlyMap<string, string>): string {
  if (originals.size === 0 || !(message.includes(TEL_HOST) || message.includes(REPAIR_HOST))) return message;
  const { head, rest } = splitHead(message);
  const lines = head.split('\r\n').map((line, index) => {
    const colon = line.indexOf(':');
    if (index === 0 || colon < 0 || !IDENTITY_HEADERS[line.slice(0, colon).trim().toLowerCase()]) return line;
    const value = line.slice(colon + 1).trim();
    // sip.js adds its own tag to To in responses: restore the URI part, keep the tags sip.js wrote.
    for (const [rewritten, original] of originals) {
      const uriEnd = rewritten.indexOf('>') + 1;
      const rewrittenAddr = rewritten.slice(0, uriEnd);
      if (uriEnd > 0 && value.startsWith(rewrittenAddr)) {
        const originalAddr = original.includes('<')
          ? original.slice(0, original.indexOf('>') + 1)
          : (original.split(';')[0] ?? original);
        return `${line.slice(0, colon)}: ${originalAddr}${value.slice(rewrittenAddr.length)}`;
      }
    }
    return line;
  });
  return lines.join('\r\n') + rest;
}

/** The original headers the rewrite kept, by canonical name (`From`, `P-Asserted-Identity`, …). */
export function originalHeaderName(canonical: string): string {
  return `${ORIGINAL_HEADER_PREFIX}${canonical}`;
}
