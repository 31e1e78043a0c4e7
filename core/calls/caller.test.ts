import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../phone.js';
import { identifyCaller, parseNameAddr, type CallerIdentityHeaders } from './caller.js';

const headers = (over: Partial<CallerIdentityHeaders>): CallerIdentityHeaders => ({
  from: null,
  pAssertedIdentity: [],
  remotePartyId: [],
  privacy: [],
  ...over,
});

describe('caller identification', () => {
  it.each([
    ['<sip:+375291234567@pbx.example.by>;tag=1', '+375291234567'],
    ['sip:80291234567@10.0.0.1;tag=1', '+375291234567'],
    ['"Иван" <sip:8029-123-45-67@pbx;user=phone>;tag=a', '+375291234567'],
    ['<sip:%2B375291234567@pbx;user=phone>;tag=a', '+375291234567'],
    ['<sip:+375%2029%20123%2045%2067@pbx>', '+375291234567'],
    ['<sip:+7(916)123-45-67@pbx>', '+79161234567'],
    ['<sip:89161234567@pbx>', '+79161234567'],
    ['<tel:+375-29-123-45-67>;tag=x', '+375291234567'],
    ['<tel:+375.29.123.45.67;phone-context=+375>', '+375291234567'],
    ['tel:80291234567;tag=x', '+375291234567'],
    ['  "Anna" <SIP:+375291234567@PBX.EXAMPLE>  ', '+375291234567'],
    ['<sips:+375291234567;isub=12@pbx>', '+375291234567'],
    ['<sips:80291234567@127.0.0.1;maddr=@@>', '+375291234567'],
  ])('From %s is the caller %s', (from, e164) => {
    const caller = identifyCaller(headers({ from }));
    expect(caller).toMatchObject({ kind: 'number', e164, source: 'from' });
  });

  it('the network-asserted identity wins over From, and a tel: PAI is read', () => {
    const caller = identifyCaller(headers({ from: '<sip:101@pbx>;tag=1', pAssertedIdentity: ['<tel:+375172001122>'] }));
    expect(caller).toMatchObject({ kind: 'number', e164: '+375172001122', source: 'p-asserted-identity' });
  });

  it('a PAI that lists a sip: URI without a number and a tel: URI gives the tel: number', () => {
    const caller = identifyCaller(
      headers({ from: '<sip:gw@pbx>', pAssertedIdentity: ['"Gw, Minsk" <sip:gw@pbx>, <tel:+375291234567>'] }),
    );
    expect(caller).toMatchObject({ kind: 'number', e164: '+375291234567' });
  });

  it('Remote-Party-ID is read when there is no PAI', () => {
    const caller = identifyCaller(
      headers({ from: '<sip:trunk@gw>', remotePartyId: ['"Пётр" <sip:+79161234567@gw>;party=calling;screen=yes'] }),
    );
    expect(caller).toMatchObject({ kind: 'number', e164: '+79161234567', source: 'remote-party-id' });
  });

  it('keeps a Cyrillic display name and a very long one', () => {
    const long = 'ООО «Очень длинное название транспортной компании», диспетчерская '.repeat(20);
    const cyr = identifyCaller(headers({ from: '"Иван Петрович \\"Сидоров\\"" <sip:+375291234567@pbx>;tag=1' }));
    expect(cyr).toMatchObject({ displayName: 'Иван Петрович "Сидоров"', e164: '+375291234567' });
    const longCaller = identifyCaller(headers({ from: `"${long}" <sip:80291234567@pbx>;tag=1` }));
    expect(longCaller).toMatchObject({ displayName: long.trim(), e164: '+375291234567' });
  });

  it.each<[string, Partial<CallerIdentityHeaders>]>([
    ['Privacy: id', { from: '<sip:+375291234567@pbx>', privacy: ['id'] }],
    ['Privacy: header;id', { pAssertedIdentity: ['<sip:+375291234567@pbx>'], privacy: ['header; id'] }],
    ['anonymous@anonymous.invalid', { from: '"Anonymous" <sip:anonymous@anonymous.invalid>;tag=1' }],
    ['Anonymous user', { from: '<sip:Anonymous@pbx.example>;tag=1' }],
    ['Anonymous display name', { from: '"Anonymous" <sip:pbx.example>;tag=1' }],
    ['empty user', { from: '<sip:@pbx.example>;tag=1' }],
    ['no user at all', { from: '<sip:pbx.example>' }],
    ['RPID privacy=full', { from: '<sip:x@gw>', remotePartyId: ['<sip:+375291234567@gw>;privacy=full'] }],
    [
      'anonymous PAI with a number in From',
      { from: '<sip:+375291234567@x>', pAssertedIdentity: ['<sip:anonymous@anonymous.invalid>'] },
    ],
    ['no headers', {}],
  ])('%s is a withheld caller', (_label, over) => {
    expect(identifyCaller(headers(over)).kind).toBe('withheld');
  });

  it('Privacy: none does not hide the caller', () => {
    expect(identifyCaller(headers({ from: '<sip:+375291234567@pbx>', privacy: ['none'] })).kind).toBe('number');
  });

  it('an internal extension is a number without an E.164 form; a SIP name is unknown', () => {
    expect(identifyCaller(headers({ from: '"Reception" <sip:101@pbx>;tag=1' }))).toMatchObject({
      kind: 'number',
      number: '101',
      e164: null,
    });
    expect(identifyCaller(headers({ from: '<sip:alice@pbx>;tag=1' }))).toMatchObject({
      kind: 'unknown',
      user: 'alice',
    });
  });

  it.each(['', '<', 'garbage', '"unterminated <sip:1@x', '<sip:%E0%A4%A@x>', 'mailto:a@b', '<sip:1@x'])(
    'malformed From %j never throws',
    (from) => {
      expect(() => identifyCaller(headers({ from }))).not.toThrow();
    },
  );

  it('parses a bare addr-spec: parameters after it belong to the header, not the URI', () => {
    expect(parseNameAddr('sip:+375291234567@pbx;tag=abc')).toMatchObject({
      user: '+375291234567',
      host: 'pbx',
      params: { tag: 'abc' },
    });
  });

  const local = fc.tuple(fc.constantFrom('29', '33', '44', '25'), fc.integer({ min: 1000000, max: 9999999 }));
  const groups = (digits: string, sep: string): string =>
    [digits.slice(0, 3), digits.slice(3, 5), digits.slice(5)].join(sep);

  it('every format of the same Belarusian mobile number gives the same E.164', () => {
    fc.assert(
      fc.property(local, fc.constantFrom('', '-', '.', ' '), (pair, sep) => {
        const [code, rest] = pair;
        const sub = String(rest);
        const e164 = `+375${code}${sub}`;
        // Only numbers libphonenumber holds valid in Belarus; not every block is assigned.
        fc.pre(normalizePhone(e164) === e164);
        const forms = [
          `<sip:+375${code}${sub}@pbx>`,
          `<sip:%2B375${code}${sub}@pbx;user=phone>`,
          `<sip:80${code}${encodeURIComponent(groups(sub, sep))}@pbx>`,
          `<tel:+375-${code}-${groups(sub, '-')}>`,
          `"Клиент" <tel:80${code}${sub}>`,
        ];
        for (const from of forms) {
          expect(identifyCaller(headers({ from }))).toMatchObject({ kind: 'number', e164 });
        }
      }),
    );
  });

  it('normalisation is idempotent: an E.164 result normalises to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789+-() '.split('')), maxLength: 20 }), (text) => {
        const once = normalizePhone(text);
        if (once !== null) expect(normalizePhone(once)).toBe(once);
        const caller = identifyCaller(headers({ from: `<sip:${encodeURIComponent(text)}@pbx>` }));
        if (caller.kind === 'number' && caller.e164) {
          expect(identifyCaller(headers({ from: `<tel:${caller.e164}>` }))).toMatchObject({ e164: caller.e164 });
        }
      }),
    );
  });
});
