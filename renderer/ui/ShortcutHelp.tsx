import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import { useTranslation } from 'react-i18next';

type ShortcutKey = 'search' | 'move' | 'open' | 'newTicket' | 'close' | 'help';

const SHORTCUTS: ReadonlyArray<readonly [readonly string[], ShortcutKey]> = [
  [['/'], 'search'],
  [['↑', '↓'], 'move'],
  [['Enter'], 'open'],
  [['N'], 'newTicket'],
  [['Esc'], 'close'],
  [['?'], 'help'],
];

export function ShortcutHelp({ open, onClose }: Readonly<{ open: boolean; onClose: () => void }>) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="shortcut-help-title" data-testid="shortcut-help">
      <DialogTitle id="shortcut-help-title">{t('shortcuts.title')}</DialogTitle>
      <DialogContent>
        <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 3, rowGap: 1.25, m: 0 }}>
          {SHORTCUTS.map(([keys, what]) => (
            <Box key={what} sx={{ display: 'contents' }}>
              <Box component="dt" sx={{ display: 'flex', gap: 0.5 }}>
                {keys.map((k) => (
                  <Box
                    component="kbd"
                    key={k}
                    sx={{
                      px: 0.75,
                      minWidth: 22,
                      textAlign: 'center',
                      border: 1,
                      borderColor: 'divider',
                      borderBottomWidth: 2,
                      borderRadius: 1,
                      fontFamily: 'monospace',
                      fontSize: 13,
                      bgcolor: 'grey.50',
                    }}
                  >
                    {k}
                  </Box>
                ))}
              </Box>
              <Box component="dd" sx={{ m: 0 }}>
                {t(`shortcuts.${what}`)}
              </Box>
            </Box>
          ))}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} autoFocus>
          {t('shortcuts.ok')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
