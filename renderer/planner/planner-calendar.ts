import type { EventInput } from '@fullcalendar/core';
import type { ResourceInput } from '@fullcalendar/resource';
import type { Board, BoardVisit } from '../../core/planning/contract';

/** The board as FullCalendar's resources and events: engineers grouped by team and region. */
export function boardResources(board: Board): ResourceInput[] {
  return board.engineers.map((e) => ({
    id: e.id,
    title: e.name,
    group: [e.team, e.region].filter(Boolean).join(' · ') || '—',
  }));
}

export const SHIFT_COLOR = '#e8f5e9';
export const TIME_OFF_COLOR = '#ffcdd2';

export function boardEvents(board: Board): EventInput[] {
  const events: EventInput[] = [];
  for (const e of board.engineers) {
    for (const [start, end] of e.shifts) {
      events.push({ start, end, resourceId: e.id, display: 'background', color: SHIFT_COLOR, classNames: ['shift'] });
    }
  }
  for (const off of board.timeOff) {
    events.push({
      start: off.startAt,
      end: off.endAt,
      resourceId: off.engineerId,
      display: 'background',
      color: TIME_OFF_COLOR,
      classNames: ['time-off'],
    });
  }
  for (const v of board.visits) events.push(visitEvent(v));
  return events;
}

export function visitEvent(v: BoardVisit): EventInput {
  const movable = v.state === 'planned';
  return {
    id: v.id,
    resourceId: v.engineerId,
    start: v.startAt,
    end: v.endAt,
    title: `№${v.ticketNumber} ${v.clientName}`,
    backgroundColor: v.color,
    borderColor: v.warnings.length > 0 ? '#d32f2f' : v.color,
    editable: movable,
    classNames: ['visit', ...(v.warnings.length > 0 ? ['has-warning'] : []), ...(v.confirmed ? ['confirmed'] : [])],
    extendedProps: { visit: v },
  };
}
