import { z } from 'zod';
import { query, empty } from '../contract-method.js';
import { Id, str } from '../schema/text.js';
import { ROLES } from './tables.js';

export const EmployeeDto = z.object({
  id: Id,
  name: str(),
  roles: z.array(z.enum(ROLES)),
  color: str(),
  active: z.boolean(),
});

export const STAFF_CONTRACT = {
  'employees:list': query(empty, z.array(EmployeeDto), ['employees']),
} as const;
