import { z } from 'zod';
import { Id, ROLES, TABLES, type TableName } from './entities.js';
import { ERROR_CODES } from './result.js';
import { Millis, str } from './schema/text.js';

/** Wire schemas of the sync protocol (docs/sync.md). Desk and server both parse with these. */

export const SYNC_PAGE_SIZE = 5_000;
export const MAX_PUSH_MUTATIONS = 1_000;
export const MAX_PUSH_BYTES = 4 * 1024 * 1024;

/**
 * Bumped when the synced tables or the pull change shape; a desk and a server compare it on every request.
 * 2: pulls carry deletions (docs/sync.md, Deletes). 3: the `callbacks` table, and calls say their source.
 * 4: the editable directory (`active` on clients, contacts and vehicles, `equipment` and `client_merges`), the
 *    planner's tables (visits carry their work type, place, confirmation and revision), the `reminders` table,
 *    and payments that can be cancelled.
 * 5: `import_links`, which remembers the local row each imported source row became, and the KPI system's
 *    `price_items` and `work_lines`.
 * 6: `planning_settings` carries the road factor (`roadFactorPercent`). An older desk reads the row and drops
 *    the field; a desk of 6 is refused by an older server, whose rows lack it.
 */
export const SYNC_SCHEMA_VERSION = 6;
/**
 * The first desk schema that applies deletions. An older desk would drop the `deletions` field unread and
 * keep the deleted rows for good, so the server refuses its pull (426) once a deletion lies after its cursor.
 */
export const DELETIONS_SCHEMA_VERSION = 2;
/**
 * The first desk schema that knows the `callbacks` table. An older desk's pull would fail as malformed on one
 * such row, so the server refuses it (426) once a callbacks row lies after its cursor.
 */
export const CALLBACKS_SCHEMA_VERSION = 3;
/**
 * The first desk schema that knows the planner's and the directory's new tables. An older desk would fail its
 * pull on a row of a table it does not know, so the server refuses it (426) once one lies after its cursor.
 * Visits, clients, contacts and vehicles are not among them: an older desk reads such a row and drops the fields
 * it does not know.
 */
export const PLANNER_SCHEMA_VERSION = 4;
export const PLANNER_TABLES = [
  'equipment',
  'client_merges',
  'engineer_profiles',
  'working_hours',
  'time_off',
  'holidays',
  'work_types',
  'visit_checklists',
  'planning_settings',
] as const satisfies readonly TableName[];
/**
 * The first desk schema that knows the `reminders` table and cancelled payments. An older desk would fail its
 * pull on a reminder, and would count a cancelled payment as paid (it drops the field unread), so the server
 * refuses its pull (426) once either lies after its cursor.
 */
export const MONEY_SCHEMA_VERSION = 4;
/**
 * The first desk schema that knows `import_links`. An older desk would fail its pull on such a row, so the
 * server refuses it (426) once one lies after its cursor.
 */
export const IMPORT_SCHEMA_VERSION = 5;
export const IMPORT_SYNC_TABLES = ['import_links'] as const satisfies readonly TableName[];
/**
 * The first desk schema that knows the price lists and work lines. An older desk would fail its pull on a row of
 * either table, so the server refuses its pull (426) once one lies after its cursor.
 */
export const KPI_SCHEMA_VERSION = 5;
export const KPI_TABLES = ['price_items', 'work_lines'] as const satisfies readonly TableName[];

export const TABLE_NAMES = Object.keys(TABLES) as TableName[];
export const SyncTable = z.enum(TABLE_NAMES as [TableName, ...TableName[]]);

export const MutationId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const Version = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const LoginRequest = z.object({ login: str().trim().min(1).max(100), password: str().min(1).max(200) }).strict();
export const SessionUser = z.object({
  id: Id,
  login: str(),
  name: str(),
  roles: z.array(z.enum(ROLES)),
  employeeId: Id.nullable(),
});
export type SessionUser = z.infer<typeof SessionUser>;
export const LoginResponse = z.object({ token: str(), user: SessionUser });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const PushedMutation = z
  .object({
    id: MutationId,
    name: str().min(1).max(60),
    args: z.unknown(),
    createdAt: Millis,
  })
  .strict();
export type PushedMutation = z.infer<typeof PushedMutation>;

export const PushRequest = z
  .object({
    deskId: Id,
    schemaVersion: z.number().int().positive(),
    mutations: z.array(PushedMutation).max(MAX_PUSH_MUTATIONS),
  })
  .strict();
export type PushRequest = z.infer<typeof PushRequest>;

/** Any key: a newer server may know reasons this desk does not (the UI then shows the message). */
export const ReasonSchema = z.object({
  key: str().max(60),
  params: z.record(str(), str().max(300)),
});

export const SyncError = z.object({
  code: z.enum(ERROR_CODES),
  message: str(),
  reason: ReasonSchema.nullable().optional(),
});

export const PushResult = z.object({
  id: MutationId,
  status: z.enum(['applied', 'duplicate', 'rejected']),
  error: SyncError.optional(),
});
/**
 * Where a long pull goes on: rows come table by table in (version, id) order, the order of each table's
 * `<table>_by_version` index, so every page is a short walk along it (ordering by id alone made every page
 * sort the whole version range).
 */
export const PullPage = z
  .object({
    upTo: Version,
    table: SyncTable,
    afterVersion: Version,
    afterId: str().max(64),
    /**
     * Present (true) while the pull is still walking the deletions, which come before every row, in
     * (version, table, id) order; `table`, `afterVersion`, `afterId` then name the last deletion sent. Absent on
     * pages among rows, so such a page reads the same to a desk of schema 1.
     */
    deletions: z.literal(true).optional(),
  })
  .strict();
export type PullPage = z.infer<typeof PullPage>;

export const PullRequest = z
  .object({
    deskId: Id,
    schemaVersion: z.number().int().positive(),
    cursor: Version,
    page: PullPage.nullable().default(null),
    /** The highest rejection id the desk has shown to its user. */
    ackedRejection: z.number().int().nonnegative().default(0),
  })
  .strict();
export type PullRequest = z.input<typeof PullRequest>;

export const Rejection = z.object({
  id: z.number().int().positive(),
  mutationId: MutationId,
  name: str(),
  code: z.enum(ERROR_CODES),
  message: str(),
  /** The rule's reason, for the desk to word in its user's language (absent from older servers). */
  reason: ReasonSchema.nullable().optional(),
});
export type Rejection = z.infer<typeof Rejection>;

/** A row as it travels: the table's fields (core/entities.ts), validated by the receiver with TABLES[table]. */
export const Change = z.object({ table: SyncTable, row: z.record(str(), z.unknown()) });
export type Change = z.infer<typeof Change>;

/** A row deleted at `version` (docs/sync.md, Deletes). */
export const Deletion = z.object({ table: SyncTable, id: Id, version: Version });
export type Deletion = z.infer<typeof Deletion>;

export const PullResponse = z.object({
  cursor: Version,
  lastMutationId: z.number().int().nonnegative(),
  rejections: z.array(Rejection),
  changes: z.array(Change),
  /**
   * Rows deleted in (cursor, upTo], in (version, table, id) order. All of a pull's deletions come before its
   * first row, and a desk applies a page's deletions before its rows.
   */
  deletions: z.array(Deletion),
  page: PullPage.nullable(),
  /** Rows and deletions in (cursor, upTo] in all, so a first sync can show a real progress bar. */
  total: z.number().int().nonnegative(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const Poke = z.object({ version: Version });

/** The most rows and deletions a live poke carries; a larger change is announced by version alone. */
export const LIVE_DELTA_MAX = 200;

/**
 * The rows and deletions of (from, version], exactly what a pull with cursor `from` would answer, small enough
 * for one message (at most LIVE_DELTA_MAX of each). A desk whose cursor is `from` applies them as that pull's
 * last page instead of pulling; any other desk pulls. Two messages carry them:
 * - a live poke (docs/sync.md, Poke): besides "version N exists", what changed; it acknowledges nothing. Older
 *   desks read only `version`;
 * - a push's answer (`written`, docs/sync.md, Push): what the push wrote, read in its own transaction,
 *   acknowledging up to the answer's lastMutationId. Absent when the push wrote nothing or more than fits.
 *   Older desks ignore it.
 */
export const RowsBetween = Poke.extend({
  from: Version,
  changes: z.array(Change).max(LIVE_DELTA_MAX),
  deletions: z.array(Deletion).max(LIVE_DELTA_MAX),
}).refine((p) => p.from < p.version, 'the rows name a range of versions');
export type RowsBetween = z.infer<typeof RowsBetween>;

export const LivePoke = RowsBetween;
export type LivePoke = RowsBetween;

export const PushResponse = z.object({
  lastMutationId: z.number().int().nonnegative(),
  results: z.array(PushResult),
  written: RowsBetween.optional(),
});
export type PushResponse = z.infer<typeof PushResponse>;

/** Errors a sync endpoint answers with (HTTP 4xx body). */
export const HttpErrorBody = z.object({ error: z.object({ code: str(), message: str() }) });

/**
 * A snapshot (docs/sync.md, First sync): a replica file of every row up to `version`, in the desk store's
 * schema `storeSchema`. `GET /api/sync/snapshot?deskId=…&storeSchema=…` answers the file itself, with this
 * description as JSON in the `x-pult-snapshot` header; 404 `no-snapshot` when there is none for that schema.
 */
export const SnapshotMeta = z.object({
  version: Version,
  storeSchema: z.number().int().positive(),
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().positive(),
  sha256: str().regex(/^[0-9a-f]{64}$/),
  builtAt: z.number().int().nonnegative(),
});
export type SnapshotMeta = z.infer<typeof SnapshotMeta>;
export const SNAPSHOT_HEADER = 'x-pult-snapshot';
export const SnapshotQuery = z.strictObject({
  deskId: Id,
  schemaVersion: z.coerce.number().int().positive(),
  storeSchema: z.coerce.number().int().positive(),
});
export type SnapshotQuery = z.infer<typeof SnapshotQuery>;

/** `GET /api/health` (no sign-in): is the server up, at which version, speaking which schema. */
export const HealthResponse = z.object({
  ok: z.literal(true),
  version: Version,
  schemaVersion: z.number().int(),
  /** The version of the snapshot an empty desk would start from (null: none yet, desks pull page by page). */
  snapshotVersion: Version.nullable().optional(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

/** Admin routes (server/): user accounts. A new password is at least 8 characters. */
export const NewPassword = str().min(8).max(200);
export const CreateUserRequest = z
  .object({
    login: str()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[\p{L}\p{N}._-]+$/u, 'Letters, digits, dot, dash and underscore only'),
    name: str().trim().min(1).max(200),
    password: NewPassword,
    roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
    employeeId: Id.nullable().optional(),
  })
  .strict();
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;
export const SetPasswordRequest = z.object({ password: NewPassword }).strict();
export const AdminUser = SessionUser.extend({ active: z.boolean(), createdAt: z.number().int().nonnegative() });
export type AdminUser = z.infer<typeof AdminUser>;
