import type { DeskContext, DeskHandlers } from '../desk-context.js';

export function clientHandlers(desk: DeskContext) {
  return {
    'clients:search': ({ text, limit }) => desk.details.searchClients(text, limit),
    'client:get': ({ id }) => desk.details.client(id),
    'client:contacts': ({ clientId }) => desk.details.contacts(clientId),
    'client:vehicles': ({ clientId }) => desk.details.vehicles(clientId),
  } satisfies DeskHandlers<'clients:search' | 'client:get' | 'client:contacts' | 'client:vehicles'>;
}
