import { describe, expect, test } from 'vitest';
import { step, type CallRecord, type CtiRequest, type Step } from './cti-calls.js';

/**
 * The webhook's call state machine alone: which CTI event sequences settle a call as missed, answered or
 * ended, and that replays and late events record nothing.
 */
const call = (over: Partial<CtiRequest> & Pick<CtiRequest, 'event'>): CtiRequest => ({
  callId: 'c1',
  direction: 'in',
  from: '+375291234567',
  to: '+375172000000',
  ...over,
});

/** Runs the events in order at times 1, 2, 3…; what the sink would hear, and the last step. */
function run(events: readonly CtiRequest[]): { emitted: string[]; record: CallRecord | null; steps: Step[] } {
  let record: CallRecord | null = null;
  const emitted: string[] = [];
  const steps: Step[] = [];
  events.forEach((event, i) => {
    const s = step('office', record, event, i + 1);
    steps.push(s);
    if (s.kind === 'advance') {
      record = s.record;
      if (s.emit) emitted.push(s.emit.state);
    }
  });
  return { emitted, record, steps };
}

describe('CTI call state', () => {
  test.each(['cancel', 'noAnswer', 'busy', 'normalClearing', 'congestion', 'somethingNew', undefined])(
    'an incoming call hung up unanswered (cause %s) is one missed event',
    (cause) => {
      const { emitted, record } = run([call({ event: 'newCall' }), call({ event: 'hangup', cause })]);
      expect(emitted).toEqual(['missed']);
      expect(record).toMatchObject({ state: 'ended', startedAt: 1, endedAt: 2, answeredAt: null });
    },
  );

  test('an answered call is one answered event when answered, then ended at the hangup, with who answered', () => {
    let record: CallRecord | null = null;
    const events = [
      call({ event: 'newCall' }),
      call({ event: 'answer', user: ['Анна Ковалёва'], answeringNumber: '101' }),
      call({ event: 'hangup', cause: 'normalClearing' }),
    ];
    const emitted = events.flatMap((event, i) => {
      const s = step('office', record, event, 10 * (i + 1));
      if (s.kind !== 'advance') return [];
      record = s.record;
      return s.emit ? [s.emit] : [];
    });
    expect(emitted.map((e) => e.state)).toEqual(['answered', 'ended']);
    expect(emitted[1]).toEqual({
      pbxId: 'office',
      callId: 'c1',
      direction: 'in',
      from: '+375291234567',
      to: '+375172000000',
      queue: null,
      startedAt: 10,
      answeredAt: 20,
      endedAt: 30,
      state: 'ended',
      answeredBy: 'Анна Ковалёва',
    });
  });

  test('a call forwarded elsewhere, or an outgoing call nobody answered, is ended, not missed', () => {
    expect(run([call({ event: 'newCall' }), call({ event: 'hangup', cause: 'forwarded' })]).emitted).toEqual(['ended']);
    expect(
      run([
        call({ event: 'newCall', direction: 'out' }),
        call({ event: 'hangup', direction: 'out', cause: 'noAnswer' }),
      ]).emitted,
    ).toEqual(['ended']);
  });

  test('replays and events after the hangup record nothing', () => {
    const { steps, emitted } = run([
      call({ event: 'newCall' }),
      call({ event: 'newCall' }),
      call({ event: 'hangup', cause: 'cancel' }),
      call({ event: 'hangup', cause: 'cancel' }),
      call({ event: 'answer' }),
      call({ event: 'newCall' }),
    ]);
    expect(emitted).toEqual(['missed']);
    expect(steps.map((s) => s.kind)).toEqual([
      'advance',
      'nothing-new',
      'advance',
      'nothing-new',
      'nothing-new',
      'nothing-new',
    ]);
  });

  test('a hangup of a call never announced still settles it, when it says who called', () => {
    expect(run([call({ event: 'hangup', cause: 'noAnswer' })]).emitted).toEqual(['missed']);
    const refused = step('office', null, { event: 'hangup', callId: 'c2', cause: 'cancel' }, 1);
    expect(refused).toEqual({
      kind: 'refused',
      message: 'Invalid request: a hangup for a call not seen before needs direction and from',
    });
  });

  test('a withheld caller (empty from) is still a missed call', () => {
    const { emitted, record } = run([call({ event: 'newCall', from: '' }), call({ event: 'hangup', cause: 'cancel' })]);
    expect(emitted).toEqual(['missed']);
    expect(record?.from).toBe('');
  });
});
