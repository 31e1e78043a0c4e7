import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../core/contract';
import { errorText } from '../ui/error-message';
import { formatDateTime, formatInteger } from '../ui/format';
import { useLocale } from '../ui/useLocale';
import { formatSince } from './relative-time';
import { useSession } from './session-context';
import { progressLabelKey, progressPercent, syncStateView, toneColor } from './sync-view';
import { useNow } from './useNow';

/** Relative times are read at a glance; a quarter-minute tick keeps "сейчас" honest without re-rendering often. */
const CLOCK_TICK_MS = 15_000;

const itemSx = { display: 'flex', alignItems: 'center', gap: 0.75, whiteSpace: 'nowrap', minWidth: 0 } as const;

function SyncProgress({ status }: Readonly<{ status: SyncStatus }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  if (!status.progress) return null;
  const percent = progressPercent(status.progress);
  const label = t(progressLabelKey(status.lastSyncAt), {
    done: formatInteger(status.progress.done, locale),
    total: formatInteger(status.progress.total, locale),
  });
  return (
    <Box
      data-testid="sync-progress"
      data-done={status.progress.done}
      data-total={status.progress.total}
      sx={{ ...itemSx, gap: 1 }}
    >
      <span>{label}</span>
      <LinearProgress
        variant={percent === null ? 'indeterminate' : 'determinate'}
        value={percent ?? undefined}
        aria-label={label}
        sx={{ width: 160, height: 6, borderRadius: 3 }}
      />
    </Box>
  );
}

/**
 * The window's bottom line: is this desk connected, how many of its changes are still on their way, when it
 * last heard from the server, and how far a long pull has come. It never hides the pending count while
 * there is a server: "Не отправлено: 3" is what a dispatcher checks before switching the computer off.
 */
export function StatusBar() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const session = useSession();
  const now = useNow(CLOCK_TICK_MS);
  if (!session) return null;
  const { status, failure } = session;

  const barSx = {
    display: 'flex',
    alignItems: 'center',
    gap: 2.5,
    height: 30,
    px: 1.5,
    flexShrink: 0,
    borderTop: 1,
    borderColor: 'divider',
    bgcolor: 'background.paper',
    color: 'text.secondary',
    fontSize: 12,
    overflow: 'hidden',
  } as const;

  if (!status) {
    // The workstation did not answer: say so here too, in the place people look for "is it working".
    return failure ? (
      <Box component="footer" aria-label={t('session.bar')} data-testid="status-bar" sx={barSx}>
        <Box data-testid="sync-state" data-state="error" sx={{ ...itemSx, color: 'error.main' }}>
          {errorText(t, failure)}
        </Box>
      </Box>
    ) : null;
  }

  const view = syncStateView(status.state);
  const color = toneColor(view.tone);
  const message = view.showsMessage && status.message ? status.message : null;
  return (
    <Box component="footer" aria-label={t('session.bar')} data-testid="status-bar" sx={barSx}>
      <Box
        role="status"
        data-testid="sync-state"
        data-state={status.state}
        title={status.message ?? undefined}
        sx={{ ...itemSx, color: view.tone === 'neutral' ? 'text.secondary' : color, fontWeight: 600 }}
      >
        <Box
          component="span"
          aria-hidden
          sx={{ width: 8, height: 8, borderRadius: '50%', bgcolor: color, flexShrink: 0 }}
        />
        <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
          {t(view.labelKey)}
          {message && `: ${message}`}
        </Box>
      </Box>
      {/* A desk that never synced has nothing sent or unsent to speak of, unless it already holds changes. */}
      {view.showsPending && (status.pending > 0 || status.lastSyncAt !== null) && (
        <Box
          data-testid="sync-pending"
          data-pending={status.pending}
          title={t('session.pendingHint')}
          sx={{ ...itemSx, ...(status.pending > 0 && { color: 'text.primary', fontWeight: 600 }) }}
        >
          {status.pending > 0
            ? t('session.pending', { formatted: formatInteger(status.pending, locale) })
            : t('session.allSent')}
        </Box>
      )}
      {status.lastSyncAt !== null && (
        <Box
          data-testid="sync-last"
          title={t('session.lastSyncAt', { at: formatDateTime(status.lastSyncAt, locale) })}
          sx={itemSx}
        >
          {t('session.lastSync', { when: formatSince(status.lastSyncAt, now, locale) })}
        </Box>
      )}
      <SyncProgress status={status} />
      <Box sx={{ flex: 1 }} />
      {status.serverUrl !== null && (
        <Box data-testid="sync-server" sx={{ ...itemSx, overflow: 'hidden', textOverflow: 'ellipsis' }}>
          {t('session.server', { url: status.serverUrl })}
        </Box>
      )}
    </Box>
  );
}
