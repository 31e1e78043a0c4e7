import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { lazy, memo, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from './session-context';

const SignOutMenu = lazy(() => import('./SignOutMenu').then((m) => ({ default: m.SignOutMenu })));

const nameSx = { color: 'text.secondary', whiteSpace: 'nowrap', flexShrink: 0 } as const;

/**
 * The user's name in the top bar. On a desk that syncs it opens a menu with "Выйти"; a standalone desk has
 * no session to end, so there the name is plain text. Memoised: it sits in the top bar, which renders with
 * every render of the pane below it.
 */
export const UserMenu = memo(function UserMenu({ userName }: Readonly<{ userName: string | null }>) {
  const { t } = useTranslation();
  const session = useSession();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  // Mounted from the first opening on, so its confirmation dialog outlives the menu that asked for it.
  const [opened, setOpened] = useState(false);
  const status = session?.status ?? null;
  const name = userName ?? status?.userName ?? null;

  if (!session || !status || status.state === 'standalone') {
    return name === null ? null : (
      <Typography variant="body2" data-testid="current-user" title={t('app.user')} sx={nameSx}>
        {name}
      </Typography>
    );
  }

  return (
    <>
      <Button
        size="small"
        color="inherit"
        data-testid="current-user"
        aria-label={t('session.signOut.userMenu')}
        aria-haspopup="menu"
        aria-expanded={anchor !== null}
        onClick={(e) => {
          setAnchor(e.currentTarget);
          setOpened(true);
        }}
        sx={{ ...nameSx, fontWeight: 500 }}
      >
        {name ?? status.login ?? t('app.user')}
        <span aria-hidden style={{ marginLeft: 4, fontSize: 10 }}>
          ▼
        </span>
      </Button>
      {opened && (
        <Suspense fallback={null}>
          <SignOutMenu session={session} pending={status.pending} anchor={anchor} onClose={() => setAnchor(null)} />
        </Suspense>
      )}
    </>
  );
});
