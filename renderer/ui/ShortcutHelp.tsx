import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

export type ShortcutLine = Readonly<{ keys: readonly string[]; label: string }>;
export type ShortcutSection = Readonly<{ title: string; lines: readonly ShortcutLine[] }>;

const kbdSx = {
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
  whiteSpace: 'nowrap',
} as const;

/** The "?" dialog: what works everywhere, then what works in the pane on screen (and nowhere else). */
export function ShortcutHelp({
  open,
  onClose,
  sections,
}: Readonly<{ open: boolean; onClose: () => void; sections: readonly ShortcutSection[] }>) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="shortcut-help-title" data-testid="shortcut-help">
      <DialogTitle id="shortcut-help-title">{t('shortcuts.title')}</DialogTitle>
      <DialogContent>
        {sections.map((section) => (
          <Box component="section" key={section.title} sx={{ '& + &': { mt: 2 } }} data-testid="shortcut-section">
            <Typography component="h3" variant="subtitle2" sx={{ mb: 1, color: 'text.secondary' }}>
              {section.title}
            </Typography>
            <Box
              component="dl"
              sx={{ display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 3, rowGap: 1.25, m: 0 }}
            >
              {section.lines.map(({ keys, label }) => (
                <Box key={label} sx={{ display: 'contents' }}>
                  <Box component="dt" sx={{ display: 'flex', gap: 0.5 }}>
                    {keys.map((k) => (
                      <Box component="kbd" key={k} sx={kbdSx}>
                        {k}
                      </Box>
                    ))}
                  </Box>
                  <Box component="dd" sx={{ m: 0 }}>
                    {label}
                  </Box>
                </Box>
              ))}
            </Box>
          </Box>
        ))}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} autoFocus>
          {t('shortcuts.ok')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
