import type { DeskContext, DeskHandlers } from '../desk-context.js';

/** The tickets pane's reads, and the one ticket mutation that answers more than `{ ok: true }`. */
export function ticketHandlers(desk: DeskContext) {
  return {
    'statuses:model': () => desk.details.statusModel(),
    'tickets:query': (input) => desk.grid.query(input),
    'ticket:get': ({ id }) => desk.details.ticket(id, desk.now()),
    'ticket:create': async (input) => {
      await desk.mutate('ticket:create', input);
      const created = desk.db.prepare('SELECT number FROM tickets WHERE id = ?').get(input.id) as { number: number };
      return { id: input.id, number: created.number, provisional: desk.provisional().has(input.id) };
    },
  } satisfies DeskHandlers<'statuses:model' | 'tickets:query' | 'ticket:get' | 'ticket:create'>;
}
