import { Suspense, useCallback, useEffect, useEffectEvent, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhoneSettingsView } from '../../core/calls/settings';
import { assertNever } from '../../core/result';
import { lazyMui } from '../ui/lazy-mui';
import { useToast } from '../ui/toast';
import { useApiQuery } from '../ui/useApiQuery';
import { addRecent, isMissed, peerLabel } from './call-view';
import { PhoneContext, type MicrophoneState, type Phone, type PhoneRegistration } from './phone-context';
import type { Softphone } from './sip/softphone';
import type { RegistrationState, SoftphoneCall, SoftphoneEvent } from './sip/softphone-types';

type Props = Readonly<{
  children: ReactNode;
  /**
   * Called once for every call this desk saw, when its outcome is final (an answered call: when it hung up;
   * a missed one: when the caller gave up). The seam for the call log and the callback rule: the window wires
   * it to `call:record`. It must not throw; a failure there must not disturb the phone.
   */
  onCallSettled?: (call: SoftphoneCall) => void;
}>;

// The caller card is a chunk of its own (cards, chips, the new-ticket dialog): a desk without a phone never
// loads it, and one with a phone loads it with sip.js, before the first call rings.
const loadCallerCard = () => import('./CallerCardPanel');
// With the app's MUI theme: the window's root has none (its frame is drawn without MUI).
const CallerCardPanel = lazyMui(() => loadCallerCard().then((m) => m.CallerCardPanel));

/** Whether the settings describe an account the phone can start with. */
function usable(settings: PhoneSettingsView | undefined): settings is PhoneSettingsView {
  return !!settings && settings.aor !== '' && settings.server !== '' && settings.allowedServerOrigin !== null;
}

/** What starts a new Softphone: a change of any of these, never a change of the ring group's label. */
function accountKey(s: PhoneSettingsView): string {
  return JSON.stringify([s.aor, s.server, s.authorizationUsername, s.password, s.iceServers, s.ringTimeoutSeconds]);
}

async function microphoneState(): Promise<MicrophoneState> {
  if (!navigator.mediaDevices?.getUserMedia) return 'unavailable';
  try {
    const status = await navigator.permissions.query({ name: 'microphone' as PermissionName });
    return status.state;
  } catch {
    return 'unknown';
  }
}

/**
 * The window's one softphone (one sip.js UserAgent), mounted at the root so a call rings whatever pane is
 * showing. sip.js is loaded only once an account is set up. Every call's end goes to `onCallSettled`; a
 * missed one also raises a desktop notification while the window is in the background.
 */
export function PhoneProvider({ children, onCallSettled }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const query = useApiQuery('phone:settings', {});
  const [saved, setSaved] = useState<PhoneSettingsView | undefined>(undefined);
  const settings = saved ?? query.data;
  // Both belong to one account: a new account starts "unregistered" with no problem, whatever the last said.
  const [registered, setRegistered] = useState<Readonly<{ key: string; state: RegistrationState }> | null>(null);
  const [problemOf, setProblemOf] = useState<Readonly<{ key: string; message: string }> | null>(null);
  const [calls, setCalls] = useState<readonly SoftphoneCall[]>([]);
  const [recent, setRecent] = useState<readonly SoftphoneCall[]>([]);
  const [cardCall, setCardCall] = useState<SoftphoneCall | null>(null);
  const [microphone, setMicrophone] = useState<MicrophoneState>('unknown');
  const phoneRef = useRef<Softphone | null>(null);

  useEffect(() => {
    void microphoneState().then(setMicrophone);
  }, []);

  const notifyMissed = useEffectEvent((call: SoftphoneCall) => {
    if (document.hasFocus() || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const label = peerLabel(call.peer);
    const who = label.withheld ? t('phone.withheld') : (label.number ?? label.name ?? t('phone.unknownCaller'));
    try {
      const notification = new Notification(t('phone.missedNotification'), { body: who, tag: call.id });
      notification.onclick = () => window.focus();
    } catch {
      // A browser that refuses notifications outside a service worker: the pane's recent list still has it.
    }
  });

  const onEvent = useEffectEvent((event: SoftphoneEvent, phone: Softphone, account: string) => {
    switch (event.type) {
      case 'registration':
        setRegistered({ key: account, state: event.state });
        if (event.state === 'registered') setProblemOf(null);
        return;
      case 'incoming':
        setCalls(phone.activeCalls());
        setCardCall(event.call);
        return;
      case 'answered':
        setCalls(phone.activeCalls());
        setCardCall((card) => (card?.id === event.call.id ? event.call : card));
        return;
      case 'ended':
        setCalls(phone.activeCalls());
        setRecent((list) => addRecent(list, event.call));
        setCardCall((card) => (card?.id === event.call.id ? event.call : card));
        if (event.call.direction === 'incoming' && isMissed(event.call)) notifyMissed(event.call);
        try {
          onCallSettled?.(event.call);
        } catch (error) {
          console.error('onCallSettled failed', error);
        }
        return;
      case 'error':
        setProblemOf({ key: account, message: event.message });
        return;
      default:
        assertNever(event, 'softphone event');
    }
  });

  const key = usable(settings) ? accountKey(settings) : null;
  const registration: PhoneRegistration =
    key === null ? 'off' : registered?.key === key ? registered.state : 'unregistered';
  const problem = key !== null && problemOf?.key === key ? problemOf.message : null;
  useEffect(() => {
    if (key === null || !usable(settings)) return;
    const account = key;
    let cancelled = false;
    let phone: Softphone | null = null;
    void loadCallerCard().catch(() => undefined);
    void import('./sip/softphone').then(({ Softphone: SoftphoneClass }) => {
      if (cancelled) return;
      try {
        phone = new SoftphoneClass({
          server: settings.server,
          aor: settings.aor,
          authorizationUsername: settings.authorizationUsername || undefined,
          authorizationPassword: settings.password ?? undefined,
          iceServers: settings.iceServers,
          ringTimeoutSeconds: settings.ringTimeoutSeconds,
        });
      } catch (error) {
        setProblemOf({ key: account, message: error instanceof Error ? error.message : String(error) });
        return;
      }
      const current = phone;
      phoneRef.current = current;
      current.on((event) => onEvent(event, current, account));
      current.start().catch((error: unknown) => {
        // It keeps retrying by itself; the bar says "reconnecting" and the pane says why.
        if (!cancelled) {
          setProblemOf({ key: account, message: error instanceof Error ? error.message : String(error) });
        }
      });
    });
    return () => {
      cancelled = true;
      if (phone) {
        if (phoneRef.current === phone) phoneRef.current = null;
        setCalls([]);
        void phone.stop();
      }
    };
    // The account key stands for the settings' fields the phone is built from.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const askPermissions = useCallback(async () => {
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') {
      void Notification.requestPermission().catch(() => undefined);
    }
    if (!navigator.mediaDevices?.getUserMedia) {
      setMicrophone('unavailable');
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
      for (const track of stream.getTracks()) track.stop();
      setMicrophone('granted');
    } catch {
      setMicrophone('denied');
    }
  }, []);

  const command = useCallback(
    (run: (phone: Softphone) => unknown) => {
      const phone = phoneRef.current;
      if (!phone) {
        toast({ severity: 'error', message: t('phone.notRegistered') });
        return;
      }
      const refresh = () => setCalls(phone.activeCalls());
      Promise.resolve()
        .then(() => run(phone))
        .then(refresh, (error: unknown) => {
          refresh();
          toast({ severity: 'error', message: error instanceof Error ? error.message : String(error) });
        });
    },
    [t, toast],
  );

  /** The microphone is asked for once; when the user said no, the call is not taken and they are told why. */
  const withMicrophone = useCallback(
    async (then: () => void) => {
      if (microphone === 'granted') return then();
      const stream = await navigator.mediaDevices?.getUserMedia({ audio: true, video: false }).catch(() => null);
      if (!stream) {
        setMicrophone('denied');
        toast({ severity: 'error', message: t('phone.micDenied') });
        return;
      }
      for (const track of stream.getTracks()) track.stop();
      setMicrophone('granted');
      then();
    },
    [microphone, t, toast],
  );

  const phone = useMemo(
    (): Phone => ({
      registration,
      problem,
      settings,
      calls,
      recent,
      microphone,
      cardCall,
      dismissCard: () => setCardCall(null),
      showCard: setCardCall,
      answer: (id) => void withMicrophone(() => command((p) => p.answer(id))),
      reject: (id) => command((p) => p.reject(id)),
      hangUp: (id) => command((p) => p.hangUp(id)),
      setMuted: (id, muted) => command((p) => p.setMuted(id, muted)),
      setHeld: (id, held) => command((p) => p.setHeld(id, held)),
      sendDtmf: (id, tones) => command((p) => p.sendDtmf(id, tones)),
      transfer: (id, target) => command((p) => p.transfer(id, target)),
      dial: async (number) => {
        const current = phoneRef.current;
        if (!current || registration !== 'registered') {
          toast({ severity: 'error', message: t('phone.notRegistered') });
          return false;
        }
        let started = false;
        await withMicrophone(() => {
          started = true;
          command((p) => p.call(number));
        });
        return started;
      },
      askPermissions,
      settingsSaved: (next) => setSaved(next),
    }),
    [
      registration,
      problem,
      settings,
      calls,
      recent,
      microphone,
      cardCall,
      withMicrophone,
      command,
      askPermissions,
      toast,
      t,
    ],
  );

  return (
    <PhoneContext.Provider value={phone}>
      {children}
      {cardCall && (
        <Suspense fallback={null}>
          <CallerCardPanel call={cardCall} />
        </Suspense>
      )}
    </PhoneContext.Provider>
  );
}
