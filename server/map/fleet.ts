import type { ServerDatabase } from '../db/connect.js';
import type { SimulatedObject } from '../../core/map/simulator.js';

/**
 * What the server's simulator drives: the company's active vehicles (by id) and its engineers' cars (by the
 * engineer's id). Read once at start: a demo does not need a vehicle added later to move.
 */
export async function simulatedFleet(database: ServerDatabase): Promise<readonly SimulatedObject[]> {
  const vehicles = await database.db.selectFrom('vehicles').select(['id', 'active']).execute();
  const employees = await database.db.selectFrom('employees').select(['id', 'roles', 'active']).execute();
  const isTrue = (v: unknown) => v === 1 || v === true;
  const engineers = employees.filter((e) => {
    if (!isTrue(e.active)) return false;
    try {
      const roles: unknown = JSON.parse(String(e.roles));
      return Array.isArray(roles) && roles.includes('engineer');
    } catch {
      return false;
    }
  });
  return [
    ...vehicles.filter((v) => isTrue(v.active)).map((v) => ({ objectId: v.id, kind: 'vehicle' as const })),
    ...engineers.map((e) => ({ objectId: e.id, kind: 'engineer' as const })),
  ];
}
