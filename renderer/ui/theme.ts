import { createTheme, type Theme, type ThemeOptions } from '@mui/material/styles';
import type { Lang } from '../i18n/languages';

/** Dense by default: a dispatcher wants many rows and fields on one screen, not touch-sized controls. */
export function createAppTheme(lang: Lang): Theme {
  return createTheme(
    {
      palette: { background: { default: '#f6f7f9' } },
      typography: {
        fontFamily: '"Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif',
        fontSize: 14,
        button: { textTransform: 'none', fontWeight: 600 },
      },
      components: {
        MuiTextField: { defaultProps: { size: 'small' } },
        MuiAutocomplete: { defaultProps: { size: 'small' } },
        MuiButton: { defaultProps: { disableElevation: true } },
        MuiTooltip: { defaultProps: { enterDelay: 300 } },
        MuiTab: { styleOverrides: { root: { textTransform: 'none', fontWeight: 600 } } },
      },
    },
    // MUI's own texts follow the interface language. Only the components Pult uses: MUI's locale module
    // builds a number formatter for each of its ~60 languages when loaded, a cost paid before the first paint.
    { components: MUI_TEXTS[lang] },
  );
}

const MUI_TEXTS: Readonly<Record<Lang, ThemeOptions['components']>> = {
  ru: {
    MuiAlert: { defaultProps: { closeText: 'Закрыть' } },
    MuiAutocomplete: {
      defaultProps: {
        clearText: 'Очистить',
        closeText: 'Закрыть',
        loadingText: 'Загрузка…',
        noOptionsText: 'Нет вариантов',
        openText: 'Открыть',
      },
    },
  },
  en: {
    MuiAlert: { defaultProps: { closeText: 'Close' } },
    MuiAutocomplete: {
      defaultProps: {
        clearText: 'Clear',
        closeText: 'Close',
        loadingText: 'Loading…',
        noOptionsText: 'No options',
        openText: 'Open',
      },
    },
  },
};
