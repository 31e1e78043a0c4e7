import type { GapFitDto, MapObjects, MapVehicle } from '../../core/map/contract.js';
import { fillGap, GapTicketIndex, nearestEngineers, type GapTicket } from '../../core/map/gap-filler.js';
import { StraightLineEstimator } from '../../core/map/travel-time.js';
import { phoneFormatter } from '../../core/phone.js';
import { DEFAULT_PLANNING_SETTINGS, PLANNING_SETTINGS_ID } from '../../core/planning/tables.js';
import type { TicketFilter } from '../../core/tickets/contract.js';
import type { Priority, TicketType } from '../../core/tickets/values.js';
import { fromDb } from '../../replica/rows.js';
import type { DeskContext, DeskHandlers } from '../desk-context.js';
import { DEFAULT_TILE_URL } from '../desk-config.js';
import { buildGridSql, UNPAID_CONDITION } from '../queries/ticket-grid.js';
import type { DeskPositions } from './desk-positions.js';

/** OpenStreetMap's tile policy asks for this attribution. */
export const OSM_ATTRIBUTION = '© OpenStreetMap contributors';
/** A ticket whose type has no work type still takes time: an hour is the planner's usual guess. */
const DEFAULT_DURATION_MINUTES = 60;

type Row = {
  ticket_id: string;
  number: number;
  title: string;
  status: string;
  type: TicketType;
  priority: Priority;
  assignee_id: string | null;
  planned_at: number | null;
  vehicle_id: string;
  unit_id: string | null;
  plate: string;
  client_id: string;
  client_name: string;
  client_phone: string | null;
  debtor: number;
};

export type MapDeskOptions = Readonly<{ tileUrl: string | null }>;

/** How long the gap filler keeps its index of where the open tickets' vehicles are. */
export const GAP_POSITIONS_KEPT_MS = 10_000;

/** What the gap filler searches, as kept between answers: for which filter, as of which change, since when. */
type GapSearch = Readonly<{
  key: string;
  mark: string;
  at: number;
  rows: ReadonlyMap<string, Row>;
  index: GapTicketIndex;
  types: ReadonlyMap<string, { minutes: number; workTypeId: string }>;
}>;

/**
 * The map's reads on the replica: open tickets (with the grid's own filter SQL, so the map and the grid agree
 * on what a filter means) grouped by vehicle; positions come from the desk's position source.
 */

export function mapHandlers(
  desk: DeskContext,
  positions: DeskPositions,
  options: MapDeskOptions,
): DeskHandlers<'map:objects' | 'map:positions' | 'map:settings' | 'map:gap' | 'map:nearest'> {
  const { db } = desk;
  // The client's phone as the grid shows numbers (E.164 where the store has it, formatted for the office's
  // region), remembered: ten thousand vehicles share a few thousand numbers. It is dialled as shown.
  const format = phoneFormatter();
  // The regions are a setting read from the store: read once per answer, not once per vehicle.
  const phoneShower = () => {
    const regions = desk.regions();
    return (stored: string | null) => (stored === null ? null : format(stored, regions));
  };

  function openTickets(filter: TicketFilter): Row[] {
    const sql = buildGridSql(
      { view: 'open', filter, sort: { column: 'number', dir: 'desc' }, offset: 0, limit: 1 },
      desk.userId(),
      desk.regions(),
    );
    return db
      .prepare(
        `SELECT t.id AS ticket_id, t.number, t.title, t.status, t.type, t.priority, t.assignee_id, t.planned_at,
                v.id AS vehicle_id, v.unit_id, v.plate, c.id AS client_id, c.name AS client_name,
                (SELECT COALESCE(p.e164, p.raw) FROM phones p WHERE p.client_id = c.id ORDER BY p.id LIMIT 1)
                  AS client_phone,
                EXISTS (SELECT 1 FROM tickets t INDEXED BY tickets_unpaid_by_client_id
                        WHERE t.client_id = c.id AND ${UNPAID_CONDITION}) AS debtor
         FROM ${sql.from} JOIN vehicles v ON v.id = t.vehicle_id JOIN clients c ON c.id = t.client_id
         ${sql.where} ORDER BY t.number DESC`,
      )
      .all(sql.params) as Row[];
  }

  const positionOf = (vehicle: { vehicle_id: string; unit_id: string | null }) =>
    positions.get(vehicle.vehicle_id) ?? (vehicle.unit_id ? positions.get(vehicle.unit_id) : undefined);

  /**
   * What the gap filler searches (the open tickets where their vehicles are, indexed), kept for the last filter
   * until the replica changes (any write on this connection, a pull included, or a commit by another) or its
   * positions are GAP_POSITIONS_KEPT_MS old: a planner tries several engineers and windows in a row, and over
   * 100k open tickets the read and the index are most of an answer. A car moves about 170 m in those 10 s.
   */
  const changes = db.prepare('SELECT total_changes() AS n').pluck();
  let kept: GapSearch | null = null;
  function gapTickets(filter: TicketFilter): GapSearch {
    const mark = `${String(changes.get())}:${String(db.pragma('data_version', { simple: true }))}`;
    const key = JSON.stringify([filter, desk.userId(), desk.regions()]);
    const now = desk.now();
    if (kept?.key === key && kept.mark === mark && now - kept.at < GAP_POSITIONS_KEPT_MS) return kept;
    const types = durations();
    const rows = new Map<string, Row>();
    const tickets: GapTicket[] = [];
    for (const r of openTickets(filter)) {
      const at = positionOf(r);
      if (!at) continue;
      rows.set(r.ticket_id, r);
      tickets.push({
        ticketId: r.ticket_id,
        objectId: at.objectId,
        lat: at.lat,
        lon: at.lon,
        priority: r.priority,
        deadlineAt: r.planned_at,
        durationMinutes: types.get(r.type)?.minutes ?? DEFAULT_DURATION_MINUTES,
      });
    }
    kept = { key, mark, at: now, rows, index: new GapTicketIndex(tickets), types };
    return kept;
  }

  // The company's travel settings (planning-settings:save), read on every answer: a change made at any desk
  // applies to the next gap or nearest-engineers answer here as soon as it has synced.
  const settingsRow = db.prepare('SELECT * FROM planning_settings WHERE id = ?');
  function estimator(): StraightLineEstimator {
    const raw = settingsRow.get(PLANNING_SETTINGS_ID) as Record<string, unknown> | undefined;
    const row = raw ? fromDb('planning_settings', raw) : DEFAULT_PLANNING_SETTINGS;
    return new StraightLineEstimator({
      roadFactor: row.roadFactorPercent / 100,
      averageSpeedKmh: row.averageSpeedKmh,
    });
  }

  function durations(): ReadonlyMap<string, { minutes: number; workTypeId: string }> {
    const rows = db
      .prepare('SELECT id, ticket_type, duration_minutes FROM work_types WHERE ticket_type IS NOT NULL ORDER BY id')
      .all() as { id: string; ticket_type: string; duration_minutes: number }[];
    const byType = new Map<string, { minutes: number; workTypeId: string }>();
    for (const r of rows)
      if (!byType.has(r.ticket_type)) byType.set(r.ticket_type, { minutes: r.duration_minutes, workTypeId: r.id });
    return byType;
  }

  const engineers = () =>
    db
      .prepare(`SELECT id, name, color FROM employees WHERE active = 1 AND roles LIKE '%"engineer"%' ORDER BY name`)
      .all() as { id: string; name: string; color: string }[];

  return {
    'map:objects': ({ filter }): MapObjects => {
      const byVehicle = new Map<string, MapVehicle & { tickets: MapVehicle['tickets'][number][] }>();
      const shownPhone = phoneShower();
      for (const r of openTickets(filter)) {
        let vehicle = byVehicle.get(r.vehicle_id);
        if (!vehicle) {
          vehicle = {
            id: r.vehicle_id,
            unitId: r.unit_id,
            plate: r.plate,
            clientId: r.client_id,
            clientName: r.client_name,
            clientPhone: shownPhone(r.client_phone),
            debtor: r.debtor === 1,
            tickets: [],
          };
          byVehicle.set(r.vehicle_id, vehicle);
        }
        vehicle.tickets.push({
          id: r.ticket_id,
          number: r.number,
          title: r.title,
          status: r.status,
          type: r.type,
          priority: r.priority,
          assigneeId: r.assignee_id,
          plannedAt: r.planned_at,
        });
      }
      return { vehicles: [...byVehicle.values()], engineers: engineers() };
    },
    'map:positions': () => {
      const s = positions.snapshot();
      return { provider: s.provider, positions: [...s.positions], status: s.status };
    },
    'map:settings': () => {
      const e = estimator();
      return {
        tileUrl: options.tileUrl ?? '',
        attribution: options.tileUrl === DEFAULT_TILE_URL ? OSM_ATTRIBUTION : '',
        roadFactor: e.settings.roadFactor,
        averageSpeedKmh: e.settings.averageSpeedKmh,
      };
    },
    'map:gap': (input) => {
      const from = positions.get(input.engineerId) ?? null;
      if (!from) return { from: null, fits: [], reachable: 0 };
      const { rows, index, types } = gapTickets(input.filter);
      const answer = fillGap(
        index,
        {
          from,
          windowStart: input.windowStart,
          windowEnd: input.windowEnd,
          now: desk.now(),
          nextStop: input.nextStop,
          limit: input.limit,
        },
        estimator(),
      );
      const shownPhone = phoneShower();
      const fits: GapFitDto[] = answer.fits.map((f) => {
        const r = rows.get(f.ticket.ticketId)!;
        return {
          ticketId: r.ticket_id,
          number: r.number,
          title: r.title,
          priority: r.priority,
          vehicleId: r.vehicle_id,
          plate: r.plate,
          clientName: r.client_name,
          clientPhone: shownPhone(r.client_phone),
          travelMinutes: f.travelMinutes,
          arriveAt: f.arriveAt,
          doneAt: f.doneAt,
          durationMinutes: f.ticket.durationMinutes,
          workTypeId: types.get(r.type)?.workTypeId ?? null,
          lat: f.ticket.lat,
          lon: f.ticket.lon,
        };
      });
      return { from, fits, reachable: answer.reachable };
    },
    'map:nearest': ({ vehicleId, limit }) => {
      const vehicle = db.prepare('SELECT id AS vehicle_id, unit_id FROM vehicles WHERE id = ?').get(vehicleId) as
        { vehicle_id: string; unit_id: string | null } | undefined;
      const at = vehicle ? positionOf(vehicle) : undefined;
      if (!at) return [];
      const people = engineers();
      const names = new Map(people.map((e) => [e.id, e.name]));
      const placed = people.flatMap((e) => {
        const p = positions.get(e.id);
        return p ? [{ engineerId: e.id, lat: p.lat, lon: p.lon, at: p.at }] : [];
      });
      return nearestEngineers(at, placed, estimator(), limit).map((n) => ({
        engineerId: n.engineer.engineerId,
        name: names.get(n.engineer.engineerId) ?? '',
        travelMinutes: n.travelMinutes,
        positionAt: n.engineer.at,
      }));
    },
  };
}
