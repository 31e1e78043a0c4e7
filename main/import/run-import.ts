import type { Database } from 'better-sqlite3';
import { planRecord, type ImportReason, type RowPlan, type SourceRecord } from '../../core/import/plan.js';
import type { ImportEntity } from '../../core/import/tables.js';
import type { PhoneRegions } from '../../core/phone.js';
import type { GroupedMutation, GroupResult } from '../mutations/local-runner.js';
import { createDeskLookup } from './desk-lookup.js';

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'skipped';

export type ImportReportRow = Readonly<{
  line: string;
  entity: ImportEntity;
  outcome: ImportOutcome;
  reasons: readonly ImportReason[];
  /** What a reason is about (the phone as typed), or the refusal's message. */
  detail: string | null;
}>;

export type ImportCounts = Readonly<Record<ImportOutcome, number>>;

export type ImportRunResult = Readonly<{ rows: readonly ImportReportRow[]; counts: ImportCounts; cancelled: boolean }>;

export type ImportRunOptions = Readonly<{
  /** Names the source in the import links: `okdesk:ACCOUNT`, `file`. */
  source: string;
  records: readonly SourceRecord[];
  db: Database;
  regions: PhoneRegions;
  statusCodes(): ReadonlySet<string>;
  mutateGroups(groups: readonly (() => Promise<readonly GroupedMutation[]>)[]): Promise<readonly GroupResult[]>;
  newId(): string;
  /** Read between batches: a cancelled import stops after the batch in hand, which stays imported. */
  cancelled(): boolean;
  onProgress(done: number, counts: ImportCounts): void;
  /** Rows per transaction: one commit per batch, and the UI gets its turn between batches. */
  batchSize?: number;
}>;

const OUTCOME: Readonly<Record<RowPlan['outcome'], ImportOutcome>> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  skip: 'skipped',
};

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);

/**
 * Runs an import: each source record is planned against the replica as it is at that moment and applied
 * through the directory's named mutations (LocalMutationRunner.runGroups: a record's mutations commit
 * together or not at all). Every mutation queues for the server like one made by hand, and the server judges
 * it the same way.
 */
export async function runImport(options: ImportRunOptions): Promise<ImportRunResult> {
  const lookup = createDeskLookup(options.db, options.statusCodes);
  const ctx = { source: options.source, lookup, newId: options.newId, regions: options.regions };
  const rows: ImportReportRow[] = [];
  const counts: Record<ImportOutcome, number> = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  const batchSize = options.batchSize ?? 200;
  let cancelled = false;
  for (let start = 0; start < options.records.length; start += batchSize) {
    if (options.cancelled()) {
      cancelled = true;
      break;
    }
    const batch = options.records.slice(start, start + batchSize);
    const plans: (RowPlan | null)[] = batch.map(() => null);
    const results = await options.mutateGroups(
      batch.map((record, i) => async () => {
        const plan = await planRecord(ctx, record);
        plans[i] = plan;
        return plan.mutations;
      }),
    );
    batch.forEach((record, i) => {
      const plan = plans[i];
      const result = results[i];
      const row: ImportReportRow =
        plan && result?.ok
          ? {
              line: record.line,
              entity: record.entity,
              outcome: OUTCOME[plan.outcome],
              reasons: plan.reasons,
              detail: plan.detail,
            }
          : {
              line: record.line,
              entity: record.entity,
              outcome: 'skipped',
              reasons: ['refused'],
              detail: result && !result.ok ? errorText(result.error) : null,
            };
      counts[row.outcome] += 1;
      rows.push(row);
    });
    options.onProgress(Math.min(start + batchSize, options.records.length), { ...counts });
    // Let the desk answer the window (and a cancel) between two batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { rows, counts, cancelled };
}
