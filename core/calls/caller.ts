import { DEFAULT_PHONE_REGIONS, normalizePhone, type PhoneRegions } from '../phone.js';

/**
 * Who is calling, read from the identity headers of an incoming INVITE. Real PBXs disagree on where the
 * number is: the trusted network identity (`P-Asserted-Identity`, RFC 3325), the older `Remote-Party-ID`
 * draft, or only `From`; in `sip:` or `tel:` URIs, with `+375…`, `8029…`, visual separators, `%2B`.
 */
export type CallerIdentityHeaders = Readonly<{
  from: string | null;
  pAssertedIdentity: readonly string[];
  remotePartyId: readonly string[];
  privacy: readonly string[];
}>;

export type CallerSource = 'p-asserted-identity' | 'remote-party-id' | 'from';

export type Caller =
  /** A telephone number; `e164` is null when it is not a valid public number (an internal extension). */
  | Readonly<{ kind: 'number'; number: string; e164: string | null; displayName: string | null; source: CallerSource }>
  /** The caller asked to hide the number (or the PBX hid it): still a call, still logged, no callback number. */
  | Readonly<{ kind: 'withheld'; displayName: string | null }>
  /** A SIP user that is not a number (`sip:alice@…`), or nothing readable at all. */
  | Readonly<{ kind: 'unknown'; user: string; displayName: string | null }>;

export type NameAddr = Readonly<{
  displayName: string | null;
  scheme: string;
  /** The user part (sip) or subscriber (tel), percent-decoded, without its parameters. */
  user: string;
  host: string;
  /** Header parameters after the address (`party=calling;privacy=full` in Remote-Party-ID). */
  params: Readonly<Record<string, string>>;
}>;

function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A lone `%` is not an escape; keep the text rather than lose the caller.
    return text;
  }
}

function parseParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (name)
      params[name] =
        eq < 0
          ? ''
          : part
              .slice(eq + 1)
              .trim()
              .replace(/^"|"$/g, '');
  }
  return params;
}

/**
 * One `name-addr` or `addr-spec` (RFC 3261 §20.10). Null when there is no URI we can read: the caller is then
 * judged by the other headers, never by an exception.
 */
export function parseNameAddr(raw: string): NameAddr | null {
  let rest = raw.trim();
  let displayName: string | null = null;
  if (rest.startsWith('"')) {
    let i = 1;
    let name = '';
    while (i < rest.length && rest[i] !== '"') {
      if (rest[i] === '\\' && i + 1 < rest.length) i += 1;
      name += rest[i];
      i += 1;
    }
    // An unterminated quote: the name is what stands before `<`, and the address is still there to read.
    if (i >= rest.length && rest.includes('<')) {
      name = rest.slice(1, rest.indexOf('<'));
      i = rest.indexOf('<') - 1;
    }
    displayName = name;
    rest = rest.slice(i + 1).trim();
  }
  let uri: string;
  let headerParams = '';
  const open = rest.indexOf('<');
  if (open >= 0) {
    // A missing `>` loses the line between URI and header parameters, not the number before the `@`.
    const close = rest.indexOf('>', open) < 0 ? rest.length : rest.indexOf('>', open);
    const before = rest.slice(0, open).trim();
    if (displayName === null && before) displayName = before;
    uri = rest.slice(open + 1, close).trim();
    headerParams = rest.slice(close + 1);
  } else {
    // Without angle brackets every `;` after the URI starts a header parameter (RFC 3261 §20).
    const semi = rest.indexOf(';');
    uri = (semi < 0 ? rest : rest.slice(0, semi)).trim();
    headerParams = semi < 0 ? '' : rest.slice(semi);
  }
  const colon = uri.indexOf(':');
  if (colon <= 0) return null;
  const scheme = uri.slice(0, colon).toLowerCase();
  const body = uri.slice(colon + 1);
  let user = '';
  let host = '';
  if (scheme === 'tel') {
    user = body.split(';')[0] ?? '';
  } else if (scheme === 'sip' || scheme === 'sips') {
    // The first `@` ends the user part (an `@` inside it must be escaped); a later one is in a parameter.
    const at = body.indexOf('@');
    user = at < 0 ? '' : (body.slice(0, at).split(';')[0] ?? '');
    // The password part (`user:pass@`) is deprecated but legal; it is never part of the number.
    user = user.split(':')[0] ?? '';
    host = (at < 0 ? body : body.slice(at + 1)).split(/[;?]/)[0] ?? '';
  } else {
    return null;
  }
  return {
    displayName: displayName === null ? null : displayName.trim() || null,
    scheme,
    user: decodePercent(user).trim(),
    host: host.toLowerCase(),
    params: parseParams(headerParams),
  };
}

const WITHHELD_USERS = new Set(['anonymous', 'restricted', 'unavailable', 'unknown', 'private', 'withheld']);
/** RFC 3323 privacy values that ask for the caller's identity to be hidden. */
const HIDING_PRIVACY = new Set(['id', 'user', 'header']);
const VISUAL_SEPARATORS = /[\s\-.()/]/g;

function isWithheldAddress(addr: NameAddr): boolean {
  return (
    addr.user === '' ||
    WITHHELD_USERS.has(addr.user.toLowerCase()) ||
    addr.host === 'anonymous.invalid' ||
    (addr.displayName !== null && /^anonymous$/i.test(addr.displayName) && !looksLikeNumber(addr.user))
  );
}

function looksLikeNumber(user: string): boolean {
  return /^\+?\d+$/.test(user.replace(VISUAL_SEPARATORS, '')) && /\d/.test(user);
}

function privacyHides(privacy: readonly string[]): boolean {
  return privacy.some((line) =>
    line
      .split(/[;,]/)
      .map((v) => v.trim().toLowerCase())
      .some((v) => HIDING_PRIVACY.has(v)),
  );
}

/** Splits a header line into its comma-separated addresses; commas inside quotes or `<…>` do not split. */
function splitAddresses(line: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let bracketed = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i] as string;
    if (quoted && ch === '\\') {
      current += ch + (line[i + 1] ?? '');
      i += 1;
      continue;
    }
    if (ch === '"' && !bracketed) quoted = !quoted;
    else if (ch === '<' && !quoted) bracketed = true;
    else if (ch === '>' && !quoted) bracketed = false;
    if (ch === ',' && !quoted && !bracketed) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

/**
 * The best readable address of a header's lines: a PBX may assert both `<sip:…>` and `<tel:…>`, and the
 * one that holds a number is the one a dispatcher can call back.
 */
function bestAddress(lines: readonly string[]): NameAddr | null {
  const all = lines.flatMap(splitAddresses).flatMap((part) => parseNameAddr(part) ?? []);
  return all.find((addr) => looksLikeNumber(addr.user)) ?? all[0] ?? null;
}

/**
 * The caller of an incoming call. The network-asserted identity wins over `From`, which the caller's own
 * phone may have written; a hiding `Privacy` header, or an anonymous address in the best identity we have,
 * makes the caller withheld.
 */
export function identifyCaller(headers: CallerIdentityHeaders, regions: PhoneRegions = DEFAULT_PHONE_REGIONS): Caller {
  const from = headers.from === null ? null : parseNameAddr(headers.from);
  const displayName = from?.displayName ?? null;
  if (privacyHides(headers.privacy)) return { kind: 'withheld', displayName: null };

  const pai = bestAddress(headers.pAssertedIdentity);
  const rpid = bestAddress(headers.remotePartyId);
  const rpidHides = rpid !== null && ['full', 'uri', 'name'].includes((rpid.params['privacy'] ?? '').toLowerCase());
  if (rpidHides) return { kind: 'withheld', displayName: null };

  const candidates: [CallerSource, NameAddr | null][] = [
    ['p-asserted-identity', pai],
    ['remote-party-id', rpid],
    ['from', from],
  ];
  for (const [source, addr] of candidates) {
    if (!addr) continue;
    // The most trusted identity present decides: an anonymous PAI is not undone by a number in From.
    if (isWithheldAddress(addr)) return { kind: 'withheld', displayName: null };
    if (!looksLikeNumber(addr.user)) continue;
    const number = addr.user;
    return {
      kind: 'number',
      number,
      e164: normalizePhone(number, regions),
      displayName: addr.displayName ?? displayName,
      source,
    };
  }
  const best = pai ?? rpid ?? from;
  if (!best) return { kind: 'withheld', displayName: null };
  return { kind: 'unknown', user: best.user, displayName: best.displayName ?? displayName };
}
