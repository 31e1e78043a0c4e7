import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PultEvent } from '../../core/contract.js';
import { fillDemoIfEmpty } from '../../tools/demo/fill.js';
import { openWorkstation, type Workstation } from '../workstation.js';

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
    await fillDemoIfEmpty(dataFile, { tickets: 1500, seed: 5 });
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
    expect(all.vehicles.length).toBeGreaterThan(5);
    expect(new Set(all.vehicles.map((v) => v.id)).size).toBe(all.vehicles.length);
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
});
