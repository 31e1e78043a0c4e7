import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { BACKENDS, startTestServer, testDatabases } from './test-support/backends.js';
import { serverRows, signIn, TestDesk } from './test-support/client.js';

/**
 * What a hostile desk tried (and what must now fail on both backends): an engineer's status change whose
 * status-log id and comment id were copied from another ticket's rows. Before, the server's upsert rewrote
 * that ticket's history and replaced another user's comment, and pulls carried the forgery to every desk.
 * Now the mutation is refused with its reason and consumed, nothing is overwritten, and the desk's next
 * mutation still applies.
 */
const databases = testDatabases();

describe.each(BACKENDS)('forged ids on %s', (backend) => {
  test("reusing another ticket's log and comment ids is refused and overwrites nothing", async () => {
    const env = await startTestServer(databases, backend);
    const anna = new TestDesk(env.url, await signIn(env.url, 'anna'));
    const ivan = new TestDesk(env.url, await signIn(env.url, 'ivan'));

    // Anna writes a comment on the paid ticket and moves it on: the rows the forger will aim at.
    const victimComment = {
      id: randomUUID(),
      ticketId: env.world.ticket.id,
      body: 'Клиент ждёт до 17:00',
      public: false,
    };
    const victimLog = randomUUID();
    const first = await anna.push([
      anna.mutation('ticket:add-comment', victimComment),
      anna.mutation('ticket:set-status', {
        id: env.world.ticket.id,
        status: 'in_progress',
        logId: victimLog,
        comment: null,
        child: { id: randomUUID(), logId: randomUUID() },
      }),
    ]);
    expect(first.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const before = await serverRows(anna);

    // Ivan changes the taken callback's status with Anna's ids.
    const forged = await ivan.push([
      ivan.mutation('ticket:set-status', {
        id: env.world.taken.id,
        status: 'in_progress',
        logId: victimLog,
        comment: { id: victimComment.id, body: 'Переписано' },
        child: { id: randomUUID(), logId: randomUUID() },
      }),
      ivan.mutation('ticket:add-comment', {
        id: randomUUID(),
        ticketId: env.world.taken.id,
        body: 'Честный комментарий',
        public: false,
      }),
    ]);
    expect(forged.status).toBe(200);
    expect(forged.body.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'conflict', reason: { key: 'id-taken' } },
    });
    expect(forged.body.results[1]).toMatchObject({ status: 'applied' });

    const after = await serverRows(anna);
    expect(after.get('comments')?.get(victimComment.id)).toEqual(before.get('comments')?.get(victimComment.id));
    expect(after.get('ticket_status_log')?.get(victimLog)).toEqual(before.get('ticket_status_log')?.get(victimLog));
    expect(after.get('tickets')?.get(env.world.taken.id)?.status).toBe(
      before.get('tickets')?.get(env.world.taken.id)?.status,
    );
  });
});
