import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { UserMenu } from '../session/UserMenu';
import { LanguageSwitch } from './LanguageSwitch';

/** The window's top bar: app name, the pane's own controls (children), the user (and sign-out) and the language. */
export function TopBar({ userName, children }: Readonly<{ userName: string | null; children?: ReactNode }>) {
  const { t } = useTranslation();
  return (
    <AppBar
      position="static"
      color="inherit"
      elevation={0}
      sx={{ borderBottom: 1, borderColor: 'divider', bgcolor: 'background.paper' }}
    >
      <Toolbar variant="dense" sx={{ gap: 1.5, minHeight: 52 }}>
        <Typography
          component="h1"
          variant="h6"
          sx={{ fontWeight: 700, letterSpacing: 0.5, color: 'primary.main', flexShrink: 0 }}
        >
          {t('app.name')}
        </Typography>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flex: 1, minWidth: 0 }}>{children}</Box>
        <UserMenu userName={userName} />
        <LanguageSwitch />
      </Toolbar>
    </AppBar>
  );
}
