import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaneEntry } from './pane-registry';
import type { PaneId } from './routes';

export const RAIL_WIDTH = 82;

/**
 * The window's navigation: a narrow rail on the left, one item per pane the user sees, an icon with its name
 * under it (the title adds the shortcut). A rail rather than tabs in the top bar: the top bar belongs to the
 * pane's own controls, which need its width at 1024 px. Items are links to the pane's address, so a click is
 * an ordinary history entry and Back returns. Plain elements (frame.css): the rail is drawn before MUI loads.
 */
export const NavRail = memo(function NavRail({
  panes,
  active,
}: Readonly<{ panes: readonly PaneEntry[]; active: PaneId }>) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('nav.label')} data-testid="nav" className="p-rail">
      <h1 data-testid="app-name" className="p-rail-name">
        {t('app.name')}
      </h1>
      <ul className="p-rail-list">
        {panes.map((pane) => {
          const current = pane.id === active;
          const title = t(pane.titleKey);
          const Icon = pane.icon;
          return (
            <li key={pane.id}>
              <a
                href={pane.path}
                data-testid={`nav-${pane.id}`}
                aria-current={current ? 'page' : undefined}
                aria-keyshortcuts={pane.shortcut}
                title={t('nav.tooltip', { title, shortcut: pane.shortcut })}
                className="p-rail-item"
                // Warm the pane's code on intent: by the time the click lands it is usually in.
                onPointerEnter={() => void pane.load().catch(() => undefined)}
                onFocus={() => void pane.load().catch(() => undefined)}
              >
                <Icon />
                <span className="p-rail-label">{title}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
});
