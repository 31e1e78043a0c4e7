import { use, type ComponentType } from 'react';
import type { Role } from '../../core/entities';
import { loadedPane, loadPane } from './pane-loaders';
import { PANE_ICONS as ICONS, type IconProps } from './nav-icons';
import type { PaneProps } from './pane-props';
import { PANE_IDS, PANE_ROLES, hashOf, type PaneId } from './routes';

/** A pane's own keyboard shortcuts, as the help lists them (labels under `shortcuts.*`). */
export type PaneShortcut = Readonly<{
  keys: readonly string[];
  label:
    'search' | 'move' | 'open' | 'newTicket' | 'close' | 'dial' | 'answerOrCall' | 'hangUpOrReject' | 'mute' | 'hold';
}>;

export type PaneEntry = Readonly<{
  id: PaneId;
  /** The address that shows it: `#/tickets`. */
  path: string;
  titleKey: `nav.${PaneId}`;
  icon: ComponentType<IconProps>;
  /** Alt+n switches to it; n is its place in the navigation. */
  shortcut: string;
  roles: readonly Role[];
  /** Starts downloading the pane's code (once); the window calls it for the pane it opens on. */
  load: () => Promise<unknown>;
  /** Suspends (inside a Suspense boundary) until the pane's code is in; renders it directly when it is. */
  Component: ComponentType<PaneProps>;
  shortcuts: readonly PaneShortcut[];
}>;

const TICKET_SHORTCUTS: readonly PaneShortcut[] = [
  { keys: ['/'], label: 'search' },
  { keys: ['↑', '↓'], label: 'move' },
  { keys: ['Enter'], label: 'open' },
  { keys: ['N'], label: 'newTicket' },
  { keys: ['Esc'], label: 'close' },
];

const SHORTCUTS: Readonly<Record<PaneId, readonly PaneShortcut[]>> = {
  tickets: TICKET_SHORTCUTS,
  calendar: [],
  map: [],
  calls: [
    { keys: ['0…9', '*', '#'], label: 'dial' },
    { keys: ['Enter'], label: 'answerOrCall' },
    { keys: ['Esc'], label: 'hangUpOrReject' },
    { keys: ['M'], label: 'mute' },
    { keys: ['H'], label: 'hold' },
  ],
  debts: [],
  directory: [{ keys: ['/'], label: 'search' }],
};

/**
 * Not React.lazy: a lazy component suspends on its first render even when its code is already in (the window
 * fetches the first pane's code before React starts), and React then holds the revealed pane back to pace
 * its fallbacks. This suspends only while the code is really missing, and keeps one component type either
 * way, so a pane's state survives its code arriving.
 */
function paneComponent(id: PaneId): ComponentType<PaneProps> {
  function Pane(props: PaneProps) {
    const Ready = loadedPane(id) ?? use(loadPane(id));
    return <Ready {...props} />;
  }
  Pane.displayName = `Pane(${id})`;
  return Pane;
}

function entry(id: PaneId, index: number): PaneEntry {
  const load = () => loadPane(id);
  return {
    id,
    path: hashOf(id),
    titleKey: `nav.${id}`,
    icon: ICONS[id],
    shortcut: `Alt+${index + 1}`,
    roles: PANE_ROLES[id],
    load,
    Component: paneComponent(id),
    shortcuts: SHORTCUTS[id],
  };
}

export const PANES: readonly PaneEntry[] = PANE_IDS.map(entry);

export function paneEntry(id: PaneId): PaneEntry {
  const found = PANES.find((p) => p.id === id);
  if (!found) throw new Error(`No pane "${id}" in the registry`);
  return found;
}
