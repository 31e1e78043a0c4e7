import { createContext, useContext, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { UserMenu } from '../session/UserMenu';
import { LanguageSwitch } from './LanguageSwitch';

/** Where the active pane puts its controls: a place in the window's one top bar. */
const PaneControlsSlot = createContext<HTMLElement | null>(null);
export const PaneControlsProvider = PaneControlsSlot.Provider;

/**
 * The window's top bar: the active pane's own controls (see PaneControls), then the user (and sign-out) and
 * the language, once for the whole window. The pane's controls wrap onto a second row when the window is too
 * narrow for one: at 1024 px nothing may sit on anything else or leave the screen. Plain elements
 * (frame.css): the bar is part of the first screen, drawn before MUI loads.
 */
export function TopBar({
  userName,
  slotRef,
  phone,
}: Readonly<{ userName: string | null; slotRef: (element: HTMLElement | null) => void; phone?: ReactNode }>) {
  return (
    <header className="p-topbar">
      <div ref={slotRef} data-testid="pane-controls" className="p-pane-controls" />
      <div className="p-topbar-end">
        {/* The phone stays in the bar whatever pane is showing: a call must be seen and answered anywhere. */}
        {phone}
        <UserMenu userName={userName} />
        <LanguageSwitch />
      </div>
    </header>
  );
}

/**
 * A pane's controls, shown in the top bar while the pane is active. Panes stay mounted when hidden; their
 * controls leave the bar with them, so the bar never holds two panes' buttons.
 */
export function PaneControls({ active, children }: Readonly<{ active: boolean; children: ReactNode }>) {
  const slot = useContext(PaneControlsSlot);
  return active && slot ? createPortal(children, slot) : null;
}
