import { Suspense, useCallback, useEffect, useEffectEvent, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { MODAL_SELECTOR, shortcutOf, TYPING_SELECTOR } from '../tickets/keyboard';
import { errorText } from '../ui/error-message';
import { lazyMui } from '../ui/lazy-mui';
import { PlainAlert, ProgressLine } from '../ui/plain-alert';
import type { ShortcutSection } from '../ui/ShortcutHelp';
import { useAfterFirstPaint } from '../ui/useAfterFirstPaint';
import { PhoneProvider } from '../phone/PhoneProvider';
import { useCallRecorder } from '../phone/useCallRecorder';
import { PaneControlsProvider, TopBar } from '../ui/TopBar';
import { StatusesContext, toStatuses } from '../ui/statuses';
import { useApiQuery } from '../ui/useApiQuery';
import type { HashRouter } from './hash-router';
import { NavRail } from './NavRail';
import { PaneErrorBoundary } from './PaneErrorBoundary';
import { createPaneLinks, createPaneMailboxes, PaneLinksContext } from './pane-links';
import { paneEntry, PANES } from './pane-registry';
import { PANE_IDS, panesFor, paneShortcutOf, type PaneId } from './routes';

// A dialog nobody has asked for yet: its code loads with the first "?", not before the first rows.
const ShortcutHelp = lazyMui(() => import('../ui/ShortcutHelp').then((m) => m.ShortcutHelp));
// The phone's bar is MUI: it joins the top bar just after the first rows are drawn.
const PhoneBar = lazyMui(() => import('../phone/PhoneBar').then((m) => m.PhoneBar));

function PaneLoading() {
  const { t } = useTranslation();
  return (
    <div className="p-fill" aria-busy="true" aria-label={t('nav.loading')} data-testid="pane-loading">
      <ProgressLine />
    </div>
  );
}

/**
 * The signed-in window: the navigation rail and the pane the address names. Panes stay mounted once opened,
 * so a visit to the map keeps the grid's filters, scroll and open ticket; only the active one is shown and
 * acts on keys. The frame's own keys: Alt+1…Alt+5 switch panes, "?" shows the shortcuts.
 */
export function Workstation({ router }: Readonly<{ router: HashRouter }>) {
  const { t } = useTranslation();
  const info = useApiQuery('app:info', {});
  const model = useApiQuery('statuses:model', {});
  const statuses = useMemo(() => toStatuses(model.data), [model.data]);
  const failure = info.error ?? model.error;

  const route = useSyncExternalStore(router.subscribe, router.current);
  const roles = info.data?.user.roles ?? null;
  const visible = useMemo(() => panesFor(roles), [roles]);
  const pane = visible.includes(route) ? route : visible[0]!;
  useEffect(() => {
    // A pane this user does not see (an old bookmark, another user's address) shows as their first pane.
    if (pane !== route) router.replace(pane);
  }, [pane, route, router]);
  const entry = paneEntry(pane);
  const railPanes = useMemo(() => PANES.filter((p) => visible.includes(p.id)), [visible]);
  // The mailboxes outlive a change of roles, so a request made meanwhile still reaches its pane.
  const [mailboxes] = useState(createPaneMailboxes);
  const links = useMemo(
    () => createPaneLinks(visible, (next) => router.go(next), mailboxes),
    [visible, router, mailboxes],
  );

  const [visited, setVisited] = useState<ReadonlySet<PaneId>>(() => new Set([pane]));
  if (!visited.has(pane)) setVisited(new Set([...visited, pane]));

  const [helpOpen, setHelpOpen] = useState(false);
  // Mounted from the first opening on, so that closing it plays its transition.
  const [helpAsked, setHelpAsked] = useState(false);
  if (helpOpen && !helpAsked) setHelpAsked(true);
  const openHelp = useCallback(() => setHelpOpen(true), []);

  useEffect(() => {
    document.title = `${t(entry.titleKey)} · ${t('app.name')}`;
  }, [entry, t]);

  const onKeyDown = useEffectEvent((e: KeyboardEvent) => {
    // A pane that took the key (its own "?" included) has the last word.
    if (e.defaultPrevented) return;
    const target = e.target instanceof Element ? e.target : null;
    if (target?.closest(MODAL_SELECTOR)) return;
    const index = paneShortcutOf(e);
    if (index !== null) {
      const next = PANE_IDS[index];
      if (next === undefined || !visible.includes(next)) return;
      e.preventDefault();
      router.go(next);
      return;
    }
    if (shortcutOf(e) === 'help' && !target?.closest(TYPING_SELECTOR)) {
      e.preventDefault();
      setHelpOpen(true);
    }
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKeyDown(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const sections = useMemo((): readonly ShortcutSection[] => {
    const global: ShortcutSection = {
      title: t('nav.shortcuts.global'),
      lines: [
        { keys: ['Alt', `1…${PANE_IDS.length}`], label: t('nav.shortcuts.switch') },
        { keys: ['?'], label: t('nav.shortcuts.help') },
      ],
    };
    if (entry.shortcuts.length === 0) return [global];
    return [
      global,
      {
        title: t('nav.shortcuts.pane', { pane: t(entry.titleKey) }),
        lines: entry.shortcuts.map((s) => ({ keys: s.keys, label: t(`shortcuts.${s.label}`) })),
      },
    ];
  }, [entry, t]);

  const [controlsSlot, setControlsSlot] = useState<HTMLElement | null>(null);
  const recordCall = useCallRecorder();
  const painted = useAfterFirstPaint();
  const phoneBar = painted ? (
    <Suspense fallback={null}>
      <PhoneBar />
    </Suspense>
  ) : null;
  const frame = (
    <StatusesContext.Provider value={statuses}>
      <PhoneProvider onCallSettled={recordCall}>
        <div className="p-row">
          <NavRail panes={railPanes} active={pane} />
          <div className="p-column">
            <TopBar userName={info.data?.user.name ?? null} slotRef={setControlsSlot} phone={phoneBar} />
            {failure && (
              <PlainAlert severity="error" square testId="app-error">
                {errorText(t, failure)}
              </PlainAlert>
            )}
            {PANES.filter((p) => visited.has(p.id)).map(({ id, Component }) => (
              <div key={id} data-pane={id} className="p-column" hidden={id !== pane}>
                <PaneErrorBoundary>
                  <Suspense fallback={<PaneLoading />}>
                    <PaneControlsProvider value={controlsSlot}>
                      <Component active={id === pane} onHelp={openHelp} />
                    </PaneControlsProvider>
                  </Suspense>
                </PaneErrorBoundary>
              </div>
            ))}
          </div>
        </div>
        {helpAsked && (
          <Suspense fallback={null}>
            <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} sections={sections} />
          </Suspense>
        )}
      </PhoneProvider>
    </StatusesContext.Provider>
  );
  return <PaneLinksContext.Provider value={links}>{frame}</PaneLinksContext.Provider>;
}
