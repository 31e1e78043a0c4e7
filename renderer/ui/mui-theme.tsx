import { ThemeProvider, type Theme } from '@mui/material/styles';
import type { ComponentType } from 'react';
import type { Lang } from '../i18n/languages';
import { createAppTheme } from './theme';
import { useLocale } from './useLocale';

const themes = new Map<Lang, Theme>();

function themeFor(lang: Lang): Theme {
  let theme = themes.get(lang);
  if (!theme) {
    theme = createAppTheme(lang);
    themes.set(lang, theme);
  }
  return theme;
}

/**
 * MUI's theme for one part of the window. The frame and the grid are drawn without MUI, so there is no theme
 * at the root: each part that uses MUI (a dialog, the toolbar, a pane) is loaded as a chunk of its own and
 * wrapped here, and MUI and emotion are parsed only when the first such part is needed, after the first rows.
 * One theme object per language is shared by every part.
 */
export function withMuiTheme<P extends object>(Component: ComponentType<P>): ComponentType<P> {
  function Themed(props: P) {
    const { lang } = useLocale();
    return (
      <ThemeProvider theme={themeFor(lang)}>
        <Component {...props} />
      </ThemeProvider>
    );
  }
  Themed.displayName = `WithMuiTheme(${Component.displayName ?? Component.name})`;
  return Themed;
}
