import type { DeskContext, DeskHandlers } from '../desk-context.js';

export function staffHandlers(desk: DeskContext) {
  return {
    'employees:list': () => desk.details.employees(),
  } satisfies DeskHandlers<'employees:list'>;
}
