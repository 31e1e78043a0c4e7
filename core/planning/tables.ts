import { z } from 'zod';
import { Id, Millis, name, str, text } from '../schema/text.js';
import { TicketType } from '../tickets/tables.js';

/**
 * The planner's tables. Coordinates are whole micro-degrees (the stores keep numbers as integers, and a
 * micro-degree is about 10 cm: far finer than a truck's parking place). Minutes of a day are counted in the
 * engineer's own zone, so "08:00–17:00" means the same wall-clock hours in winter and summer.
 */

export const VISIT_STATES = ['planned', 'en_route', 'on_site', 'done', 'cancelled'] as const;
export const VisitState = z.enum(VISIT_STATES);
export type VisitState = z.infer<typeof VisitState>;
/** The states in which a visit still holds its engineer's time: the conflict rules compare only these. */
export const ACTIVE_VISIT_STATES = ['planned', 'en_route', 'on_site'] as const satisfies readonly VisitState[];

export const LatE6 = z.number().int().min(-90_000_000).max(90_000_000);
export const LonE6 = z.number().int().min(-180_000_000).max(180_000_000);
/** An IANA zone name such as Europe/Minsk; whether the runtime knows it is checked where it is set. */
export const ZoneName = str().min(1).max(64);

export const VisitRow = z.object({
  id: Id,
  ticketId: Id,
  engineerId: Id,
  startAt: Millis,
  endAt: Millis,
  state: VisitState,
  place: text(500).nullable(),
  workTypeId: Id.nullable(),
  placeLatE6: LatE6.nullable(),
  placeLonE6: LonE6.nullable(),
  confirmedAt: Millis.nullable(),
  confirmedBy: Id.nullable(),
  /** Counts every change: a move made against an older revision is refused (someone moved it meanwhile). */
  revision: z.number().int().nonnegative(),
  updatedAt: Millis,
  updatedBy: Id.nullable(),
});

/** An engineer's place in the planner: the row's id is the employee's id. */
export const EngineerProfileRow = z.object({
  id: Id,
  team: text(100),
  region: text(100),
  timeZone: ZoneName,
  homeLatE6: LatE6.nullable(),
  homeLonE6: LonE6.nullable(),
});

/** ISO weekday: 1 is Monday, 7 is Sunday. */
export const Weekday = z.number().int().min(1).max(7);
export const MINUTES_PER_DAY = 1440;

/**
 * One working interval of an engineer's week, in minutes of the day in the engineer's zone. An end past
 * 1440 is a shift that runs over midnight into the next day (a night shift 22:00–06:00 is 1320–1800).
 */
export const WorkingHoursRow = z.object({
  id: Id,
  engineerId: Id,
  weekday: Weekday,
  startMinute: z
    .number()
    .int()
    .min(0)
    .max(MINUTES_PER_DAY - 1),
  endMinute: z
    .number()
    .int()
    .min(1)
    .max(2 * MINUTES_PER_DAY),
});

export const TIME_OFF_KINDS = ['vacation', 'sick', 'training', 'other'] as const;
export const TimeOffKind = z.enum(TIME_OFF_KINDS);
export type TimeOffKind = z.infer<typeof TimeOffKind>;

export const TimeOffRow = z.object({
  id: Id,
  engineerId: Id,
  startAt: Millis,
  endAt: Millis,
  kind: TimeOffKind,
  note: text(500),
});

/** A public holiday of the company's calendar, as a local date (YYYY-MM-DD in the company's zone). */
export const LocalDate = str().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
export const HolidayRow = z.object({ id: Id, day: LocalDate, name });

export const CHECKLIST_ITEM_KINDS = ['yes-no', 'text', 'time'] as const;
export const ChecklistItemKind = z.enum(CHECKLIST_ITEM_KINDS);
export type ChecklistItemKind = z.infer<typeof ChecklistItemKind>;

export const ChecklistItemId = str()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9-]+$/);
export const ChecklistItem = z
  .object({
    id: ChecklistItemId,
    question: str().trim().min(1).max(300),
    required: z.boolean(),
    kind: ChecklistItemKind,
  })
  .strict();
export type ChecklistItem = z.infer<typeof ChecklistItem>;
export const MAX_CHECKLIST_ITEMS = 40;
export const Checklist = z
  .array(ChecklistItem)
  .max(MAX_CHECKLIST_ITEMS)
  .refine((items) => new Set(items.map((i) => i.id)).size === items.length, {
    message: 'Checklist items must have distinct ids',
  });

/** What a visit is for: its expected length and the questions to settle before the engineer goes. */
export const WorkTypeRow = z.object({
  id: Id,
  code: ChecklistItemId,
  nameRu: name,
  nameEn: name,
  /** The kind of ticket this work type is suggested for, when one. */
  ticketType: TicketType.nullable(),
  durationMinutes: z.number().int().min(5).max(MINUTES_PER_DAY),
  color: str().regex(/^#[0-9a-f]{6}$/i),
  checklist: Checklist,
});

export const ChecklistAnswer = str().trim().max(500);
export const ChecklistAnswers = z.record(ChecklistItemId, ChecklistAnswer);

/** A visit's answers to its work type's checklist: the row's id is the visit's id. */
export const VisitChecklistRow = z.object({
  id: Id,
  answers: ChecklistAnswers,
  answeredAt: Millis,
  answeredBy: Id.nullable(),
});

export const MIN_SPEED_KMH = 5;
export const MAX_SPEED_KMH = 200;
export const MIN_ROAD_FACTOR_PERCENT = 100;
export const MAX_ROAD_FACTOR_PERCENT = 300;

/** The one settings row of the planner (its id is PLANNING_SETTINGS_ID). */
export const PlanningSettingsRow = z.object({
  id: Id,
  timeZone: ZoneName,
  /** The average speed of a drive, km/h: the planner's travel warnings and the map's travel times use it. */
  averageSpeedKmh: z.number().int().min(MIN_SPEED_KMH).max(MAX_SPEED_KMH),
  /**
   * How much longer the road is than the straight line, in hundredths (130 is 1.3): the stores keep numbers
   * as integers. The map's travel times (gap filler, nearest engineers) use it.
   */
  roadFactorPercent: z.number().int().min(MIN_ROAD_FACTOR_PERCENT).max(MAX_ROAD_FACTOR_PERCENT),
  /** Working hours of an engineer who has none of their own, in minutes of the day. */
  defaultStartMinute: z
    .number()
    .int()
    .min(0)
    .max(MINUTES_PER_DAY - 1),
  defaultEndMinute: z
    .number()
    .int()
    .min(1)
    .max(2 * MINUTES_PER_DAY),
});

export const PLANNING_SETTINGS_ID = '00000000-0000-7000-8000-000000000001';

/** What a store without a settings row plans with. */
export const DEFAULT_PLANNING_SETTINGS: z.infer<typeof PlanningSettingsRow> = {
  id: PLANNING_SETTINGS_ID,
  timeZone: 'Europe/Minsk',
  averageSpeedKmh: 50,
  roadFactorPercent: 130,
  defaultStartMinute: 9 * 60,
  defaultEndMinute: 18 * 60,
};

export const PLANNING_TABLES = {
  visits: VisitRow,
  engineer_profiles: EngineerProfileRow,
  working_hours: WorkingHoursRow,
  time_off: TimeOffRow,
  holidays: HolidayRow,
  work_types: WorkTypeRow,
  visit_checklists: VisitChecklistRow,
  planning_settings: PlanningSettingsRow,
} as const;
