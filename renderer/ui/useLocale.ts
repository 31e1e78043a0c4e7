import { useTranslation } from 'react-i18next';
import { intlLocale, toLang, type Lang } from '../i18n/languages';

/** The interface language and the Intl locale that goes with it; re-renders when the user switches. */
export function useLocale(): Readonly<{ lang: Lang; locale: string }> {
  const { i18n } = useTranslation();
  const lang = toLang(i18n.resolvedLanguage ?? i18n.language);
  return { lang, locale: intlLocale(lang) };
}
