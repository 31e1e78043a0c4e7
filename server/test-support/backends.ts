import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';
import { createServer, type PultServer, type ServerOptions } from '../app.js';
import type { Backend } from '../db/schema.js';
import { startTestPostgres, type TestPostgres } from './postgres.js';
import { seedWorld, type World } from './world.js';

/** Every server test runs on both backends (describe.each(BACKENDS)). */
export const BACKENDS: readonly Backend[] = ['sqlite', 'postgres'];

/**
 * Fresh databases for one test file: SQLite files in a temp dir, PostgreSQL databases in one throwaway
 * cluster that starts on first use and stops after the file.
 */
export function testDatabases(): Readonly<{ url(backend: Backend): Promise<string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'pult-server-test-'));
  let cluster: Promise<TestPostgres> | null = null;
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (cluster) await (await cluster).stop();
  }, 60_000);
  return {
    async url(backend) {
      if (backend === 'sqlite') return `sqlite:${join(dir, `${randomUUID()}.sqlite`)}`;
      cluster ??= startTestPostgres();
      return (await cluster).createDatabase();
    },
  };
}

export type TestServer = Readonly<{ server: PultServer; world: World; url: string; dbUrl: string }>;

/** A server on a fresh database with the small world in it; closed after the test. */
export async function startTestServer(
  databases: ReturnType<typeof testDatabases>,
  backend: Backend,
  options: Omit<ServerOptions, 'db'> = {},
): Promise<TestServer> {
  const dbUrl = await databases.url(backend);
  const server = await createServer({ ...options, db: dbUrl });
  onTestFinished(async () => {
    await server.close();
    if (server.snapshots) rmSync(server.snapshots.dir, { recursive: true, force: true });
  });
  const world = await seedWorld(server.database);
  return { server, world, url: server.url, dbUrl };
}
