import { describe, expect, it } from 'vitest';
import { OPENING_GRID_PAGE } from '../../core/contract';
import { warmCallsFor } from './warm-calls';

describe('warmCallsFor', () => {
  it('the tickets window asks first for the very page the desk warms as it opens', () => {
    const grid = warmCallsFor('tickets').find((c) => c.method === 'tickets:query');
    // The desk's warm-up (main/workstation.ts) reads OPENING_GRID_PAGE: any other first page would find it cold.
    expect(grid?.input).toEqual(OPENING_GRID_PAGE);
  });
});
