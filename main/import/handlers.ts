import { v7 as uuidv7 } from 'uuid';
import { fileRecords, guessMapping, mappingProblems } from '../../core/import/columns.js';
import type { ImportPreview, ImportReportRow, ImportStatus } from '../../core/import/contract.js';
import { okdeskRecords, type OkSkipped } from '../../core/import/okdesk.js';
import type { SourceRecord } from '../../core/import/plan.js';
import type { ImportEntity } from '../../core/import/tables.js';
import { mayRun } from '../../core/mutations.js';
import { PultError } from '../../core/result.js';
import type { DeskContext, DeskHandlers } from '../desk-context.js';
import { MAX_IMPORT_BYTES, parseImportFile, type ParsedFile } from './file-parse.js';
import { createOkdeskReader, okdeskBaseUrl } from './okdesk-client.js';
import { runImport } from './run-import.js';

const PREVIEW_LINES = 10;
/** Uploads and finished jobs kept in memory: an office imports one thing at a time. */
const KEPT = 4;

type Job = { status: ImportStatus; abort: AbortController };

const OK_ENTITY: Readonly<Record<string, ImportEntity>> = {
  company: 'client',
  contact: 'contact',
  'maintenance entity': 'vehicle',
  equipment: 'equipment',
  issue: 'ticket',
};

const skippedRow = (s: OkSkipped): ImportReportRow => ({
  line: s.line,
  entity: OK_ENTITY[s.line.replace(/ [^ ]+$/, '')] ?? 'client',
  outcome: 'skipped',
  reasons: [s.reason],
  detail: s.detail,
});

function keepLast<K, V>(map: Map<K, V>, key: K, value: V) {
  map.set(key, value);
  while (map.size > KEPT) map.delete(map.keys().next().value as K);
}

/**
 * The import dialog's methods. A run happens here, in the desk's main process, in the background: the window
 * polls `import:status`, and `import:cancel` stops it between two batches (what was imported stays, and the
 * report says how far it got). The Okdesk token arrives with `import:start` and stays in the run's closure.
 */
export function importHandlers(desk: DeskContext) {
  const uploads = new Map<string, { chunks: Buffer[]; size: number }>();
  const files = new Map<string, ParsedFile>();
  const jobs = new Map<string, Job>();

  const roles = () => (desk.sync ? desk.sync.user()?.roles : desk.details.employee(desk.userId() ?? '')?.roles);
  const mayImport = () => {
    const r = roles();
    if (r && !mayRun(r, 'import:link')) {
      throw PultError.because('forbidden', 'Only an admin or a dispatcher may import', 'role-may-not', {
        mutation: 'import:link',
      });
    }
  };

  function start(source: string, read: (job: Job) => Promise<{ records: SourceRecord[]; skipped: ImportReportRow[] }>) {
    const jobId = uuidv7();
    const job: Job = {
      status: {
        jobId,
        phase: 'reading',
        done: 0,
        total: 0,
        counts: { created: 0, updated: 0, unchanged: 0, skipped: 0 },
        error: null,
        report: null,
      },
      abort: new AbortController(),
    };
    keepLast(jobs, jobId, job);
    const codes = () => new Set(desk.details.statusModel().statuses.map((s) => s.code));
    void (async () => {
      let report: ImportReportRow[] = [];
      try {
        const { records, skipped } = await read(job);
        report = [...skipped];
        job.status = {
          ...job.status,
          phase: 'importing',
          done: 0,
          total: records.length,
          counts: { ...job.status.counts, skipped: skipped.length },
        };
        const result = await runImport({
          source,
          records,
          db: desk.db,
          regions: desk.regions(),
          statusCodes: codes,
          mutateGroups: desk.mutateGroups,
          newId: uuidv7,
          cancelled: () => job.abort.signal.aborted,
          onProgress: (done, counts) => {
            job.status = { ...job.status, done, counts: { ...counts, skipped: counts.skipped + skipped.length } };
          },
        });
        report.push(...result.rows.map((r) => ({ ...r, reasons: [...r.reasons] })));
        job.status = { ...job.status, phase: result.cancelled ? 'cancelled' : 'done', report };
      } catch (error) {
        const e = error instanceof PultError ? error : new PultError('internal', String(error));
        job.status = {
          ...job.status,
          phase: job.abort.signal.aborted ? 'cancelled' : 'failed',
          error: { code: e.code, message: e.message },
          report,
        };
      }
    })();
    return { jobId };
  }

  return {
    'import:upload': ({ uploadId, offset, chunkBase64 }) => {
      mayImport();
      const upload = uploads.get(uploadId) ?? { chunks: [], size: 0 };
      if (offset !== upload.size) {
        throw new PultError('invalid-input', `Piece at ${offset} arrived, the file so far has ${upload.size} bytes`);
      }
      const chunk = Buffer.from(chunkBase64, 'base64');
      if (upload.size + chunk.length > MAX_IMPORT_BYTES) {
        uploads.delete(uploadId);
        throw new PultError('invalid-input', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
      }
      upload.chunks.push(chunk);
      upload.size += chunk.length;
      keepLast(uploads, uploadId, upload);
      return { ok: true as const };
    },
    'import:preview': async ({ uploadId, fileName }): Promise<ImportPreview> => {
      mayImport();
      const upload = uploads.get(uploadId);
      if (!upload) throw new PultError('not-found', 'Nothing was uploaded under this id');
      const file = await parseImportFile(fileName, new Uint8Array(Buffer.concat(upload.chunks)));
      uploads.delete(uploadId);
      keepLast(files, uploadId, file);
      return {
        uploadId,
        fileName,
        encoding: file.encoding,
        headers: [...file.headers],
        preview: file.rows.slice(0, PREVIEW_LINES).map((r) => [...r]),
        rowCount: file.rows.length,
        guessed: [...guessMapping(file.headers)],
      };
    },
    'import:start': ({ source }) => {
      mayImport();
      if (desk.damaged()) throw new PultError('store-unavailable', desk.damaged() ?? '');
      switch (source.kind) {
        case 'file': {
          const file = files.get(source.uploadId);
          if (!file) throw new PultError('not-found', 'The file is no longer here: pick it again');
          if (source.mapping.length !== file.headers.length) {
            throw new PultError(
              'invalid-input',
              `The mapping has ${source.mapping.length} columns, the file ${file.headers.length}`,
            );
          }
          const problems = mappingProblems(source.mapping);
          if (problems.length > 0) {
            throw new PultError(
              'invalid-input',
              problems.includes('no-client-name')
                ? 'Say which column holds the client (its name or id)'
                : 'Two columns are given the same meaning',
            );
          }
          const mapping = source.mapping;
          return start('file', async () => ({ records: fileRecords(file.rows, mapping), skipped: [] }));
        }
        case 'okdesk': {
          const baseUrl = okdeskBaseUrl(source.account);
          const token = source.token;
          return start(`okdesk:${new URL(baseUrl).host}`, async (job) => {
            const reader = createOkdeskReader({ baseUrl, token }, fetch, job.abort.signal);
            const { data, skipped } = await reader.readAll((p) => {
              job.status = { ...job.status, done: p.items };
            });
            const converted = okdeskRecords(data);
            return { records: converted.records, skipped: [...skipped, ...converted.skipped].map(skippedRow) };
          });
        }
        default:
          throw new PultError('invalid-input', 'Unknown import source');
      }
    },
    'import:status': ({ jobId }) => {
      const job = jobs.get(jobId);
      if (!job) throw new PultError('not-found', 'No such import');
      return job.status;
    },
    'import:cancel': ({ jobId }) => {
      const job = jobs.get(jobId);
      if (!job) throw new PultError('not-found', 'No such import');
      job.abort.abort();
      return { ok: true as const };
    },
  } satisfies DeskHandlers<'import:upload' | 'import:preview' | 'import:start' | 'import:status' | 'import:cancel'>;
}
