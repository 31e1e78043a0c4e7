import Tooltip from '@mui/material/Tooltip';
import type { ReactElement, ReactNode } from 'react';

/**
 * The debt badge's tooltip. Opened and closed by the badge (it knows its pointer and focus from before this
 * code loaded), so the first hover already shows it.
 */
export function DebtTooltip({
  title,
  open,
  children,
}: Readonly<{ title: ReactNode; open: boolean; children: ReactElement }>) {
  return (
    <Tooltip
      title={title}
      open={open}
      arrow
      describeChild
      disableHoverListener
      disableFocusListener
      disableTouchListener
    >
      {children}
    </Tooltip>
  );
}
