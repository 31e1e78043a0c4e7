import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, onTestFinished, test } from 'vitest';
import type { PbxCallEvent } from '../../core/calls/pbx-event.js';
import { createServer } from '../app.js';
import { testDatabases } from '../test-support/backends.js';
import { rawRequest } from '../test-support/raw-http.js';

/**
 * `npm run server -- pbx add|token`: an admin without the HTTP API registers a PBX from the shell; the token it
 * prints is the one the real server's webhook accepts, and a new token kills the old one.
 */
const databases = testDatabases();
const run = promisify(execFile);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('the token "pbx add" prints is accepted by the webhook until "pbx token" replaces it; bad input changes nothing', async () => {
  const url = await databases.url('sqlite');
  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--db', url, 'pbx', ...args], { cwd: repoRoot });
  const added = await cli('add', '--id', 'office', '--name', 'Офис');
  const first = /token (\S+)$/m.exec(added.stdout)?.[1] ?? '';
  expect(added.stdout).toContain('Webhook: POST /api/pbx/office/cti');
  await expect(cli('add', '--id', 'office', '--name', 'Ещё')).rejects.toThrow(/A PBX with the id "office" exists/);
  await expect(cli('add', '--id', 'Bad Id', '--name', 'x')).rejects.toThrow(/--id: Use 1 to 63 lowercase/);
  await expect(cli('token', '--id', 'nowhere')).rejects.toThrow(/PBX nowhere does not exist/);

  const heard: PbxCallEvent[] = [];
  const start = () =>
    createServer({ db: url, snapshots: false, pbx: { sink: async (e) => void heard.push(e), mailboxPollMs: false } });
  const hangup = (baseUrl: string, token: string, callId: string) =>
    rawRequest(baseUrl, 'POST', '/api/pbx/office/cti', {
      body: JSON.stringify({ event: 'hangup', callId, direction: 'in', from: '80291234567', cause: 'cancel' }),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
  let server = await start();
  onTestFinished(() => server.close());
  expect((await hangup(server.url, first, 'c1')).status).toBe(200);
  await server.close();

  const rotated = await cli('token', '--id', 'office');
  const second = /: (\S+)$/m.exec(rotated.stdout)?.[1] ?? '';
  server = await start();
  expect((await hangup(server.url, first, 'c2')).status).toBe(401);
  expect((await hangup(server.url, second, 'c2')).status).toBe(200);
  expect(heard.map((e) => [e.callId, e.state])).toEqual([
    ['c1', 'missed'],
    ['c2', 'missed'],
  ]);
  // Six CLI processes, each compiling the server's TypeScript on start: slow on two busy cores.
}, 120_000);
