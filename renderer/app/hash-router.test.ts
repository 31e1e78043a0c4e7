import { describe, expect, it } from 'vitest';
import { createHashRouter } from './hash-router';

/** A window with an address and a history, enough for the router (the browser's own is tested end to end). */
function fakeWindow(hash: string) {
  const listeners = new Set<() => void>();
  const entries: string[] = [];
  const location = {
    pathname: '/index.html',
    search: '',
    _hash: hash,
    get hash() {
      return this._hash;
    },
    set hash(value: string) {
      this._hash = value.startsWith('#') ? value : `#${value}`;
      entries.push(this._hash);
      for (const l of listeners) l();
    },
  };
  const history = {
    state: null,
    replaceState(_state: unknown, _title: string, url: string) {
      location._hash = url.includes('#') ? url.slice(url.indexOf('#')) : '';
    },
  };
  return {
    win: {
      location,
      history,
      addEventListener: (_: 'hashchange', l: () => void) => listeners.add(l),
      removeEventListener: (_: 'hashchange', l: () => void) => listeners.delete(l),
    },
    entries,
    listeners,
    edit(value: string) {
      location._hash = value;
      for (const l of listeners) l();
    },
  };
}

describe('hash router', () => {
  it('an address without a route shows the default pane and, once replaced, names it', () => {
    const w = fakeWindow('');
    const router = createHashRouter(w.win);
    expect(router.current()).toBe('tickets');
    router.replace(router.current());
    expect(w.win.location.hash).toBe('#/tickets');
    expect(w.entries).toEqual([]);
  });

  it('go() makes one history entry per change, none for the pane already shown', () => {
    const w = fakeWindow('#/tickets');
    const router = createHashRouter(w.win);
    let heard = 0;
    const stop = router.subscribe(() => (heard += 1));
    router.go('tickets');
    router.go('map');
    router.go('map');
    router.go('debts');
    expect(w.entries).toEqual(['#/map', '#/debts']);
    expect(router.current()).toBe('debts');
    expect(heard).toBe(2);
    stop();
    expect(w.listeners.size).toBe(0);
  });

  it('an address edited to name no pane falls back to the default pane and says so', () => {
    const w = fakeWindow('#/map');
    const router = createHashRouter(w.win);
    const seen: string[] = [];
    router.subscribe(() => seen.push(router.current()));
    w.edit('#/nonsense');
    expect(router.current()).toBe('tickets');
    expect(w.win.location.hash).toBe('#/tickets');
    expect(seen).toEqual(['tickets']);
  });

  it('replace() tells subscribers (replaceState fires no event) and adds no history entry', () => {
    const w = fakeWindow('#/calendar');
    const router = createHashRouter(w.win);
    let heard = 0;
    router.subscribe(() => (heard += 1));
    router.replace('tickets');
    expect(w.win.location.hash).toBe('#/tickets');
    expect(heard).toBe(1);
    expect(w.entries).toEqual([]);
  });
});
