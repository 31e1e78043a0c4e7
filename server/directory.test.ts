import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createUser } from './auth/users.js';
import { BACKENDS, startTestServer, testDatabases } from './test-support/backends.js';
import { serverRows, signIn, TestDesk } from './test-support/client.js';
import { PASSWORD } from './test-support/world.js';

/**
 * The directory's mutations as the server judges them, on both backends: what a dispatcher pushes applies
 * and a merge carries the tickets along; the roles are the server's to enforce, whatever a desk shows.
 */
const databases = testDatabases();

describe.each(BACKENDS)('the directory on the %s server', (backend) => {
  test('a client with a phone, a vehicle and its equipment is created, and a merge brings the old tickets along', async () => {
    const { url, world } = await startTestServer(databases, backend);
    const anna = new TestDesk(url, await signIn(url, 'anna'));
    const clientId = randomUUID();
    const vehicleId = randomUUID();
    const mergeId = randomUUID();
    const reply = await anna.push([
      anna.mutation('client:create', {
        id: clientId,
        name: 'ООО «Газель-Транс» (новая карточка)',
        taxId: '190000005',
        phones: [{ id: randomUUID(), raw: '8 029 123-45-67' }],
      }),
      anna.mutation('vehicle:create', { id: vehicleId, clientId, plate: 'АВ 1234-7', make: 'МАЗ' }),
      anna.mutation('equipment:install', { id: randomUUID(), vehicleId, kind: 'Трекер', model: 'FMB920' }),
      anna.mutation('client:merge', { id: mergeId, keptId: clientId, mergedId: world.client.id }),
    ]);
    expect(reply.body.results).toEqual([1, 2, 3, 4].map((id) => ({ id, status: 'applied' })));
    const rows = await serverRows(anna);
    expect(rows.get('phones')?.size).toBe(1);
    expect([...(rows.get('phones')?.values() ?? [])][0]).toMatchObject({ clientId, e164: '+375291234567' });
    expect(rows.get('equipment')?.size).toBe(1);
    const tickets = [...(rows.get('tickets')?.values() ?? [])];
    expect(tickets.map((t) => t.clientId)).toEqual([clientId, clientId]);
    expect(rows.get('clients')?.get(world.client.id)).toMatchObject({ active: false, mergedInto: clientId });
    expect(rows.get('client_merges')?.get(mergeId)).toMatchObject({
      keptId: clientId,
      mergedId: world.client.id,
      moved: { tickets: 2 },
    });
  });

  test('first line creates and edits but may not deactivate or merge; planners and engineers may not edit', async () => {
    const { url, world, server } = await startTestServer(databases, backend);
    await createUser(server.database.db, {
      login: 'lena',
      name: 'Елена Первая',
      password: PASSWORD,
      roles: ['first_line'],
      employeeId: null,
    });
    const lena = new TestDesk(url, await signIn(url, 'lena'));
    const clientId = randomUUID();
    const reply = await lena.push([
      lena.mutation('client:create', { id: clientId, name: 'ИП Новиков' }),
      lena.mutation('client:update', { id: clientId, address: 'Брест' }),
      lena.mutation('client:deactivate', { id: clientId }),
      lena.mutation('client:merge', { id: randomUUID(), keptId: world.client.id, mergedId: clientId }),
    ]);
    expect(reply.body.results.map((r) => [r.status, r.error?.reason?.key])).toEqual([
      ['applied', undefined],
      ['applied', undefined],
      ['rejected', 'role-may-not'],
      ['rejected', 'role-may-not'],
    ]);
    for (const login of ['pavel', 'ivan', 'olga']) {
      const desk = new TestDesk(url, await signIn(url, login));
      const refused = await desk.push([
        desk.mutation('client:update', { id: clientId, name: 'Подмена' }),
        desk.mutation('vehicle:create', { id: randomUUID(), clientId, plate: '0000 AA-0' }),
      ]);
      expect(
        refused.body.results.map((r) => r.error?.code),
        login,
      ).toEqual(['forbidden', 'forbidden']);
    }
    const rows = await serverRows(lena);
    expect(rows.get('clients')?.get(clientId)).toMatchObject({ name: 'ИП Новиков', address: 'Брест', active: true });
    expect(rows.get('vehicles')).toBeUndefined();
  });

  test('a tax id that fails its checksum is rejected with its reason and the client is not created', async () => {
    const { url } = await startTestServer(databases, backend);
    const anna = new TestDesk(url, await signIn(url, 'anna'));
    const clientId = randomUUID();
    const reply = await anna.push([anna.mutation('client:create', { id: clientId, name: 'X', taxId: '7707083894' })]);
    expect(reply.body.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'invalid-input', reason: { key: 'tax-id-invalid', params: { value: '7707083894' } } },
    });
    expect((await serverRows(anna)).get('clients')?.has(clientId)).toBe(false);
  });
});
