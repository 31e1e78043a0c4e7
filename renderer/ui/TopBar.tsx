import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Toolbar from '@mui/material/Toolbar';
import type { ReactNode } from 'react';
import { UserMenu } from '../session/UserMenu';
import { LanguageSwitch } from './LanguageSwitch';

/**
 * A pane's top bar: the pane's own controls (children), then the user (and sign-out) and the language. The
 * pane's controls wrap onto a second row when the window is too narrow for one: at 1024 px nothing may sit
 * on anything else or leave the screen.
 */
export function TopBar({ userName, children }: Readonly<{ userName: string | null; children?: ReactNode }>) {
  return (
    <AppBar
      position="static"
      color="inherit"
      elevation={0}
      sx={{ borderBottom: 1, borderColor: 'divider', bgcolor: 'background.paper' }}
    >
      <Toolbar variant="dense" disableGutters sx={{ gap: 1.5, minHeight: 52, px: 1.5 }}>
        <Box
          data-testid="pane-controls"
          sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', columnGap: 1.5, flex: 1, minWidth: 0 }}
        >
          {children}
        </Box>
        <UserMenu userName={userName} />
        <LanguageSwitch />
      </Toolbar>
    </AppBar>
  );
}
