import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../ui/api-context';
import { PlainAlert } from '../ui/plain-alert';

/**
 * The store's page check found the data file damaged and the desk stopped writing to it. The banner has no
 * close button and takes its own row above the panes: every change made from now on would be refused, so
 * the user must not be able to put it out of sight. Reading stays possible (a dispatcher may still need a
 * phone number from the grid while the desk is replaced).
 */
export function DamagedBanner() {
  const { t } = useTranslation();
  const api = useApi();
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    const unsubscribe = api.subscribe((event) => {
      if (event.type === 'damaged') setMessage(event.message);
    });
    // The event fires once; a window opened (or reloaded) after it asks.
    void api
      .call('store:status', {})
      .then((result) => {
        if (result.ok && result.value.damaged) setMessage(result.value.damaged);
      })
      .catch(() => undefined);
    return unsubscribe;
  }, [api]);

  if (message === null) return null;
  return (
    <PlainAlert severity="error" filled square testId="store-damaged" title={t('session.damaged.title')}>
      {message}
      <div>{t('session.damaged.hint')}</div>
    </PlainAlert>
  );
}
