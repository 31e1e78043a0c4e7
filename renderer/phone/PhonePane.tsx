import { NotYetPane } from '../app/NotYetPane';
import type { PaneProps } from '../app/pane-props';

/** The softphone and callbacks: not built yet, so the window says so and what it will be for. */
export function PhonePane(props: PaneProps) {
  return <NotYetPane pane="calls" {...props} />;
}
