import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../core/contract';
import { errorText } from '../ui/error-message';
import { formatDateTime, formatInteger } from '../ui/format';
import { ProgressLine } from '../ui/plain-alert';
import { useLocale } from '../ui/useLocale';
import { formatSince } from './relative-time';
import { useSession } from './session-context';
import { progressLabelKey, progressPercent, syncStateView } from './sync-view';
import { useNow } from './useNow';

/** Relative times are read at a glance; a quarter-minute tick keeps "сейчас" honest without re-rendering often. */
const CLOCK_TICK_MS = 15_000;

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
    <div
      data-testid="sync-progress"
      data-done={status.progress.done}
      data-total={status.progress.total}
      className="p-status-item"
    >
      <span>{label}</span>
      <ProgressLine value={percent ?? undefined} label={label} className="p-progress-sync" />
    </div>
  );
}

/**
 * The window's bottom line: is this desk connected, how many of its changes are still on their way, when it
 * last heard from the server, and how far a long pull has come. It never hides the pending count while
 * there is a server: "Не отправлено: 3" is what a dispatcher checks before switching the computer off.
 * Plain elements (frame.css): it is part of the first screen, drawn before MUI loads.
 */
export function StatusBar() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const session = useSession();
  const now = useNow(CLOCK_TICK_MS);
  if (!session) return null;
  const { status, failure } = session;

  if (!status) {
    // The workstation did not answer: say so here too, in the place people look for "is it working".
    return failure ? (
      <footer aria-label={t('session.bar')} data-testid="status-bar" className="p-statusbar">
        <div data-testid="sync-state" data-state="error" data-tone="error" className="p-status-item p-tone">
          {errorText(t, failure)}
        </div>
      </footer>
    ) : null;
  }

  const view = syncStateView(status.state);
  const message = view.showsMessage && status.message ? status.message : null;
  return (
    <footer aria-label={t('session.bar')} data-testid="status-bar" className="p-statusbar">
      <div
        role="status"
        data-testid="sync-state"
        data-state={status.state}
        data-tone={view.tone}
        title={status.message ?? undefined}
        className="p-status-item p-tone"
      >
        <span aria-hidden className="p-tone-dot" />
        <span className="p-ellipsis">
          {t(view.labelKey)}
          {message && `: ${message}`}
        </span>
      </div>
      {/* A desk that never synced has nothing sent or unsent to speak of, unless it already holds changes. */}
      {view.showsPending && (status.pending > 0 || status.lastSyncAt !== null) && (
        <div
          data-testid="sync-pending"
          data-pending={status.pending}
          title={t('session.pendingHint')}
          className={status.pending > 0 ? 'p-status-item p-status-item-strong' : 'p-status-item'}
        >
          {status.pending > 0
            ? t('session.pending', { formatted: formatInteger(status.pending, locale) })
            : t('session.allSent')}
        </div>
      )}
      {status.lastSyncAt !== null && (
        <div
          data-testid="sync-last"
          title={t('session.lastSyncAt', { at: formatDateTime(status.lastSyncAt, locale) })}
          className="p-status-item"
        >
          {t('session.lastSync', { when: formatSince(status.lastSyncAt, now, locale) })}
        </div>
      )}
      <SyncProgress status={status} />
      <div className="p-fill" />
      {status.serverUrl !== null && (
        <div data-testid="sync-server" className="p-status-item p-ellipsis" title={status.serverUrl}>
          {t('session.server', { url: status.serverUrl })}
        </div>
      )}
    </footer>
  );
}
