import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyCancel, parseReasonHeaders } from './reason.js';

describe('CANCEL Reason classification', () => {
  it.each([
    ['SIP;cause=200;text="Call completed elsewhere"'],
    ['sip;cause=200'],
    ['SIP ; CAUSE = 200 ; TEXT = "Call Completed Elsewhere"'],
    ['"SIP";cause="200"'],
    ['Q.850;cause=16, SIP;cause=200'],
    ['SIP;text="a, b; c";cause=200'],
    ['Q.850;cause=26;text="NON_SELECTED_USER_CLEARING"'],
  ])('%s on a CANCEL means answered elsewhere, never missed', (line) => {
    expect(classifyCancel([line])).toBe('answered-elsewhere');
  });

  it('a cause=200 in the second of several Reason lines still counts', () => {
    expect(classifyCancel(['Q.850;cause=16;text="Normal call clearing"', 'SIP;cause=200'])).toBe('answered-elsewhere');
  });

  it.each([
    [[]],
    [['Q.850;cause=16']],
    [['SIP;cause=487;text="Request Terminated"']],
    [['SIP;cause=2000']],
    [['SIP;text="cause=200"']],
    [['Q.850;cause=200']],
    [['']],
    [[';;;,,,"']],
    [['SIP;cause=abc']],
  ])('%j on a CANCEL is a missed call', (lines) => {
    expect(classifyCancel(lines)).toBe('missed');
  });

  it('reads every value of a multi-value line with its protocol, cause and text', () => {
    expect(parseReasonHeaders(['Q.850;cause=16;text="Normal, really", SIP;cause=200'])).toEqual([
      { protocol: 'Q.850', cause: 16, text: 'Normal, really' },
      { protocol: 'SIP', cause: 200, text: null },
    ]);
  });

  const otherValue = fc.oneof(
    fc.constantFrom('Q.850;cause=16', 'SIP;cause=487', 'Q.850;cause=31;text="x"', 'X-FOO;cause=1', 'SIP'),
    fc.string().filter((s) => !s.includes('"')),
  );
  const spelling = fc.constantFrom(
    'SIP;cause=200',
    'sip;CAUSE=200',
    'Sip ;cause= 200 ;text="Call completed elsewhere"',
    '"SIP";cause="200";text="done, elsewhere"',
    'SIP;text="Call completed elsewhere";cause=200',
  );

  it('any mix of Reason values containing SIP;cause=200 is never missed', () => {
    fc.assert(
      fc.property(
        fc.array(otherValue, { maxLength: 4 }),
        spelling,
        fc.nat(),
        fc.boolean(),
        (others, answered, position, oneLine) => {
          const values = [...others];
          values.splice(position % (values.length + 1), 0, answered);
          const lines = oneLine ? [values.join(', ')] : values;
          expect(classifyCancel(lines)).toBe('answered-elsewhere');
        },
      ),
    );
  });

  it('values that never say cause=200 (or Q.850 26) are always missed, and never throw', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 5 }), (lines) => {
        fc.pre(!lines.some((l) => /cause\s*=\s*"?0*(200|26)\b/i.test(l)));
        expect(classifyCancel(lines)).toBe('missed');
      }),
    );
  });
});
