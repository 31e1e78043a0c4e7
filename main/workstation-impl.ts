import type { Database } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import type { PultEvent } from '../core/contract.js';
import type { Handlers } from '../core/dispatch.js';
import { mayRun, type MutationArgs } from '../core/mutations.js';
import { DEFAULT_PHONE_REGIONS, type PhoneRegions } from '../core/phone.js';
import { PultError } from '../core/result.js';
import type { CountryCode } from 'libphonenumber-js';
import { createLocalRunner } from './mutations/local-runner.js';
import { createDetailQueries, foldText } from './queries/details.js';
import { createGridQueryService } from './queries/ticket-grid.js';
import { checkStoreInBackground, openDatabase } from './store/open-store.js';
import { buildDeferredFts, isFtsDeferred } from './store/fts.js';
import { createSyncClient, type SyncClient } from './sync/sync-client.js';
import { createHttpTransport } from './sync/transport.js';
import type { Workstation, WorkstationOptions } from './workstation.js';
import type { SyncStatus } from '../core/contract.js';

export const APP_VERSION = '0.1.0';

/** How often to look for commits by another process on the same file (PRAGMA data_version). */
const FOREIGN_CHANGE_POLL_MS = 250;

function readSetting(db: Database, key: string): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function openWorkstation(options: WorkstationOptions): Workstation {
  const db = openDatabase(options.dataFile);
  // A deterministic Unicode fold for the client picker's LIKE (SQLite's lower() is ASCII-only).
  db.function('pult_fold', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? foldText(value) : value,
  );
  const now = options.now ?? Date.now;
  // Set when the background page check finds the file damaged: from then on nothing is written to it.
  let damaged: string | null = null;
  void checkStoreInBackground(options.dataFile).then((problem) => {
    if (problem === null) return;
    damaged = `The data file is damaged (${problem}); Pult stopped writing to it: ${options.dataFile}`;
    listeners.forEach((l) => l({ type: 'damaged', message: damaged! }));
  });
  let sync: SyncClient | null = null;
  const userId = () => options.userId ?? (sync ? (sync.user()?.employeeId ?? null) : readSetting(db, 'desk.user_id'));
  const regions = (): PhoneRegions => {
    const region = readSetting(db, 'phone.default_region');
    return region ? { ...DEFAULT_PHONE_REGIONS, defaultRegion: region as CountryCode } : DEFAULT_PHONE_REGIONS;
  };

  // A ticket created here is numbered max+1 locally; the server numbers it for real when it takes the push.
  // Until then its pre-image is "absent" in the shadow table. A desk without a server keeps its numbers.
  const newPending = db.prepare("SELECT id FROM sync_shadow WHERE tbl = 'tickets' AND row IS NULL");
  const provisional = (): ReadonlySet<string> =>
    options.sync ? new Set((newPending.all() as { id: string }[]).map((r) => r.id)) : new Set();
  const details = createDetailQueries(db, regions, provisional);
  const grid = createGridQueryService(db, { me: userId, regions, provisional });
  const runner = createLocalRunner(db, { now, userId, statusModel: details.statusModel });

  const listeners = new Set<(event: PultEvent) => void>();
  const emit = (event: PultEvent) => {
    grid.invalidate();
    for (const listener of listeners) listener(event);
  };
  const dataVersion = () => db.pragma('data_version', { simple: true }) as number;
  let lastSeenVersion = dataVersion();
  const poll = setInterval(() => {
    if (!db.open) return;
    const version = dataVersion();
    if (version !== lastSeenVersion) {
      lastSeenVersion = version;
      emit({ type: 'changed', tables: ['*'] });
    }
  }, FOREIGN_CHANGE_POLL_MS);
  poll.unref();

  if (options.sync) {
    sync = createSyncClient({
      db,
      runner,
      serverUrl: options.sync.serverUrl,
      transport: options.sync.transport ?? createHttpTransport(options.sync.serverUrl),
      secrets: options.sync.secrets,
      now,
      emit: (event) => (event.type === 'changed' ? emit(event) : listeners.forEach((l) => l(event))),
    });
  }
  const standaloneStatus = (): SyncStatus => ({
    state: 'standalone',
    serverUrl: null,
    userName: null,
    login: null,
    pending: 0,
    lastSyncAt: null,
    progress: null,
    message: null,
  });

  // A bulk load that was cut short (a first sync, demo data) left the text index to build: build it now.
  if (!sync && isFtsDeferred(db)) {
    void buildDeferredFts(db, undefined, () => new Promise((r) => setImmediate(r))).then(() => {
      if (db.open) emit({ type: 'changed', tables: ['tickets'] });
    });
  }

  const mutate = async <N extends Parameters<typeof runner.run>[0]>(name: N, args: MutationArgs<N>) => {
    if (damaged) throw new PultError('store-unavailable', damaged);
    if (sync && sync.status().state === 'signed-out') throw new PultError('unauthorized', 'Sign in first');
    // The server decides (it refuses by role whatever a desk sends), but a desk that knows the answer says it
    // now instead of showing the change and taking it back a moment later.
    const roles = sync
      ? sync.user()?.roles
      : (() => {
          const id = userId();
          return id ? details.employee(id)?.roles : undefined;
        })();
    if (roles && !mayRun(roles, name)) {
      throw PultError.because(
        'forbidden',
        `Your roles (${roles.join(', ') || 'none'}) may not run ${name}`,
        'role-may-not',
        {
          mutation: name,
        },
      );
    }
    const applied = await runner.run(name, args);
    emit({ type: 'changed', tables: applied.tables });
    sync?.nudge();
    return applied;
  };

  const handlers: Handlers = {
    'app:info': () => {
      const id = userId();
      const sessionUser = sync?.user();
      const user =
        (id ? details.employee(id) : null) ??
        (sessionUser
          ? {
              id: sessionUser.employeeId ?? sessionUser.id,
              name: sessionUser.name,
              roles: sessionUser.roles,
              color: '#607d8b',
              active: true,
            }
          : null);
      if (!user)
        throw new PultError(
          sync ? 'unauthorized' : 'not-found',
          sync ? 'Sign in first' : 'No employee is set up for this desk',
        );
      const ticketCount = (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
      return {
        version: APP_VERSION,
        user,
        phoneRegion: regions().defaultRegion,
        dataFile: options.dataFile,
        ticketCount,
      };
    },
    'statuses:model': () => details.statusModel(),
    'employees:list': () => details.employees(),
    'tickets:query': (input) => grid.query(input),
    'ticket:get': ({ id }) => details.ticket(id, now()),
    'ticket:create': async (input) => {
      await mutate('ticket.create', { ...input, logId: uuidv7(), ackId: uuidv7() });
      const created = db.prepare('SELECT number FROM tickets WHERE id = ?').get(input.id) as { number: number };
      return { id: input.id, number: created.number, provisional: provisional().has(input.id) };
    },
    'ticket:set-status': async ({ id, status, comment }) => {
      await mutate('ticket.setStatus', {
        id,
        status,
        logId: uuidv7(),
        comment: comment?.trim() ? { id: uuidv7(), body: comment.trim() } : null,
        child: { id: uuidv7(), logId: uuidv7() },
      });
      return { ok: true as const };
    },
    'ticket:add-comment': async (input) => {
      await mutate('comment.add', input);
      return { ok: true as const };
    },
    'ticket:claim': async (input) => {
      await mutate('ticket.claim', input);
      return { ok: true as const };
    },
    'payment:add': async (input) => {
      await mutate('payment.add', input);
      return { ok: true as const };
    },
    'clients:search': ({ text, limit }) => details.searchClients(text, limit),
    'client:get': ({ id }) => details.client(id),
    'client:contacts': ({ clientId }) => details.contacts(clientId),
    'client:vehicles': ({ clientId }) => details.vehicles(clientId),
    'session:status': () => sync?.status() ?? standaloneStatus(),
    'store:status': () => ({ damaged }),
    'session:sign-in': ({ login, password }) => {
      if (!sync) throw new PultError('invalid-input', 'This desk works without a server');
      return sync.signIn(login, password);
    },
    'session:sign-out': () => sync?.signOut() ?? standaloneStatus(),
  };

  return {
    dataFile: options.dataFile,
    db,
    handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dropCaches: () => grid.invalidate(),
    syncNow: () => sync?.syncNow() ?? Promise.resolve(),
    close() {
      sync?.close();
      clearInterval(poll);
      listeners.clear();
      if (db.open) db.close();
    },
  };
}
