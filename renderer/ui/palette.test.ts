import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getContrastRatio } from '@mui/material/styles';
import { describe, expect, it } from 'vitest';
import {
  applyPalette,
  chipContrast,
  contrastText,
  cssVariable,
  FONT_FAMILY,
  PALETTE,
  parseColor,
  readableChip,
} from './palette';
import { createAppTheme } from './theme';

const css = readFileSync(join(import.meta.dirname, 'frame.css'), 'utf8');

describe('the palette shared by the MUI theme and the static stylesheet', () => {
  it('is what the MUI theme draws with, in both languages', () => {
    for (const lang of ['ru', 'en'] as const) {
      const { palette, typography } = createAppTheme(lang);
      expect(palette.primary.main).toBe(PALETTE.primary);
      expect(palette.error.main).toBe(PALETTE.error);
      expect(palette.warning.dark).toBe(PALETTE.warningDark);
      expect(palette.success.main).toBe(PALETTE.success);
      expect(palette.info.main).toBe(PALETTE.info);
      expect(palette.text.primary).toBe(PALETTE.textPrimary);
      expect(palette.text.secondary).toBe(PALETTE.textSecondary);
      expect(palette.divider).toBe(PALETTE.divider);
      expect(palette.background.default).toBe(PALETTE.background);
      expect(palette.background.paper).toBe(PALETTE.paper);
      expect(palette.action.hover).toBe(PALETTE.hover);
      expect(palette.action.selected).toBe(PALETTE.selected);
      expect(palette.grey[100]).toBe(PALETTE.grey100);
      expect(typography.fontFamily).toBe(FONT_FAMILY);
    }
  });

  it('defines every --pult-* variable the stylesheet reads (a typo would silently draw nothing)', () => {
    const set = new Map<string, string>();
    applyPalette({ style: { setProperty: (name: string, value: string | null) => void set.set(name, value ?? '') } });
    // The grid's column template is set on the grid itself, from columns.ts.
    const defined = new Set([...set.keys(), '--pult-grid-columns']);
    const used = new Set([...css.matchAll(/var\((--pult-[a-z0-9-]+)\)/g)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !defined.has(name))).toEqual([]);
    expect(set.get(cssVariable('textSecondary'))).toBe(PALETTE.textSecondary);
    expect(cssVariable('warningDark')).toBe('--pult-warning-dark');
    expect(cssVariable('grey100')).toBe('--pult-grey100');
  });
});

describe('contrastText', () => {
  it('picks the text colour MUI would for every status colour (white from a 3:1 contrast on)', () => {
    const theme = createAppTheme('ru');
    const colours = [
      '#1976d2',
      '#ff9800',
      '#ffeb3b',
      '#9e9e9e',
      '#2e7d32',
      '#f44336',
      '#757575',
      '#000',
      '#fff',
      '#00bcd4',
    ];
    for (const colour of colours) expect(contrastText(colour), colour).toBe(theme.palette.getContrastText(colour));
    // The threshold is MUI's: white exactly when the contrast ratio with white reaches 3.
    for (const colour of colours) expect(contrastText(colour) === '#fff').toBe(getContrastRatio(colour, '#fff') >= 3);
  });

  it('reads #rgb, #rrggbb and rgb()/rgba(), and gives dark text on a colour it cannot read', () => {
    expect(parseColor('#abc')).toEqual([0xaa, 0xbb, 0xcc]);
    expect(parseColor('#1976D2')).toEqual([0x19, 0x76, 0xd2]);
    expect(parseColor('rgba(25, 118, 210, 0.5)')).toEqual([25, 118, 210]);
    expect(parseColor('red')).toBeNull();
    expect(contrastText('not a colour')).toBe(PALETTE.textPrimary);
  });
});

describe('readableChip', () => {
  const picked = ['#0288d1', '#1976d2', '#ff9800', '#ffeb3b', '#9e9e9e', '#2e7d32', '#f44336', '#757575', '#00bcd4'];

  it('gives every status colour an admin may pick text that reads at WCAG AA (4.5:1)', () => {
    for (const colour of picked) expect(chipContrast(readableChip(colour)), colour).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps the colour when it already reads, and its hue when it must change it', () => {
    expect(readableChip('#2e7d32')).toEqual({ background: '#2e7d32', color: '#fff' });
    const blue = readableChip('#0288d1');
    expect(blue.color).toBe('#fff');
    expect(blue.background).not.toBe('#0288d1');
    const [r, g, b] = parseColor(blue.background)!;
    // Darkened: every channel scaled alike, so the hue stays.
    expect(g / b).toBeCloseTo(0x88 / 0xd1, 1);
    expect(r).toBeLessThanOrEqual(0x02);
  });
});
