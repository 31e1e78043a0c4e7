import { describe, expect, it } from 'vitest';
import type { KeyPress } from '../tickets/keyboard';
import { DEFAULT_PANE, hashOf, PANE_IDS, paneOfHash, panesFor, paneShortcutOf } from './routes';

const key = (code: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key: '',
  code,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('routes', () => {
  it('every pane round-trips through its address', () => {
    for (const pane of PANE_IDS) expect(paneOfHash(hashOf(pane))).toBe(pane);
  });

  it("never read the browser host's token, an empty address or an unknown pane as a route", () => {
    expect(paneOfHash('#token=abc123')).toBeNull();
    expect(paneOfHash('#/tickets&token=abc')).toBeNull();
    expect(paneOfHash('')).toBeNull();
    expect(paneOfHash('#')).toBeNull();
    expect(paneOfHash('#/')).toBeNull();
    expect(paneOfHash('#/nope')).toBeNull();
    expect(paneOfHash('#/constructor')).toBeNull();
    expect(paneOfHash('#/TICKETS')).toBeNull();
    expect(paneOfHash('#/tickets/')).toBe('tickets');
  });
});

describe('who sees which pane', () => {
  it('a dispatcher and an admin see every pane, in navigation order', () => {
    expect(panesFor(['dispatcher'])).toEqual(PANE_IDS);
    expect(panesFor(['admin'])).toEqual(PANE_IDS);
  });

  it('an accountant sees tickets, debts and the directory, first line tickets, calls and the directory, a planner tickets, calendar, map and the directory; an engineer only tickets', () => {
    expect(panesFor(['accountant'])).toEqual(['tickets', 'debts', 'directory']);
    expect(panesFor(['first_line'])).toEqual(['tickets', 'calls', 'directory']);
    expect(panesFor(['planner'])).toEqual(['tickets', 'calendar', 'map', 'directory']);
    expect(panesFor(['first_line', 'accountant'])).toEqual(['tickets', 'calls', 'debts', 'directory']);
    expect(panesFor(['engineer'])).toEqual(['tickets']);
  });

  it('roles not known yet show every pane; no role at all still leaves the grid', () => {
    expect(panesFor(null)).toEqual(PANE_IDS);
    expect(panesFor([])).toEqual([DEFAULT_PANE]);
  });
});

describe('pane shortcuts', () => {
  it('Alt+1…Alt+6 name the panes by their place, by physical key (any layout, number pad too)', () => {
    PANE_IDS.forEach((_, i) => expect(paneShortcutOf(key(`Digit${i + 1}`, { altKey: true }))).toBe(i));
    expect(paneShortcutOf(key('Numpad2', { altKey: true }))).toBe(1);
  });

  it('leave plain digits, other modifiers and digits past the last pane alone', () => {
    expect(paneShortcutOf(key('Digit1'))).toBeNull();
    expect(paneShortcutOf(key('Digit1', { altKey: true, ctrlKey: true }))).toBeNull();
    expect(paneShortcutOf(key('Digit1', { altKey: true, metaKey: true }))).toBeNull();
    expect(paneShortcutOf(key('Digit1', { altKey: true, shiftKey: true }))).toBeNull();
    expect(paneShortcutOf(key('Digit1', { ctrlKey: true }))).toBeNull();
    expect(paneShortcutOf(key(`Digit${PANE_IDS.length + 1}`, { altKey: true }))).toBeNull();
    expect(paneShortcutOf(key('Digit0', { altKey: true }))).toBeNull();
    expect(paneShortcutOf(key('KeyA', { altKey: true }))).toBeNull();
  });
});
