import { NotYetPane } from '../app/NotYetPane';
import type { PaneProps } from '../app/pane-props';

/** The vehicle and engineer map: not built yet, so the window says so and what it will be for. */
export function MapPane(props: PaneProps) {
  return <NotYetPane pane="map" {...props} />;
}
