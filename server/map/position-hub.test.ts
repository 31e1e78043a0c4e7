import { afterEach, describe, expect, test, vi } from 'vitest';
import type WebSocket from 'ws';
import type { PositionBatch, PositionProvider, ProviderStatus } from '../../core/map/position.js';
import type { PositionStreamMessage } from '../../core/map/stream.js';
import { createPositionHub } from './position-hub.js';

/** A provider the test drives by hand, and sockets that keep what they were sent. */
function handProvider() {
  let onBatch: (b: PositionBatch) => void = () => undefined;
  const provider: PositionProvider = {
    start: () => undefined,
    stop: () => undefined,
    onPositions: (l) => ((onBatch = l), () => undefined),
    onStatus: (_l: (s: ProviderStatus) => void) => () => undefined,
  };
  return { provider, emit: (b: PositionBatch) => onBatch(b) };
}

function socket() {
  const sent: PositionStreamMessage[] = [];
  const fake = {
    bufferedAmount: 0,
    send: (data: string) => sent.push(JSON.parse(data) as PositionStreamMessage),
    on: () => fake,
    close: () => undefined,
  };
  return { socket: fake as unknown as WebSocket, sent };
}

const at = (objectId: string, t: number) => ({ objectId, lat: 53.9, lon: 27.56, at: t, speedKmh: 10, course: 5 });

afterEach(() => {
  vi.useRealTimers();
});

describe('position hub', () => {
  test('a desk that joins between two flushes is not sent again what its snapshot held, only what came after', () => {
    vi.useFakeTimers();
    const { provider, emit } = handProvider();
    const hub = createPositionHub(provider, 'test', { flushMs: 250 });
    const early = socket();
    hub.add(early.socket);
    emit({ positions: [at('v1', 1000)], dropped: {} });
    // Joins while v1's first fix is still waiting for the flush: its snapshot has it.
    const late = socket();
    hub.add(late.socket);
    expect(late.sent[0]).toMatchObject({ kind: 'snapshot', positions: [at('v1', 1000)] });
    emit({ positions: [at('v2', 2000)], dropped: {} });
    vi.advanceTimersByTime(250);
    expect(early.sent.slice(1)).toEqual([{ kind: 'positions', positions: [at('v1', 1000), at('v2', 2000)] }]);
    expect(late.sent.slice(1)).toEqual([{ kind: 'positions', positions: [at('v2', 2000)] }]);
    // From the next flush on, both hear every change.
    emit({ positions: [at('v1', 3000)], dropped: {} });
    vi.advanceTimersByTime(250);
    expect(early.sent.at(-1)).toEqual({ kind: 'positions', positions: [at('v1', 3000)] });
    expect(late.sent.at(-1)).toEqual({ kind: 'positions', positions: [at('v1', 3000)] });
    hub.close();
  });
});
