/** What the frame gives every pane. Panes stay mounted once opened (filters, scroll and drawer survive a visit
 * elsewhere); `active` says whether this one is on screen, and only then may it act on keys. */
export type PaneProps = Readonly<{
  active: boolean;
  /** Opens the shortcut help, which lists the frame's shortcuts and the active pane's. */
  onHelp: () => void;
}>;
