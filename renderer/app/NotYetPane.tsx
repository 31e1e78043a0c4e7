import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { PaneControls } from '../ui/TopBar';
import { PANE_ICONS } from './nav-icons';
import type { PaneProps } from './pane-props';
import { hashOf, type PaneId } from './routes';

type NotYet = Exclude<PaneId, 'tickets'>;

/**
 * The page of a pane that is not built yet: its name, what it will do, and where the work is done today. An
 * honest page rather than a mock-up: nothing here pretends to show data.
 */
export function NotYetPane({ pane, active }: PaneProps & Readonly<{ pane: NotYet }>) {
  const { t } = useTranslation();
  const Icon = PANE_ICONS[pane];
  const titleKey = `nav.${pane}` as const;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }} data-testid={`pane-${pane}`}>
      <PaneControls active={active}>
        <Typography component="h2" variant="h6" sx={{ fontSize: 18, fontWeight: 600, lineHeight: '52px' }}>
          {t(titleKey)}
        </Typography>
      </PaneControls>
      <Box
        component="main"
        sx={{ flex: 1, display: 'flex', alignItems: 'center', justifyContent: 'center', p: 3, overflow: 'auto' }}
      >
        <Box sx={{ maxWidth: 520, textAlign: 'center' }} data-testid="not-yet">
          <Box sx={{ display: 'flex', justifyContent: 'center', color: 'text.disabled' }}>
            <Icon className="p-icon p-icon-large" />
          </Box>
          <Typography component="p" variant="h6" sx={{ mt: 1, fontWeight: 600 }}>
            {t('panes.notYet')}
          </Typography>
          <Typography component="p" sx={{ mt: 1.5, color: 'text.secondary' }} data-testid="not-yet-purpose">
            {t(`panes.${pane}`)}
          </Typography>
          <Typography component="p" variant="body2" sx={{ mt: 2, color: 'text.secondary' }}>
            {t('panes.notYetHint')}
          </Typography>
          <Button variant="outlined" sx={{ mt: 2 }} href={hashOf('tickets')}>
            {t('panes.openTickets')}
          </Button>
        </Box>
      </Box>
    </Box>
  );
}
