import type { DeskContext } from '../desk-context.js';
import type { DeskHandlers } from '../handlers.js';

export function staffHandlers(desk: DeskContext) {
  return {
    'employees:list': () => desk.details.employees(),
  } satisfies DeskHandlers<'employees:list'>;
}
