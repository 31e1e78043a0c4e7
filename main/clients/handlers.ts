import type { DeskContext, DeskHandlers } from '../desk-context.js';
import { createDirectoryQueries } from './directory-queries.js';

export function clientHandlers(desk: DeskContext) {
  const directory = createDirectoryQueries(desk.db, desk.regions);
  return {
    'clients:search': ({ text, limit }) => desk.details.searchClients(text, limit),
    'client:get': ({ id }) => desk.details.client(id),
    'client:contacts': ({ clientId }) => desk.details.contacts(clientId),
    'client:vehicles': ({ clientId }) => desk.details.vehicles(clientId),
    'directory:clients': ({ text, includeInactive, limit }) => directory.clients(text, includeInactive, limit),
    'directory:client': ({ id }) => directory.client(id),
    'directory:vehicle': ({ id }) => directory.vehicle(id),
    'directory:duplicates': (input) => directory.duplicates(input),
  } satisfies DeskHandlers<
    | 'clients:search'
    | 'client:get'
    | 'client:contacts'
    | 'client:vehicles'
    | 'directory:clients'
    | 'directory:client'
    | 'directory:vehicle'
    | 'directory:duplicates'
  >;
}
