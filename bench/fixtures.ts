import { v7 as uuidv7 } from 'uuid';
import type { RowOf } from '../core/entities.js';

/** A company client the benches hang their fleets and tickets on: active, in roubles, nothing else known. */
export function benchClient(name: string): RowOf<'clients'> {
  return {
    id: uuidv7(),
    name,
    taxId: null,
    category: null,
    address: null,
    notes: null,
    currency: 'BYN',
    createdAt: 0,
    active: true,
    mergedInto: null,
  };
}
