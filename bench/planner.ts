import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { RowOf } from '../core/entities.js';
import { DEFAULT_BOARD_ENGINEERS, MAX_BOARD_ENGINEERS } from '../core/planning/contract.js';
import { PLANNER_VISIT_FIELDS } from '../core/test-support/visit-fields.js';
import { SEED_STATUS_MODEL } from '../core/tickets/status-model.js';
import { createLocalRunner } from '../main/mutations/local-runner.js';
import { createPlannerQueries } from '../main/planning/handlers.js';
import { openDatabase } from '../replica/open-store.js';
import { createRowStore } from '../replica/rows.js';
import { benchClient } from './fixtures.js';
import { percentile, report, round, sample } from './stats.js';

const ENGINEERS = 300;
const VISITS_PER_DAY = 20;
const DAYS = 7;
const H = 3_600_000;
/** Monday 2 November 2026, 00:00 in Minsk. */
const MON = Date.UTC(2026, 10, 1, 21, 0);

/**
 * `planner.*`: the desk's side of the week view with 300 engineers × 20 visits a day (42,000 visits): the
 * board query the pane draws from, and a move (the mutation and the board's answer after it). FullCalendar's
 * own drawing in Chromium is not measured here yet.
 */
export async function benchPlanner(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pult-bench-planner-'));
  const db = openDatabase(join(dir, 'planner.sqlite'));
  try {
    const rows = createRowStore(db);
    const planner: RowOf<'employees'> = {
      id: uuidv7(),
      name: 'Анна Планова',
      roles: ['planner'],
      sipExtension: null,
      color: '#336699',
      active: true,
    };
    const loadStart = performance.now();
    rows.put('employees', planner);
    const { visits } = fillPlannerWeek(db, MON);
    report({
      metric: 'planner.load',
      value: round((performance.now() - loadStart) / 1000, 1),
      unit: 's',
      visits: visits.length,
    });

    const queries = createPlannerQueries(db);
    const range = { from: MON, to: MON + DAYS * 24 * H };
    // What the pane asks for: one page of the first group (15 engineers here), as the window opens on it.
    const firstGroup = queries.board({ ...range, group: null, offset: 0, limit: 1 }).groups[0]!.key;
    const page = { ...range, group: firstGroup, offset: 0, limit: DEFAULT_BOARD_ENGINEERS };
    const week = () => queries.board(page);
    const board = await sample(week, 20, 3);
    report({
      metric: 'planner.board-week.p95',
      value: round(percentile(board, 95), 1),
      unit: 'ms',
      target: '< 100 ms',
      p50: round(percentile(board, 50), 1),
      engineers: week().engineers.length,
      visits: week().visits.length,
    });
    // The largest page the board answers, for a planner who asks for everyone at once.
    const widest = () => queries.board({ ...range, group: null, offset: 0, limit: MAX_BOARD_ENGINEERS });
    const wide = await sample(widest, 10, 2);
    report({
      metric: 'planner.board-week-widest.p95',
      value: round(percentile(wide, 95), 1),
      unit: 'ms',
      p50: round(percentile(wide, 50), 1),
      engineers: widest().engineers.length,
      visits: widest().visits.length,
    });

    const runner = createLocalRunner(db, {
      now: () => MON,
      userId: () => planner.id,
      statusModel: () => SEED_STATUS_MODEL,
      queue: false,
    });
    // Each move takes a visit of the page on screen to 21:00 of its day (after everyone's last visit) on another
    // engineer of the page, and asks for the page again (what the pane does when the change event comes).
    const onScreen = new Set(week().engineers.map((e) => e.id));
    const movable = visits.filter((v) => onScreen.has(v.engineerId));
    const targets = [...onScreen];
    let i = 0;
    const move = await sample(
      async () => {
        const v = movable[(i * 7919) % movable.length]!;
        i += 1;
        const day = Math.floor((v.startAt - MON) / (24 * H));
        const startAt = MON + day * 24 * H + 21 * H + (i % 40) * 60_000;
        await runner.run('visit:move', {
          id: v.id,
          ticketId: v.ticketId,
          engineerId: targets[(i * 31) % targets.length]!,
          startAt,
          endAt: startAt + 1,
          expectedRevision: 0,
        });
        week();
      },
      20,
      0,
    );
    report({
      metric: 'planner.move-to-board.p95',
      value: round(percentile(move, 95), 1),
      unit: 'ms',
      target: '< 100 ms (including the calendar redraw, not measured here)',
      p50: round(percentile(move, 50), 1),
    });
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * 300 engineers in 20 groups (10 teams × 2 regions), each with 20 half-hour visits a day for a week from
 * `monday` (00:00 in Minsk): 42,000 planned visits of one client. Ticket numbers start at `firstNumber`.
 */
export function fillPlannerWeek(
  db: Database,
  monday: number,
  firstNumber = 1,
): { engineers: string[]; visits: RowOf<'visits'>[] } {
  const rows = createRowStore(db);
  const client = benchClient('ООО «Газель-Транс»');
  const engineers: string[] = [];
  const visits: RowOf<'visits'>[] = [];
  db.transaction(() => {
    rows.put('clients', client);
    let number = firstNumber - 1;
    for (let e = 0; e < ENGINEERS; e++) {
      const id = uuidv7();
      engineers.push(id);
      rows.put('employees', {
        id,
        name: `Инженер ${String(e + 1).padStart(3, '0')}`,
        roles: ['engineer'],
        sipExtension: null,
        color: '#336699',
        active: true,
      });
      rows.put('engineer_profiles', {
        id,
        team: `Бригада ${(e % 10) + 1}`,
        region: e < 150 ? 'Минск' : 'Регионы',
        timeZone: 'Europe/Minsk',
        homeLatE6: null,
        homeLonE6: null,
      });
      for (let d = 0; d < DAYS; d++) {
        for (let v = 0; v < VISITS_PER_DAY; v++) {
          number += 1;
          const ticketId = uuidv7();
          // 20 half-hour visits from 08:00 with 6 minutes between them.
          const startAt = monday + d * 24 * H + 8 * H + v * 36 * 60_000;
          rows.put('tickets', {
            id: ticketId,
            number,
            title: `Выезд ${number}`,
            description: '',
            type: 'maintenance',
            status: 'visit_planned',
            priority: 'normal',
            clientId: client.id,
            contactId: null,
            vehicleId: null,
            assigneeId: null,
            parentId: null,
            source: 'manual',
            billing: 'warranty',
            amount: 0,
            plannedAt: startAt,
            createdAt: 0,
            updatedAt: 0,
            resolvedAt: null,
            createdBy: null,
          });
          const visit: RowOf<'visits'> = {
            id: uuidv7(),
            ticketId,
            engineerId: id,
            startAt,
            endAt: startAt + 30 * 60_000,
            state: 'planned',
            place: null,
            ...PLANNER_VISIT_FIELDS,
          };
          rows.put('visits', visit);
          visits.push(visit);
        }
      }
    }
  })();
  return { engineers, visits };
}
