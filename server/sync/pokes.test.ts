import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { expect, onTestFinished, test } from 'vitest';
import { createPokeHub } from './pokes.js';

/** A recording stand-in for a desk's socket: what the hub sent it, and whether it closed it. */
function recordingSocket() {
  const socket = Object.assign(new EventEmitter(), {
    OPEN: 1,
    readyState: 1,
    sent: [] as string[],
    closedWith: null as number | null,
    send(text: string) {
      socket.sent.push(text);
    },
    close(code: number) {
      socket.closedWith = code;
    },
    ping() {},
    terminate() {},
  });
  return socket;
}

const comment = { table: 'comments' as const, row: { id: 'c1', body: 'новый' } };

test('with a recording socket: one that connected after the push read the sessions hears the version, not the rows, and stays open', async () => {
  const hub = createPokeHub();
  onTestFinished(() => hub.close());
  const checked = recordingSocket();
  const ended = recordingSocket();
  hub.add(checked as unknown as WebSocket, 1, 'anna');
  hub.add(ended as unknown as WebSocket, 1, 'ivan');
  expect(hub.sessions()).toEqual(['anna', 'ivan']);
  // Read in the push's transaction, before `late` connected: anna's session is valid, ivan's has ended.
  const read = {
    delta: { changes: [comment], deletions: [] },
    live: new Set(['anna']),
    checked: new Set(hub.sessions()),
  };
  const late = recordingSocket();
  hub.add(late as unknown as WebSocket, 1, 'olga');

  hub.poke(2, 1, read);
  await hub.settled();
  expect(JSON.parse(checked.sent.at(-1)!)).toEqual({ version: 2, from: 1, changes: [comment], deletions: [] });
  expect(ended.closedWith).toBe(1008);
  expect(ended.sent.join()).not.toContain('новый');
  expect(JSON.parse(late.sent.at(-1)!)).toEqual({ version: 2 });
  expect(late.closedWith).toBeNull();
});
