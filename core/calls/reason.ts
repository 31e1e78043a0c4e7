/**
 * RFC 3326 `Reason` header values on a CANCEL. A ring group (or a PBX that forks to several desks) cancels the
 * desks that did not pick up with `SIP;cause=200`: the call was answered elsewhere and is not missed. Anything
 * else — no Reason at all, `Q.850;cause=16`, `SIP;cause=487`, garbage — means the caller gave up or the PBX
 * timed out: missed.
 */
export type ReasonValue = Readonly<{
  /** `SIP`, `Q.850`, or another token, upper-cased so comparisons need not care how the PBX spelt it. */
  protocol: string;
  cause: number | null;
  text: string | null;
}>;

export type CancelClassification = 'answered-elsewhere' | 'missed';

/** Splits on `sep` outside double quotes, honouring `\"` escapes inside them. */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (quoted && ch === '\\' && i + 1 < text.length) {
      current += ch + (text[i + 1] as string);
      i += 1;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    return trimmed.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return trimmed;
}

function parseReasonValue(raw: string): ReasonValue | null {
  const [protocolPart, ...params] = splitOutsideQuotes(raw, ';');
  const protocol = unquote(protocolPart ?? '').toUpperCase();
  if (protocol === '') return null;
  let cause: number | null = null;
  let text: string | null = null;
  for (const param of params) {
    const eq = param.indexOf('=');
    const name = (eq < 0 ? param : param.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : unquote(param.slice(eq + 1));
    if (name === 'cause' && /^\d{1,5}$/.test(value)) cause = Number(value);
    else if (name === 'text') text = value;
  }
  return { protocol, cause, text };
}

/**
 * Every value of every `Reason` header line, in order. One line may carry several comma-separated values
 * (`Q.850;cause=16, SIP;cause=200`); a comma inside a quoted `text` does not split. Values that are not
 * even a protocol token are dropped rather than thrown: a PBX's odd header must not lose the call record.
 */
export function parseReasonHeaders(lines: readonly string[]): readonly ReasonValue[] {
  const values: ReasonValue[] = [];
  for (const line of lines) {
    for (const part of splitOutsideQuotes(line, ',')) {
      const value = parseReasonValue(part);
      if (value) values.push(value);
    }
  }
  return values;
}

/**
 * "Answered elsewhere" when any value says so: RFC 3326 `SIP;cause=200`, or its ISDN twin `Q.850;cause=26`
 * ("non-selected user clearing"), which gateways and some PBXs send for the same event.
 */
export function isAnsweredElsewhere(value: ReasonValue): boolean {
  return (value.protocol === 'SIP' && value.cause === 200) || (value.protocol === 'Q.850' && value.cause === 26);
}

export function classifyCancel(reasonLines: readonly string[]): CancelClassification {
  return parseReasonHeaders(reasonLines).some(isAnsweredElsewhere) ? 'answered-elsewhere' : 'missed';
}
