import { describe, expect, it } from 'vitest';
import { shortcutOf, type KeyPress } from './keyboard';

const key = (k: string, code: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key: k,
  code,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('grid shortcuts', () => {
  it('work in the Latin layout', () => {
    expect(shortcutOf(key('/', 'Slash'))).toBe('search');
    expect(shortcutOf(key('?', 'Slash', { shiftKey: true }))).toBe('help');
    expect(shortcutOf(key('n', 'KeyN'))).toBe('new');
    expect(shortcutOf(key('N', 'KeyN', { shiftKey: true }))).toBe('new');
    expect(shortcutOf(key('ArrowDown', 'ArrowDown'))).toBe('down');
    expect(shortcutOf(key('ArrowUp', 'ArrowUp'))).toBe('up');
    expect(shortcutOf(key('Enter', 'Enter'))).toBe('open');
    expect(shortcutOf(key('Escape', 'Escape'))).toBe('close');
  });

  it('work in the Russian layout, where the same keys type other characters', () => {
    expect(shortcutOf(key('т', 'KeyN'))).toBe('new');
    expect(shortcutOf(key('.', 'Slash'))).toBe('search');
    expect(shortcutOf(key(',', 'Slash', { shiftKey: true }))).toBe('help');
  });

  it('leave browser and system combinations alone', () => {
    expect(shortcutOf(key('n', 'KeyN', { ctrlKey: true }))).toBeNull();
    expect(shortcutOf(key('/', 'Slash', { metaKey: true }))).toBeNull();
    expect(shortcutOf(key('x', 'KeyX'))).toBeNull();
  });
});
