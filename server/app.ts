import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PbxCallSink } from '../core/calls/pbx-event.js';
import { MAX_PUSH_BYTES } from '../core/sync-protocol.js';
import type { KdfGateOptions } from './auth/kdf-gate.js';
import type { PositionProvider } from '../core/map/position.js';
import { pbxAdminRoutes } from './calls/admin-routes.js';
import { createMailboxReader, type MailboxReader } from './calls/mailbox.js';
import { createPbxCallRecorder } from './calls/record-pbx-call.js';
import {
  DEFAULT_WEBHOOK_LIMITS,
  webhookLogSerializers,
  webhookRoutes,
  type WebhookLimits,
} from './calls/webhook-routes.js';
import { openServerDb, redactUrl, type ServerDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrations/index.js';
import { createSecretBox, loadServerKey } from './secrets/server-key.js';
import { adminRoutes } from './http/admin.js';
import { biAdminRoutes, biFeedRoutes } from './http/bi.js';
import { authRoutes, DEFAULT_SIGN_IN_ATTEMPTS, signInLimits } from './http/auth.js';
import type { ServerContext } from './http/context.js';
import { errorShapeOptions, shapeErrors } from './http/errors.js';
import { healthRoutes } from './http/health.js';
import { acceptJsonOnly } from './http/json-body.js';
import { reportRoutes } from './http/reports.js';
import { positionRoutes } from './http/positions.js';
import { snapshotRoutes } from './http/snapshots.js';
import { syncRoutes } from './http/sync.js';
import { createPositionHub, type PositionHub } from './map/position-hub.js';
import { createPokeHub, listenForPokes, notifyVersion, type PokeListener } from './sync/pokes.js';
import { readLive, type TotalsCache } from './sync/pull.js';
import { createSnapshotKeeper, type SnapshotKeeper, type SnapshotOptions } from './sync/snapshots.js';

export type ServerOptions = Readonly<{
  /** `sqlite:PATH` or a `postgres://` URL. */
  db: string;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Fastify's logger setting: false (default) keeps tests quiet; the CLI turns it on. */
  logger?: boolean;
  /**
   * Snapshots for empty desks (server/sync/snapshots.ts). The default keeps them beside an SQLite file, or in
   * the temp directory for PostgreSQL; false turns them off (desks then always pull page by page).
   */
  snapshots?: Partial<SnapshotOptions> | false;
  /** Wrong passwords per login and address per minute (default 10). */
  signInAttempts?: number;
  /** How many password checks run at once and how many may wait (server/auth/kdf-gate.ts; default: by cores). */
  passwordChecks?: Partial<KdfGateOptions>;
  /**
   * The proxies (addresses or CIDRs, e.g. `['127.0.0.1', '10.0.0.0/8']`) whose `X-Forwarded-For` names the
   * client. false (the default): the client is whoever connected. Behind a TLS proxy every desk connects
   * from the proxy's address, so without this setting they all share one sign-in limit.
   */
  trustProxy?: false | readonly string[];
  /** Calls that PBXs report themselves, by webhook and by mailbox (server/calls/). */
  pbx?: PbxOptions;
  /**
   * The file of the server's key for stored secrets (server/secrets/server-key.ts); default
   * `PULT_SECRET_KEY_FILE`, else `.pult/secret.key`, made on first start. `PULT_SECRET_KEY` overrides both.
   */
  secretKeyFile?: string;
  /**
   * Live positions (server/map/): the telematics provider this server follows, made once the database is
   * open (the simulator drives the company's own vehicles). Without one there is no position socket.
   */
  positions?: (database: ServerDatabase) => Promise<Readonly<{ name: string; provider: PositionProvider }> | null>;
}>;

export type PbxOptions = Readonly<{
  /**
   * Where the PBXs' call events go (the callback rule). Without one the webhook answers 503 (the PBX keeps
   * its events and retries) and no mailbox is read, so nothing is taken from a PBX that nobody records.
   */
  sink?: PbxCallSink;
  /**
   * Record what PBXs report with the callback rule (server/calls/record-pbx-call.ts), as the server itself,
   * with pokes to the desks: what `npm run server` does. A `sink` given beside it wins (tests hear events).
   */
  record?: boolean;
  /** Between mailbox checks (default 30 s); false: only on an admin's request. */
  mailboxPollMs?: number | false;
  webhookLimits?: Partial<WebhookLimits>;
}>;

const noSink: PbxCallSink = () =>
  Promise.reject(new Error('This server has no call sink: PBX call events are refused'));

export type PultServer = Readonly<{
  app: FastifyInstance;
  url: string;
  database: ServerDatabase;
  snapshots: SnapshotKeeper | null;
  /** null when the server has no call sink (ServerOptions.pbx). */
  mailboxReader: MailboxReader | null;
  close(): Promise<void>;
}>;

/**
 * Snapshots sit beside an SQLite server file. For PostgreSQL (or an in-memory SQLite) they go in a temp
 * directory of this process, removed when the server closes: a restarted instance builds a fresh one.
 */
function snapshotDir(database: ServerDatabase): Readonly<{ dir: string; temporary: boolean }> {
  const { location } = database;
  if (location.backend === 'sqlite' && location.path !== ':memory:') {
    return { dir: `${location.path}.snapshots`, temporary: false };
  }
  // Several instances may share one PostgreSQL, even on one machine: each keeps its own files.
  const where = location.backend === 'sqlite' ? `memory-${randomUUID()}` : location.connectionString;
  const key = createHash('sha256').update(where).digest('hex').slice(0, 16);
  return { dir: join(tmpdir(), `pult-snapshots-${key}-${process.pid}`), temporary: true };
}

function createApp(options: ServerOptions): FastifyInstance {
  try {
    return Fastify({
      bodyLimit: MAX_PUSH_BYTES,
      logger: options.logger ?? false,
      forceCloseConnections: true,
      trustProxy: options.trustProxy ? [...options.trustProxy] : false,
      ...errorShapeOptions,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`trustProxy must list proxy addresses or CIDRs (${reason})`);
  }
}

export async function createServer(options: ServerOptions): Promise<PultServer> {
  const app = createApp(options);
  const database = openServerDb(options.db);
  let listener: PokeListener | null = null;
  let mailboxReader: MailboxReader | null = null;
  let positions: PositionHub | null = null;
  try {
    const secrets = createSecretBox(loadServerKey({ file: options.secretKeyFile }));
    await migrateToLatest(database, { secrets });
    const log = (message: string) => app.log.warn(message);
    const hub = createPokeHub((from, upTo, sessions) => readLive(database, from, upTo, sessions), log);
    const totals: TotalsCache = new Map();

    if (database.location.backend === 'postgres') {
      listener = listenForPokes(database.location.connectionString, (v) => hub.poke(v), log);
      await listener.ready;
    }

    // A directory the caller named is the caller's; only our own temporary one is removed at close.
    const defaultDir = snapshotDir(database);
    const ownsSnapshotDir = defaultDir.temporary && !(options.snapshots && options.snapshots.dir);
    const snapshots =
      options.snapshots === false
        ? null
        : createSnapshotKeeper(database, {
            dir: defaultDir.dir,
            log: (message) => app.log.info(message),
            ...options.snapshots,
          });
    snapshots?.refresh();

    const context: ServerContext = {
      database,
      hub,
      totals,
      snapshots,
      committed(version, from, live, pusher) {
        hub.poke(version, from, live, pusher);
        snapshots?.refresh(version);
        if (database.backend === 'postgres') {
          notifyVersion(database.db, version).catch((error: unknown) => log(`NOTIFY failed: ${String(error)}`));
        }
      },
    };

    // Root-level settings that every plugin below inherits: the error shape, JSON only, the session slot.
    shapeErrors(app);
    acceptJsonOnly(app);
    app.decorateRequest('session', null);
    await app.register(websocket, { options: { maxPayload: 1024 } });

    // One plugin per concern; each adds its own session hook, so a path none of them has is a plain 404.
    await app.register(healthRoutes, context);
    await app.register(authRoutes, {
      ...context,
      limits: signInLimits(options.signInAttempts ?? DEFAULT_SIGN_IN_ATTEMPTS, options.passwordChecks),
    });
    await app.register(syncRoutes, context);
    await app.register(snapshotRoutes, context);
    await app.register(adminRoutes, context);
    await app.register(reportRoutes, context);
    await app.register(biAdminRoutes, context);
    await app.register(biFeedRoutes, context);

    const pbx = options.pbx ?? {};
    const sinkFor = (source: 'pbx' | 'mail'): PbxCallSink | null =>
      pbx.sink ??
      (pbx.record ? createPbxCallRecorder(database, { source, committed: (v) => context.committed(v) }) : null);
    const mailSink = sinkFor('mail');
    if (mailSink) {
      mailboxReader = createMailboxReader({
        db: database.db,
        sink: mailSink,
        log: (level, message) => app.log[level](message),
        secrets,
        ...(pbx.mailboxPollMs ? { pollMs: pbx.mailboxPollMs } : {}),
      });
    }
    await app.register(webhookRoutes, {
      db: database.db,
      sink: sinkFor('pbx') ?? noSink,
      limits: { ...DEFAULT_WEBHOOK_LIMITS, ...pbx.webhookLimits },
      logSerializers: webhookLogSerializers,
    });
    await app.register(pbxAdminRoutes, { db: database.db, mailboxReader, secrets });
    const provider = options.positions ? await options.positions(database) : null;
    if (provider) {
      positions = createPositionHub(provider.provider, provider.name);
      await app.register(positionRoutes, { ...context, positions });
    }

    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    app.log.info(`Pult server on ${url}, database ${redactUrl(options.db)}`);
    if (pbx.mailboxPollMs !== false) mailboxReader?.start();

    let closing: Promise<void> | null = null;
    return {
      app,
      url,
      database,
      snapshots,
      mailboxReader,
      close() {
        closing ??= (async () => {
          await mailboxReader?.stop();
          positions?.close();
          hub.close();
          await app.close();
          await snapshots?.close();
          if (snapshots && ownsSnapshotDir) rmSync(snapshots.dir, { recursive: true, force: true });
          await listener?.close();
          await database.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    positions?.close();
    await mailboxReader?.stop();
    await app.close().catch(() => undefined);
    await listener?.close();
    await database.close();
    throw error;
  }
}
