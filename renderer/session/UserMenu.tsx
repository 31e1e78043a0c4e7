import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../ui/error-message';
import { useToast } from '../ui/toast';
import { useSession } from './session-context';

const nameSx = { color: 'text.secondary', whiteSpace: 'nowrap', flexShrink: 0 } as const;

/**
 * The user's name in the top bar. On a desk that syncs it opens a menu with "Выйти"; a standalone desk has
 * no session to end, so there the name is plain text. Memoised: it sits in the top bar, which renders with
 * every render of the pane below it.
 */
export const UserMenu = memo(function UserMenu({ userName }: Readonly<{ userName: string | null }>) {
  const { t } = useTranslation();
  const session = useSession();
  const toast = useToast();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [confirming, setConfirming] = useState(false);
  const status = session?.status ?? null;
  const name = userName ?? status?.userName ?? null;

  if (!session || !status || status.state === 'standalone') {
    return name === null ? null : (
      <Typography variant="body2" data-testid="current-user" title={t('app.user')} sx={nameSx}>
        {name}
      </Typography>
    );
  }

  const signOut = async () => {
    setConfirming(false);
    const result = await session.signOut();
    if (!result.ok)
      toast({ severity: 'error', message: `${t('session.signOut.failed')}: ${errorText(t, result.error)}` });
  };

  return (
    <>
      <Button
        size="small"
        color="inherit"
        data-testid="current-user"
        aria-label={t('session.signOut.userMenu')}
        aria-haspopup="menu"
        aria-expanded={anchor !== null}
        onClick={(e) => setAnchor(e.currentTarget)}
        sx={{ ...nameSx, fontWeight: 500 }}
      >
        {name ?? status.login ?? t('app.user')}
        <span aria-hidden style={{ marginLeft: 4, fontSize: 10 }}>
          ▼
        </span>
      </Button>
      <Menu
        anchorEl={anchor}
        open={anchor !== null}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      >
        <MenuItem
          data-testid="sign-out"
          onClick={() => {
            setAnchor(null);
            // Pending changes survive a sign-out (they wait in the outbox), but the user should know they wait.
            if (status.pending > 0) setConfirming(true);
            else void signOut();
          }}
        >
          {t('session.signOut.menu')}
        </MenuItem>
      </Menu>
      <Dialog open={confirming} onClose={() => setConfirming(false)} data-testid="sign-out-confirm">
        <DialogTitle>{t('session.signOut.confirmTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('session.signOut.confirmPending', { count: status.pending })}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>{t('session.signOut.cancel')}</Button>
          <Button variant="contained" color="warning" onClick={() => void signOut()} data-testid="sign-out-confirm-ok">
            {t('session.signOut.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
});
