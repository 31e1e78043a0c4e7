import fc from 'fast-check';
import { Core } from 'sip.js';
import { describe, expect, it } from 'vitest';
import { identifyCaller } from '../../../core/calls/index.js';
import { repairIdentityHeaders, restoreOutgoing, rewriteIncoming } from './identity-rewrite.js';

const logger = new Core.LoggerFactory();
logger.builtinEnabled = false;
const parse = (message: string) => Core.Parser.parseMessage(message, logger.getLogger('test'));

function invite(from: string, extra: readonly string[] = []): string {
  return [
    'INVITE sip:desk@127.0.0.1 SIP/2.0',
    'Via: SIP/2.0/WSS 127.0.0.1;branch=z9hG4bK1',
    'Max-Forwards: 70',
    `From: ${from}`,
    'To: <sip:desk@127.0.0.1>',
    'Call-ID: abc',
    'CSeq: 1 INVITE',
    ...extra,
    'Content-Length: 4',
    '',
    'body',
  ].join('\r\n');
}

function header(message: string, name: string): string | undefined {
  const line = message.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

describe('identity rewrite in front of sip.js', () => {
  it('sip.js alone cannot parse an INVITE from a tel: URI; after the rewrite it can, and the number is kept', () => {
    const raw = invite('"Клиент" <tel:+375-29-123-45-67;phone-context=+375>;tag=a1', [
      'P-Asserted-Identity: <tel:+375291234567>',
    ]);
    expect(parse(raw)).toBeUndefined();
    const { message } = rewriteIncoming(raw);
    const parsed = parse(message);
    expect(parsed?.from.uri.toString()).toBe('sip:+375-29-123-45-67@tel.invalid;user=phone');
    expect(parsed?.fromTag).toBe('a1');
    expect(header(message, 'X-Pult-Original-From')).toBe('"Клиент" <tel:+375-29-123-45-67;phone-context=+375>;tag=a1');
    expect(header(message, 'X-Pult-Original-P-Asserted-Identity')).toBe('<tel:+375291234567>');
    expect(message.endsWith('\r\n\r\nbody')).toBe(true);
  });

  it('a bare tel: From (no angle brackets) and a compact f: header are rewritten too', () => {
    expect(parse(rewriteIncoming(invite('tel:80291234567;tag=x')).message)?.fromTag).toBe('x');
    const compact = invite('<sip:a@b>;tag=1').replace('From:', 'f:').replace('<sip:a@b>', '<tel:+375291234567>');
    expect(parse(rewriteIncoming(compact).message)).toBeDefined();
  });

  it('a message without tel: passes through byte for byte', () => {
    const raw = invite('"Anna" <sip:+375291234567@pbx>;tag=1', ['Subject: call me at tel:+1']);
    expect(rewriteIncoming(raw).message).toBe(raw);
  });

  it('going out, the PBX gets back its own From exactly, with the tag sip.js wrote to To kept', () => {
    const raw = invite('<tel:+375291234567>;tag=a1');
    const { replaced } = rewriteIncoming(raw);
    const originals = new Map(replaced);
    const response = [
      'SIP/2.0 180 Ringing',
      'Via: SIP/2.0/WSS 127.0.0.1;branch=z9hG4bK1',
      'From: <sip:+375291234567@tel.invalid;user=phone>;tag=a1',
      'To: <sip:desk@127.0.0.1>;tag=ours',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const restored = restoreOutgoing(response, originals);
    expect(header(restored, 'From')).toBe('<tel:+375291234567>;tag=a1');
    expect(header(restored, 'To')).toBe('<sip:desk@127.0.0.1>;tag=ours');
    // An in-dialog BYE from us has the caller in To.
    const bye = 'BYE sip:x@y SIP/2.0\r\nTo: <sip:+375291234567@tel.invalid;user=phone>;tag=a1\r\n\r\n';
    expect(header(restoreOutgoing(bye, originals), 'To')).toBe('<tel:+375291234567>;tag=a1');
  });

  it.each([
    '"Client" <sip:+375 29 123 45 67@pbx>;tag=t1',
    '"unterminated <sip:80291234567@pbx>;tag=t1',
    '<urn:service:sos>;tag=t1',
    '<sip:80291234567@pbx;tag=t1',
    '"X" <sip:+375(29)1234567@[::1>;tag=t1',
  ])('a From sip.js cannot parse (%s) is repaired so the call still rings, and the caller is still read', (from) => {
    const raw = invite(from);
    expect(parse(raw)).toBeUndefined();
    const { message, replaced } = repairIdentityHeaders(raw);
    const parsed = parse(message);
    expect(parsed?.fromTag).toBe('t1');
    expect(header(message, 'X-Pult-Original-From')).toBe(from);
    expect(replaced).toHaveLength(1);
    const caller = identifyCaller({
      from: header(message, 'X-Pult-Original-From') ?? null,
      pAssertedIdentity: [],
      remotePartyId: [],
      privacy: [],
    });
    if (from.includes('8029') || from.includes('+375')) expect(caller).toMatchObject({ e164: '+375291234567' });
  });

  it('no identity header value, however broken, makes the rewrite throw or lose the tag', () => {
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^[a-z0-9]{1,10}$/), (junk, tag) => {
        const raw = invite(`${junk.replace(/[\r\n]/g, '')};tag=${tag}`);
        const once = rewriteIncoming(raw).message;
        const repaired = parse(once) ? once : repairIdentityHeaders(once).message;
        expect(repaired.includes(`tag=${tag}`)).toBe(true);
      }),
    );
  });
});
