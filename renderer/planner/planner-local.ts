import type { BoardVisit } from '../../core/planning/contract';

/**
 * A visit as the desk will hold it after a move it accepts: the same change `visit:move` makes (the next
 * revision; a move to another time drops the client's confirmation), so the pane can draw it at once and
 * the board's next answer differs from it only where the desk judged something the pane cannot (warnings).
 */
export function movedVisit(visit: BoardVisit, engineerId: string, startAt: number, endAt: number): BoardVisit {
  if (visit.engineerId === engineerId && visit.startAt === startAt && visit.endAt === endAt) return visit;
  const sameTime = visit.startAt === startAt && visit.endAt === endAt;
  return {
    ...visit,
    engineerId,
    startAt,
    endAt,
    revision: visit.revision + 1,
    confirmed: sameTime ? visit.confirmed : false,
  };
}
