import { createTheme, type Theme } from '@mui/material/styles';
import { enUS, ruRU } from '@mui/material/locale';
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
    // MUI's own texts (autocomplete "No options", table labels) follow the interface language.
    lang === 'ru' ? ruRU : enUS,
  );
}
