import type { EventContentArg, EventInput, EventMountArg } from '@fullcalendar/core';
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
export function boardEvents(board: Board, summarise: ((at: number) => string) | null = null): DrawnEvent[] {
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
  if (summarise) events.push(...daySummaries(board.visits, summarise));
  else for (const v of board.visits) events.push({ id: v.id, signature: visitSignature(v), input: visitEvent(v) });
  return events;
}

/** More visits than this on screen are drawn as one block per engineer and day (see daySummaries). */
export const DENSE_VISITS = 600;

/**
 * One block per engineer and day, from the first visit's start to the last one's end, saying how many visits
 * and hours it holds. FullCalendar's timeline measures every event it stacks: a week of 15 engineers with 20
 * visits a day (2,100 events) took seconds to draw here, while 105 blocks draw at once. A block opens the
 * engineer's day (its route); single visits are moved in the day and 3-day views.
 */
export function daySummaries(visits: readonly BoardVisit[], dateOf: (at: number) => string): DrawnEvent[] {
  const days = new Map<string, BoardVisit[]>();
  for (const v of visits) {
    const key = `${v.engineerId}|${dateOf(v.startAt)}`;
    const list = days.get(key);
    if (list) list.push(v);
    else days.set(key, [v]);
  }
  const out: DrawnEvent[] = [];
  for (const [key, list] of days) {
    const [engineerId, date] = key.split('|') as [string, string];
    const start = Math.min(...list.map((v) => v.startAt));
    const end = Math.max(...list.map((v) => v.endAt));
    const minutes = list.reduce((sum, v) => sum + Math.round((v.endAt - v.startAt) / 60_000), 0);
    const warned = list.some((v) => v.warnings.length > 0);
    const id = `day:${engineerId}:${date}`;
    out.push({
      id,
      signature: JSON.stringify([id, start, end, list.length, minutes, warned]),
      input: {
        id,
        resourceId: engineerId,
        start,
        end,
        title: `${list.length} × · ${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`,
        backgroundColor: '#90a4ae',
        borderColor: warned ? '#d32f2f' : '#90a4ae',
        editable: false,
        classNames: ['visit-day', ...(warned ? ['has-warning'] : [])],
        extendedProps: { day: { engineerId, date, visits: list.length, minutes } },
      },
    });
  }
  return out;
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

/**
 * The moved visits kept beside their events (PlannerPane) once a plan is applied: one whose event the plan
 * drew again carries the answer's visit itself, and one no longer drawn is gone; the others stay, since an event
 * the plan left alone still holds the visit from before the move.
 */
export function keptMoves<V>(moved: ReadonlyMap<string, V>, plan: EventPlan): Map<string, V> {
  if (plan.replaceAll) return new Map();
  const redrawn = new Set(plan.add.map((e) => e.id));
  return new Map([...moved].filter(([id]) => plan.drawn.has(id) && !redrawn.has(id)));
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

/** FullCalendar's own element factory, handed to a content hook as its second argument. */
type CreateElement = (tag: string, props: Readonly<Record<string, unknown>> | null, ...children: unknown[]) => unknown;

/**
 * An event's time and title as FullCalendar draws them, less its `fc-sticky` class. The timeline re-measures
 * every sticky element (two computed styles and two rectangles each) after each render so that a long event's
 * title stays in view while scrolled: with 300 visits that was most of a drop's redraw. Visits are short and a
 * day block starts with its first visit, so nothing here needs it. Drawn with FullCalendar's own elements (no
 * React portal per event).
 */
export function eventContent(arg: EventContentArg, h: CreateElement): unknown {
  if (arg.event.display === 'background') return true;
  return h(
    'div',
    // The whole text is the tooltip: a short visit shows only the start of it.
    { className: 'fc-event-main-frame', title: arg.timeText ? `${arg.timeText} ${arg.event.title}` : arg.event.title },
    arg.timeText ? h('div', { className: 'fc-event-time' }, arg.timeText) : null,
    h(
      'div',
      { className: 'fc-event-title-container' },
      h('div', { className: 'fc-event-title' }, arg.event.title || '\u00a0'),
    ),
  );
}

/** The drawn visit carries its id; the copy that follows the pointer during a drag (the mirror) does not. */
export function markVisit(info: Pick<EventMountArg, 'el' | 'event' | 'isMirror'>): void {
  if (info.event.extendedProps.visit && !info.isMirror) info.el.dataset.visitId = info.event.id;
}
