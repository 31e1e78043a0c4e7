import type { BoardVisit } from '../../core/planning/contract';

/**
 * The planning changes Ctrl+Z can take back, newest last. Each entry holds what the inverse change needs:
 * a plan is undone by unplanning the visit it made, a move by moving it back (from the revision the move
 * produced, so a visit someone else moved since is refused by name rather than overwritten), an unplan by
 * planning the ticket again where it was.
 */
export type PlanningChange =
  | Readonly<{ kind: 'plan'; visitId: string; ticketId: string }>
  | Readonly<{
      kind: 'move';
      visitId: string;
      ticketId: string;
      /** The revision after the move. */
      revision: number;
      before: Readonly<{ engineerId: string; startAt: number; endAt: number }>;
    }>
  | Readonly<{ kind: 'unplan'; visit: BoardVisit }>;

export const MAX_UNDO = 50;

export function pushChange(stack: readonly PlanningChange[], change: PlanningChange): readonly PlanningChange[] {
  return [...stack, change].slice(-MAX_UNDO);
}
