import { Invitation, Inviter, Registerer, RegistererState, SessionState, UserAgent, type Session } from 'sip.js';
import {
  identifyCaller,
  isSettled,
  reduceCall,
  startCall,
  type Caller,
  type CallEvent,
} from '../../../core/calls/index.js';
import { DEFAULT_PHONE_REGIONS, type PhoneRegions } from '../../../core/phone.js';
import { assertNever } from '../../../core/result.js';
import { RewritingTransport, type RewritingTransportOptions } from './rewriting-transport.js';
import { originalHeaderName } from './identity-rewrite.js';
import { playRemoteAudio } from './remote-audio.js';
import {
  SoftphoneError,
  type CallDirection,
  type RegistrationState,
  type SoftphoneCall,
  type SoftphoneEvent,
  type SoftphoneListener,
  type SoftphoneOptions,
} from './softphone-types.js';

export * from './softphone-types.js';

type Entry = {
  session: Session;
  call: SoftphoneCall;
  /** Set before we ask sip.js to end a ringing call, so its Terminated state gets the right outcome. */
  endingAs: CallEvent['type'] | null;
  reported: boolean;
  /**
   * Resolves when the caller's ACK confirms our 200 OK. A re-INVITE (hold) sent before it races the ACK,
   * and sip.js then ends the call, so in-dialog commands wait for it.
   */
  confirmed: Promise<void>;
  confirm: () => void;
  /** Stops playing the caller's audio; set once the call is established. */
  stopAudio: () => void;
};

const DEFAULT_RECONNECT = { initialDelayMs: 500, maxDelayMs: 30_000 } as const;
const STOP_GRACE_MS = 2_000;
/** 64 × T1: how long RFC 3261 lets a UAS wait for the ACK before giving up on the call. */
const ACK_WAIT_MS = 32_000;
const DTMF_TONES = /^[0-9A-Da-d*#]+$/;

/** Waits for `promise` but no longer than `ms`; its failure is ignored (used only while shutting down). */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    promise.catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

function header(session: Session, name: string): string[] {
  const request = session instanceof Invitation ? session.request : null;
  return request ? request.getHeaders(name) : [];
}

/**
 * One desk's softphone over sip.js 0.21: registration that repairs itself, and every incoming call turned
 * into a record whose outcome core/calls decides. Framework-free: the phone pane subscribes to `on()`.
 */
export class Softphone {
  private readonly options: SoftphoneOptions;
  private readonly userAgent: UserAgent;
  private readonly registerer: Registerer;
  private readonly listeners = new Set<SoftphoneListener>();
  private readonly calls = new Map<string, Entry>();
  /** Call-IDs of unreadable INVITEs already recorded: a retransmission must not make a second missed call. */
  private readonly unreadable = new Set<string>();
  private registration: RegistrationState = 'unregistered';
  private running = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectDelay: number;
  private connecting = false;

  constructor(options: SoftphoneOptions) {
    const uri = UserAgent.makeURI(options.aor);
    if (!uri) throw new SoftphoneError(`Not a SIP address: ${JSON.stringify(options.aor)}`);
    if (!/^wss?:\/\/[^\s/]+/i.test(options.server)) {
      throw new SoftphoneError(`The PBX address must be ws:// or wss://, got ${JSON.stringify(options.server)}`);
    }
    this.options = options;
    this.reconnectDelay = (options.reconnect ?? DEFAULT_RECONNECT).initialDelayMs;
    const transportOptions: RewritingTransportOptions = {
      server: options.server,
      onUnreadable: (raw) => this.recordUnreadable(raw),
    };
    this.userAgent = new UserAgent({
      uri,
      displayName: options.displayName,
      authorizationUsername: options.authorizationUsername,
      authorizationPassword: options.authorizationPassword,
      transportConstructor: RewritingTransport,
      transportOptions,
      // Our own loop below re-registers after reconnecting; sip.js's would reconnect without registering.
      reconnectionAttempts: 0,
      noAnswerTimeout: options.ringTimeoutSeconds ?? 120,
      logBuiltinEnabled: false,
      ...(options.sessionDescriptionHandlerFactory
        ? { sessionDescriptionHandlerFactory: options.sessionDescriptionHandlerFactory }
        : {}),
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: (options.iceServers ?? []).map((s) => ({ ...s })) },
      },
      delegate: {
        onInvite: (invitation) => this.onInvite(invitation),
        onDisconnect: (error) => this.onDisconnect(error),
      },
    });
    this.registerer = new Registerer(this.userAgent, { expires: options.registrationExpiresSeconds ?? 300 });
    this.registerer.stateChange.addListener((state) => {
      switch (state) {
        case RegistererState.Registered:
          this.reconnectDelay = (this.options.reconnect ?? DEFAULT_RECONNECT).initialDelayMs;
          this.setRegistration('registered');
          return;
        case RegistererState.Unregistered:
          // The PBX dropped or refused our registration while we mean to be reachable: get it back.
          if (this.running) this.scheduleReconnect();
          return;
        case RegistererState.Initial:
        case RegistererState.Terminated:
          return;
        default:
          assertNever(state, 'registerer state');
      }
    });
  }

  on(listener: SoftphoneListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get registrationState(): RegistrationState {
    return this.registration;
  }

  /** Every call this desk still knows, ringing or in progress. */
  activeCalls(): readonly SoftphoneCall[] {
    return [...this.calls.values()].map((entry) => entry.call);
  }

  /** Connects and registers; resolves once registered, or rejects (and keeps retrying in the background). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.userAgent.start();
    } catch (error) {
      // The PBX may be down when the desk opens: keep trying, and say so now.
      this.scheduleReconnect();
      throw new SoftphoneError(
        `Cannot reach the PBX at ${this.options.server}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    await this.register();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    for (const entry of this.calls.values()) this.settle(entry, { type: 'transport-lost', at: Date.now() });
    // An unreachable PBX forgets the desk by itself when the registration expires: never hang on it.
    if (this.userAgent.isConnected() && this.registerer.state === RegistererState.Registered) {
      await settleWithin(
        new Promise<void>((resolve) => {
          this.registerer
            .unregister({ requestDelegate: { onAccept: () => resolve(), onReject: () => resolve() } })
            .catch(() => resolve());
        }),
        STOP_GRACE_MS,
      );
    }
    await settleWithin(this.userAgent.stop(), STOP_GRACE_MS);
    this.setRegistration('unregistered');
  }

  async answer(callId: string): Promise<void> {
    const entry = this.ringing(callId, 'answer');
    if (!(entry.session instanceof Invitation)) throw new SoftphoneError('Only an incoming call can be answered.');
    await entry.session.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
    await settleWithin(entry.confirmed, ACK_WAIT_MS);
  }

  async reject(callId: string): Promise<void> {
    const entry = this.ringing(callId, 'reject');
    if (!(entry.session instanceof Invitation)) throw new SoftphoneError('Only an incoming call can be rejected.');
    entry.endingAs = 'rejected';
    await entry.session.reject({ statusCode: 486 });
  }

  async hangUp(callId: string): Promise<void> {
    const entry = this.entry(callId);
    const { session } = entry;
    if (session.state === SessionState.Established) {
      await session.bye();
    } else if (session instanceof Inviter) {
      entry.endingAs = 'ended';
      await session.cancel();
    } else if (session instanceof Invitation) {
      entry.endingAs = 'rejected';
      await session.reject({ statusCode: 486 });
    }
  }

  setMuted(callId: string, muted: boolean): void {
    const entry = this.established(callId, 'mute');
    const handler = entry.session.sessionDescriptionHandler as { enableSenderTracks?: (on: boolean) => void };
    handler?.enableSenderTracks?.(!muted);
    this.update(entry, { muted });
  }

  async setHeld(callId: string, held: boolean): Promise<void> {
    const entry = await this.confirmedCall(callId, 'hold');
    // sip.js's WebRTC handler reads `hold` from these options and offers sendonly/inactive.
    const previous = entry.session.sessionDescriptionHandlerOptionsReInvite;
    entry.session.sessionDescriptionHandlerOptionsReInvite = { hold: held } as object;
    // Held only once the other side agreed: a refused re-INVITE leaves the call as it was.
    await new Promise<void>((resolve, reject) => {
      const refuse = (why: string): void => {
        entry.session.sessionDescriptionHandlerOptionsReInvite = previous;
        reject(new SoftphoneError(`The PBX refused to ${held ? 'hold' : 'resume'} the call: ${why}`));
      };
      entry.session
        .invite({
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => refuse(String(response.message.statusCode)),
          },
        })
        .catch((error: unknown) => refuse(error instanceof Error ? error.message : String(error)));
    });
    this.update(entry, { held });
  }

  async sendDtmf(callId: string, tones: string): Promise<void> {
    if (!DTMF_TONES.test(tones))
      throw new SoftphoneError(`DTMF takes 0-9, A-D, * and # only, got ${JSON.stringify(tones)}`);
    const entry = await this.confirmedCall(callId, 'send DTMF');
    const handler = entry.session.sessionDescriptionHandler as { sendDtmf?: (t: string) => boolean };
    if (handler?.sendDtmf?.(tones)) return;
    // No RTP DTMF sender (or no media): SIP INFO, which every PBX we meet understands.
    for (const tone of tones) {
      await entry.session.info({
        requestOptions: {
          body: {
            contentDisposition: 'render',
            contentType: 'application/dtmf-relay',
            content: `Signal=${tone}\r\nDuration=160`,
          },
        },
      });
    }
  }

  /** Blind transfer (REFER): the PBX calls `target` and our leg ends when it says so. */
  async transfer(callId: string, target: string): Promise<void> {
    const uri = this.targetUri(target);
    const entry = await this.confirmedCall(callId, 'transfer');
    await entry.session.refer(uri, {
      requestDelegate: {
        onReject: (response) =>
          this.emit({ type: 'error', message: `Transfer refused: ${response.message.statusCode}` }),
      },
    });
  }

  /** Calls `target` (a SIP address, or a number dialled in the PBX's domain). */
  async call(target: string): Promise<SoftphoneCall> {
    const uri = this.targetUri(target);
    if (this.registration !== 'registered') throw new SoftphoneError('Not registered with the PBX: cannot call.');
    const inviter = new Inviter(this.userAgent, uri, {
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
    });
    const peer = identifyCaller(
      { from: `<${uri.toString()}>`, pAssertedIdentity: [], remotePartyId: [], privacy: [] },
      this.regions(),
    );
    const entry = this.track(inviter, 'outgoing', peer);
    await inviter.invite({
      requestDelegate: {
        onReject: () => {
          if (!entry.endingAs) entry.endingAs = 'rejected';
        },
      },
    });
    return entry.call;
  }

  private regions(): PhoneRegions {
    return this.options.phoneRegions ?? DEFAULT_PHONE_REGIONS;
  }

  private targetUri(target: string) {
    const trimmed = target.trim();
    const domain = this.userAgent.configuration.uri.host;
    const text = /^sips?:/i.test(trimmed) ? trimmed : `sip:${trimmed.replace(/[\s\-()]/g, '')}@${domain}`;
    const uri = trimmed === '' ? undefined : UserAgent.makeURI(text);
    if (!uri) throw new SoftphoneError(`Not a number or SIP address: ${JSON.stringify(target)}`);
    return uri;
  }

  private entry(callId: string): Entry {
    const entry = this.calls.get(callId);
    if (!entry) throw new SoftphoneError(`No call ${JSON.stringify(callId)} on this desk (it may have ended).`);
    return entry;
  }

  private ringing(callId: string, what: string): Entry {
    const entry = this.entry(callId);
    if (entry.call.record.outcome !== null || entry.session.state !== SessionState.Initial) {
      throw new SoftphoneError(`Cannot ${what}: the call is no longer ringing.`);
    }
    return entry;
  }

  private established(callId: string, what: string): Entry {
    const entry = this.entry(callId);
    if (entry.session.state !== SessionState.Established) {
      throw new SoftphoneError(`Cannot ${what}: the call is not connected.`);
    }
    return entry;
  }

  /** Like `established`, and also waits for the ACK, for commands that send a request in the dialog. */
  private async confirmedCall(callId: string, what: string): Promise<Entry> {
    const entry = this.established(callId, what);
    await settleWithin(entry.confirmed, ACK_WAIT_MS);
    return this.established(callId, what);
  }

  private emit(event: SoftphoneEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener must not stop the others, nor sip.js's own processing of the message.
      }
    }
  }

  private setRegistration(state: RegistrationState): void {
    if (state === this.registration) return;
    this.registration = state;
    this.emit({ type: 'registration', state });
  }

  private async register(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.registerer
        .register({
          requestDelegate: {
            onAccept: () => {
              // After a reconnect sip.js still thinks it is registered, so no state change would tell us.
              this.reconnectDelay = (this.options.reconnect ?? DEFAULT_RECONNECT).initialDelayMs;
              this.setRegistration('registered');
              resolve();
            },
            onReject: (response) => {
              const message = `The PBX refused the registration: ${response.message.statusCode} ${response.message.reasonPhrase}`;
              this.emit({ type: 'error', message });
              reject(new SoftphoneError(message));
              this.scheduleReconnect();
            },
          },
        })
        .catch((error: unknown) => {
          reject(error instanceof Error ? error : new Error(String(error)));
          this.scheduleReconnect();
        });
    });
  }

  private onDisconnect(error?: Error): void {
    // Calls ringing on a dead socket can no longer be answered here: record them now, not when sip.js's
    // timers finally give up.
    for (const entry of [...this.calls.values()]) {
      if (entry.call.record.outcome === null || entry.session.state === SessionState.Established) {
        this.settle(entry, { type: 'transport-lost', at: Date.now() });
      }
    }
    if (!this.running) return;
    if (error) this.emit({ type: 'error', message: `Connection to the PBX lost: ${error.message}` });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (!this.running || this.reconnectTimer || this.connecting) return;
    this.setRegistration('reconnecting');
    const limits = this.options.reconnect ?? DEFAULT_RECONNECT;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(limits.maxDelayMs, this.reconnectDelay * 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.reconnectOnce();
    }, delay);
  }

  private async reconnectOnce(): Promise<void> {
    if (!this.running) return;
    this.connecting = true;
    try {
      if (!this.userAgent.isConnected()) await this.userAgent.reconnect();
      this.connecting = false;
      await this.register();
    } catch {
      this.connecting = false;
      this.scheduleReconnect();
    }
  }

  private onInvite(invitation: Invitation): void {
    let peer: Caller;
    try {
      const first = (name: string): string | null => {
        const original = header(invitation, originalHeaderName(name));
        return original[0] ?? header(invitation, name)[0] ?? null;
      };
      const original = (name: string): string[] => {
        const kept = header(invitation, originalHeaderName(name));
        return kept.length > 0 ? kept : header(invitation, name);
      };
      peer = identifyCaller(
        {
          from: first('From'),
          pAssertedIdentity: original('P-Asserted-Identity'),
          remotePartyId: header(invitation, 'Remote-Party-ID'),
          privacy: header(invitation, 'Privacy'),
        },
        this.regions(),
      );
    } catch {
      peer = { kind: 'unknown', user: '', displayName: null };
    }
    const entry = this.track(invitation, 'incoming', peer);
    invitation.delegate = {
      onCancel: (cancel) => {
        this.settle(entry, { type: 'cancelled', at: Date.now(), reason: cancel.request.getHeaders('reason') });
      },
      onAck: () => entry.confirm(),
      onBye: (bye) => {
        void bye.accept();
        this.settle(entry, { type: 'ended', at: Date.now() });
      },
    };
    this.emit({ type: 'incoming', call: entry.call });
  }

  private track(session: Session, direction: CallDirection, peer: Caller): Entry {
    const id = session instanceof Invitation ? session.request.callId : (session as Inviter).request.callId;
    const entry: Entry = {
      session,
      call: { id, direction, peer, record: startCall(Date.now()), muted: false, held: false },
      endingAs: null,
      reported: false,
      confirmed: Promise.resolve(),
      confirm: () => undefined,
      stopAudio: () => undefined,
    };
    // Our own outgoing call is confirmed by the ACK we send; an incoming one waits for the caller's.
    if (direction === 'incoming') {
      entry.confirmed = new Promise<void>((resolve) => {
        entry.confirm = resolve;
      });
    }
    this.calls.set(id, entry);
    session.stateChange.addListener((state) => {
      switch (state) {
        case SessionState.Established:
          entry.stopAudio();
          entry.stopAudio = playRemoteAudio(session, (message) => this.emit({ type: 'error', message }));
          this.settle(entry, { type: 'answered', at: Date.now() });
          this.emit({ type: 'answered', call: entry.call });
          return;
        case SessionState.Terminated: {
          entry.stopAudio();
          const at = Date.now();
          const ringing = entry.call.record.outcome === null;
          const endingAs = entry.endingAs;
          if (!ringing) this.settle(entry, { type: 'ended', at });
          else if (endingAs === 'rejected') this.settle(entry, { type: 'rejected', at });
          else if (direction === 'incoming') this.settle(entry, { type: 'ring-timeout', at });
          else this.settle(entry, { type: endingAs === 'ended' ? 'ended' : 'rejected', at });
          return;
        }
        case SessionState.Initial:
        case SessionState.Establishing:
        case SessionState.Terminating:
          return;
        default:
          assertNever(state, 'session state');
      }
    });
    return entry;
  }

  private update(entry: Entry, patch: Partial<Pick<SoftphoneCall, 'muted' | 'held'>>): void {
    entry.call = { ...entry.call, ...patch };
  }

  private settle(entry: Entry, event: CallEvent): void {
    entry.call = { ...entry.call, record: reduceCall(entry.call.record, event) };
    if (!entry.reported && isSettled(entry.call.record)) {
      entry.reported = true;
      if (this.calls.get(entry.call.id) === entry) this.calls.delete(entry.call.id);
      entry.confirm();
      this.emit({ type: 'ended', call: entry.call });
    }
  }

  /**
   * A message sip.js could not read even after the rewrite. If it was a new INVITE, the caller's number
   * is in there and the call must not vanish: record it as missed from what the raw headers say.
   */
  private recordUnreadable(raw: string): void {
    const head = raw.split('\r\n\r\n')[0] ?? '';
    if (!/^INVITE\s/i.test(head)) return;
    const lines = head.split('\r\n');
    const values = (...names: string[]): string[] =>
      lines.flatMap((line) => {
        const colon = line.indexOf(':');
        if (colon < 0) return [];
        return names.includes(line.slice(0, colon).trim().toLowerCase()) ? [line.slice(colon + 1).trim()] : [];
      });
    const to = values('to', 't')[0] ?? '';
    if (/;\s*tag=/i.test(to)) return; // an in-dialog re-INVITE, not a new call
    const id = values('call-id', 'i')[0] ?? `unreadable-${Date.now()}`;
    if (this.calls.has(id) || this.unreadable.has(id)) return;
    this.unreadable.add(id);
    if (this.unreadable.size > 256) {
      const oldest = this.unreadable.values().next().value;
      if (oldest !== undefined) this.unreadable.delete(oldest);
    }
    let peer: Caller;
    try {
      peer = identifyCaller(
        {
          from: values('from', 'f')[0] ?? null,
          pAssertedIdentity: values('p-asserted-identity'),
          remotePartyId: values('remote-party-id'),
          privacy: values('privacy'),
        },
        this.regions(),
      );
    } catch {
      peer = { kind: 'unknown', user: '', displayName: null };
    }
    const at = Date.now();
    const call: SoftphoneCall = {
      id,
      direction: 'incoming',
      peer,
      record: reduceCall(startCall(at), { type: 'transport-lost', at }),
      muted: false,
      held: false,
    };
    this.emit({ type: 'error', message: 'The PBX sent a call this desk could not read; it is logged as missed.' });
    this.emit({ type: 'ended', call });
  }
}
