import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../ui/api-context';
import { PlainAlert } from '../ui/plain-alert';

/**
 * The server had forgotten what this desk knew (it was restored from an older backup), so the desk reloaded
 * everything from it. The user must hear it: changes other desks made after that backup are gone from the
 * company's data, while this desk's own unsent changes were kept and sent again. Stays until closed.
 */
export function ResetNotice() {
  const { t } = useTranslation();
  const api = useApi();
  const [kept, setKept] = useState<number | null>(null);
  useEffect(
    () =>
      api.subscribe((event) => {
        if (event.type === 'reset') setKept(event.kept);
      }),
    [api],
  );
  if (kept === null) return null;
  return (
    <PlainAlert
      severity="warning"
      square
      testId="desk-reset"
      title={t('session.reset.title')}
      onClose={() => setKept(null)}
      closeText={t('session.reset.dismiss')}
    >
      {t('session.reset.body', { count: kept })}
    </PlainAlert>
  );
}
