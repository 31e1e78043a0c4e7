import { unpaidSql } from '../../core/money/debt.js';
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
import { phoneFormatter, type PhoneRegions } from '../../core/phone.js';
import type { z } from 'zod';
import { buildFtsQuery, type FtsSearch } from './fts-query.js';

type Query = z.output<typeof TicketQuery>;

/** Each sort column maps to one indexed expression (`tickets_by_*`); names sort by their Russian sort keys. */
const SORT_EXPRESSIONS: Readonly<Record<SortColumn, string>> = {
  number: 't.number',
  title: 't.title_key',
  status: 't.status_position',
  type: 't.type',
  priority: 't.priority_rank',
  client: 't.client_key',
  assignee: 't.assignee_name',
  createdAt: 't.created_at',
  updatedAt: 't.updated_at',
  plannedAt: 't.planned_at',
};

/** The debt rule in SQL; the partial index `tickets_unpaid_by_client_id` has exactly this condition. */
/** The debt rule over this replica's columns, from its one home in core. */
export const UNPAID_CONDITION = unpaidSql('t');

function viewCondition(view: TicketView, col: (name: string) => string): string | null {
  switch (view) {
    case 'all':
      return null;
    case 'open':
      return `${col('status_kind')} = 'open'`;
    case 'callbacks':
      return `${col('type')} = 'callback' AND ${col('status_kind')} = 'open'`;
    case 'mine':
      return `${col('assignee_id')} = @me AND ${col('status_kind')} = 'open'`;
    case 'unpaid':
      return UNPAID_CONDITION;
    default:
      return assertNever(view, 'view');
  }
}

export type GridSql = Readonly<{
  from: string;
  where: string;
  params: Record<string, unknown>;
  orderBy: string;
  /** The search is the only condition: the total can be counted in the full-text index alone. */
  searchOnly: boolean;
  /** What the search text became (see buildFtsQuery); `rankFirst` puts its matches before the rest. */
  search: FtsSearch | null;
}>;

/**
 * How to find a page. SQLite's statistics say how many distinct values a column has, not how they are
 * spread ("closed" may be 60% of tickets, "new" 0.1%), so the grid decides from the result's real size,
 * which it counts anyway: a small result is found through the filter's index and sorted; a large one is
 * read in order along the sort column's index, filtering as it goes, which finds a page long before the end.
 * The sort indexes also hold status, its kind, type and creation time (desk migration 0017), so a walk for
 * those filters never reads a skipped row from the table: a deep page costs a walk of index entries only.
 */
export type PlanMode = 'filter-index' | 'sort-index';

/** Results up to this size are sorted after the fact (a few milliseconds); larger ones walk the sort index. */
export const SORT_INDEX_THRESHOLD = 4_000;

/** Builds the FROM, WHERE and ORDER BY of a grid query. Only named parameters carry user input. */
export function buildGridSql(
  query: Query,
  me: string | null,
  regions: PhoneRegions,
  mode: PlanMode = 'filter-index',
): GridSql {
  // A unary + keeps SQLite from using a column's index for the condition, leaving the sort's index.
  const col = (name: string) => (mode === 'sort-index' ? `+t.${name}` : `t.${name}`);
  const conditions: string[] = [];
  const params: Record<string, unknown> = { me };
  const view = viewCondition(query.view, col);
  if (view) conditions.push(view);
  const f = query.filter;
  const list = (prefix: string, values: readonly unknown[]) =>
    values
      .map((value, i) => {
        params[`${prefix}${i}`] = value;
        return `@${prefix}${i}`;
      })
      .join(', ');
  if (f.statuses?.length) conditions.push(`${col('status')} IN (${list('status', f.statuses)})`);
  if (f.types?.length) conditions.push(`${col('type')} IN (${list('type', f.types)})`);
  if (f.assigneeIds?.length) {
    const ids = f.assigneeIds.filter((id): id is string => id !== null);
    const parts = ids.length ? [`${col('assignee_id')} IN (${list('assignee', ids)})`] : [];
    if (f.assigneeIds.includes(null)) parts.push(`${col('assignee_id')} IS NULL`);
    conditions.push(`(${parts.join(' OR ')})`);
  }
  if (f.clientId) {
    params.clientId = f.clientId;
    conditions.push(`${col('client_id')} = @clientId`);
  }
  if (f.createdFrom !== undefined) {
    params.createdFrom = f.createdFrom;
    conditions.push(`${col('created_at')} >= @createdFrom`);
  }
  if (f.createdTo !== undefined) {
    params.createdTo = f.createdTo;
    conditions.push(`${col('created_at')} < @createdTo`);
  }
  const search = f.text === undefined ? null : buildFtsQuery(f.text, regions);
  if (search?.match) {
    params.match = search.match;
    conditions.push(`${col('seq')} IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH @match)`);
  }
  const dir = query.sort.dir === 'asc' ? 'ASC' : 'DESC';
  // The tie-breaker runs in the same direction as the key, so a deep page walks one index one way.
  let orderBy = `${SORT_EXPRESSIONS[query.sort.column]} ${dir}, t.seq ${dir}`;
  if (search?.rankFirst) {
    // "Ranked" means grouped: the phone-ending matches first, then the incidental ones, each in the sort.
    params.rankFirst = search.rankFirst;
    orderBy = `(t.seq IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH @rankFirst)) DESC, ${orderBy}`;
  }
  // The window opens on this query: the partial index holds exactly the open tickets in number order, so the
  // page is read in order whatever the statistics say (a new store has none), and no other ticket is read.
  const openByNumber = query.view === 'open' && query.sort.column === 'number' && conditions.length === 1;
  if (openByNumber) conditions[0] = `t.status_kind = 'open'`;
  // The unpaid view is the partial index's own condition: a few hundred rows, found directly.
  const from = openByNumber
    ? 'tickets t INDEXED BY tickets_open_by_number'
    : query.view === 'unpaid' && mode === 'filter-index'
      ? 'tickets t INDEXED BY tickets_unpaid_by_client_id'
      : 'tickets t';
  const searchOnly = conditions.length === 1 && 'match' in params;
  return {
    from,
    where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '',
    params,
    orderBy,
    searchOnly,
    search,
  };
}

/**
 * A deferred join: the page's row keys come from the sort index alone (the skipped rows of a deep page are
 * never read from the table, nor joined), then only the page's rows are read and joined.
 */
/**
 * A row's phone (see TicketGridRow.phone), read only for the page's rows, in E.164 where the store has it
 * (formatted after the query), else as typed: a callback's number is its caller's (withheld: none); otherwise
 * the client's phones through `phones_by_client_id`, the ticket's contact's first, then the client's own,
 * then its other contacts'.
 */
const ROW_PHONE = `COALESCE(
            (SELECT cb.number_key FROM callbacks cb WHERE cb.id = t.id),
            (SELECT COALESCE(p.e164, p.raw) FROM phones p WHERE p.client_id = t.client_id
              ORDER BY p.contact_id IS NOT t.contact_id, p.contact_id IS NOT NULL, p.raw LIMIT 1))`;

export function gridPageSql(sql: GridSql): string {
  return `SELECT t.id, t.number, t.title, t.status, t.type, t.priority, t.billing, t.amount, t.client_id,
            t.client_name, t.assignee_id, t.assignee_name, v.plate, ${ROW_PHONE} AS phone, t.created_at,
            t.updated_at, t.planned_at
          FROM (SELECT t.seq FROM ${sql.from} ${sql.where} ORDER BY ${sql.orderBy} LIMIT @limit OFFSET @offset) AS page
          CROSS JOIN tickets t ON t.seq = page.seq
          LEFT JOIN vehicles v ON v.id = t.vehicle_id
          ORDER BY ${sql.orderBy}`;
}

export function gridCountSql(sql: GridSql): string {
  // Every FTS row is a ticket (the triggers keep it so), so a search alone is counted without the table.
  if (sql.searchOnly) return 'SELECT count(*) AS n FROM ticket_fts WHERE ticket_fts MATCH @match';
  return `SELECT count(*) AS n FROM ${sql.from} ${sql.where}`;
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
  phone: string | null;
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

/** The page's SQL for a result of `total` rows (see PlanMode). */
export function planFor(
  query: Query,
  total: number,
  counting: GridSql,
  me: string | null,
  regions: PhoneRegions,
): GridSql {
  // A ranked search sorts its (few) matches itself: no index holds the rank.
  const walkSortIndex = total > SORT_INDEX_THRESHOLD && counting.where && !counting.search?.rankFirst;
  return walkSortIndex ? buildGridSql(query, me, regions, 'sort-index') : counting;
}

export type GridQueryService = Readonly<{ query(input: Query): TicketPage; invalidate(): void }>;

/**
 * The grid's query service. Totals are cached per filter until the store changes (`invalidate`), because a
 * scroll asks for many pages of one result and counting 100k rows on each would dominate.
 */
export function createGridQueryService(
  db: Database,
  context: Readonly<{
    me(): string | null;
    regions(): PhoneRegions;
    /** Tickets made at this desk that the server has not numbered yet (empty for a desk without a server). */
    provisional(): ReadonlySet<string>;
  }>,
): GridQueryService {
  const pageStatements = new Map<string, Statement>();
  const countStatements = new Map<string, Statement>();
  const totals = new Map<string, number>();
  const debts = createDebtReader(db);
  const shownPhone = phoneFormatter();
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
      const counting = buildGridSql(input, context.me(), context.regions());
      const countSql = gridCountSql(counting);
      const totalKey = `${countSql}\u0000${JSON.stringify(counting.params)}`;
      let total = totals.get(totalKey);
      if (total === undefined) {
        total = (prepared(countStatements, countSql).get(counting.params) as { n: number }).n;
        totals.set(totalKey, total);
      }
      const sql = planFor(input, total, counting, context.me(), context.regions());
      const rows = prepared(pageStatements, gridPageSql(sql)).all({
        ...sql.params,
        limit: input.limit,
        offset: input.offset,
      }) as DbGridRow[];
      const debtByClient = debts.forClients(rows.map((r) => r.client_id));
      const provisional = context.provisional();
      const regions = context.regions();
      return {
        total,
        searchIgnored: counting.search?.ignored ?? null,
        searchTruncated: counting.search?.truncated ?? false,
        searchPhoneEnding: counting.search?.phoneEnding ?? null,
        rows: rows.map((r) => ({
          id: r.id,
          number: r.number,
          provisional: provisional.has(r.id),
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
          phone: r.phone === null ? null : shownPhone(r.phone, regions),
          createdAt: r.created_at,
          updatedAt: r.updated_at,
          plannedAt: r.planned_at,
          debt: debtByClient.get(r.client_id) ?? null,
        })),
      };
    },
  };
}
