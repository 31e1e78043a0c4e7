import { z } from 'zod';
import { DEFAULT_BOARD_ENGINEERS, MAX_BOARD_ENGINEERS } from './board-limits.js';
import { query } from '../contract-method.js';
import { Id, Millis, str } from '../schema/text.js';
import { ExportedFile } from '../money/contract.js';
import {
  ChecklistItem,
  ChecklistAnswers,
  LocalDate,
  TimeOffKind,
  TimeOffRow,
  VisitState,
  WorkingHoursRow,
  WorkTypeRow,
} from './tables.js';

/**
 * The planner's reads at the desk: the board (engineers as rows, their visits, shifts and time off in a
 * range) and the queue (tickets that need a visit). The changes are the mutators' own methods
 * (core/planning/mutators.ts).
 */

/** The longest range the board draws at once: two weeks, a little more than the week view with its margins. */
export const MAX_BOARD_RANGE_MS = 15 * 86_400_000;

export const PlanWarningDto = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('outside-hours') }),
  z.object({ kind: z.literal('holiday'), name: str() }),
  z.object({
    kind: z.literal('travel'),
    fromVisitId: Id,
    needMinutes: z.number().int(),
    gapMinutes: z.number().int(),
  }),
]);

/** The group an engineer's row is drawn in: team and region, or a dash for an engineer with neither. */
export const engineerGroup = (team: string, region: string): string =>
  [team, region].filter(Boolean).join(' · ') || '—';

export const BoardEngineer = z.object({
  id: Id,
  name: str(),
  color: str(),
  team: str(),
  region: str(),
  group: str(),
  timeZone: str(),
  /** The engineer's shifts inside the range, as instants. */
  shifts: z.array(z.tuple([Millis, Millis])),
});
export type BoardEngineer = z.infer<typeof BoardEngineer>;

export const BoardVisit = z.object({
  id: Id,
  ticketId: Id,
  ticketNumber: z.number().int(),
  ticketTitle: str(),
  clientName: str(),
  engineerId: Id,
  startAt: Millis,
  endAt: Millis,
  state: VisitState,
  revision: z.number().int().nonnegative(),
  place: str().nullable(),
  workTypeId: Id.nullable(),
  workTypeName: str().nullable(),
  color: str(),
  confirmed: z.boolean(),
  checklist: z.array(ChecklistItem),
  answers: ChecklistAnswers,
  /** Required questions still without an answer: the visit cannot be confirmed while this is above zero. */
  checklistMissing: z.number().int().nonnegative(),
  warnings: z.array(PlanWarningDto),
});
export type BoardVisit = z.infer<typeof BoardVisit>;

/**
 * FullCalendar's resource timeline draws every row it is given (it has no virtualisation): 300 engineers with
 * 20 visits a day are 42,000 events in a week view, seconds to draw. The board therefore answers one page of
 * engineers, of one group (team · region) or of all, and names the groups so the pane can offer the rest.
 */
export { DEFAULT_BOARD_ENGINEERS, MAX_BOARD_ENGINEERS };

export const BoardQuery = z
  .object({
    from: Millis,
    to: Millis,
    /** A group's key as `groups` names it; null is every engineer. */
    group: str().max(210).nullable().default(null),
    offset: z.number().int().nonnegative().default(0),
    limit: z.number().int().min(1).max(MAX_BOARD_ENGINEERS).default(DEFAULT_BOARD_ENGINEERS),
  })
  .strict()
  .refine((q) => q.to > q.from && q.to - q.from <= MAX_BOARD_RANGE_MS, {
    message: 'The board shows between a minute and 15 days',
  });

export const BoardGroup = z.object({ key: str(), engineers: z.number().int().nonnegative() });

export const Board = z.object({
  /** The company's zone: the calendar is drawn in it. */
  timeZone: str(),
  averageSpeedKmh: z.number().int(),
  /** Every group of active engineers, in order, with how many engineers each has. */
  groups: z.array(BoardGroup),
  /** How many engineers the asked group (or all) has: `engineers` is the page from `offset` of them. */
  engineerTotal: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  engineers: z.array(BoardEngineer),
  visits: z.array(BoardVisit),
  timeOff: z.array(z.object({ id: Id, engineerId: Id, startAt: Millis, endAt: Millis, kind: TimeOffKind })),
  /** Every company holiday, with its id so an editor can remove one. */
  holidays: z.array(z.object({ id: Id, day: str(), name: str() })),
});
export type Board = z.infer<typeof Board>;

export const QueueQuery = z
  .object({ search: str().max(200).default(''), limit: z.number().int().min(1).max(1000).default(300) })
  .strict();

export const QueueItem = z.object({
  ticketId: Id,
  number: z.number().int(),
  title: str(),
  priority: str(),
  clientName: str(),
  vehicle: str().nullable(),
  place: str().nullable(),
  workTypeId: Id.nullable(),
  workTypeName: str().nullable(),
  durationMinutes: z.number().int().positive(),
  /** The date the client asked for, when one was agreed (the ticket's planned time). */
  deadline: Millis.nullable(),
  createdAt: Millis,
});
export type QueueItem = z.infer<typeof QueueItem>;

export const Queue = z.object({ items: z.array(QueueItem), total: z.number().int().nonnegative() });
export type Queue = z.infer<typeof Queue>;

/** One engineer's day, as a local date in the engineer's zone. */
export const DayQuery = z.object({ engineerId: Id, day: LocalDate }).strict();

export const DayStop = z.object({
  visitId: Id,
  ticketId: Id,
  ticketNumber: z.number().int(),
  ticketTitle: str(),
  clientName: str(),
  place: str().nullable(),
  startAt: Millis,
  endAt: Millis,
  workTypeName: str().nullable(),
  /** The straight-line drive from the previous stop, when both places have coordinates. */
  leg: z.object({ km: z.number(), minutes: z.number().int(), gapMinutes: z.number().int() }).nullable(),
});
export type DayStop = z.infer<typeof DayStop>;

export const DayPlan = z.object({
  engineerId: Id,
  engineerName: str(),
  timeZone: str(),
  day: LocalDate,
  stops: z.array(DayStop),
  load: z.object({
    visitMinutes: z.number().int().nonnegative(),
    travelMinutes: z.number().int().nonnegative(),
    workingMinutes: z.number().int().nonnegative(),
  }),
});
export type DayPlan = z.infer<typeof DayPlan>;

const DAY_READS = [
  'visits',
  'employees',
  'engineer_profiles',
  'working_hours',
  'work_types',
  'planning_settings',
  'tickets',
  'clients',
] as const;

const BOARD_READS = [
  'visits',
  'employees',
  'engineer_profiles',
  'working_hours',
  'time_off',
  'holidays',
  'work_types',
  'visit_checklists',
  'planning_settings',
  'tickets',
  'clients',
] as const;

export const PLANNING_CONTRACT = {
  'planner:board': query(BoardQuery, Board, BOARD_READS),
  'planner:queue': query(QueueQuery, Queue, ['tickets', 'visits', 'clients', 'vehicles', 'work_types']),
  'planner:day': query(DayQuery, DayPlan, DAY_READS),
  /** An engineer's own week as stored (empty: the company's default hours), for the hours editor. */
  'planner:hours': query(
    z.object({ engineerId: Id }).strict(),
    z.object({
      rows: z.array(WorkingHoursRow),
      defaultStartMinute: z.number().int(),
      defaultEndMinute: z.number().int(),
    }),
    ['working_hours', 'planning_settings'],
  ),
  /** An engineer's time off, latest first: the editor lists it to add beside it or remove one. */
  'planner:time-off': query(z.object({ engineerId: Id }).strict(), z.object({ rows: z.array(TimeOffRow) }), [
    'time_off',
  ]),
  /** Every work type with its checklist template, for the admin's template editor. */
  'planner:work-types': query(z.object({}).strict(), z.object({ rows: z.array(WorkTypeRow) }), ['work_types']),
  /** The engineer's day as a printable PDF: addresses, contacts, vehicles, the work and the kit to take. */
  'planner:day-sheet': query(DayQuery, ExportedFile, [
    ...DAY_READS,
    'contacts',
    'phones',
    'vehicles',
    'equipment',
    'visit_checklists',
  ]),
} as const;
