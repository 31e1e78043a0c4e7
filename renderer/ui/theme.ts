import { createTheme, type Theme, type ThemeOptions } from '@mui/material/styles';
import type { Lang } from '../i18n/languages';
import { FONT_FAMILY, PALETTE } from './palette';

/** Dense by default: a dispatcher wants many rows and fields on one screen, not touch-sized controls. */
export function createAppTheme(lang: Lang): Theme {
  return createTheme(
    {
      // The same colours as the static stylesheet of the frame and the grid (palette.ts).
      palette: {
        primary: { main: PALETTE.primary, dark: PALETTE.primaryDark },
        error: { main: PALETTE.error, dark: PALETTE.errorDark },
        warning: { main: PALETTE.warning, dark: PALETTE.warningDark },
        success: { main: PALETTE.success },
        info: { main: PALETTE.info },
        text: { primary: PALETTE.textPrimary, secondary: PALETTE.textSecondary, disabled: PALETTE.textDisabled },
        divider: PALETTE.divider,
        background: { default: PALETTE.background, paper: PALETTE.paper },
        action: { hover: PALETTE.hover, selected: PALETTE.selected },
      },
      typography: {
        fontFamily: FONT_FAMILY,
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
