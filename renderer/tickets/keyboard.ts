/**
 * Which grid shortcut a key press is, if any. Physical key codes back up the characters, so the shortcuts
 * work in the Russian layout too (there the N key types "т" and the / key types ".").
 */
export type Shortcut = 'search' | 'help' | 'new' | 'up' | 'down' | 'open' | 'close';

export type KeyPress = Readonly<{
  key: string;
  code: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}>;

export function shortcutOf(e: KeyPress): Shortcut | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === 'Escape') return 'close';
  if (e.key === '?' || (e.code === 'Slash' && e.shiftKey)) return 'help';
  if (e.key === '/' || e.code === 'Slash') return 'search';
  if (e.key === 'ArrowDown') return 'down';
  if (e.key === 'ArrowUp') return 'up';
  if (e.key === 'Enter') return 'open';
  if (e.code === 'KeyN' || e.key === 'n' || e.key === 'N' || e.key === 'т' || e.key === 'Т') return 'new';
  return null;
}

/** Shortcuts never steal keys from a field the user is typing in, or from a focused list or menu. */
export const TYPING_SELECTOR =
  'input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="combobox"], [role="listbox"], [role="menu"], [role="option"]';

/** Enter on a button or a link is that control's own action, not "open the selected ticket". */
export const ACTIVATABLE_SELECTOR = 'button, a[href], [role="button"], [role="tab"], [role="checkbox"]';

/**
 * An open modal dialog owns the keyboard. MUI moves focus to the dialog's container, which sits outside the
 * `role="dialog"` paper, hence both.
 */
export const MODAL_SELECTOR = '[role="dialog"], .MuiModal-root';
