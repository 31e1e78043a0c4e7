import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ru from './ru.json';
import { DEFAULT_LANG, LANG_STORAGE_KEY, toLang, type Lang } from './languages';

export const resources = { ru: { translation: ru }, en: { translation: en } } as const;

function storedLang(): Lang {
  try {
    return toLang(window.localStorage.getItem(LANG_STORAGE_KEY));
  } catch {
    // Storage can be denied (privacy settings); the interface still works in the default language.
    return DEFAULT_LANG;
  }
}

export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources,
    lng: storedLang(),
    fallbackLng: DEFAULT_LANG,
    // Resources are bundled, so initialisation is synchronous and the first render is already translated.
    initAsync: false,
    // React escapes what it renders; escaping here too would show entities like &quot; to the user.
    interpolation: { escapeValue: false },
  });
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = toLang(lng);
  });
  document.documentElement.lang = toLang(i18next.language);
  return i18next;
}

export function setLang(lang: Lang): void {
  try {
    window.localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Not persisted: the choice still applies to this session.
  }
  void i18next.changeLanguage(lang);
}
