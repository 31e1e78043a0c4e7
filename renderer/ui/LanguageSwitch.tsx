import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGS } from '../i18n/languages';
import { setLang } from '../i18n/index';
import { useLocale } from './useLocale';

/**
 * RU | EN: one group of two toggle buttons, the current language pressed. Plain elements: it is in the top bar
 * of the first screen. Memoised: the top bar renders with every render of the pane below it.
 */
export const LanguageSwitch = memo(function LanguageSwitch() {
  const { t } = useTranslation();
  const { lang } = useLocale();
  return (
    <div role="group" aria-label={t('language.label')} className="p-toggle-group">
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          aria-pressed={l === lang}
          data-testid={`lang-${l}`}
          className="p-toggle"
          onClick={() => {
            if (l !== lang) setLang(l);
          }}
        >
          {t(`language.${l}`)}
        </button>
      ))}
    </div>
  );
});
