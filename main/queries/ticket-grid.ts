import type { Database, Statement } from 'better-sqlite3';
import type { TicketQuery } from '../../core/contract.js';
import {
  type DebtSummary,
  type SortColumn,
  type TicketGridRow,
  type TicketPage,
  type TicketView,
} from '../../core/contract.js';
import type { Currency } from '../../core/entities.js';
import { assertNever } from '../../core/result.js';
import type { PhoneRegions } from '../../core/phone.js';
import type { z } from 'zod';
import { buildFtsQuery } from './fts-query.js';

type Query = z.output<typeof TicketQuery>;

/** Each sort column maps to one indexed expression (see 0001-initial: `tickets_by_*`). */
const SORT_EXPRESSIONS: Readonly<Record<SortColumn, string>> = {
  number: 't.number',
  title: 't.title',
  status: 't.status_position',
  type: 't.type',
  priority: 't.priority_rank',
  client: 't.client_name',
  assignee: 't.assignee_name',
  createdAt: 't.created_at',
  updatedAt: 't.updated_at',
  plannedAt: 't.planned_at',
};

/** The debt rule in SQL; the partial index `tickets_unpaid_by_client_id` has exactly this condition. */
export const UNPAID_CONDITION = "t.billing = 'paid' AND t.status_kind = 'completed' AND t.paid_total < t.amount";

function viewCondition(view: TicketView): string | null {
  switch (view) {
    case 'all':
      return null;
    case 'open':
      return "t.status_kind = 'open'";
    case 'callbacks':
      return "t.type = 'callback' AND t.status_kind = 'open'";
    case 'mine':
      return "t.assignee_id = @me AND t.status_kind = 'open'";
    case 'unpaid':
      return UNPAID_CONDITION;
    default:
      return assertNever(view, 'view');
  }
}

export type GridSql = Readonly<{ where: string; params: Record<string, unknown>; orderBy: string }>;

/** Builds the WHERE and ORDER BY of a grid query. Only named parameters carry user input. */
export function buildGridSql(query: Query, me: string | null, regions: PhoneRegions): GridSql {
  const conditions: string[] = [];
  const params: Record<string, unknown> = { me };
  const view = viewCondition(query.view);
  if (view) conditions.push(view);
  const f = query.filter;
  const list = (prefix: string, values: readonly unknown[]) =>
    values
      .map((value, i) => {
        params[`${prefix}${i}`] = value;
        return `@${prefix}${i}`;
      })
      .join(', ');
  if (f.statuses?.length) conditions.push(`t.status IN (${list('status', f.statuses)})`);
  if (f.types?.length) conditions.push(`t.type IN (${list('type', f.types)})`);
  if (f.assigneeIds?.length) {
    const ids = f.assigneeIds.filter((id): id is string => id !== null);
    const parts = ids.length ? [`t.assignee_id IN (${list('assignee', ids)})`] : [];
    if (f.assigneeIds.includes(null)) parts.push('t.assignee_id IS NULL');
    conditions.push(`(${parts.join(' OR ')})`);
  }
  if (f.clientId) {
    params.clientId = f.clientId;
    conditions.push('t.client_id = @clientId');
  }
  if (f.createdFrom !== undefined) {
    params.createdFrom = f.createdFrom;
    conditions.push('t.created_at >= @createdFrom');
  }
  if (f.createdTo !== undefined) {
    params.createdTo = f.createdTo;
    conditions.push('t.created_at < @createdTo');
  }
  if (f.text !== undefined) {
    const match = buildFtsQuery(f.text, regions);
    if (match) {
      params.match = match;
      conditions.push('t.seq IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH @match)');
    }
  }
  const dir = query.sort.dir === 'asc' ? 'ASC' : 'DESC';
  // The tie-breaker runs in the same direction as the key, so a deep page walks one index one way.
  const orderBy = `${SORT_EXPRESSIONS[query.sort.column]} ${dir}, t.seq ${dir}`;
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params, orderBy };
}

export function gridPageSql(sql: GridSql): string {
  return `SELECT t.id, t.number, t.title, t.status, t.type, t.priority, t.billing, t.amount, t.client_id,
            t.client_name, t.assignee_id, t.assignee_name, v.plate, t.created_at, t.updated_at, t.planned_at
          FROM tickets t LEFT JOIN vehicles v ON v.id = t.vehicle_id
          ${sql.where} ORDER BY ${sql.orderBy} LIMIT @limit OFFSET @offset`;
}

export function gridCountSql(sql: GridSql): string {
  return `SELECT count(*) AS n FROM tickets t ${sql.where}`;
}

type DbGridRow = {
  id: string;
  number: number;
  title: string;
  status: string;
  type: TicketGridRow['type'];
  priority: TicketGridRow['priority'];
  billing: TicketGridRow['billing'];
  amount: number;
  client_id: string;
  client_name: string;
  assignee_id: string | null;
  assignee_name: string | null;
  plate: string | null;
  created_at: number;
  updated_at: number;
  planned_at: number | null;
};

type DebtRecord = { client_id: string; count: number; sum: number; oldest_at: number | null; currency: Currency };

export type DebtReader = Readonly<{ forClients(ids: readonly string[]): ReadonlyMap<string, DebtSummary> }>;

export function createDebtReader(db: Database): DebtReader {
  const statements = new Map<number, Statement>();
  return {
    forClients(ids) {
      const unique = [...new Set(ids)];
      const result = new Map<string, DebtSummary>();
      if (unique.length === 0) return result;
      let stmt = statements.get(unique.length);
      if (!stmt) {
        stmt = db.prepare(
          `SELECT t.client_id, count(*) AS count, sum(t.amount - t.paid_total) AS sum, min(t.resolved_at) AS oldest_at,
                  c.currency AS currency
           FROM tickets t INDEXED BY tickets_unpaid_by_client_id JOIN clients c ON c.id = t.client_id
           WHERE t.client_id IN (${unique.map(() => '?').join(', ')}) AND ${UNPAID_CONDITION}
           GROUP BY t.client_id`,
        );
        statements.set(unique.length, stmt);
      }
      for (const r of stmt.all(...unique) as DebtRecord[]) {
        result.set(r.client_id, { count: r.count, sum: r.sum, oldestAt: r.oldest_at, currency: r.currency });
      }
      return result;
    },
  };
}

export type GridQueryService = Readonly<{ query(input: Query): TicketPage }>;

/**
 * The grid's query service. Totals are cached per filter until the store changes (`invalidate`), because a
 * scroll asks for many pages of one result and counting 100k rows on each would dominate.
 */
export function createGridQueryService(
  db: Database,
  context: Readonly<{ me(): string | null; regions(): PhoneRegions }>,
): GridQueryService & Readonly<{ invalidate(): void }> {
  const pageStatements = new Map<string, Statement>();
  const countStatements = new Map<string, Statement>();
  const totals = new Map<string, number>();
  const debts = createDebtReader(db);
  const prepared = (cache: Map<string, Statement>, sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  return {
    invalidate() {
      totals.clear();
    },
    query(input) {
      const sql = buildGridSql(input, context.me(), context.regions());
      const countSql = gridCountSql(sql);
      const totalKey = `${countSql}\u0000${JSON.stringify(sql.params)}`;
      let total = totals.get(totalKey);
      if (total === undefined) {
        total = (prepared(countStatements, countSql).get(sql.params) as { n: number }).n;
        totals.set(totalKey, total);
      }
      const rows = prepared(pageStatements, gridPageSql(sql)).all({
        ...sql.params,
        limit: input.limit,
        offset: input.offset,
      }) as DbGridRow[];
      const debtByClient = debts.forClients(rows.map((r) => r.client_id));
      return {
        total,
        rows: rows.map((r) => ({
          id: r.id,
          number: r.number,
          title: r.title,
          status: r.status,
          type: r.type,
          priority: r.priority,
          billing: r.billing,
          amount: r.amount,
          clientId: r.client_id,
          clientName: r.client_name,
          assigneeId: r.assignee_id,
          assigneeName: r.assignee_name,
          plate: r.plate,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
          plannedAt: r.planned_at,
          debt: debtByClient.get(r.client_id) ?? null,
        })),
      };
    },
  };
}
