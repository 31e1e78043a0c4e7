import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ERROR_CODES, type ErrorCode } from '../../core/result';
import { useApi } from '../ui/api-context';
import { reasonText } from '../ui/error-message';
import { PlainAlert } from '../ui/plain-alert';
import { useStatuses } from '../ui/statuses';
import { mutationLabelKey } from './sync-view';

type Rejection = Readonly<{
  id: number;
  mutation: string;
  code: string;
  message: string;
  reason: Readonly<{ key: string; params: Readonly<Record<string, string>> }> | null;
}>;

/** More than this and the stack would cover the grid; the rest are counted, and come up as these are closed. */
const MAX_SHOWN = 3;

const isErrorCode = (code: string): code is ErrorCode => (ERROR_CODES as readonly string[]).includes(code);

/**
 * The server refused a change this desk had already saved, and the desk has undone it. Unlike the toasts
 * (one at a time, the next one replaces it), each refusal stays until the user closes it: a change that
 * silently disappears is the one failure a dispatcher must never miss.
 */
export function RejectionNotices() {
  const { t } = useTranslation();
  const api = useApi();
  const statuses = useStatuses();
  const [rejections, setRejections] = useState<readonly Rejection[]>([]);

  useEffect(() => {
    let next = 0;
    return api.subscribe((event) => {
      if (event.type !== 'rejected') return;
      next += 1;
      const rejection = {
        id: next,
        mutation: event.mutation,
        code: event.code,
        message: event.message,
        reason: event.reason ?? null,
      };
      setRejections((list) => [...list, rejection]);
    });
  }, [api]);

  if (rejections.length === 0) return null;
  const shown = rejections.slice(0, MAX_SHOWN);
  const dismiss = (id: number) => setRejections((list) => list.filter((r) => r.id !== id));
  return (
    <div data-testid="sync-rejections" className="p-rejections">
      {shown.map((r) => {
        const key = mutationLabelKey(r.mutation);
        const change = key ? t(key) : r.mutation;
        const message =
          reasonText(t, r.reason, statuses.name) ??
          (r.message || (isErrorCode(r.code) ? t(`errors.${r.code}`) : r.code));
        return (
          <PlainAlert
            key={r.id}
            severity="error"
            filled
            testId="sync-rejected"
            data={{ 'data-mutation': r.mutation, 'data-code': r.code }}
            onClose={() => dismiss(r.id)}
            closeText={t('session.rejected.dismiss')}
          >
            {t('errors.rejected', { change, message })}
          </PlainAlert>
        );
      })}
      {rejections.length > MAX_SHOWN && (
        <p className="p-rejections-more">{t('session.rejected.more', { count: rejections.length - MAX_SHOWN })}</p>
      )}
    </div>
  );
}
