import { z } from 'zod';
import type { RowOf } from '../entities.js';
import { defineMutator, ref, type MutationTx } from '../mutation.js';
import { PultError } from '../result.js';
import { Id, Millis, NewId, text } from '../schema/text.js';
import { requireTicket } from '../tickets/mutators.js';
import { isTransitionAllowed, NEEDS_VISIT_STATUS } from '../tickets/status-model.js';
import { MAX_VISIT_MS, overlappingVisits, timeOffDuring } from './rules.js';
import {
  ACTIVE_VISIT_STATES,
  ChecklistAnswers,
  DEFAULT_PLANNING_SETTINGS,
  LatE6,
  LonE6,
  MAX_ROAD_FACTOR_PERCENT,
  MAX_SPEED_KMH,
  MIN_ROAD_FACTOR_PERCENT,
  MIN_SPEED_KMH,
  PLANNING_SETTINGS_ID,
  HolidayRow,
  TimeOffRow,
  WorkingHoursRow,
  WorkTypeRow,
} from './tables.js';

/**
 * The planner's mutations. The refusing rules (core/planning/rules.ts) run here, so the server judges them
 * again on every push: two desks that planned one engineer's slot offline both succeed locally, and the
 * server keeps the first and rejects the second with a reason naming who took the slot.
 */

const PLANNERS = ['admin', 'dispatcher', 'planner'] as const;
export const VISIT_PLANNED_STATUS = 'visit_planned';

type Visit = RowOf<'visits'>;

export async function planningSettings(tx: Pick<MutationTx, 'get'>): Promise<RowOf<'planning_settings'>> {
  return (await tx.get('planning_settings', PLANNING_SETTINGS_ID)) ?? DEFAULT_PLANNING_SETTINGS;
}

async function nameOf(tx: MutationTx, id: string | null): Promise<string> {
  return (id ? (await tx.get('employees', id))?.name : undefined) ?? '—';
}

async function requireVisit(tx: MutationTx, id: string): Promise<Visit> {
  const visit = await tx.get('visits', id);
  if (!visit) throw new PultError('not-found', `Visit ${id} does not exist`);
  return visit;
}

async function requireEngineer(tx: MutationTx, id: string): Promise<RowOf<'employees'>> {
  const engineer = await tx.get('employees', id);
  if (!engineer) throw new PultError('not-found', `Employee ${id} does not exist`);
  if (!engineer.active || !engineer.roles.includes('engineer')) {
    throw new PultError('invalid-input', `${engineer.name} is not an active engineer`);
  }
  return engineer;
}

function checkSpan(startAt: number, endAt: number, longest = MAX_VISIT_MS): void {
  if (endAt <= startAt) throw new PultError('invalid-input', 'An interval must end after it starts');
  if (endAt - startAt > longest) {
    throw new PultError('invalid-input', `An interval cannot last more than ${longest / 3_600_000} hours`);
  }
}

/** The refusing rules: the engineer is free (no other active visit, no time off) for the whole span. */
async function requireFree(
  tx: MutationTx,
  engineer: RowOf<'employees'>,
  startAt: number,
  endAt: number,
  except: string | null,
): Promise<void> {
  // Only active visits hold time, so the look-up stays small however long the history grows.
  const active = await tx.find('visits', { engineerId: engineer.id, state: [...ACTIVE_VISIT_STATES] });
  const [clash] = overlappingVisits(active, startAt, endAt, except);
  if (clash) {
    const other = await tx.get('tickets', clash.ticketId);
    const by = await nameOf(tx, clash.updatedBy);
    throw PultError.because(
      'conflict',
      `${engineer.name} already has visit #${other?.number ?? '?'} then (planned by ${by})`,
      'visit-overlap',
      { engineer: engineer.name, number: String(other?.number ?? ''), by },
    );
  }
  const off = timeOffDuring(await tx.find('time_off', { engineerId: engineer.id }), startAt, endAt);
  if (off) {
    throw PultError.because('conflict', `${engineer.name} is off (${off.kind}) then`, 'engineer-off', {
      engineer: engineer.name,
      kind: off.kind,
    });
  }
}

/** A move or unplan made against a revision someone else has since replaced is refused by name. */
async function requireRevision(tx: MutationTx, visit: Visit, expected: number): Promise<void> {
  if (visit.revision === expected) return;
  const name = await nameOf(tx, visit.updatedBy);
  throw PultError.because('conflict', `The visit was changed meanwhile by ${name}`, 'visit-moved', { name });
}

async function logStatus(tx: MutationTx, id: string, ticket: RowOf<'tickets'>, to: string): Promise<void> {
  await tx.insert('ticket_status_log', {
    id,
    ticketId: ticket.id,
    fromStatus: ticket.status,
    toStatus: to,
    at: tx.now,
    by: tx.userId,
  });
}

const Span = { startAt: Millis, endAt: Millis };

export const PlanVisitArgs = z
  .object({
    id: Id,
    ticketId: Id,
    engineerId: Id,
    ...Span,
    workTypeId: Id.nullable().default(null),
    place: text(500).nullable().default(null),
    placeLatE6: LatE6.nullable().default(null),
    placeLonE6: LonE6.nullable().default(null),
    logId: NewId,
  })
  .strict();
export type PlanVisit = z.input<typeof PlanVisitArgs>;

export const PLANNING_MUTATORS = {
  /** From the queue: the ticket that needs a visit gets one, and its status follows to "visit planned". */
  'visit:plan': defineMutator({
    args: PlanVisitArgs,
    roles: PLANNERS,
    writes: (args) => ({
      creates: [ref('visits', args.id), ref('ticket_status_log', args.logId)],
      updates: [ref('tickets', args.ticketId)],
    }),
    async run(tx, args) {
      checkSpan(args.startAt, args.endAt);
      const ticket = await requireTicket(tx, args.ticketId);
      const [planned] = await tx.find('visits', { ticketId: ticket.id, state: [...ACTIVE_VISIT_STATES] });
      if (planned) {
        const name = await nameOf(tx, planned.updatedBy);
        throw PultError.because(
          'conflict',
          `Ticket #${ticket.number} already has a visit (planned by ${name})`,
          'visit-already-planned',
          { name },
        );
      }
      const model = await tx.statusModel();
      if (ticket.status !== NEEDS_VISIT_STATUS || !isTransitionAllowed(model, ticket.status, VISIT_PLANNED_STATUS)) {
        throw PultError.because(
          'transition-not-allowed',
          `A ticket cannot go from "${ticket.status}" to "${VISIT_PLANNED_STATUS}"`,
          'transition-not-allowed',
          { from: ticket.status, to: VISIT_PLANNED_STATUS },
        );
      }
      if (args.workTypeId && !(await tx.get('work_types', args.workTypeId))) {
        throw new PultError('not-found', 'The work type does not exist');
      }
      const engineer = await requireEngineer(tx, args.engineerId);
      await requireFree(tx, engineer, args.startAt, args.endAt, null);
      await tx.insert('visits', {
        id: args.id,
        ticketId: ticket.id,
        engineerId: engineer.id,
        startAt: args.startAt,
        endAt: args.endAt,
        state: 'planned',
        place: args.place,
        workTypeId: args.workTypeId,
        placeLatE6: args.placeLatE6,
        placeLonE6: args.placeLonE6,
        confirmedAt: null,
        confirmedBy: null,
        revision: 0,
        updatedAt: tx.now,
        updatedBy: tx.userId,
      });
      await tx.update('tickets', {
        ...ticket,
        status: VISIT_PLANNED_STATUS,
        plannedAt: args.startAt,
        updatedAt: tx.now,
      });
      await logStatus(tx, args.logId, ticket, VISIT_PLANNED_STATUS);
    },
  }),

  /**
   * Another engineer and/or another time (a drag), or another length (a resize). `expectedRevision` is the
   * revision the planner saw: a visit someone moved since is refused with their name. A visit confirmed
   * with the client for one time is no longer confirmed at another.
   */
  'visit:move': defineMutator({
    args: z
      .object({ id: Id, ticketId: Id, engineerId: Id, ...Span, expectedRevision: z.number().int().nonnegative() })
      .strict(),
    roles: PLANNERS,
    writes: (args) => ({ creates: [], updates: [ref('visits', args.id), ref('tickets', args.ticketId)] }),
    async run(tx, args) {
      checkSpan(args.startAt, args.endAt);
      const visit = await requireVisit(tx, args.id);
      if (visit.ticketId !== args.ticketId) throw new PultError('invalid-input', 'The visit is for another ticket');
      await requireRevision(tx, visit, args.expectedRevision);
      if (visit.state !== 'planned') {
        throw new PultError('conflict', `A visit that is ${visit.state} can no longer be moved`);
      }
      if (visit.engineerId === args.engineerId && visit.startAt === args.startAt && visit.endAt === args.endAt) return;
      const engineer = await requireEngineer(tx, args.engineerId);
      await requireFree(tx, engineer, args.startAt, args.endAt, visit.id);
      const sameTime = visit.startAt === args.startAt && visit.endAt === args.endAt;
      await tx.update('visits', {
        ...visit,
        engineerId: engineer.id,
        startAt: args.startAt,
        endAt: args.endAt,
        confirmedAt: sameTime ? visit.confirmedAt : null,
        confirmedBy: sameTime ? visit.confirmedBy : null,
        revision: visit.revision + 1,
        updatedAt: tx.now,
        updatedBy: tx.userId,
      });
      const ticket = await requireTicket(tx, visit.ticketId);
      await tx.update('tickets', { ...ticket, plannedAt: args.startAt, updatedAt: tx.now });
    },
  }),

  /** Back to the queue: the visit and its answers go, and the ticket needs a visit again. */
  'visit:unplan': defineMutator({
    args: z.object({ id: Id, ticketId: Id, expectedRevision: z.number().int().nonnegative(), logId: NewId }).strict(),
    roles: PLANNERS,
    writes: (args) => ({
      creates: [ref('ticket_status_log', args.logId)],
      updates: [ref('tickets', args.ticketId)],
      deletes: [ref('visits', args.id), ref('visit_checklists', args.id)],
    }),
    async run(tx, args) {
      const visit = await requireVisit(tx, args.id);
      if (visit.ticketId !== args.ticketId) throw new PultError('invalid-input', 'The visit is for another ticket');
      await requireRevision(tx, visit, args.expectedRevision);
      if (visit.state !== 'planned') {
        throw new PultError('conflict', `A visit that is ${visit.state} can no longer be unplanned`);
      }
      if (await tx.get('visit_checklists', visit.id)) await tx.delete('visit_checklists', visit.id);
      await tx.delete('visits', visit.id);
      const ticket = await requireTicket(tx, visit.ticketId);
      // Only a ticket the planner put in "visit planned" goes back; one that moved on keeps its status.
      if (ticket.status === VISIT_PLANNED_STATUS) {
        await tx.update('tickets', { ...ticket, status: NEEDS_VISIT_STATUS, plannedAt: null, updatedAt: tx.now });
        await logStatus(tx, args.logId, ticket, NEEDS_VISIT_STATUS);
      }
    },
  }),

  /** Answers to the visit's checklist, merged into those already given; an empty answer clears one. */
  'visit:answer-checklist': defineMutator({
    args: z.object({ id: Id, answers: ChecklistAnswers }).strict(),
    roles: PLANNERS,
    writes: (args) => ({ creates: [ref('visit_checklists', args.id)], updates: [ref('visit_checklists', args.id)] }),
    async run(tx, args) {
      const visit = await requireVisit(tx, args.id);
      const workType = visit.workTypeId ? await tx.get('work_types', visit.workTypeId) : undefined;
      const known = new Set((workType?.checklist ?? []).map((i) => i.id));
      const unknown = Object.keys(args.answers).filter((k) => !known.has(k));
      if (unknown.length > 0) {
        throw new PultError('invalid-input', `The visit's checklist has no question ${unknown.join(', ')}`);
      }
      const current = await tx.get('visit_checklists', visit.id);
      const answers: Record<string, string> = { ...current?.answers };
      for (const [k, v] of Object.entries(args.answers)) {
        if (v === '') delete answers[k];
        else answers[k] = v;
      }
      const row = { id: visit.id, answers, answeredAt: tx.now, answeredBy: tx.userId };
      if (current) await tx.update('visit_checklists', row);
      else await tx.insert('visit_checklists', row);
    },
  }),

  /** The client agreed: refused while a required question of the checklist has no answer. */
  'visit:confirm': defineMutator({
    args: z.object({ id: Id }).strict(),
    roles: PLANNERS,
    writes: (args) => ({ creates: [], updates: [ref('visits', args.id)] }),
    async run(tx, args) {
      const visit = await requireVisit(tx, args.id);
      if (visit.confirmedAt !== null) return;
      if (visit.state !== 'planned')
        throw new PultError('conflict', `A visit that is ${visit.state} is past confirming`);
      const workType = visit.workTypeId ? await tx.get('work_types', visit.workTypeId) : undefined;
      const answers = (await tx.get('visit_checklists', visit.id))?.answers ?? {};
      const missing = missingAnswers(workType?.checklist ?? [], answers);
      if (missing.length > 0) {
        throw PultError.because(
          'conflict',
          `${missing.length} required checklist questions have no answer`,
          'checklist-incomplete',
          { count: String(missing.length) },
        );
      }
      await tx.update('visits', {
        ...visit,
        confirmedAt: tx.now,
        confirmedBy: tx.userId,
        revision: visit.revision + 1,
        updatedAt: tx.now,
        updatedBy: tx.userId,
      });
    },
  }),

  /** A work type and its checklist template: data an admin edits, not code. */
  'work-type:save': defineMutator({
    args: WorkTypeRow.strict(),
    roles: ['admin'],
    writes: (args) => ({ creates: [ref('work_types', args.id)], updates: [ref('work_types', args.id)] }),
    async run(tx, args) {
      const current = await tx.get('work_types', args.id);
      const [sameCode] = await tx.find('work_types', { code: args.code });
      if (sameCode && sameCode.id !== args.id) {
        throw new PultError('conflict', `Another work type already has the code ${args.code}`);
      }
      if (current) await tx.update('work_types', args);
      else await tx.insert('work_types', args);
    },
  }),

  /**
   * The company's travel settings: the average speed and the road factor (hundredths). Admins only: every
   * planner's travel warnings and every desk's gap filler change with them, like the work types' durations.
   * A store without the row gets one, with the other settings at their defaults.
   */
  'planning-settings:save': defineMutator({
    args: z
      .object({
        averageSpeedKmh: z.number().int(),
        roadFactorPercent: z.number().int(),
      })
      .strict(),
    roles: ['admin'],
    writes: () => ({
      creates: [ref('planning_settings', PLANNING_SETTINGS_ID)],
      updates: [ref('planning_settings', PLANNING_SETTINGS_ID)],
    }),
    async run(tx, args) {
      if (args.averageSpeedKmh < MIN_SPEED_KMH || args.averageSpeedKmh > MAX_SPEED_KMH) {
        throw PultError.because(
          'invalid-input',
          `The average speed must be ${MIN_SPEED_KMH}–${MAX_SPEED_KMH} km/h, not ${args.averageSpeedKmh}`,
          'speed-out-of-range',
          { min: String(MIN_SPEED_KMH), max: String(MAX_SPEED_KMH), value: String(args.averageSpeedKmh) },
        );
      }
      if (args.roadFactorPercent < MIN_ROAD_FACTOR_PERCENT || args.roadFactorPercent > MAX_ROAD_FACTOR_PERCENT) {
        const shown = (n: number) => (n / 100).toFixed(2);
        throw PultError.because(
          'invalid-input',
          `The road factor must be ${shown(MIN_ROAD_FACTOR_PERCENT)}–${shown(MAX_ROAD_FACTOR_PERCENT)}, not ${shown(args.roadFactorPercent)}`,
          'road-factor-out-of-range',
          {
            min: shown(MIN_ROAD_FACTOR_PERCENT),
            max: shown(MAX_ROAD_FACTOR_PERCENT),
            value: shown(args.roadFactorPercent),
          },
        );
      }
      const current = await tx.get('planning_settings', PLANNING_SETTINGS_ID);
      const row = { ...(current ?? DEFAULT_PLANNING_SETTINGS), ...args };
      if (current) await tx.update('planning_settings', row);
      else await tx.insert('planning_settings', row);
    },
  }),

  /**
   * An engineer's week, replaced as a whole: `replaces` names the rows the planner saw, so a week someone
   * changed meanwhile is refused rather than merged into nonsense. An empty week means the company's default.
   */
  'engineer:set-hours': defineMutator({
    args: z
      .object({
        engineerId: Id,
        week: z.array(WorkingHoursRow.omit({ engineerId: true }).extend({ id: NewId }).strict()).max(21),
        replaces: z.array(Id).max(21),
      })
      .strict(),
    roles: PLANNERS,
    writes: (args) => ({
      creates: args.week.map((h) => ref('working_hours', h.id)),
      updates: [],
      deletes: args.replaces.map((id) => ref('working_hours', id)),
    }),
    async run(tx, args) {
      await requireEngineer(tx, args.engineerId);
      const current = await tx.find('working_hours', { engineerId: args.engineerId });
      const seen = new Set(args.replaces);
      if (current.length !== seen.size || current.some((h) => !seen.has(h.id))) {
        throw PultError.because('conflict', "The engineer's hours were changed meanwhile", 'hours-changed', {});
      }
      for (const h of args.week) {
        if (h.endMinute <= h.startMinute) {
          throw new PultError('invalid-input', 'A working interval must end after it starts');
        }
      }
      const sorted = [...args.week].sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
      for (const [i, h] of sorted.entries()) {
        const next = sorted[i + 1];
        if (next && next.weekday === h.weekday && next.startMinute < h.endMinute) {
          throw new PultError('invalid-input', 'Two working intervals of one day overlap');
        }
      }
      for (const h of current) await tx.delete('working_hours', h.id);
      for (const h of args.week) await tx.insert('working_hours', { ...h, engineerId: args.engineerId });
    },
  }),

  /** Vacation, sick leave, training: refused over a visit the engineer still has then (move it first). */
  'time-off:add': defineMutator({
    args: TimeOffRow.extend({ id: NewId }).strict(),
    roles: PLANNERS,
    writes: (args) => ({ creates: [ref('time_off', args.id)], updates: [] }),
    async run(tx, args) {
      checkSpan(args.startAt, args.endAt, 366 * 24 * 3_600_000);
      const engineer = await requireEngineer(tx, args.engineerId);
      const active = await tx.find('visits', { engineerId: engineer.id, state: [...ACTIVE_VISIT_STATES] });
      const [clash] = overlappingVisits(active, args.startAt, args.endAt, null);
      if (clash) {
        const other = await tx.get('tickets', clash.ticketId);
        throw PultError.because(
          'conflict',
          `${engineer.name} has visit #${other?.number ?? '?'} then: move it first`,
          'time-off-over-visit',
          { engineer: engineer.name, number: String(other?.number ?? '') },
        );
      }
      await tx.insert('time_off', args);
    },
  }),

  'time-off:remove': defineMutator({
    args: z.object({ id: Id }).strict(),
    roles: PLANNERS,
    writes: (args) => ({ creates: [], updates: [], deletes: [ref('time_off', args.id)] }),
    async run(tx, args) {
      if (!(await tx.get('time_off', args.id))) throw new PultError('not-found', 'The time off does not exist');
      await tx.delete('time_off', args.id);
    },
  }),

  /** A company holiday: one per date. Visits on it are flagged, not refused (weekend jobs happen). */
  'holiday:add': defineMutator({
    args: HolidayRow.extend({ id: NewId }).strict(),
    roles: ['admin', 'planner'],
    writes: (args) => ({ creates: [ref('holidays', args.id)], updates: [] }),
    async run(tx, args) {
      const [same] = await tx.find('holidays', { day: args.day });
      if (same) throw new PultError('conflict', `${args.day} is already a holiday (${same.name})`);
      await tx.insert('holidays', args);
    },
  }),

  'holiday:remove': defineMutator({
    args: z.object({ id: Id }).strict(),
    roles: ['admin', 'planner'],
    writes: (args) => ({ creates: [], updates: [], deletes: [ref('holidays', args.id)] }),
    async run(tx, args) {
      if (!(await tx.get('holidays', args.id))) throw new PultError('not-found', 'The holiday does not exist');
      await tx.delete('holidays', args.id);
    },
  }),
} as const;

/** The required questions without an answer (an answer of spaces is none). */
export function missingAnswers(
  checklist: RowOf<'work_types'>['checklist'],
  answers: Readonly<Record<string, string>>,
): RowOf<'work_types'>['checklist'] {
  return checklist.filter((item) => item.required && !(answers[item.id] ?? '').trim());
}
