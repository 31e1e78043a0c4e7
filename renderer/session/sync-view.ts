import type { SyncStatus } from '../../core/contract';
import type { MutationName } from '../../core/mutations';
import { canonicalMutationName } from '../bridge/contract-index';
import { assertNever, type ErrorCode } from '../../core/result';
import type ru from '../i18n/ru.json';

/**
 * What the status bar and the sign-in screen make of the desk's sync status. Pure, so every state's words
 * and colour are unit-tested without a DOM; the components only lay them out.
 */

export type SyncState = SyncStatus['state'];

/** How worrying a state is; the colour follows from it. */
export type SyncTone = 'neutral' | 'info' | 'success' | 'warning' | 'error';

export type SyncStateView = Readonly<{
  labelKey: `session.state.${SyncState}`;
  tone: SyncTone;
  /** Only a desk that talks to a server has changes waiting to go out. */
  showsPending: boolean;
  /** The desk's own words add to the label (why it is in error); offline's label already says enough. */
  showsMessage: boolean;
}>;

export function syncStateView(state: SyncState): SyncStateView {
  switch (state) {
    case 'standalone':
      return { labelKey: 'session.state.standalone', tone: 'neutral', showsPending: false, showsMessage: false };
    case 'signed-out':
      return { labelKey: 'session.state.signed-out', tone: 'neutral', showsPending: true, showsMessage: false };
    case 'connecting':
      return { labelKey: 'session.state.connecting', tone: 'info', showsPending: true, showsMessage: false };
    case 'online':
      return { labelKey: 'session.state.online', tone: 'success', showsPending: true, showsMessage: false };
    case 'offline':
      // Amber, not red: nothing is lost, the outbox keeps every change until the server is back.
      return { labelKey: 'session.state.offline', tone: 'warning', showsPending: true, showsMessage: false };
    case 'error':
      return { labelKey: 'session.state.error', tone: 'error', showsPending: true, showsMessage: true };
    default:
      return assertNever(state, 'sync state');
  }
}

/** The status dot's colour (MUI's default palette, readable on the light status bar). */
export function toneColor(tone: SyncTone): string {
  switch (tone) {
    case 'neutral':
      return '#757575';
    case 'info':
      return '#0288d1';
    case 'success':
      return '#2e7d32';
    case 'warning':
      return '#ed6c02';
    case 'error':
      return '#d32f2f';
    default:
      return assertNever(tone, 'tone');
  }
}

/**
 * How far a long pull has come, 0–100, or null when the total is unknown (an indeterminate bar then). Rows
 * applied can pass the estimate (rows written during the sync), so the bar never runs past its end.
 */
export function progressPercent(progress: SyncStatus['progress']): number | null {
  if (!progress || progress.total <= 0) return null;
  return Math.min(100, Math.max(0, (progress.done / progress.total) * 100));
}

/** A desk that has never synced is loading everything; a later long pull is only catching up. */
export function progressLabelKey(lastSyncAt: number | null): 'session.progress.first' | 'session.progress.catchUp' {
  return lastSyncAt === null ? 'session.progress.first' : 'session.progress.catchUp';
}

/** The words for a mutation: `ticket:set-status` reads `mutations.ticket.set-status` in the language files. */
type LabelOf<N extends string> = N extends `${infer D}:${infer V}` ? `mutations.${D}.${V}` : never;
export type MutationLabelKey = LabelOf<MutationName>;

type Labels = (typeof ru)['mutations'];
/** Every mutation without words in ru.json: a compile error below, not a raw `ticket:reopen` in a toast. */
type Unlabelled = {
  [N in MutationName]: N extends `${infer D}:${infer V}`
    ? D extends keyof Labels
      ? V extends keyof Labels[D]
        ? never
        : N
      : N
    : N;
}[MutationName];
const everyMutationLabelled: [Unlabelled] extends [never] ? true : Unlabelled = true;
void everyMutationLabelled;

/** null for a name this build does not know (a newer server): the caller shows the raw name then. */
export function mutationLabelKey(name: string): MutationLabelKey | null {
  const canonical = canonicalMutationName(name);
  return canonical ? (`mutations.${canonical.replace(':', '.')}` as MutationLabelKey) : null;
}

export type SignInErrorView = Readonly<{
  titleKey:
    | 'session.signIn.errors.wrongPassword'
    | 'session.signIn.errors.unreachable'
    | 'session.signIn.errors.conflict'
    | 'session.signIn.errors.tooManyAttempts'
    | null;
  /** Whether the desk's message adds something (which server, which user's changes) to the title. */
  showsDetail: boolean;
}>;

/**
 * The failures a person at the sign-in screen can act on get their own words; anything else falls back to
 * the generic error text (`titleKey: null`).
 */
export function signInErrorView(code: ErrorCode): SignInErrorView {
  switch (code) {
    case 'unauthorized':
      return { titleKey: 'session.signIn.errors.wrongPassword', showsDetail: false };
    case 'server-unreachable':
      return { titleKey: 'session.signIn.errors.unreachable', showsDetail: true };
    case 'conflict':
      return { titleKey: 'session.signIn.errors.conflict', showsDetail: true };
    case 'too-many-attempts':
      return { titleKey: 'session.signIn.errors.tooManyAttempts', showsDetail: false };
    case 'invalid-input':
    case 'unknown-method':
    case 'not-found':
    case 'forbidden':
    case 'transition-not-allowed':
    case 'debt-not-acknowledged':
    case 'store-unavailable':
    case 'workstation-unreachable':
    case 'internal':
      return { titleKey: null, showsDetail: true };
    default:
      return assertNever(code, 'error code');
  }
}

/**
 * The sign-in screen replaces the panes while the desk has no session, and stays up while a sign-in is
 * running: the desk reports `connecting` as soon as the password is accepted, but the grid is only worth
 * showing once the first pull has landed.
 */
export function showsSignIn(state: SyncState, signingIn: boolean): boolean {
  return state === 'signed-out' || signingIn;
}
