/**
 * The window's colours, in one place for both ways the window is drawn: the MUI theme (dialogs, menus, the
 * drawer, the panes that load later) and the static stylesheet of the frame and the grid, which is drawn
 * without MUI so that the first rows do not wait for it. The stylesheet reads them as CSS variables
 * (`--pult-<name>`), set on the document once at start.
 */
export const PALETTE = {
  primary: '#1976d2',
  primaryDark: '#1565c0',
  error: '#d32f2f',
  errorDark: '#c62828',
  warning: '#ed6c02',
  warningDark: '#e65100',
  /** Orange text that still reads (WCAG AA, 4.5:1) on the grid's background and on a selected row. */
  warningText: '#bf360c',
  success: '#2e7d32',
  info: '#0288d1',
  textPrimary: 'rgba(0, 0, 0, 0.87)',
  textSecondary: 'rgba(0, 0, 0, 0.6)',
  textDisabled: 'rgba(0, 0, 0, 0.38)',
  divider: 'rgba(0, 0, 0, 0.12)',
  background: '#f6f7f9',
  paper: '#fff',
  hover: 'rgba(0, 0, 0, 0.04)',
  selected: 'rgba(0, 0, 0, 0.08)',
  grey100: '#f5f5f5',
  grey300: '#e0e0e0',
  /** A status whose colour is unknown (a code the model does not list). */
  neutral: '#757575',
} as const;

export type PaletteName = keyof typeof PALETTE;

export const FONT_FAMILY = '"Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif';

/** `textSecondary` → `--pult-text-secondary`. */
export function cssVariable(name: PaletteName): string {
  return `--pult-${name.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)}`;
}

/** Sets every colour as a CSS variable on `root` (through the CSSOM, which the CSP allows, unlike inline styles). */
export function applyPalette(root: Readonly<{ style: Pick<CSSStyleDeclaration, 'setProperty'> }>): void {
  for (const name of Object.keys(PALETTE) as PaletteName[]) root.style.setProperty(cssVariable(name), PALETTE[name]);
  root.style.setProperty('--pult-font', FONT_FAMILY);
}

const LIGHT_TEXT = '#fff';
const DARK_TEXT = PALETTE.textPrimary;
/** MUI's default: light text wins from a 3:1 contrast ratio on. */
const CONTRAST_THRESHOLD = 3;

/** [r, g, b] in 0…255 from `#rgb`, `#rrggbb`, `rgb()` or `rgba()`; null for anything else. */
export function parseColor(color: string): readonly [number, number, number] | null {
  const c = color.trim().toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(c);
  if (short) return [1, 2, 3].map((i) => parseInt(short[i]! + short[i]!, 16)) as [number, number, number];
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(c);
  if (long) return [1, 2, 3].map((i) => parseInt(long[i]!, 16)) as [number, number, number];
  const fn = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*[\d.]+\s*)?\)$/.exec(c);
  if (fn) return [1, 2, 3].map((i) => Math.min(255, Number(fn[i]))) as [number, number, number];
  return null;
}

function luminance([r, g, b]: readonly [number, number, number]): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

const contrastCache = new Map<string, string>();

/**
 * The text colour readable on `background` (a status colour an admin picked), chosen as MUI's theme does, so a
 * chip in the grid and the same status in the drawer read alike. Cached: every row of the grid asks.
 */
export function contrastText(background: string): string {
  let text = contrastCache.get(background);
  if (text === undefined) {
    const rgb = parseColor(background);
    // An unreadable colour string: dark text, as on the light grey the chip then falls back to.
    const ratio = rgb === null ? 0 : 1.05 / (luminance(rgb) + 0.05);
    text = ratio >= CONTRAST_THRESHOLD ? LIGHT_TEXT : DARK_TEXT;
    contrastCache.set(background, text);
  }
  return text;
}

/** WCAG AA for normal text: what the chips' 12 px text must reach. */
const AA_TEXT = 4.5;

function contrast(a: readonly [number, number, number], b: readonly [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const hex = (rgb: readonly number[]) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/** `rgba(0, 0, 0, 0.87)` (the dark text) as it looks over `background`. */
const darkTextOver = (background: readonly [number, number, number]) =>
  background.map((v) => v * 0.13) as unknown as readonly [number, number, number];

export type ChipColours = Readonly<{ background: string; color: string }>;

const chipCache = new Map<string, ChipColours>();

/**
 * A status chip's colours, readable at WCAG AA whatever colour an admin picked: the text is chosen as MUI would
 * ({@link contrastText}), and when that text falls short of 4.5:1 the background is darkened (white text) or
 * lightened (dark text) in small steps of the same hue until it reaches it. `#0288d1` with white text (3.9:1)
 * becomes a slightly deeper blue, rather than a blue chip with black text.
 */
export function readableChip(background: string): ChipColours {
  let chip = chipCache.get(background);
  if (chip === undefined) {
    const rgb = parseColor(background);
    const text = contrastText(background);
    if (rgb === null) chip = { background, color: text };
    else {
      let shade: readonly [number, number, number] = rgb;
      const white = [255, 255, 255] as const;
      for (let step = 0; step < 40; step++) {
        const ratio = text === LIGHT_TEXT ? contrast(shade, white) : contrast(shade, darkTextOver(shade));
        if (ratio >= AA_TEXT) break;
        shade = (text === LIGHT_TEXT
          ? shade.map((v) => v * 0.95)
          : shade.map((v) => v + (255 - v) * 0.1)) as unknown as readonly [number, number, number];
      }
      chip = { background: shade === rgb ? background : hex(shade), color: text };
    }
    chipCache.set(background, chip);
  }
  return chip;
}

/** The WCAG contrast ratio of a chip's text on its background (for tests and checks). */
export function chipContrast(chip: ChipColours): number {
  const bg = parseColor(chip.background);
  if (bg === null) return 0;
  return chip.color === LIGHT_TEXT ? contrast(bg, [255, 255, 255]) : contrast(bg, darkTextOver(bg));
}
