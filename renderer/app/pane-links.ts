import { createContext, useContext, useSyncExternalStore } from 'react';
import type { PaneId } from './routes';

/**
 * What one pane asks of another: "show this ticket's vehicle on the map", "select this ticket in the grid".
 * A request waits in its mailbox until the pane it is for takes it, so it survives the target pane not being
 * mounted yet (its code still loading on a first visit) and the target's data still being on its way.
 */
export type Mailbox<T> = Readonly<{
  post(request: T): void;
  /** The waiting request, if any (the newest: an older one nobody took is moot once a newer comes). */
  peek(): T | null;
  /** Takes the request it was given, if it is still the one waiting; a newer one is left alone. */
  take(request: T): void;
  subscribe(listener: () => void): () => void;
}>;

export function createMailbox<T>(): Mailbox<T> {
  let waiting: T | null = null;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  return {
    post(request) {
      waiting = request;
      notify();
    },
    peek: () => waiting,
    take(request) {
      if (waiting !== request) return;
      waiting = null;
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type MapFocusRequest = Readonly<{ ticketId: string; vehicleId: string }>;
export type GridSelectRequest = Readonly<{ ticketId: string }>;
/** A planned visit that fell through: its engineer and its window, to fill from the map's gap filler. */
export type GapFillRequest = Readonly<{ engineerId: string; windowStart: number; windowEnd: number }>;

export type PaneLinks = Readonly<{
  /** Whether this user's navigation has the pane (a link to a pane they do not see is not offered). */
  sees(pane: PaneId): boolean;
  /** Opens the map centred on the ticket's vehicle, with its card. */
  showOnMap(request: MapFocusRequest): void;
  /** Selects the ticket's row in the grid, for when the user goes back to it; stays on the current pane. */
  selectInGrid(request: GridSelectRequest): void;
  /** Opens the map's gap filler with the engineer and window filled in (the visit itself is left as it is). */
  fillGap(request: GapFillRequest): void;
  mapFocus: Mailbox<MapFocusRequest>;
  gridSelect: Mailbox<GridSelectRequest>;
  gapFill: Mailbox<GapFillRequest>;
}>;

export type PaneMailboxes = Readonly<{
  mapFocus: Mailbox<MapFocusRequest>;
  gridSelect: Mailbox<GridSelectRequest>;
  gapFill: Mailbox<GapFillRequest>;
}>;

export function createPaneMailboxes(): PaneMailboxes {
  return { mapFocus: createMailbox(), gridSelect: createMailbox(), gapFill: createMailbox() };
}

export function createPaneLinks(
  visible: readonly PaneId[],
  go: (pane: PaneId) => void,
  { mapFocus, gridSelect, gapFill }: PaneMailboxes = createPaneMailboxes(),
): PaneLinks {
  const sees = (pane: PaneId) => visible.includes(pane);
  return {
    sees,
    showOnMap(request) {
      if (!sees('map')) return;
      mapFocus.post(request);
      go('map');
    },
    selectInGrid(request) {
      if (sees('tickets')) gridSelect.post(request);
    },
    fillGap(request) {
      if (!sees('map')) return;
      gapFill.post(request);
      go('map');
    },
    mapFocus,
    gridSelect,
    gapFill,
  };
}

/** Outside the frame (a drawer rendered on its own) there is nowhere to go: no links are offered. */
const NO_LINKS = createPaneLinks([], () => undefined);

export const PaneLinksContext = createContext<PaneLinks>(NO_LINKS);

export function usePaneLinks(): PaneLinks {
  return useContext(PaneLinksContext);
}

/** The request waiting in a mailbox, re-rendering when one is posted or taken. */
export function useWaiting<T>(mailbox: Mailbox<T>): T | null {
  return useSyncExternalStore(mailbox.subscribe, mailbox.peek);
}
