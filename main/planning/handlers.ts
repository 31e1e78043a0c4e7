import type { Database } from 'better-sqlite3';
import type { RowOf, TableName } from '../../core/entities.js';
import type { Board, BoardEngineer, BoardVisit, Queue, QueueItem } from '../../core/planning/contract.js';
import { missingAnswers } from '../../core/planning/mutators.js';
import { shiftsBetween, visitWarnings, weekOf } from '../../core/planning/rules.js';
import { DEFAULT_PLANNING_SETTINGS, PLANNING_SETTINGS_ID } from '../../core/planning/tables.js';
import { fromDb } from '../../replica/rows.js';
import type { DeskContext, DeskHandlers } from '../desk-context.js';

/** A visit without a work type: the planner still needs a length to draw it from the queue. */
const DEFAULT_VISIT_MINUTES = 120;
const NO_WORK_TYPE_COLOR = '#607d8b';

type Raw = Record<string, unknown>;

/**
 * The planner's reads on the replica. The board computes its warnings with the same rules the mutators use
 * (core/planning/rules.ts); only the refusing rules stop a change, these are drawn on the visit.
 */
export function createPlannerQueries(db: Database) {
  const rows = <T extends TableName>(table: T, sql: string, ...params: unknown[]): RowOf<T>[] =>
    (db.prepare(sql).all(...params) as Raw[]).map((r) => fromDb(table, r));
  const settingsRow = db.prepare('SELECT * FROM planning_settings WHERE id = ?');
  const settings = (): RowOf<'planning_settings'> => {
    const raw = settingsRow.get(PLANNING_SETTINGS_ID) as Raw | undefined;
    return raw ? fromDb('planning_settings', raw) : DEFAULT_PLANNING_SETTINGS;
  };
  const workTypes = () => new Map(rows('work_types', 'SELECT * FROM work_types').map((w) => [w.id, w]));

  function board(from: number, to: number): Board {
    const company = settings();
    const engineers = rows(
      'employees',
      `SELECT * FROM employees WHERE active = 1 AND roles LIKE '%"engineer"%' ORDER BY name`,
    );
    const profiles = new Map(rows('engineer_profiles', 'SELECT * FROM engineer_profiles').map((p) => [p.id, p]));
    const hours = rows('working_hours', 'SELECT * FROM working_hours');
    const holidays = rows('holidays', 'SELECT * FROM holidays ORDER BY day');
    const types = workTypes();
    // A day before the range as well: the travel warning compares a visit with the one before it.
    const visits = (
      db
        .prepare(
          `SELECT v.*, t.number AS ticket_number, t.title AS ticket_title, t.client_name AS client_name,
                  k.answers AS checklist_answers
           FROM visits v
           JOIN tickets t ON t.id = v.ticket_id
           LEFT JOIN visit_checklists k ON k.id = v.id
           WHERE v.start_at < ? AND v.end_at > ? AND v.state != 'cancelled'
           ORDER BY v.engineer_id, v.start_at`,
        )
        .all(to, from - 86_400_000) as Raw[]
    ).map((r) => ({
      row: fromDb('visits', r),
      ticketNumber: r.ticket_number as number,
      ticketTitle: r.ticket_title as string,
      clientName: r.client_name as string,
      answers: (r.checklist_answers ? JSON.parse(r.checklist_answers as string) : {}) as Record<string, string>,
    }));
    const byEngineer = new Map<string, RowOf<'visits'>[]>();
    for (const v of visits) {
      const list = byEngineer.get(v.row.engineerId) ?? [];
      list.push(v.row);
      byEngineer.set(v.row.engineerId, list);
    }
    const outEngineers: BoardEngineer[] = [];
    const context = new Map<string, { zone: string; week: ReturnType<typeof weekOf>; shifts: [number, number][] }>();
    for (const e of engineers) {
      const profile = profiles.get(e.id);
      const zone = profile?.timeZone ?? company.timeZone;
      const week = weekOf(e.id, hours, company);
      const shifts = shiftsBetween(week, from - 86_400_000, to, zone).map(([s, t]) => [s, t] as [number, number]);
      context.set(e.id, { zone, week, shifts });
      outEngineers.push({
        id: e.id,
        name: e.name,
        color: e.color,
        team: profile?.team ?? '',
        region: profile?.region ?? '',
        timeZone: zone,
        shifts: shifts.filter(([s, t]) => s < to && t > from),
      });
    }
    const outVisits: BoardVisit[] = [];
    for (const v of visits) {
      if (v.row.endAt <= from) continue;
      const own = context.get(v.row.engineerId);
      const type = v.row.workTypeId ? types.get(v.row.workTypeId) : undefined;
      const checklist = type?.checklist ?? [];
      outVisits.push({
        id: v.row.id,
        ticketId: v.row.ticketId,
        ticketNumber: v.ticketNumber,
        ticketTitle: v.ticketTitle,
        clientName: v.clientName,
        engineerId: v.row.engineerId,
        startAt: v.row.startAt,
        endAt: v.row.endAt,
        state: v.row.state,
        revision: v.row.revision,
        place: v.row.place,
        workTypeId: v.row.workTypeId,
        workTypeName: type?.nameRu ?? null,
        color: type?.color ?? NO_WORK_TYPE_COLOR,
        confirmed: v.row.confirmedAt !== null,
        checklist: [...checklist],
        answers: v.answers,
        checklistMissing: missingAnswers(checklist, v.answers).length,
        warnings: own
          ? [
              ...visitWarnings(v.row, {
                settings: company,
                zone: own.zone,
                week: own.week,
                shifts: own.shifts,
                holidays,
                visits: byEngineer.get(v.row.engineerId) ?? [],
              }),
            ]
          : [],
      });
    }
    const timeOff = rows('time_off', 'SELECT * FROM time_off WHERE start_at < ? AND end_at > ?', to, from).map((t) => ({
      id: t.id,
      engineerId: t.engineerId,
      startAt: t.startAt,
      endAt: t.endAt,
      kind: t.kind,
    }));
    return {
      timeZone: company.timeZone,
      averageSpeedKmh: company.averageSpeedKmh,
      engineers: outEngineers,
      visits: outVisits,
      timeOff,
      holidays: holidays.map((h) => ({ day: h.day, name: h.name })),
    };
  }

  const queueRows = db.prepare(
    `SELECT t.id, t.number, t.title, t.priority, t.type, t.client_name, t.planned_at, t.created_at,
            c.address, ve.plate
     FROM tickets t
     LEFT JOIN clients c ON c.id = t.client_id
     LEFT JOIN vehicles ve ON ve.id = t.vehicle_id
     WHERE t.status = 'needs_visit'
       AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.ticket_id = t.id AND v.state IN ('planned', 'en_route', 'on_site'))
     ORDER BY coalesce(t.planned_at, t.created_at), t.number`,
  );

  function queue(search: string, limit: number): Queue {
    const types = [...workTypes().values()];
    const words = search.toLocaleLowerCase('ru').replaceAll('ё', 'е').split(/\s+/).filter(Boolean);
    const all = (queueRows.all() as Raw[]).filter((r) => {
      if (words.length === 0) return true;
      const hay = [r.number, r.title, r.client_name, r.plate, r.address]
        .map((x) => String(x ?? ''))
        .join(' ')
        .toLocaleLowerCase('ru')
        .replaceAll('ё', 'е');
      return words.every((w) => hay.includes(w));
    });
    const items: QueueItem[] = all.slice(0, limit).map((r) => {
      const type = types.find((w) => w.ticketType === r.type);
      return {
        ticketId: r.id as string,
        number: r.number as number,
        title: r.title as string,
        priority: r.priority as string,
        clientName: r.client_name as string,
        vehicle: (r.plate as string | null) ?? null,
        place: (r.address as string | null) ?? null,
        workTypeId: type?.id ?? null,
        workTypeName: type?.nameRu ?? null,
        durationMinutes: type?.durationMinutes ?? DEFAULT_VISIT_MINUTES,
        deadline: (r.planned_at as number | null) ?? null,
        createdAt: r.created_at as number,
      };
    });
    return { items, total: all.length };
  }

  return { board, queue };
}

export function plannerHandlers(desk: DeskContext) {
  const queries = createPlannerQueries(desk.db);
  return {
    'planner:board': ({ from, to }) => queries.board(from, to),
    'planner:queue': ({ search, limit }) => queries.queue(search, limit),
  } satisfies DeskHandlers<'planner:board' | 'planner:queue'>;
}
