import { describe, expect, test } from 'vitest';
import { createMailbox, createPaneLinks } from './pane-links';
import type { PaneId } from './routes';

describe('pane links', () => {
  test('"show on the map" leaves the request for the map and switches to it, once', () => {
    const went: PaneId[] = [];
    const links = createPaneLinks(['tickets', 'map'], (pane) => went.push(pane));
    const request = { ticketId: 't1', vehicleId: 'v1' };
    links.showOnMap(request);
    expect(went).toEqual(['map']);
    expect(links.mapFocus.peek()).toBe(request);
    links.mapFocus.take(request);
    expect(links.mapFocus.peek()).toBeNull();
  });

  test('a user without the map pane is never sent to it and leaves nothing waiting', () => {
    const went: PaneId[] = [];
    const links = createPaneLinks(['tickets'], (pane) => went.push(pane));
    expect(links.sees('map')).toBe(false);
    links.showOnMap({ ticketId: 't1', vehicleId: 'v1' });
    expect(went).toEqual([]);
    expect(links.mapFocus.peek()).toBeNull();
  });

  test('"visit cancelled" leaves the engineer and window for the gap filler and switches to the map', () => {
    const went: PaneId[] = [];
    const links = createPaneLinks(['calendar', 'map'], (pane) => went.push(pane));
    links.fillGap({ engineerId: 'e1', windowStart: 1000, windowEnd: 2000 });
    expect(went).toEqual(['map']);
    expect(links.gapFill.peek()).toEqual({ engineerId: 'e1', windowStart: 1000, windowEnd: 2000 });
    const without = createPaneLinks(['calendar'], (pane) => went.push(pane));
    without.fillGap({ engineerId: 'e1', windowStart: 1000, windowEnd: 2000 });
    expect(went).toEqual(['map']);
    expect(without.gapFill.peek()).toBeNull();
  });

  test('selecting in the grid waits for the grid and does not change the pane', () => {
    const went: PaneId[] = [];
    const links = createPaneLinks(['tickets', 'map'], (pane) => went.push(pane));
    links.selectInGrid({ ticketId: 't7' });
    expect(went).toEqual([]);
    expect(links.gridSelect.peek()).toEqual({ ticketId: 't7' });
  });

  test('taking an older request leaves a newer one waiting, and listeners hear every post and take', () => {
    const box = createMailbox<{ n: number }>();
    let heard = 0;
    const off = box.subscribe(() => (heard += 1));
    const first = { n: 1 };
    const second = { n: 2 };
    box.post(first);
    box.post(second);
    box.take(first);
    expect(box.peek()).toBe(second);
    box.take(second);
    expect(box.peek()).toBeNull();
    expect(heard).toBe(3);
    off();
    box.post(first);
    expect(heard).toBe(3);
  });
});
