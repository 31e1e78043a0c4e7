import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../ui/error-message';
import { useToast } from '../ui/toast';
import type { Session } from './session-context';

type Props = Readonly<{
  session: Session;
  /** Pending changes at this desk: signing out with some asks first. */
  pending: number;
  anchor: HTMLElement | null;
  onClose: () => void;
}>;

/**
 * The user menu's popup and its confirmation: a chunk of its own (menus and dialogs are MUI's heaviest
 * parts), loaded the first time the user opens the menu, not before the window's first rows.
 */
export function SignOutMenu({ session, pending, anchor, onClose }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);

  const signOut = async () => {
    setConfirming(false);
    const result = await session.signOut();
    if (!result.ok)
      toast({ severity: 'error', message: `${t('session.signOut.failed')}: ${errorText(t, result.error)}` });
  };

  return (
    <>
      <Menu
        anchorEl={anchor}
        open={anchor !== null}
        onClose={onClose}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      >
        <MenuItem
          data-testid="sign-out"
          onClick={() => {
            onClose();
            // Pending changes survive a sign-out (they wait in the outbox), but the user should know they wait.
            if (pending > 0) setConfirming(true);
            else void signOut();
          }}
        >
          {t('session.signOut.menu')}
        </MenuItem>
      </Menu>
      <Dialog open={confirming} onClose={() => setConfirming(false)} data-testid="sign-out-confirm">
        <DialogTitle>{t('session.signOut.confirmTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('session.signOut.confirmPending', { count: pending })}</DialogContentText>
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
}
