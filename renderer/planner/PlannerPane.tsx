import { NotYetPane } from '../app/NotYetPane';
import type { PaneProps } from '../app/pane-props';

/** The planners' calendar of visits by engineer and day: not built yet, so the window says so and what it will be for. */
export function PlannerPane(props: PaneProps) {
  return <NotYetPane pane="calendar" {...props} />;
}
