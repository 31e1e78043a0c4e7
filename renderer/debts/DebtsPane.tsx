import { NotYetPane } from '../app/NotYetPane';
import type { PaneProps } from '../app/pane-props';

/** The accountants' list of unpaid paid visits: not built yet, so the window says so and what it will be for. */
export function DebtsPane(props: PaneProps) {
  return <NotYetPane pane="debts" {...props} />;
}
