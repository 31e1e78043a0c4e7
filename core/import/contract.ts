import { z } from 'zod';
import { action, Ok, query } from '../contract-method.js';
import { Id, str } from '../schema/text.js';
import { IMPORT_FIELDS } from './columns.js';
import { IMPORT_REASONS } from './plan.js';
import { IMPORT_ENTITIES } from './tables.js';

/** Bytes of a file per upload call: base64 of it stays under the browser host's 1 MB body limit. */
export const IMPORT_CHUNK_BYTES = 512 * 1024;

export const ImportField = z.enum(IMPORT_FIELDS);
export const ImportMapping = z.array(ImportField.nullable()).max(200);

export const ImportPreview = z.object({
  uploadId: Id,
  fileName: str(),
  encoding: z.enum(['utf-8', 'windows-1251', 'xlsx']),
  headers: z.array(str()),
  /** The first lines below the header, for the mapping step to show. */
  preview: z.array(z.array(str())),
  rowCount: z.number().int().nonnegative(),
  guessed: ImportMapping,
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const IMPORT_OUTCOMES = ['created', 'updated', 'unchanged', 'skipped'] as const;
export const ImportCounts = z.object({
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
});

export const ImportReportRow = z.object({
  line: str(),
  entity: z.enum(IMPORT_ENTITIES),
  outcome: z.enum(IMPORT_OUTCOMES),
  reasons: z.array(z.enum(IMPORT_REASONS)),
  detail: str().nullable(),
});
export type ImportReportRow = z.infer<typeof ImportReportRow>;

export const IMPORT_PHASES = ['reading', 'importing', 'done', 'cancelled', 'failed'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

export const ImportStatus = z.object({
  jobId: Id,
  phase: z.enum(IMPORT_PHASES),
  /** Source rows read so far while reading; rows imported so far of `total` while importing. */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  counts: ImportCounts,
  error: z.object({ code: str(), message: str() }).nullable(),
  /** Every row's outcome, once the run has ended (done, cancelled or failed). */
  report: z.array(ImportReportRow).nullable(),
});
export type ImportStatus = z.infer<typeof ImportStatus>;

export const ImportSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), uploadId: Id, mapping: ImportMapping }).strict(),
  z
    .object({
      kind: z.literal('okdesk'),
      /** An account name on okdesk.ru (`acme`) or the https address of an Okdesk. */
      account: str().trim().min(1).max(200),
      /** Handed to the desk for this run only: never stored, never sent back. */
      token: str().trim().min(1).max(200),
    })
    .strict(),
]);

export const IMPORT_CONTRACT = {
  /** One piece of a file the user picked; pieces arrive in order, `offset` says where this one goes. */
  'import:upload': action(
    z
      .object({
        uploadId: Id,
        offset: z
          .number()
          .int()
          .nonnegative()
          .max(64 * 1024 * 1024),
        chunkBase64: str().max(Math.ceil(IMPORT_CHUNK_BYTES / 3) * 4),
      })
      .strict(),
    Ok,
  ),
  /** The uploaded file read: its header, first lines and the guessed meaning of each column. */
  'import:preview': action(z.object({ uploadId: Id, fileName: str().trim().min(1).max(260) }).strict(), ImportPreview),
  'import:start': action(z.object({ source: ImportSource }).strict(), z.object({ jobId: Id })),
  'import:status': query(z.object({ jobId: Id }).strict(), ImportStatus, 'session'),
  'import:cancel': action(z.object({ jobId: Id }).strict(), Ok),
} as const;
