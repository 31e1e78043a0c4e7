import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, onTestFinished, test } from 'vitest';
import { createServer } from '../app.js';
import { testDatabases } from '../test-support/backends.js';
import { rawRequest } from '../test-support/raw-http.js';

/**
 * `npm run server -- bi-token add|list|revoke`: an admin at the server's shell issues a BI token without the HTTP
 * API. The token printed once is the one the real server's feed accepts; the list never shows it again; a revoked
 * token reads nothing; bad input is refused with a message and writes nothing.
 */
const databases = testDatabases();
const run = promisify(execFile);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('the token "bi-token add" prints once reads the BI feed until "bi-token revoke"; the list never shows it; bad input changes nothing', async () => {
  const url = await databases.url('sqlite');
  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--db', url, 'bi-token', ...args], { cwd: repoRoot });

  await expect(cli('add')).rejects.toThrow(/--name: /);
  await expect(cli('revoke')).rejects.toThrow(/--id is required/);

  const added = await cli('add', '--name', 'Power BI — отчёты');
  const m = /BI token (\S+) "Power BI — отчёты" issued\. It is shown this once: (pbi_\S+)$/m.exec(added.stdout);
  expect(m, added.stdout).not.toBeNull();
  const [, id = '', token = ''] = m ?? [];

  const listed = await cli('list');
  const rows = listed.stdout.trim().split('\n');
  // The refused "add"s above wrote nothing: one token, live, and its secret is nowhere in the list.
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatch(new RegExp(`^${id}  \\d{4}-\\d\\d-\\d\\dT\\S+Z  live\\s+Power BI — отчёты$`));
  expect(listed.stdout).not.toContain(token);
  expect(listed.stdout).not.toContain(token.slice(4));

  const server = await createServer({ db: url, snapshots: false, pbx: { mailboxPollMs: false } });
  onTestFinished(() => server.close());
  const feed = (bearer: string) =>
    rawRequest(server.url, 'GET', '/api/bi/v1/tickets', { headers: { authorization: `Bearer ${bearer}` } });
  expect((await feed(token)).status).toBe(200);

  const revoked = await cli('revoke', '--id', id);
  expect(revoked.stdout).toContain(`BI token ${id} revoked`);
  expect((await feed(token)).status).toBe(401);
  await expect(cli('revoke', '--id', id)).rejects.toThrow(`No live BI token ${id}`);
  expect((await cli('list')).stdout).toMatch(new RegExp(`^${id}  \\S+  revoked \\d{4}-\\S+Z\\s+Power BI — отчёты\\n$`));
  // Seven CLI processes, each compiling the server's TypeScript on start: slow on two busy cores.
}, 180_000);
