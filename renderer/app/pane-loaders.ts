import type { ComponentType } from 'react';
import type { PaneProps } from './pane-props';
import type { PaneId } from './routes';

type Loader = () => Promise<ComponentType<PaneProps>>;

/**
 * A pane drawn with MUI, wrapped in the app's theme: there is none at the window's root, whose frame is drawn
 * without MUI (the theme's code then loads with the first such pane).
 */
const withTheme =
  (load: Loader): Loader =>
  () =>
    Promise.all([load(), import('../ui/mui-theme')]).then(([Pane, { withMuiTheme }]) => withMuiTheme(Pane));

/**
 * Every pane is its own chunk: the window downloads and parses only the panes a user opens. The tickets pane
 * draws its grid without MUI and brings the theme with its own MUI parts (toolbar, dialogs, drawer).
 */
const LOADERS: Readonly<Record<PaneId, Loader>> = {
  tickets: () => import('../tickets/TicketsPane').then((m) => m.TicketsPane),
  calendar: withTheme(() => import('../planner/PlannerPane').then((m) => m.PlannerPane)),
  map: withTheme(() => import('../map/MapPane').then((m) => m.MapPane)),
  calls: withTheme(() => import('../phone/PhonePane').then((m) => m.PhonePane)),
  debts: withTheme(() => import('../debts/DebtsPane').then((m) => m.DebtsPane)),
  directory: withTheme(() => import('../directory/DirectoryPane').then((m) => m.DirectoryPane)),
};

const loading = new Map<PaneId, Promise<ComponentType<PaneProps>>>();
const loaded = new Map<PaneId, ComponentType<PaneProps>>();

/** The pane's component if its code is already in (then it renders without suspending), or undefined. */
export function loadedPane(id: PaneId): ComponentType<PaneProps> | undefined {
  return loaded.get(id);
}

/**
 * The pane's component, downloaded once. Kept free of React and MUI (types aside) so the entry can start the
 * first pane's download before those are parsed. A failed download is not remembered: the next attempt asks
 * anew.
 */
export function loadPane(id: PaneId): Promise<ComponentType<PaneProps>> {
  let promise = loading.get(id);
  if (!promise) {
    promise = LOADERS[id]().then(
      (Component) => {
        loaded.set(id, Component);
        return Component;
      },
      (e: unknown) => {
        loading.delete(id);
        throw e;
      },
    );
    loading.set(id, promise);
  }
  return promise;
}
