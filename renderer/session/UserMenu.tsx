import { memo, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lazyMui } from '../ui/lazy-mui';
import { useSession } from './session-context';

const SignOutMenu = lazyMui(() => import('./SignOutMenu').then((m) => m.SignOutMenu));

/**
 * The user's name in the top bar. On a desk that syncs it opens a menu with "Выйти"; a standalone desk has
 * no session to end, so there the name is plain text. A long name is cut with an ellipsis, whole in its title.
 * Memoised: it sits in the top bar, which renders with every render of the pane below it.
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
      <span data-testid="current-user" title={name} className="p-user">
        {name}
      </span>
    );
  }

  const shown = name ?? status.login ?? t('app.user');
  return (
    <>
      <button
        type="button"
        data-testid="current-user"
        aria-label={t('session.signOut.userMenu')}
        aria-haspopup="menu"
        aria-expanded={anchor !== null}
        title={shown}
        onClick={(e) => {
          setAnchor(e.currentTarget);
          setOpened(true);
        }}
        className="p-button p-button-small p-button-inherit p-user"
      >
        <span className="p-ellipsis">{shown}</span>
        <span aria-hidden className="p-user-caret">
          ▼
        </span>
      </button>
      {opened && (
        <Suspense fallback={null}>
          <SignOutMenu session={session} pending={status.pending} anchor={anchor} onClose={() => setAnchor(null)} />
        </Suspense>
      )}
    </>
  );
});
