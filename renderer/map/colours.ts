import type { Priority } from '../../core/tickets/values';

/** What a vehicle's marker colour says. */
export const COLOUR_MODES = ['status', 'priority', 'debt'] as const;
export type ColourMode = (typeof COLOUR_MODES)[number];

export const PRIORITY_COLOURS: Readonly<Record<Priority, string>> = {
  critical: '#c62828',
  high: '#ef6c00',
  normal: '#1565c0',
  low: '#78909c',
};
export const DEBTOR_COLOUR = '#ad1457';
export const NO_DEBT_COLOUR = '#2e7d32';
export const ENGINEER_COLOUR = '#00897b';
const STATUS_PALETTE = ['#1565c0', '#6a1b9a', '#ef6c00', '#2e7d32', '#00838f', '#5d4037', '#c62828', '#455a64'];
const PRIORITY_ORDER: readonly Priority[] = ['critical', 'high', 'normal', 'low'];

export type ColouredVehicle = Readonly<{
  debtor: boolean;
  tickets: readonly Readonly<{ status: string; priority: Priority }>[];
}>;

/** The most urgent of a vehicle's open tickets decides its priority colour. */
export function topPriority(vehicle: ColouredVehicle): Priority {
  for (const p of PRIORITY_ORDER) if (vehicle.tickets.some((t) => t.priority === p)) return p;
  return 'low';
}

/** A status's colour: stable per status code (its place in the sorted list of codes on the map). */
export function statusColours(codes: readonly string[]): ReadonlyMap<string, string> {
  return new Map([...new Set(codes)].sort().map((code, i) => [code, STATUS_PALETTE[i % STATUS_PALETTE.length]!]));
}

export function vehicleColour(
  vehicle: ColouredVehicle,
  mode: ColourMode,
  statuses: ReadonlyMap<string, string>,
): string {
  switch (mode) {
    case 'priority':
      return PRIORITY_COLOURS[topPriority(vehicle)];
    case 'debt':
      return vehicle.debtor ? DEBTOR_COLOUR : NO_DEBT_COLOUR;
    case 'status': {
      const first = vehicle.tickets[0];
      return (first && statuses.get(first.status)) ?? STATUS_PALETTE[0]!;
    }
    default: {
      const never: never = mode;
      throw new Error(`Unexpected colour mode ${String(never)}`);
    }
  }
}
