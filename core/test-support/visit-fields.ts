import type { RowOf } from '../entities.js';

/** The fields a visit gained with the planner, as a row written before it (or by a test that ignores them) has them. */
export const PLANNER_VISIT_FIELDS: Omit<
  RowOf<'visits'>,
  'id' | 'ticketId' | 'engineerId' | 'startAt' | 'endAt' | 'state' | 'place'
> = {
  workTypeId: null,
  placeLatE6: null,
  placeLonE6: null,
  confirmedAt: null,
  confirmedBy: null,
  revision: 0,
  updatedAt: 0,
  updatedBy: null,
};
