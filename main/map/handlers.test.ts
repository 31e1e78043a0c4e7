import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PultEvent } from '../../core/contract.js';
import { haversineKm } from '../../core/map/travel-time.js';
import { fillDemoIfEmpty } from '../../tools/demo/fill.js';
import { openWorkstation, type Workstation } from '../workstation.js';

/**
 * The demo's stories are written up to this instant, not the clock's: which tickets are still open depends on
 * it, and a test that counts the map's vehicles must meet the same demo on every day it runs.
 */
const DEMO_NOW = Date.UTC(2026, 10, 20, 9, 0, 0);

/**
 * The map's reads over a demo desk without a server: the desk runs the simulator itself, the window hears
 * `positions` events, and the gap filler answers from where the simulated cars are now.
 */
describe('the map on a desk without a server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pult-map-'));
  let ws: Workstation;
  const events: PultEvent[] = [];
  beforeAll(async () => {
    const dataFile = join(dir, 'demo.sqlite');
    await fillDemoIfEmpty(dataFile, { tickets: 1500, seed: 5, now: DEMO_NOW });
    ws = openWorkstation({ dataFile, map: { tileUrl: null, updatesPerSecond: 400 } });
    ws.subscribe((e) => events.push(e));
  });
  afterAll(() => {
    ws.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const call = async (method: string, input: unknown) =>
    (ws.handlers as Record<string, (i: unknown) => unknown>)[method]!(input);

  it('lists every vehicle with an open ticket once, and the grid filters narrow it', async () => {
    const all = (await call('map:objects', { filter: {} })) as {
      vehicles: { id: string; tickets: { status: string; type: string }[] }[];
      engineers: unknown[];
    };
    const store = new Database(join(dir, 'demo.sqlite'), { readonly: true });
    const withOpenTickets = store
      .prepare(
        `SELECT DISTINCT vehicle_id FROM tickets
         WHERE status_kind = 'open' AND vehicle_id IS NOT NULL`,
      )
      .pluck()
      .all() as string[];
    store.close();
    expect(all.vehicles.length).toBeGreaterThan(5);
    expect(all.vehicles.map((v) => v.id).sort()).toEqual(withOpenTickets.sort());
    expect(all.engineers.length).toBeGreaterThan(0);
    const installs = (await call('map:objects', { filter: { types: ['installation'] } })) as typeof all;
    expect(installs.vehicles.length).toBeLessThan(all.vehicles.length);
    expect(installs.vehicles.every((v) => v.tickets.every((t) => t.type === 'installation'))).toBe(true);
  });

  it('the simulator places every object at once and streams moves as positions events', async () => {
    const snapshot = (await call('map:positions', {})) as {
      provider: string;
      positions: unknown[];
      status: { state: string };
    };
    expect(snapshot.provider).toBe('simulator');
    expect(snapshot.status.state).toBe('ok');
    const start = Date.now();
    while (!events.some((e) => e.type === 'positions' && e.positions.length > 0) && Date.now() - start < 5_000) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(events.some((e) => e.type === 'positions' && e.positions.length > 0)).toBe(true);
  });

  it('the gap filler lists only tickets that fit, ranked; nearest engineers by travel time', async () => {
    const { engineers } = (await call('map:objects', { filter: {} })) as { engineers: { id: string }[] };
    const now = Date.now();
    let found = 0;
    for (const engineer of engineers) {
      const answer = (await call('map:gap', {
        engineerId: engineer.id,
        windowStart: now,
        windowEnd: now + 4 * 3_600_000,
        limit: 20,
        filter: {},
        nextStop: null,
      })) as {
        from: unknown;
        fits: { travelMinutes: number; durationMinutes: number; doneAt: number }[];
        reachable: number;
      };
      expect(answer.from).not.toBeNull();
      for (const f of answer.fits) expect(f.doneAt).toBeLessThanOrEqual(now + 4 * 3_600_000 + 1000);
      found += answer.fits.length;
    }
    expect(found).toBeGreaterThan(0);
    const { vehicles } = (await call('map:objects', { filter: {} })) as { vehicles: { id: string }[] };
    const nearest = (await call('map:nearest', { vehicleId: vehicles[0]!.id, limit: 3 })) as {
      travelMinutes: number;
    }[];
    expect(nearest).toHaveLength(3);
    expect(nearest.map((n) => n.travelMinutes)).toEqual([...nearest.map((n) => n.travelMinutes)].sort((a, b) => a - b));
  });

  it('a ticket cancelled between two gap answers is gone from the second, though the first read is kept', async () => {
    const { engineers } = (await call('map:objects', { filter: {} })) as { engineers: { id: string }[] };
    const now = Date.now();
    const ask = (engineerId: string) =>
      call('map:gap', {
        engineerId,
        windowStart: now,
        windowEnd: now + 8 * 3_600_000,
        limit: 50,
        filter: {},
        nextStop: null,
      }) as Promise<{ fits: { ticketId: string }[]; reachable: number }>;
    let engineerId = '';
    let first: Awaited<ReturnType<typeof ask>> | null = null;
    for (const e of engineers) {
      const answer = await ask(e.id);
      if (answer.fits.length > 0) {
        engineerId = e.id;
        first = answer;
        break;
      }
    }
    expect(first?.fits.length).toBeGreaterThan(0);
    const gone = first!.fits[0]!.ticketId;
    expect((await ask(engineerId)).fits.map((f) => f.ticketId)).toContain(gone);
    await call('ticket:set-status', { id: gone, status: 'cancelled', logId: uuidv7() });
    const after = await ask(engineerId);
    expect(after.fits.map((f) => f.ticketId)).not.toContain(gone);
    expect(after.reachable).toBe(first!.reachable - 1);
  });
});

describe('the travel settings on a desk without a server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pult-map-settings-'));
  // The demo desk works as a dispatcher; the settings are an admin's, so this desk signs in as the demo's admin.
  let ws: Workstation;
  let asDispatcher: Workstation;
  beforeAll(async () => {
    const dataFile = join(dir, 'demo.sqlite');
    await fillDemoIfEmpty(dataFile, { tickets: 600, seed: 7, now: DEMO_NOW });
    const db = new Database(dataFile, { readonly: true });
    const admin = db.prepare(`SELECT id FROM employees WHERE roles LIKE '%"admin"%' AND active = 1 LIMIT 1`).get() as {
      id: string;
    };
    db.close();
    ws = openWorkstation({ dataFile, userId: admin.id, map: { tileUrl: null, updatesPerSecond: 400 } });
    asDispatcher = openWorkstation({ dataFile, map: { tileUrl: null, updatesPerSecond: 50 } });
  });
  afterAll(() => {
    ws.close();
    asDispatcher.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const on = (desk: Workstation) => async (method: string, input: unknown) =>
    (desk.handlers as Record<string, (i: unknown) => unknown>)[method]!(input);
  const call = async (method: string, input: unknown) => on(ws)(method, input);

  /** The nearest engineers' minutes against the straight line between the same positions, read in one turn. */
  async function nearestAgainstLine() {
    const { vehicles } = (await call('map:objects', { filter: {} })) as { vehicles: { id: string }[] };
    const positions = (await call('map:positions', {})) as {
      positions: { objectId: string; lat: number; lon: number }[];
    };
    const at = new Map(positions.positions.map((p) => [p.objectId, p]));
    const vehicle = vehicles.find((v) => at.has(v.id))!;
    const [nearest] = (await call('map:nearest', { vehicleId: vehicle.id, limit: 1 })) as {
      engineerId: string;
      travelMinutes: number;
    }[];
    const again = (await call('map:positions', {})) as typeof positions;
    const now = new Map(again.positions.map((p) => [p.objectId, p]));
    return {
      minutes: nearest!.travelMinutes,
      km: haversineKm(now.get(vehicle.id)!, now.get(nearest!.engineerId)!),
    };
  }

  it('a saved speed and road factor are what the map shows and what its travel times use, at once', async () => {
    expect(await call('map:settings', {})).toMatchObject({ roadFactor: 1.3, averageSpeedKmh: 50 });
    await call('planning-settings:save', { averageSpeedKmh: 90, roadFactorPercent: 200 });
    expect(await call('map:settings', {})).toMatchObject({ roadFactor: 2, averageSpeedKmh: 90 });
    const { minutes, km } = await nearestAgainstLine();
    expect(km).toBeGreaterThan(0);
    expect(minutes).toBeCloseTo(((km * 2) / 90) * 60, 6);
  });

  it('a speed or factor out of range is refused by name and changes nothing', async () => {
    await call('planning-settings:save', { averageSpeedKmh: 70, roadFactorPercent: 150 });
    await expect(call('planning-settings:save', { averageSpeedKmh: 201, roadFactorPercent: 150 })).rejects.toThrow(
      /average speed/,
    );
    await expect(call('planning-settings:save', { averageSpeedKmh: 70, roadFactorPercent: 301 })).rejects.toThrow(
      /road factor/,
    );
    expect(await call('map:settings', {})).toMatchObject({ roadFactor: 1.5, averageSpeedKmh: 70 });
  });

  it("a dispatcher's desk is refused the travel settings, and they stay as the admin left them", async () => {
    await call('planning-settings:save', { averageSpeedKmh: 80, roadFactorPercent: 140 });
    await expect(
      on(asDispatcher)('planning-settings:save', { averageSpeedKmh: 40, roadFactorPercent: 110 }),
    ).rejects.toThrow(/may not run planning-settings:save/);
    expect(await on(asDispatcher)('map:settings', {})).toMatchObject({ roadFactor: 1.4, averageSpeedKmh: 80 });
  });
});
