import { describe, expect, it } from 'vitest';
import { PultError } from '../../core/result';
import { callbackDialNumber, callLogKind, isOverdue, takenBy } from './callback-view';

describe('the phone pane’s view of callbacks and the call log', () => {
  it('dials a callback’s normalised number, and has nothing to dial for a withheld caller', () => {
    expect(callbackDialNumber({ numberKey: '+375291234567' })).toBe('+375291234567');
    expect(callbackDialNumber({ numberKey: null })).toBeNull();
  });

  it('names the colleague from an already-taken refusal, and nobody from any other refusal', () => {
    const taken = PultError.because('conflict', 'Already taken by Анна Ковалёва', 'already-taken', {
      name: 'Анна Ковалёва',
    }).toData();
    expect(takenBy(taken)).toBe('Анна Ковалёва');
    expect(takenBy(new PultError('conflict', 'This callback is already resolved').toData())).toBeNull();
    expect(takenBy({ code: 'conflict', message: 'x', reason: { key: 'already-taken', params: {} } })).toBeNull();
  });

  it('words every stored outcome of incoming calls, and outgoing ones as connected or not', () => {
    expect(callLogKind({ direction: 'in', outcome: 'answered' })).toBe('answered');
    expect(callLogKind({ direction: 'in', outcome: 'missed' })).toBe('missed');
    expect(callLogKind({ direction: 'in', outcome: 'answered_elsewhere' })).toBe('answered-elsewhere');
    expect(callLogKind({ direction: 'in', outcome: 'rejected' })).toBe('rejected');
    expect(callLogKind({ direction: 'out', outcome: 'answered' })).toBe('outgoing');
    expect(callLogKind({ direction: 'out', outcome: 'missed' })).toBe('not-connected');
  });

  it('calls a callback overdue only once its planned time has passed', () => {
    expect(isOverdue({ dueAt: 1000 }, 999)).toBe(false);
    expect(isOverdue({ dueAt: 1000 }, 1000)).toBe(false);
    expect(isOverdue({ dueAt: 1000 }, 1001)).toBe(true);
  });
});
