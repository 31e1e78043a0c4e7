/** The interface languages and the Intl locale each one formats dates, numbers and money with. */
export const LANGS = ['ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Russian is the default: the dispatchers and accountants this is for work in Russian. */
export const DEFAULT_LANG: Lang = 'ru';

export const LANG_STORAGE_KEY = 'pult.lang';

export function toLang(value: string | null | undefined): Lang {
  return LANGS.find((lang) => lang === value) ?? DEFAULT_LANG;
}

/** en-GB rather than en-US: day-first dates and 24-hour time, as the users expect from their Russian locale. */
export function intlLocale(lang: Lang): string {
  switch (lang) {
    case 'ru':
      return 'ru-RU';
    case 'en':
      return 'en-GB';
  }
}
