import type { ComponentType } from 'react';
import type { PaneId } from './routes';

export type IconProps = Readonly<{ className?: string }>;

/**
 * The navigation's icons, drawn for Pult on a 24-unit grid (no icon font or icon package: five shapes do not
 * earn a dependency). Holes are cut with the even-odd rule. Plain SVG sized by CSS (`.p-icon`), not MUI's
 * SvgIcon: the rail is drawn before MUI loads.
 */
function shape(d: string, name: string) {
  const Icon = ({ className = 'p-icon' }: IconProps) => (
    <svg className={className} viewBox="0 0 24 24" aria-hidden focusable="false">
      <path fillRule="evenodd" d={d} />
    </svg>
  );
  Icon.displayName = name;
  return Icon;
}

/** A list: the ticket grid. */
export const TicketsIcon = shape(
  'M4 5h3v3H4zM9 5h11v3H9zM4 10.5h3v3H4zM9 10.5h11v3H9zM4 16h3v3H4zM9 16h11v3H9z',
  'TicketsIcon',
);

/** A wall calendar: the planner. */
export const CalendarIcon = shape(
  'M7 2h2v3H7zM15 2h2v3h-2zM3 5h18v16H3zM5 10v9h14v-9zM7 12h3v3H7zM11 12h3v3h-3z',
  'CalendarIcon',
);

/** A map pin: where vehicles and engineers are. */
export const MapIcon = shape(
  'M12 2a7 7 0 0 0-7 7c0 5 7 13 7 13s7-8 7-13a7 7 0 0 0-7-7zM12 6.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5z',
  'MapIcon',
);

/** A handset: the softphone and callbacks. */
export const CallsIcon = shape(
  'M6 3h4l2 5-2.5 1.5a11 11 0 0 0 5 5L16 12l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 4 5a2 2 0 0 1 2-2z',
  'CallsIcon',
);

/** A banknote: unpaid visits. */
export const DebtsIcon = shape('M2 6h20v12H2zM4 8v8h16V8zM12 9.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5z', 'DebtsIcon');

/** An address book with a person on it: the directory of clients. */
export const DirectoryIcon = shape(
  'M5 2h14v20H5zM7 4v16h10V4zM12 7a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM8.5 17c0-2 1.6-3.5 3.5-3.5s3.5 1.5 3.5 3.5z',
  'DirectoryIcon',
);

/** Each pane's icon, by pane, as the rail draws it. */
export const PANE_ICONS: Readonly<Record<PaneId, ComponentType<IconProps>>> = {
  tickets: TicketsIcon,
  calendar: CalendarIcon,
  map: MapIcon,
  calls: CallsIcon,
  debts: DebtsIcon,
  directory: DirectoryIcon,
};
