import type { Generated, Kysely } from 'kysely';
import type { TableName } from '../../core/entities.js';

/**
 * The server's schema as Kysely sees it. Synced tables are typed loosely (every column is `unknown` beyond
 * `id` and `version`): rows only ever reach them through the one mapper in `rows.ts`, which derives the
 * columns from core/entities.ts, so a hand-written column list here would be a second copy to keep in step.
 *
 * Integers: every BIGINT comes back as a JS number on both backends (PostgreSQL through the type parser in
 * `connect.ts`, which refuses values beyond 2^53), so `number` is the truth for reads.
 */
export type SyncedRecord = {
  id: string;
  version: number;
  [column: string]: unknown;
};

export type ServerVersionTable = { id: number; version: number };

export type StatusesTable = {
  code: string;
  position: number;
  kind: string;
  name_ru: string;
  name_en: string;
  color: string;
};

export type StatusTransitionsTable = { from_status: string; to_status: string; on_full_payment: number };

export type UsersTable = {
  id: string;
  login: string;
  name: string;
  password_hash: string;
  /** JSON array of role codes, as in employees.roles. */
  roles: string;
  employee_id: string | null;
  /** 0/1 on both backends: one mapping for booleans everywhere (docs/server.md). */
  active: number;
  created_at: number;
};

export type SessionsTable = { token_hash: string; user_id: string; created_at: number; expires_at: number };

export type DesksTable = { desk_id: string; user_id: string; last_mutation_id: number; created_at: number };

export type DeskAppliedTable = { desk_id: string; mutation_id: number; version: number };

export type RejectionsTable = {
  id: Generated<number>;
  desk_id: string;
  mutation_id: number;
  name: string;
  code: string;
  message: string;
  /** JSON of core's Reason, or null. */
  reason: string | null;
  at: number;
};

/** A deleted synced row: which, and the version that deleted it (docs/sync.md, Deletes). */
export type TombstonesTable = { tbl: string; id: string; version: number };

/** A PBX that reports calls itself (server/calls/pbx-registry.ts); `mailbox` is its settings as JSON. */
export type PbxesTable = {
  id: string;
  name: string;
  token_hash: string;
  token_issued_at: number;
  mailbox: string | null;
  mailbox_checked_at: number | null;
  mailbox_error: string | null;
  created_at: number;
};

/** The webhook's state of one call between its events (server/calls/cti-calls.ts). */
export type PbxCallsTable = {
  pbx_id: string;
  call_id: string;
  direction: string;
  from_number: string;
  to_number: string | null;
  queue: string | null;
  state: string;
  cause: string | null;
  started_at: number;
  answered_at: number | null;
  answered_by: string | null;
  ended_at: number | null;
  updated_at: number;
};

/** A message in a PBX's mailbox that its pattern did not match (server/calls/mailbox.ts). */
export type PbxMailUnmatchedTable = {
  pbx_id: string;
  message_key: string;
  subject: string;
  reason: string;
  first_seen_at: number;
  last_seen_at: number;
};

/** A read-only token for BI tools (server/bi/): it reads the BI feed and nothing else. */
export type BiTokensTable = {
  id: string;
  name: string;
  token_hash: string;
  created_at: number;
  created_by: string | null;
  revoked_at: number | null;
};

export type ServerDb = { [T in TableName]: SyncedRecord } & {
  server_version: ServerVersionTable;
  statuses: StatusesTable;
  status_transitions: StatusTransitionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  desks: DesksTable;
  rejections: RejectionsTable;
  desk_applied: DeskAppliedTable;
  tombstones: TombstonesTable;
  pbxes: PbxesTable;
  pbx_calls: PbxCallsTable;
  pbx_mail_unmatched: PbxMailUnmatchedTable;
  bi_tokens: BiTokensTable;
};

export type Backend = 'sqlite' | 'postgres';

/** A Kysely handle bound to one connection (inside a transaction) or to the pool. */
export type Db = Kysely<ServerDb>;
