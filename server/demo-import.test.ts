import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, onTestFinished, test } from 'vitest';
import { TABLES, type TableName } from '../core/entities.js';
import { createServer } from './app.js';
import { DEMO_PASSWORD, importDemo } from './demo-import.js';
import { openServerDb } from './db/connect.js';
import { migrateToLatest } from './db/migrations/index.js';
import { BACKENDS, testDatabases } from './test-support/backends.js';
import { call, signIn, TestDesk } from './test-support/client.js';

/**
 * `--demo` and the user commands: the demo company lands on an empty server only, whole and in core's
 * shape, with a user per employee; `user add` / `user password` work on the same database the server uses.
 */
const databases = testDatabases();
const run = promisify(execFile);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe.each(BACKENDS)('demo on %s', (backend) => {
  test('the demo fills an empty server at version 1 with a user per employee, and never touches a server with data', async () => {
    const url = await databases.url(backend);
    const database = openServerDb(url);
    await migrateToLatest(database);
    const demo = await importDemo(database, { tickets: 300 });
    expect(demo?.version).toBe(1);
    expect(await importDemo(database, { tickets: 300 })).toBeNull();
    await database.close();

    const server = await createServer({ db: url });
    onTestFinished(() => server.close());
    const someone = demo?.users.find((u) => u.roles.includes('dispatcher'));
    expect(someone?.login).toMatch(/^[a-z]+\d*$/);
    const desk = new TestDesk(server.url, await signIn(server.url, someone?.login ?? '', DEMO_PASSWORD));
    const pages = await desk.pullAll(0);
    const changes = pages.flatMap((p) => p.changes);
    expect(changes).toHaveLength(demo?.rows ?? -1);
    expect(pages[0]?.total).toBe(demo?.rows);
    expect(changes.filter((c) => c.table === 'tickets')).toHaveLength(300);
    const bad = changes.filter((c) => !TABLES[c.table as TableName].strict().safeParse(c.row).success);
    expect(bad).toEqual([]);
    const employees = changes.filter((c) => c.table === 'employees');
    expect(demo?.users).toHaveLength(employees.length);
  }, 60_000);
});

describe('the user commands', () => {
  test('user add creates a user who can sign in; user password replaces the password and ends their sessions', async () => {
    const url = await databases.url('sqlite');
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--db', url, ...args], { cwd: repoRoot });
    const added = await cli(
      'user',
      'add',
      '--login',
      'Marina',
      '--name',
      'Марина Котова',
      '--roles',
      'first_line,dispatcher',
    );
    const password = /Password: (\S+)/.exec(added.stdout)?.[1] ?? '';
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    await expect(cli('user', 'add', '--login', 'x', '--name', 'X', '--roles', 'boss')).rejects.toThrow(/--roles/);

    const server = await createServer({ db: url });
    onTestFinished(() => server.close());
    const token = await signIn(server.url, 'marina', password);
    await cli('user', 'password', '--login', 'marina', '--password', 'brand new pass');
    expect((await call(server.url, 'POST', '/api/sync/pull', { token, body: {} })).status).toBe(401);
    await signIn(server.url, 'marina', 'brand new pass');
  }, 60_000);
});
