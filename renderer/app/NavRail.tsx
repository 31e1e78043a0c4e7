import Box from '@mui/material/Box';
import ButtonBase from '@mui/material/ButtonBase';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaneEntry } from './pane-registry';
import type { PaneId } from './routes';

export const RAIL_WIDTH = 76;

/**
 * The window's navigation: a narrow rail on the left, one item per pane the user sees, an icon with its name
 * under it (a tooltip adds the shortcut). A rail rather than tabs in the top bar: the top bar belongs to the
 * pane's own controls, which need its width at 1024 px. Items are links to the pane's address, so a click is
 * an ordinary history entry and Back returns.
 */
export const NavRail = memo(function NavRail({
  panes,
  active,
}: Readonly<{ panes: readonly PaneEntry[]; active: PaneId }>) {
  const { t } = useTranslation();
  return (
    <Box
      component="nav"
      aria-label={t('nav.label')}
      data-testid="nav"
      sx={{
        width: RAIL_WIDTH,
        flexShrink: 0,
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'stretch',
        borderRight: 1,
        borderColor: 'divider',
        bgcolor: 'background.paper',
        overflowY: 'auto',
      }}
    >
      <Typography
        component="h1"
        data-testid="app-name"
        sx={{
          height: 52,
          flexShrink: 0,
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
          fontWeight: 700,
          fontSize: 16,
          letterSpacing: 0.5,
          color: 'primary.main',
          borderBottom: 1,
          borderColor: 'divider',
        }}
      >
        {t('app.name')}
      </Typography>
      <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0, pt: 0.5 }}>
        {panes.map((pane) => {
          const current = pane.id === active;
          const title = t(pane.titleKey);
          const Icon = pane.icon;
          return (
            <li key={pane.id}>
              <Tooltip title={t('nav.tooltip', { title, shortcut: pane.shortcut })} placement="right">
                <ButtonBase
                  component="a"
                  href={pane.path}
                  data-testid={`nav-${pane.id}`}
                  aria-current={current ? 'page' : undefined}
                  aria-keyshortcuts={pane.shortcut}
                  // Warm the pane's code on intent: by the time the click lands it is usually in.
                  onPointerEnter={() => void pane.load().catch(() => undefined)}
                  onFocus={() => void pane.load().catch(() => undefined)}
                  sx={{
                    width: '100%',
                    py: 0.75,
                    display: 'flex',
                    flexDirection: 'column',
                    gap: 0.25,
                    color: current ? 'primary.main' : 'text.secondary',
                    borderLeft: 3,
                    borderColor: current ? 'primary.main' : 'transparent',
                    bgcolor: current ? 'action.selected' : 'transparent',
                    '&:hover': { bgcolor: 'action.hover' },
                    '&.Mui-focusVisible': { outline: 2, outlineColor: 'primary.main', outlineOffset: -2 },
                  }}
                >
                  <Icon fontSize="small" />
                  <Box
                    component="span"
                    sx={{ fontSize: 11, fontWeight: current ? 700 : 500, lineHeight: 1.2, textAlign: 'center' }}
                  >
                    {title}
                  </Box>
                </ButtonBase>
              </Tooltip>
            </li>
          );
        })}
      </Box>
    </Box>
  );
});
