import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { IMPORT_FIELDS, mappingProblems, type ColumnMapping, type ImportField } from '../../core/import/columns';
import type { ImportPreview, ImportStatus } from '../../core/import/contract';
import type { PultErrorData } from '../../core/result';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { reportCsv, rowsToShow, toBase64 } from './import-report';

/** Bytes per upload call (the contract's IMPORT_CHUNK_BYTES; not imported, to keep zod out of the window). */
const CHUNK = 512 * 1024;
const POLL_MS = 300;

type Step =
  | Readonly<{ kind: 'source' }>
  | Readonly<{ kind: 'mapping'; preview: ImportPreview; mapping: ColumnMapping }>
  | Readonly<{ kind: 'running'; jobId: string }>;

/**
 * Import into the directory from a CSV/XLSX file or an Okdesk account: the source, then (for a file) each
 * column's meaning with the first lines to judge by, then a progress bar with the counts so far and a cancel,
 * then the report of every skipped row and why, which can be saved as CSV. A second import of the same
 * source updates what changed and creates nothing twice.
 */
export function ImportDialog({ onClose }: Readonly<{ onClose(): void }>) {
  const { t } = useTranslation();
  const api = useApi();
  const [tab, setTab] = useState<'file' | 'okdesk'>('file');
  const [step, setStep] = useState<Step>({ kind: 'source' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [account, setAccount] = useState('');
  const [token, setToken] = useState('');
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const fail = (e: PultErrorData) => setError(errorText(t, e));

  const upload = async (file: File) => {
    setError(null);
    setBusy(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const uploadId = uuidv7();
      for (let offset = 0; offset < bytes.length || offset === 0; offset += CHUNK) {
        const sent = await api.call('import:upload', {
          uploadId,
          offset,
          chunkBase64: toBase64(bytes.subarray(offset, offset + CHUNK)),
        });
        if (!sent.ok) return fail(sent.error);
        if (bytes.length === 0) break;
      }
      const preview = await api.call('import:preview', { uploadId, fileName: file.name });
      if (!preview.ok) return fail(preview.error);
      setStep({ kind: 'mapping', preview: preview.value, mapping: preview.value.guessed });
    } finally {
      setBusy(false);
    }
  };

  const start = async (source: Parameters<typeof api.call<'import:start'>>[1]['source']) => {
    setError(null);
    setBusy(true);
    const started = await api.call('import:start', { source });
    setBusy(false);
    if (!started.ok) return fail(started.error);
    // The token has done its job: the desk holds it for this run, the window forgets it.
    setToken('');
    setStep({ kind: 'running', jobId: started.value.jobId });
  };

  const jobId = step.kind === 'running' ? step.jobId : null;
  useEffect(() => {
    if (!jobId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const answer = await api.call('import:status', { jobId });
      if (stopped) return;
      if (!answer.ok) return fail(answer.error);
      setStatus(answer.value);
      if (answer.value.report === null) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // fail and api are stable for the dialog's life; the poll restarts only for a new job.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jobId]);

  const finished = status?.report != null;
  const saveReport = () => {
    if (!status?.report) return;
    const blob = new Blob([reportCsv(t, status.report)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'import-report.csv';
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  const fieldLabel = (field: ImportField) => t(`directory.import.field.${field}`);
  const problems = step.kind === 'mapping' ? mappingProblems(step.mapping) : [];

  return (
    <Dialog open onClose={busy || (step.kind === 'running' && !finished) ? undefined : onClose} maxWidth="lg" fullWidth>
      <DialogTitle>{t('directory.import.title')}</DialogTitle>
      <DialogContent data-testid="import-dialog">
        {error && (
          <Alert severity="error" sx={{ mb: 2 }} data-testid="import-error">
            {error}
          </Alert>
        )}
        {step.kind === 'source' && (
          <>
            <Tabs value={tab} onChange={(_, v: 'file' | 'okdesk') => setTab(v)} sx={{ mb: 2 }}>
              <Tab value="file" label={t('directory.import.fromFile')} data-testid="import-tab-file" />
              <Tab value="okdesk" label={t('directory.import.fromOkdesk')} data-testid="import-tab-okdesk" />
            </Tabs>
            {tab === 'file' && (
              <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, alignItems: 'flex-start' }}>
                <Typography>{t('directory.import.fileHint')}</Typography>
                <Button variant="contained" component="label" disabled={busy}>
                  {t('directory.import.pickFile')}
                  <input
                    hidden
                    type="file"
                    accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    data-testid="import-file"
                    onChange={(e) => {
                      const file = e.target.files?.[0];
                      e.target.value = '';
                      if (file) void upload(file);
                    }}
                  />
                </Button>
                {busy && <LinearProgress sx={{ width: '100%' }} />}
              </Box>
            )}
            {tab === 'okdesk' && (
              <Box
                component="form"
                sx={{ display: 'flex', flexDirection: 'column', gap: 2, maxWidth: 480 }}
                onSubmit={(e) => {
                  e.preventDefault();
                  void start({ kind: 'okdesk', account, token });
                }}
              >
                <Typography>{t('directory.import.okdeskHint')}</Typography>
                <TextField
                  label={t('directory.import.account')}
                  value={account}
                  onChange={(e) => setAccount(e.target.value)}
                  required
                  slotProps={{ htmlInput: { 'data-testid': 'import-okdesk-account' } }}
                />
                <TextField
                  label={t('directory.import.token')}
                  type="password"
                  autoComplete="off"
                  value={token}
                  onChange={(e) => setToken(e.target.value)}
                  required
                  slotProps={{ htmlInput: { 'data-testid': 'import-okdesk-token' } }}
                />
                <Button type="submit" variant="contained" disabled={busy || !account.trim() || !token.trim()}>
                  {t('directory.import.run')}
                </Button>
              </Box>
            )}
          </>
        )}
        {step.kind === 'mapping' && (
          <>
            <Typography sx={{ mb: 1 }}>
              {t('directory.import.mappingHint', { file: step.preview.fileName, count: step.preview.rowCount })}
            </Typography>
            <Box sx={{ overflow: 'auto', maxHeight: 420 }}>
              <Box component="table" sx={{ borderCollapse: 'collapse', '& td, & th': { p: 0.5, fontSize: 13 } }}>
                <thead>
                  <tr>
                    {step.preview.headers.map((header, i) => (
                      <th key={i} style={{ textAlign: 'left', verticalAlign: 'bottom' }}>
                        <Typography variant="caption" component="div" sx={{ color: 'text.secondary' }}>
                          {header}
                        </Typography>
                        <TextField
                          select
                          size="small"
                          value={step.mapping[i] ?? ''}
                          sx={{ minWidth: 150 }}
                          onChange={(e) => {
                            const next = [...step.mapping];
                            next[i] = e.target.value === '' ? null : (e.target.value as ImportField);
                            setStep({ ...step, mapping: next });
                          }}
                          slotProps={{
                            htmlInput: { 'data-testid': 'import-column', 'aria-label': header },
                          }}
                        >
                          <MenuItem value="">{t('directory.import.skipColumn')}</MenuItem>
                          {IMPORT_FIELDS.map((field) => (
                            <MenuItem key={field} value={field}>
                              {fieldLabel(field)}
                            </MenuItem>
                          ))}
                        </TextField>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {step.preview.preview.map((row, r) => (
                    <tr key={r} data-testid="import-preview-row">
                      {row.map((cell, c) => (
                        <td key={c}>{cell}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </Box>
            </Box>
            {problems.map((p) => (
              <Alert key={p} severity="warning" sx={{ mt: 1 }}>
                {t(`directory.import.problem.${p}`)}
              </Alert>
            ))}
          </>
        )}
        {step.kind === 'running' && (
          <Box data-testid="import-progress">
            <Typography sx={{ mb: 1 }}>
              {status === null || status.phase === 'reading'
                ? t('directory.import.reading', { count: status?.done ?? 0 })
                : t(`directory.import.phase.${status.phase}`, { done: status.done, total: status.total })}
            </Typography>
            <LinearProgress
              variant={status && status.phase !== 'reading' && status.total > 0 ? 'determinate' : 'indeterminate'}
              value={status && status.total > 0 ? (100 * status.done) / status.total : 0}
              aria-label={t('directory.import.title')}
            />
            {status && (
              <Typography sx={{ mt: 1 }} data-testid="import-counts">
                {t('directory.import.counts', status.counts)}
              </Typography>
            )}
            {status?.error && (
              <Alert severity="error" sx={{ mt: 1 }}>
                {errorText(t, { code: status.error.code as PultErrorData['code'], message: status.error.message })}
              </Alert>
            )}
            {finished && status.report && (
              <Box sx={{ mt: 2 }} data-testid="import-report">
                <Typography variant="subtitle2">{t('directory.import.reportTitle')}</Typography>
                {rowsToShow(status.report).length === 0 && <Typography>{t('directory.import.reportClean')}</Typography>}
                <Box component="ul" sx={{ maxHeight: 260, overflow: 'auto', pl: 2, m: 0 }}>
                  {rowsToShow(status.report)
                    .slice(0, 500)
                    .map((r, i) => (
                      <li key={i} data-testid="import-report-row">
                        {[
                          r.line,
                          t(`directory.import.entity.${r.entity}`),
                          t(`directory.import.outcome.${r.outcome}`),
                          r.reasons.map((reason) => t(`directory.import.reason.${reason}`)).join(', '),
                          r.detail,
                        ]
                          .filter((s) => s)
                          .join(' · ')}
                      </li>
                    ))}
                </Box>
              </Box>
            )}
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        {step.kind === 'mapping' && (
          <>
            <Button onClick={() => setStep({ kind: 'source' })}>{t('directory.import.back')}</Button>
            <Button
              variant="contained"
              disabled={busy || problems.length > 0}
              onClick={() => void start({ kind: 'file', uploadId: step.preview.uploadId, mapping: [...step.mapping] })}
              data-testid="import-run"
            >
              {t('directory.import.run')}
            </Button>
          </>
        )}
        {step.kind === 'running' && !finished && (
          <Button onClick={() => void api.call('import:cancel', { jobId: step.jobId })} data-testid="import-cancel">
            {t('directory.import.cancel')}
          </Button>
        )}
        {finished && (
          <Button onClick={saveReport} data-testid="import-save-report">
            {t('directory.import.saveReport')}
          </Button>
        )}
        {(step.kind !== 'running' || finished) && (
          <Button onClick={onClose} data-testid="import-close">
            {t('directory.import.close')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
