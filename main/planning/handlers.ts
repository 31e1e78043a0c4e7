import type { Database } from 'better-sqlite3';
import type { RowOf, TableName } from '../../core/entities.js';
import {
  engineerGroup,
  type Board,
  type BoardEngineer,
  type BoardVisit,
  type DayPlan,
  type Queue,
  type QueueItem,
} from '../../core/planning/contract.js';
import { missingAnswers } from '../../core/planning/mutators.js';
import { shiftsBetween, visitWarnings, weekOf } from '../../core/planning/rules.js';
import { dayLoad, routeOf } from '../../core/planning/route.js';
import { localDateLookup, zonedInstant } from '../../core/planning/zone.js';
import type { ExportedFile } from '../../core/money/contract.js';
import { PultError } from '../../core/result.js';
import { daySheetPdf, type SheetDay, type SheetStop } from './day-sheet.js';
import { DEFAULT_PLANNING_SETTINGS, MINUTES_PER_DAY, PLANNING_SETTINGS_ID } from '../../core/planning/tables.js';
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

  const engineerRows = db.prepare(
    `SELECT e.id, e.name, e.color, p.team, p.region, p.time_zone
     FROM employees e LEFT JOIN engineer_profiles p ON p.id = e.id
     WHERE e.active = 1 AND e.roles LIKE '%"engineer"%'`,
  );
  const collator = new Intl.Collator('ru');

  /** Every active engineer with their group, in the board's order: by group, then by name. */
  function allEngineers(zone: string) {
    return (engineerRows.all() as Raw[])
      .map((r) => {
        const team = (r.team as string | null) ?? '';
        const region = (r.region as string | null) ?? '';
        return {
          id: r.id as string,
          name: r.name as string,
          color: r.color as string,
          team,
          region,
          group: engineerGroup(team, region),
          timeZone: (r.time_zone as string | null) ?? zone,
        };
      })
      .sort((a, b) => collator.compare(a.group, b.group) || collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
  }

  function board(
    q: Readonly<{ from: number; to: number; group: string | null; offset: number; limit: number }>,
  ): Board {
    const { from, to } = q;
    const company = settings();
    const everyone = allEngineers(company.timeZone);
    const groups: { key: string; engineers: number }[] = [];
    for (const e of everyone) {
      const last = groups.at(-1);
      if (last?.key === e.group) last.engineers += 1;
      else groups.push({ key: e.group, engineers: 1 });
    }
    const chosen = q.group === null ? everyone : everyone.filter((e) => e.group === q.group);
    const engineers = chosen.slice(q.offset, q.offset + q.limit);
    const ids = engineers.map((e) => e.id);
    const inIds = ids.map(() => '?').join(', ') || 'NULL';
    const hours = rows('working_hours', `SELECT * FROM working_hours WHERE engineer_id IN (${inIds})`, ...ids);
    const holidays = rows('holidays', 'SELECT * FROM holidays ORDER BY day');
    const types = workTypes();
    // A day before the range as well: the travel warning compares a visit with the one before it. A visit lasts
    // at most a day, so bounding its start lets the (engineer, start) index answer.
    const visits = (
      db
        .prepare(
          `SELECT v.*, t.number AS ticket_number, t.title AS ticket_title, t.client_name AS client_name,
                  k.answers AS checklist_answers
           FROM visits v
           JOIN tickets t ON t.id = v.ticket_id
           LEFT JOIN visit_checklists k ON k.id = v.id
           WHERE v.engineer_id IN (${inIds}) AND v.start_at < ? AND v.start_at > ? AND v.end_at > ?
             AND v.state != 'cancelled'
           ORDER BY v.engineer_id, v.start_at`,
        )
        .all(...ids, to, from - 2 * 86_400_000, from - 86_400_000) as Raw[]
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
    // Engineers with the same week in the same zone have the same shifts: most share the company's default.
    const shiftCache = new Map<string, [number, number][]>();
    const dateLookups = new Map<string, (at: number) => string>();
    const dateLookup = (zone: string) => {
      let lookup = dateLookups.get(zone);
      if (!lookup) {
        lookup = localDateLookup(from - 86_400_000, to, zone);
        dateLookups.set(zone, lookup);
      }
      return lookup;
    };
    const outEngineers: BoardEngineer[] = [];
    const context = new Map<string, { zone: string; week: ReturnType<typeof weekOf>; shifts: [number, number][] }>();
    for (const e of engineers) {
      const zone = e.timeZone;
      const week = weekOf(e.id, hours, company);
      const key = `${zone}|${JSON.stringify(week.map((h) => [h.weekday, h.startMinute, h.endMinute]))}`;
      let shifts = shiftCache.get(key);
      if (!shifts) {
        shifts = shiftsBetween(week, from - 86_400_000, to, zone).map(([s, t]) => [s, t] as [number, number]);
        shiftCache.set(key, shifts);
      }
      context.set(e.id, { zone, week, shifts });
      outEngineers.push({ ...e, shifts: shifts.filter(([s, t]) => s < to && t > from) });
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
                dateOf: dateLookup(own.zone),
                companyDateOf: dateLookup(company.timeZone),
                holidays,
                visits: byEngineer.get(v.row.engineerId) ?? [],
              }),
            ]
          : [],
      });
    }
    const timeOff = rows(
      'time_off',
      `SELECT * FROM time_off WHERE engineer_id IN (${inIds}) AND start_at < ? AND end_at > ?`,
      ...ids,
      to,
      from,
    ).map((t) => ({
      id: t.id,
      engineerId: t.engineerId,
      startAt: t.startAt,
      endAt: t.endAt,
      kind: t.kind,
    }));
    return {
      timeZone: company.timeZone,
      averageSpeedKmh: company.averageSpeedKmh,
      groups,
      engineerTotal: chosen.length,
      offset: q.offset,
      engineers: outEngineers,
      visits: outVisits,
      timeOff,
      holidays: holidays.map((h) => ({ id: h.id, day: h.day, name: h.name })),
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

  const employeeRow = db.prepare('SELECT * FROM employees WHERE id = ?');
  const profileRow = db.prepare('SELECT * FROM engineer_profiles WHERE id = ?');

  /** The engineer, their zone, and the instants their local day begins and ends. */
  function dayFrame(engineerId: string, day: string) {
    const raw = employeeRow.get(engineerId) as Raw | undefined;
    if (!raw) throw new PultError('not-found', `Employee ${engineerId} does not exist`);
    const engineer = fromDb('employees', raw);
    const company = settings();
    const profile = profileRow.get(engineerId) as Raw | undefined;
    const zone = profile ? fromDb('engineer_profiles', profile).timeZone : company.timeZone;
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const dayStart = zonedInstant(y, m, d, 0, zone);
    const dayEnd = zonedInstant(y, m, d, MINUTES_PER_DAY, zone);
    return { engineer, company, zone, dayStart, dayEnd };
  }

  function day(engineerId: string, date: string): DayPlan & { rows: RowOf<'visits'>[] } {
    const { engineer, company, zone, dayStart, dayEnd } = dayFrame(engineerId, date);
    const types = workTypes();
    const raw = db
      .prepare(
        `SELECT v.*, t.number AS ticket_number, t.title AS ticket_title, t.client_name AS client_name
         FROM visits v JOIN tickets t ON t.id = v.ticket_id
         WHERE v.engineer_id = ? AND v.start_at < ? AND v.start_at > ? AND v.end_at > ? AND v.state != 'cancelled'
         ORDER BY v.start_at`,
      )
      .all(engineerId, dayEnd, dayStart - 86_400_000, dayStart) as Raw[];
    const visits = raw.map((r) => ({ row: fromDb('visits', r), r }));
    const route = routeOf(
      visits.map(({ row, r }) => ({
        id: row.id,
        startAt: row.startAt,
        endAt: row.endAt,
        latE6: row.placeLatE6,
        lonE6: row.placeLonE6,
        row,
        r,
      })),
      company,
    );
    const week = weekOf(
      engineerId,
      rows('working_hours', 'SELECT * FROM working_hours WHERE engineer_id = ?', engineerId),
      company,
    );
    const load = dayLoad(route, shiftsBetween(week, dayStart, dayEnd, zone), dayStart, dayEnd);
    return {
      engineerId,
      engineerName: engineer.name,
      timeZone: zone,
      day: date,
      load,
      rows: route.map((s) => s.visit.row),
      stops: route.map(({ visit: { row, r }, leg }) => ({
        visitId: row.id,
        ticketId: row.ticketId,
        ticketNumber: r.ticket_number as number,
        ticketTitle: r.ticket_title as string,
        clientName: r.client_name as string,
        place: row.place,
        startAt: row.startAt,
        endAt: row.endAt,
        workTypeName: row.workTypeId ? (types.get(row.workTypeId)?.nameRu ?? null) : null,
        leg,
      })),
    };
  }

  const one = <T extends TableName>(table: T, id: string | null): RowOf<T> | undefined => {
    if (!id) return undefined;
    const r = db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Raw | undefined;
    return r ? fromDb(table, r) : undefined;
  };

  /** Everything the printed day needs, per stop: the ticket's contact (else the client's), vehicle, kit. */
  function daySheet(engineerId: string, date: string): SheetDay {
    const plan = day(engineerId, date);
    const types = workTypes();
    const stops = plan.stops.map((stop, i): SheetStop => {
      const visit = plan.rows[i]!;
      const ticket = one('tickets', visit.ticketId)!;
      const client = one('clients', ticket.clientId);
      const phonesOf = (contactId: string | null) =>
        rows(
          'phones',
          contactId
            ? 'SELECT * FROM phones WHERE contact_id = ? ORDER BY raw'
            : 'SELECT * FROM phones WHERE client_id = ? AND contact_id IS NULL ORDER BY raw',
          contactId ?? ticket.clientId,
        ).map((p) => p.raw);
      const contact = one('contacts', ticket.contactId);
      const contacts = contact
        ? [{ name: contact.name, role: contact.role, phones: phonesOf(contact.id) }]
        : [
            ...(client ? [{ name: client.name, role: null, phones: phonesOf(null) }] : []),
            ...rows(
              'contacts',
              'SELECT * FROM contacts WHERE client_id = ? AND active = 1 ORDER BY name',
              ticket.clientId,
            )
              .slice(0, 3)
              .map((c) => ({ name: c.name, role: c.role, phones: phonesOf(c.id) })),
          ].filter((c) => c.phones.length > 0 || c.role !== null);
      const vehicle = one('vehicles', ticket.vehicleId);
      const type = visit.workTypeId ? types.get(visit.workTypeId) : undefined;
      const fitted = vehicle
        ? rows(
            'equipment',
            'SELECT * FROM equipment WHERE vehicle_id = ? AND removed_at IS NULL ORDER BY kind',
            vehicle.id,
          )
        : [];
      const answers = one('visit_checklists', visit.id)?.answers ?? {};
      return {
        startAt: stop.startAt,
        endAt: stop.endAt,
        ticketNumber: stop.ticketNumber,
        ticketTitle: stop.ticketTitle,
        description: ticket.description,
        clientName: stop.clientName,
        address: visit.place ?? client?.address ?? null,
        contacts,
        vehicle: vehicle
          ? { plate: vehicle.plate, makeModel: [vehicle.make, vehicle.model].filter(Boolean).join(' ') || null }
          : null,
        workTypeName: type?.nameRu ?? null,
        kit: [
          ...(type ? [`Комплект для работы «${type.nameRu}»`] : []),
          ...fitted.map(
            (e) => `Установлено: ${[e.kind, e.model, e.serial && `№ ${e.serial}`].filter(Boolean).join(' ')}`,
          ),
        ],
        checklist: (type?.checklist ?? []).map((q) => ({ question: q.question, answer: answers[q.id] ?? null })),
        travel: stop.leg ? { km: stop.leg.km, minutes: stop.leg.minutes } : null,
      };
    });
    return { engineerName: plan.engineerName, day: date, timeZone: plan.timeZone, load: plan.load, stops };
  }

  const hours = (engineerId: string) =>
    rows(
      'working_hours',
      'SELECT * FROM working_hours WHERE engineer_id = ? ORDER BY weekday, start_minute',
      engineerId,
    );

  const timeOff = (engineerId: string) =>
    rows('time_off', 'SELECT * FROM time_off WHERE engineer_id = ? ORDER BY start_at DESC, id', engineerId);

  const sortedWorkTypes = () =>
    [...workTypes().values()].sort((a, b) => collator.compare(a.nameRu, b.nameRu) || (a.id < b.id ? -1 : 1));

  return { board, queue, day, daySheet, hours, timeOff, workTypes: sortedWorkTypes, settings };
}

export function plannerHandlers(desk: DeskContext) {
  const queries = createPlannerQueries(desk.db);
  return {
    'planner:board': (input) => queries.board(input),
    'planner:queue': ({ search, limit }) => queries.queue(search, limit),
    'planner:hours': ({ engineerId }) => {
      const company = queries.settings();
      return {
        rows: queries.hours(engineerId),
        defaultStartMinute: company.defaultStartMinute,
        defaultEndMinute: company.defaultEndMinute,
      };
    },
    'planner:time-off': ({ engineerId }) => ({ rows: queries.timeOff(engineerId) }),
    'planner:work-types': () => ({ rows: queries.workTypes() }),
    'planner:day': ({ engineerId, day }) => {
      const { rows: _rows, ...plan } = queries.day(engineerId, day);
      return plan;
    },
    'planner:day-sheet': async ({ engineerId, day }): Promise<ExportedFile> => {
      const sheet = queries.daySheet(engineerId, day);
      return {
        fileName: `day-sheet-${day}.pdf`,
        mimeType: 'application/pdf',
        base64: (await daySheetPdf(sheet)).toString('base64'),
      };
    },
  } satisfies DeskHandlers<
    | 'planner:board'
    | 'planner:queue'
    | 'planner:hours'
    | 'planner:time-off'
    | 'planner:work-types'
    | 'planner:day'
    | 'planner:day-sheet'
  >;
}
