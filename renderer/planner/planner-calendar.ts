import type { EventInput } from '@fullcalendar/core';
import type { ResourceInput } from '@fullcalendar/resource';
import type { Board, BoardVisit } from '../../core/planning/contract';

/** The board's page of engineers as FullCalendar's resources, grouped by team and region. */
export function boardResources(board: Board): ResourceInput[] {
  return board.engineers.map((e) => ({ id: e.id, title: e.name, group: e.group }));
}

export const SHIFT_COLOR = '#e8f5e9';
export const TIME_OFF_COLOR = '#ffcdd2';
export const HOLIDAY_COLOR = '#fff3e0';

/** An event as the calendar draws it, with the signature that says whether a redraw is needed. */
export type DrawnEvent = Readonly<{ id: string; signature: string; input: EventInput }>;

/**
 * Every event of the board, each with a stable id: background shifts and time off are named by what they
 * cover, visits by their own id. The signature holds everything drawn, so an unchanged event is left alone.
 */
export function boardEvents(board: Board): DrawnEvent[] {
  const events: DrawnEvent[] = [];
  for (const e of board.engineers) {
    for (const [start, end] of e.shifts) {
      const id = `shift:${e.id}:${start}:${end}`;
      events.push({
        id,
        signature: id,
        input: { id, start, end, resourceId: e.id, display: 'background', color: SHIFT_COLOR, classNames: ['shift'] },
      });
    }
  }
  for (const off of board.timeOff) {
    const id = `off:${off.id}:${off.engineerId}:${off.startAt}:${off.endAt}`;
    events.push({
      id,
      signature: id,
      input: {
        id,
        start: off.startAt,
        end: off.endAt,
        resourceId: off.engineerId,
        display: 'background',
        color: TIME_OFF_COLOR,
        classNames: ['time-off'],
      },
    });
  }
  // A holiday is a company date: drawn across every engineer's lane for the whole day.
  for (const h of board.holidays) {
    const id = `holiday:${h.day}`;
    events.push({
      id,
      signature: `${id}:${h.name}`,
      input: {
        id,
        start: h.day,
        allDay: true,
        display: 'background',
        color: HOLIDAY_COLOR,
        title: h.name,
        classNames: ['holiday'],
      },
    });
  }
  for (const v of board.visits) events.push({ id: v.id, signature: visitSignature(v), input: visitEvent(v) });
  return events;
}

/** What of a visit shows on the calendar; a change elsewhere (its answers' wording) needs no redraw. */
export function visitSignature(v: BoardVisit): string {
  return JSON.stringify([
    v.engineerId,
    v.startAt,
    v.endAt,
    v.revision,
    v.state,
    v.color,
    v.confirmed,
    v.checklistMissing,
    v.ticketNumber,
    v.clientName,
    v.warnings,
  ]);
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

export type EventPlan = Readonly<{
  remove: readonly string[];
  add: readonly EventInput[];
  /** Everything drawn once the plan is applied, by id: the next plan starts from it. */
  drawn: ReadonlyMap<string, string>;
  /** More than half of the events change: clearing and adding all at once is cheaper than one by one. */
  replaceAll: boolean;
}>;

/**
 * What to take off the calendar and what to add so that it shows `next`, given what it shows now. A new
 * answer of the board after a move differs from the drawn one in that visit only, so only it is redrawn
 * (FullCalendar re-parses and redraws every event when its `events` option is replaced).
 */
export function planEvents(drawn: ReadonlyMap<string, string>, next: readonly DrawnEvent[]): EventPlan {
  const nextIds = new Map<string, string>();
  const add: EventInput[] = [];
  for (const e of next) {
    nextIds.set(e.id, e.signature);
    if (drawn.get(e.id) !== e.signature) add.push(e.input);
  }
  const remove: string[] = [];
  for (const [id, signature] of drawn) {
    if (nextIds.get(id) !== signature) remove.push(id);
  }
  return { remove, add, drawn: nextIds, replaceAll: add.length + remove.length > (drawn.size + next.length) / 2 };
}
