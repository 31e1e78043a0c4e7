import { fillGap, GapTicketIndex, type GapTicket } from '../core/map/gap-filler.js';
import { SeededStream } from '../core/map/seeded.js';
import { PositionSimulator, type SimulatedObject } from '../core/map/simulator.js';
import { TOWNS } from '../core/map/towns.js';
import { StraightLineEstimator } from '../core/map/travel-time.js';
import { PRIORITIES } from '../core/tickets/values.js';
import { GAP_POSITIONS_KEPT_MS } from '../main/map/handlers.js';
import { percentile, report, round } from './stats.js';

/**
 * The map's core figures (`PULT_BENCH=map`):
 * - map.gap_p95: the gap filler over 100,000 open tickets whose vehicles stand where the simulator put them
 *   (clustered around Belarus/Russia towns, the hard case for a grid prefilter), 200 queries from random
 *   engineers' places with windows of 1 to 5 hours, over the index the desk keeps (GAP_POSITIONS_KEPT_MS, or
 *   until the replica changes); map.gap_rebuild: what building that index anew costs (positions looked up,
 *   then indexed), paid by the first answer after a change. The desk's SQL read of the open tickets is not in it.
 * - map.simulator_1k_updates: what 1,000 position updates from a 10,000-object simulator cost the process
 *   (the load the issue names: 1,000 updates a second), in milliseconds per 1,000.
 * The pane's own figures in Chromium (first paint, frames per second while panning) are bench/map-paint.ts,
 * run by the same part after these.
 */
export async function benchMap(): Promise<void> {
  const start = Date.UTC(2026, 11, 2, 6, 0);
  const objects: SimulatedObject[] = Array.from({ length: 100_000 }, (_, i) => ({
    objectId: `v${i}`,
    kind: 'vehicle',
  }));
  const placed = new PositionSimulator(9, objects, start).positionsAt(start + 3 * 3_600_000);
  const rng = new SeededStream(17);
  const tickets: GapTicket[] = placed.map((p, i) => ({
    ticketId: `t${i}`,
    objectId: p.objectId,
    lat: p.lat,
    lon: p.lon,
    priority: rng.pick(PRIORITIES),
    deadlineAt: rng.next() < 0.4 ? start + Math.round(rng.between(0, 72)) * 3_600_000 : null,
    durationMinutes: rng.pick([60, 90, 120, 180]),
  }));
  // As the desk answers (main/map/handlers.ts): it keeps the index for GAP_POSITIONS_KEPT_MS or until the replica
  // changes; building it anew (every vehicle's position looked up, then indexed) is timed on its own.
  const where = new Map(placed.map((p) => [p.objectId, p]));
  const rebuilds: number[] = [];
  let index: GapTicketIndex | null = null;
  for (let i = 0; i < 10; i += 1) {
    const t0 = performance.now();
    const located: GapTicket[] = [];
    for (const t of tickets) {
      const at = where.get(t.objectId);
      if (!at) continue;
      // One literal of one shape, as the desk builds it from its rows.
      located.push({
        ticketId: t.ticketId,
        objectId: t.objectId,
        lat: at.lat,
        lon: at.lon,
        priority: t.priority,
        deadlineAt: t.deadlineAt,
        durationMinutes: t.durationMinutes,
      });
    }
    index = new GapTicketIndex(located);
    rebuilds.push(performance.now() - t0);
  }
  const estimator = new StraightLineEstimator();
  const times: number[] = [];
  let reachable = 0;
  for (let i = 0; i < 200; i += 1) {
    const town = rng.pick(TOWNS);
    const from = { lat: town.lat + rng.between(-0.2, 0.2), lon: town.lon + rng.between(-0.3, 0.3) };
    const hours = rng.between(1, 5);
    const t0 = performance.now();
    const answer = fillGap(
      index!,
      { from, windowStart: start, windowEnd: start + hours * 3_600_000, now: start, limit: 50 },
      estimator,
    );
    times.push(performance.now() - t0);
    reachable += answer.reachable;
  }
  report({
    metric: 'map.gap_p95',
    value: round(percentile(times, 95)),
    unit: 'ms',
    target: '< 200',
    tickets: tickets.length,
    queries: times.length,
    median: round(percentile(times, 50)),
    meanReachable: Math.round(reachable / times.length),
    keptForMs: GAP_POSITIONS_KEPT_MS,
  });
  report({
    metric: 'map.gap_rebuild.p95',
    value: round(percentile(rebuilds, 95)),
    unit: 'ms',
    target: 'the first answer after a change or 10 s adds it',
    median: round(percentile(rebuilds, 50)),
    tickets: tickets.length,
  });

  const fleet = new PositionSimulator(3, objects.slice(0, 10_000), start);
  fleet.positionsAt(start);
  const rounds: number[] = [];
  for (let s = 1; s <= 60; s += 1) {
    const t0 = performance.now();
    fleet.nextUpdates(start + s * 1000, 1000);
    rounds.push(performance.now() - t0);
  }
  report({
    metric: 'map.simulator_1k_updates',
    value: round(percentile(rounds, 95)),
    unit: 'ms per 1,000 updates (p95)',
    target: '≪ 1000 (1,000 updates a second)',
    objects: 10_000,
  });
}
