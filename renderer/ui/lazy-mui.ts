import { lazy, type ComponentType } from 'react';

/**
 * A component that uses MUI, loaded as a chunk of its own and wrapped in the app's MUI theme (see mui-theme):
 * the frame and the grid never import MUI, so its code and emotion's are parsed only when such a part is
 * first drawn.
 */
export function lazyMui<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(() =>
    Promise.all([load(), import('./mui-theme')]).then(([Component, { withMuiTheme }]) => ({
      default: withMuiTheme(Component),
    })),
  );
}
