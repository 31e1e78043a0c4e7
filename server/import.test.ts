import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { BACKENDS, startTestServer, testDatabases } from './test-support/backends.js';
import { call, serverRows, signIn, TestDesk } from './test-support/client.js';
import { T0 } from './test-support/world.js';

/**
 * An import as the server sees it: the directory's mutators and the import's own, judged on every push. What
 * it tries to break: a planner (not a supervisor) importing; a second link for the same source row; a desk
 * that does not know `import_links` pulling past one (it must be told to update, not fail on the row).
 */
const databases = testDatabases();
const DAY = 86_400_000;

describe.each(BACKENDS)('import on the server (%s)', (backend) => {
  test('a dispatcher imports a client with its link and a closed ticket with its history; a planner may not', async () => {
    const { url } = await startTestServer(databases, backend);
    const anna = new TestDesk(url, await signIn(url, 'anna'));
    const clientId = randomUUID();
    const ticketId = randomUUID();
    const link = (externalId: string, localId: string, entity = 'client') => ({
      id: randomUUID(),
      source: 'okdesk:acme.okdesk.ru',
      entity,
      externalId,
      localId,
    });
    const reply = await anna.push([
      anna.mutation('client:create', { id: clientId, name: 'ООО «Из Okdesk»', taxId: '100325912' }),
      anna.mutation('import:link', link('40', clientId)),
      anna.mutation('ticket:import', {
        id: ticketId,
        clientId,
        title: 'Требуется мастер на выезд',
        type: 'maintenance',
        priority: 'high',
        status: 'done',
        createdAt: T0 - 3 * DAY,
        resolvedAt: T0 - DAY,
        log: [
          { id: randomUUID(), fromStatus: null, toStatus: 'new', at: T0 - 3 * DAY },
          { id: randomUUID(), fromStatus: 'new', toStatus: 'done', at: T0 - DAY },
        ],
      }),
      anna.mutation('import:link', link('153', ticketId, 'ticket')),
      // The same source row linked again (another desk's run): the one link is kept, not doubled.
      anna.mutation('import:link', link('40', clientId)),
    ]);
    expect(reply.body.results.map((r: { status: string }) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
    const rows = await serverRows(anna);
    expect([...(rows.get('import_links')?.values() ?? [])]).toHaveLength(2);
    expect(rows.get('tickets')?.get(ticketId)).toMatchObject({ status: 'done', createdAt: T0 - 3 * DAY });

    const pavel = new TestDesk(url, await signIn(url, 'pavel'));
    const refused = await pavel.push([pavel.mutation('import:link', link('41', clientId))]);
    expect(refused.body.results[0]?.error?.code).toBe('forbidden');
  });

  test('a desk of sync schema 4 pulls until an import link exists, then is told to update', async () => {
    const { url } = await startTestServer(databases, backend);
    const anna = new TestDesk(url, await signIn(url, 'anna'));
    const old = () =>
      call(url, 'POST', '/api/sync/pull', {
        token: anna.token,
        body: { deskId: anna.deskId, schemaVersion: 4, cursor: 0, page: null, ackedRejection: 0 },
      });
    const clientId = randomUUID();
    await anna.push([anna.mutation('client:create', { id: clientId, name: 'ООО «Старый стол»' })]);
    expect((await old()).status).toBe(200);
    await anna.push([
      anna.mutation('import:link', {
        id: randomUUID(),
        source: 'file',
        entity: 'client',
        externalId: 'name:ооо «старый стол»',
        localId: clientId,
      }),
    ]);
    expect(await old()).toMatchObject({ status: 426, body: { error: { code: 'schema-too-old' } } });
  });
});
