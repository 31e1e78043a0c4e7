import { DEFAULT_PANE, hashOf, paneOfHash, type PaneId } from './routes';

type WindowLike = Readonly<{
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  addEventListener(type: 'hashchange', listener: () => void): void;
  removeEventListener(type: 'hashchange', listener: () => void): void;
}>;

export type HashRouter = Readonly<{
  /** The pane the address names (the default pane while it names none). */
  current(): PaneId;
  /** A new history entry, so Back returns to the pane before. */
  go(pane: PaneId): void;
  /** Rewrites the address without a history entry: a start without a route, or a pane the user may not see. */
  replace(pane: PaneId): void;
  subscribe(listener: () => void): () => void;
}>;

/**
 * A router over the location hash. It must be created after the bridge has taken the browser host's token
 * from the hash: until then the hash is the token, and the router never writes over a hash that names no
 * pane unless asked to.
 */
export function createHashRouter(win: WindowLike): HashRouter {
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const replace = (pane: PaneId) => {
    if (paneOfHash(win.location.hash) === pane) return;
    win.history.replaceState(win.history.state, '', `${win.location.pathname}${win.location.search}${hashOf(pane)}`);
    // replaceState fires no event of its own.
    notify();
  };
  const onHashChange = () => {
    // An address edited by hand to name no pane shows the default one, and says so in the address.
    if (paneOfHash(win.location.hash) === null) replace(DEFAULT_PANE);
    else notify();
  };
  return {
    current: () => paneOfHash(win.location.hash) ?? DEFAULT_PANE,
    go(pane) {
      if (paneOfHash(win.location.hash) === pane) return;
      // Assigning the hash (not pushState) makes the history entry and fires `hashchange`.
      (win.location as Location).hash = hashOf(pane);
    },
    replace,
    subscribe(listener) {
      if (listeners.size === 0) win.addEventListener('hashchange', onHashChange);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) win.removeEventListener('hashchange', onHashChange);
      };
    },
  };
}
