import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../core/entities.js';
import { assertNever, PultError } from '../core/result.js';
import { NewPassword } from '../core/sync-protocol.js';
import { CreatePbxRequest } from '../core/calls/pbx-settings.js';
import { createServer } from './app.js';
import { randomPassword } from './auth/passwords.js';
import { createUser, ensureFirstAdmin, findUserByLogin, setPassword } from './auth/users.js';
import { createPbx, rotateToken } from './calls/pbx-registry.js';
import { DbUrlError, openServerDb, redactUrl, type ServerDatabase } from './db/connect.js';
import { migrateToLatest, MigrationError } from './db/migrations/index.js';
import { createSecretBox, loadServerKey, ServerKeyError } from './secrets/server-key.js';
import { DEMO_PASSWORD, importDemo } from './demo-import.js';
import { positionsConfig, providerFor } from './map/provider-config.js';
import { simulatedFleet } from './map/fleet.js';
import { createBiToken, listBiTokens, revokeBiToken } from './bi/feed.js';
import { NewBiToken } from './http/bi.js';

/**
 * npm run server -- [--db sqlite:PATH | postgres://…] [--host 127.0.0.1] [--port 5190] [--trust-proxy ADDR,CIDR…] [--demo [--tickets N]]
 * npm run server -- user add --login x --name "…" --roles dispatcher,planner [--password …] [--employee ID]
 * npm run server -- user password --login x [--password …]
 * npm run server -- pbx add --id office --name "…"    |    pbx token --id office
 * npm run server -- bi-token add --name "Power BI"    |    bi-token list    |    bi-token revoke --id ID
 *
 * The database comes from --db, else DATABASE_URL, else the embedded SQLite file ./.pult/server.sqlite.
 */
const DEFAULT_DB = 'sqlite:./.pult/server.sqlite';
const DEFAULT_PORT = 5190;
const DEFAULT_DEMO_TICKETS = 2000;

class UsageError extends Error {}

function intOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return n;
}

function parseRoles(text: string | undefined): Role[] {
  const roles = (text ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) {
    throw new UsageError(`--roles takes a comma-separated list of: ${ROLES.join(', ')}`);
  }
  return roles as Role[];
}

/** A password given on the command line, checked like the admin route checks it, or a generated one. */
function passwordOption(value: string | undefined): { password: string; generated: boolean } {
  if (value === undefined) return { password: randomPassword(), generated: true };
  if (!NewPassword.safeParse(value).success) throw new UsageError('--password needs 8 to 200 characters');
  return { password: value, generated: false };
}

async function withDatabase<T>(url: string, fn: (database: ServerDatabase) => Promise<T>): Promise<T> {
  const database = openServerDb(url);
  try {
    await migrateToLatest(database, { secrets: createSecretBox(loadServerKey()) });
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function userCommand(dbUrl: string, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      login: { type: 'string' },
      name: { type: 'string' },
      roles: { type: 'string' },
      password: { type: 'string' },
      employee: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [verb] = positionals;
  if (!values.login) throw new UsageError('--login is required');
  const login = values.login;
  await withDatabase(dbUrl, async ({ db }) => {
    if (verb === 'add') {
      if (!values.name) throw new UsageError('--name is required');
      const roles = parseRoles(values.roles);
      const { password, generated } = passwordOption(values.password);
      const user = await createUser(db, {
        login,
        name: values.name,
        password,
        roles,
        employeeId: values.employee ?? null,
      });
      console.log(`User ${user.login} (${user.roles.join(', ')}) created.${generated ? ` Password: ${password}` : ''}`);
    } else if (verb === 'password') {
      const user = await findUserByLogin(db, login);
      if (!user) throw new UsageError(`No user with login ${login}`);
      const { password, generated } = passwordOption(values.password);
      await setPassword(db, user.id, password);
      console.log(
        `Password of ${user.login} changed; their sessions have ended.${generated ? ` New password: ${password}` : ''}`,
      );
    } else {
      throw new UsageError('Use "user add …" or "user password …"');
    }
  });
}

/** A PBX that reports calls (docs/server.md): its webhook token is printed once, as the admin route shows it. */
async function pbxCommand(dbUrl: string, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { id: { type: 'string' }, name: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [verb] = positionals;
  await withDatabase(dbUrl, async ({ db }) => {
    if (verb === 'add') {
      const parsed = CreatePbxRequest.safeParse({ id: values.id, name: values.name });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new UsageError(`--${String(issue?.path[0] ?? 'name')}: ${issue?.message ?? 'invalid'}`);
      }
      const { pbx, token } = await createPbx(db, parsed.data);
      console.log(`PBX ${pbx.id} created. Webhook: POST /api/pbx/${pbx.id}/cti, token ${token}`);
    } else if (verb === 'token') {
      if (!values.id) throw new UsageError('--id is required');
      const { pbx, token } = await rotateToken(db, values.id);
      console.log(`New token of PBX ${pbx.id} (the old one no longer works): ${token}`);
    } else {
      throw new UsageError('Use "pbx add --id ID --name NAME" or "pbx token --id ID"');
    }
  });
}

/**
 * The BI feed's read-only tokens (docs/money.md), for an admin at the server's shell: the token is printed once
 * at issue, as the admin route returns it once; only its hash is kept, so a lost token is revoked and reissued.
 */
async function biTokenCommand(dbUrl: string, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { name: { type: 'string' }, id: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [verb] = positionals;
  const usage = 'Use "bi-token add --name NAME", "bi-token list" or "bi-token revoke --id ID"';
  if (verb !== 'add' && verb !== 'list' && verb !== 'revoke') throw new UsageError(usage);
  // Checked before the database opens: a refused command neither migrates nor writes anything.
  let name = '';
  if (verb === 'add') {
    const parsed = NewBiToken.safeParse({ name: values.name });
    if (!parsed.success) throw new UsageError(`--name: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    name = parsed.data.name;
  }
  if (verb === 'revoke' && !values.id) throw new UsageError('--id is required: "bi-token list" shows the ids');
  await withDatabase(dbUrl, async ({ db }) => {
    switch (verb) {
      case 'add': {
        const issued = await createBiToken(db, name, null);
        console.log(`BI token ${issued.id} "${issued.name}" issued. It is shown this once: ${issued.token}`);
        return;
      }
      case 'list': {
        const tokens = await listBiTokens(db);
        if (tokens.length === 0) console.log('No BI tokens.');
        for (const t of tokens) {
          const state = t.revokedAt === null ? 'live' : `revoked ${new Date(t.revokedAt).toISOString()}`;
          console.log(`${t.id}  ${new Date(t.createdAt).toISOString()}  ${state.padEnd(32)}  ${t.name}`);
        }
        return;
      }
      case 'revoke':
        await revokeBiToken(db, values.id ?? '');
        console.log(`BI token ${values.id} revoked: it reads nothing from now on.`);
        return;
      default:
        return assertNever(verb, 'bi-token verb');
    }
  });
}

async function serve(dbUrl: string, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      demo: { type: 'boolean', default: false },
      tickets: { type: 'string' },
      'trust-proxy': { type: 'string' },
    },
    strict: true,
  });
  // The TLS proxy's addresses/CIDRs, comma-separated: its X-Forwarded-For then names the client.
  const proxies = (values['trust-proxy'] ?? process.env.PULT_TRUST_PROXY ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const port = intOption('port', values.port, DEFAULT_PORT, 0, 65535);
  const tickets = intOption('tickets', values.tickets, DEFAULT_DEMO_TICKETS, 1, 2_000_000);
  const positions = positionsConfig(process.env);

  await withDatabase(dbUrl, async (database) => {
    const admin = await ensureFirstAdmin(database.db, process.env.PULT_ADMIN_PASSWORD);
    if (admin?.generated) console.log(`First admin: login ${admin.login}, password ${admin.password}`);
    else if (admin) console.log(`First admin: login ${admin.login}, password from PULT_ADMIN_PASSWORD`);
    if (values.demo) {
      console.log(`Filling the server with ${tickets} demo tickets…`);
      const demo = await importDemo(database, { tickets });
      if (!demo) console.log('The server already holds data: --demo left it as it is.');
      else {
        console.log(`Demo: ${demo.rows} rows at version ${demo.version}. Users (password "${DEMO_PASSWORD}"):`);
        for (const u of demo.users) {
          const left = u.active ? '' : ' — has left, cannot sign in';
          console.log(`  ${u.login.padEnd(12)} ${u.name} (${u.roles.join(', ')})${left}`);
        }
      }
    }
  });

  const server = await createServer({
    db: dbUrl,
    host: values.host ?? '127.0.0.1',
    port,
    logger: process.env.PULT_LOG === '1',
    trustProxy: proxies.length > 0 ? proxies : false,
    pbx: { record: true },
    async positions(database) {
      const fleet = await simulatedFleet(database);
      const chosen = providerFor(positions, () => fleet);
      return chosen ? { name: chosen.kind, provider: chosen.provider } : null;
    },
  });
  console.log(`Pult server listening at ${server.url} (database ${redactUrl(dbUrl)})`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => {
      console.log(`Pult server stopped (${signal}).`);
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // --db may stand anywhere; the rest is a command ("user …") or the server's own options.
  const dbAt = argv.indexOf('--db');
  let dbUrl = process.env.DATABASE_URL || DEFAULT_DB;
  if (dbAt >= 0) {
    const value = argv[dbAt + 1];
    if (!value) throw new UsageError('--db needs a value: sqlite:PATH or postgres://…');
    dbUrl = value;
    argv.splice(dbAt, 2);
  }
  if (argv[0] === 'user') await userCommand(dbUrl, argv.slice(1));
  else if (argv[0] === 'pbx') await pbxCommand(dbUrl, argv.slice(1));
  else if (argv[0] === 'bi-token') await biTokenCommand(dbUrl, argv.slice(1));
  else await serve(dbUrl, argv);
}

main().catch((error: unknown) => {
  const known =
    error instanceof UsageError ||
    error instanceof DbUrlError ||
    error instanceof MigrationError ||
    error instanceof ServerKeyError ||
    error instanceof PultError ||
    (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'));
  console.error(
    known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error),
  );
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') console.error('The port is taken: pass --port N (0 picks a free one)');
  process.exit(1);
});
