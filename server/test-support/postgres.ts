import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * A real PostgreSQL for tests. With PULT_TEST_DATABASE_URL (a role allowed to CREATE DATABASE) it makes
 * databases there; otherwise it runs a throwaway cluster of the locally installed PostgreSQL in a temp dir,
 * bound to 127.0.0.1 on a free port, with a random password. When neither is possible the caller's tests
 * fail with the reason: a backend that silently skips would pass without ever having run.
 */
export type TestPostgres = Readonly<{
  /** A new, empty database; its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
  /**
   * Why `restart()` cannot work here, or null when it can: only a throwaway cluster can be restarted; a
   * database behind PULT_TEST_DATABASE_URL belongs to someone else.
   */
  cannotRestart: string | null;
  /**
   * Restarts the cluster in fast mode (`pg_ctl restart -m fast`: open transactions are cut and rolled back,
   * connections are dropped) on the same port and password, and resolves once it accepts connections again.
   * Rejects, saying why, when the database is external.
   */
  restart(): Promise<void>;
}>;

const run = promisify(execFile);
const PG_ROOT = '/usr/lib/postgresql';

export function findPgBin(): string {
  const versions = existsSync(PG_ROOT)
    ? readdirSync(PG_ROOT)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(PG_ROOT, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (!newest) {
    throw new Error(
      'PostgreSQL tests need a server: set PULT_TEST_DATABASE_URL=postgres://user:pass@host/db (a role that may ' +
        `CREATE DATABASE), or install PostgreSQL so that ${PG_ROOT}/<version>/bin/initdb exists ` +
        '(Debian: apt-get install -y postgresql).',
    );
  }
  return join(PG_ROOT, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const EXTERNAL_RESTART =
  'PULT_TEST_DATABASE_URL points at an external PostgreSQL, which a test cannot restart. Unset it so the test ' +
  'runs its own throwaway cluster (needs PostgreSQL installed: apt-get install -y postgresql).';

function databasesOn(adminUrl: string): TestPostgres {
  const created: string[] = [];
  return {
    cannotRestart: EXTERNAL_RESTART,
    restart: () => Promise.reject(new Error(EXTERNAL_RESTART)),
    async createDatabase() {
      const name = `pult_test_${randomBytes(6).toString('hex')}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      created.push(name);
      return withDatabase(adminUrl, name);
    },
    async stop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        for (const name of created.splice(0)) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function startTestPostgres(options: Readonly<{ durable?: boolean }> = {}): Promise<TestPostgres> {
  const external = process.env.PULT_TEST_DATABASE_URL;
  if (external) return databasesOn(external);

  const bin = findPgBin();
  // PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` OS user.
  const asRoot = process.getuid?.() === 0;
  const uid = asRoot ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim()) : -1;
  const gid = asRoot ? Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) : -1;
  const exec = (cmd: string, args: readonly string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]) : run(join(bin, cmd), [...args]);

  const dir = mkdtempSync(join(tmpdir(), 'pult-pg-'));
  const data = join(dir, 'data');
  const password = randomBytes(18).toString('base64url');
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (asRoot) {
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  let port = 0;
  let serverOptions = '';
  const stopSync = () => {
    try {
      const args = ['-D', data, '-m', 'immediate', 'stop'];
      if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args], { stdio: 'ignore' });
      else execFileSync(join(bin, 'pg_ctl'), args, { stdio: 'ignore' });
    } catch {
      // Not running (any more): nothing to stop.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test process that dies without afterAll must not leave a cluster behind.
  process.once('exit', stopSync);
  try {
    await exec('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      `--pwfile=${pwfile}`,
      '-A',
      'scram-sha-256',
      '--no-sync',
      '--no-locale',
      '-E',
      'UTF8',
    ]);
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      // fsync off: these clusters hold test data only and die with the test run (benchmarks ask for durable).
      const durability = options.durable ? '' : ' -c fsync=off -c full_page_writes=off';
      serverOptions = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1${durability}`;
      try {
        await exec('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
        break;
      } catch (error) {
        if (attempt >= 2) throw error;
      }
    }
  } catch (error) {
    stopSync();
    process.removeListener('exit', stopSync);
    throw new Error(
      `Could not start a throwaway PostgreSQL from ${bin}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const databases = databasesOn(`postgres://postgres:${password}@127.0.0.1:${port}/postgres`);
  return {
    createDatabase: () => databases.createDatabase(),
    cannotRestart: null,
    async restart() {
      await exec('pg_ctl', [
        '-D',
        data,
        '-o',
        serverOptions,
        '-l',
        join(dir, 'log'),
        '-m',
        'fast',
        '-w',
        '-t',
        '30',
        'restart',
      ]);
    },
    async stop() {
      process.removeListener('exit', stopSync);
      stopSync();
    },
  };
}
