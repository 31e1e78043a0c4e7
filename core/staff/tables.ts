import { z } from 'zod';
import { Id, name, str, text } from '../schema/text.js';

export const ROLES = ['admin', 'dispatcher', 'first_line', 'planner', 'accountant', 'engineer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const EmployeeRow = z.object({
  id: Id,
  name,
  roles: z.array(Role).max(ROLES.length),
  sipExtension: text(32).nullable(),
  color: str().regex(/^#[0-9a-f]{6}$/i),
  active: z.boolean(),
});

export const STAFF_TABLES = { employees: EmployeeRow } as const;
