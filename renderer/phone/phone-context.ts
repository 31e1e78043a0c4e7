import { createContext, useContext } from 'react';
import type { PhoneSettingsView } from '../../core/calls/settings';
import type { RegistrationState, SoftphoneCall } from './sip/softphone-types';

/**
 * The window's one phone, as every part of the UI sees it: the top bar, the phone pane, the caller card and
 * the click-to-call links. Kept apart from the provider so that importing it never loads sip.js.
 */

/** `off`: no account set up at this desk (or no PBX it may reach); the other three are the PBX's answer. */
export type PhoneRegistration = RegistrationState | 'off';

export type MicrophoneState = 'unknown' | 'prompt' | 'granted' | 'denied' | 'unavailable';

export type Phone = Readonly<{
  registration: PhoneRegistration;
  /** Why the phone cannot work right now (the PBX refused, unreachable, a bad setting), in the PBX's words. */
  problem: string | null;
  settings: PhoneSettingsView | undefined;
  /** Calls ringing or in progress at this desk. */
  calls: readonly SoftphoneCall[];
  /** Finished calls of this session, newest first. */
  recent: readonly SoftphoneCall[];
  microphone: MicrophoneState;
  /** The call whose caller card is open (it stays after the call ends, until dismissed). */
  cardCall: SoftphoneCall | null;
  dismissCard(): void;
  showCard(call: SoftphoneCall): void;
  answer(callId: string): void;
  reject(callId: string): void;
  hangUp(callId: string): void;
  setMuted(callId: string, muted: boolean): void;
  setHeld(callId: string, held: boolean): void;
  sendDtmf(callId: string, tones: string): void;
  transfer(callId: string, target: string): void;
  /** Calls a number (click-to-call, the keypad); resolves false when the call could not start. */
  dial(number: string): Promise<boolean>;
  /** Asks for the microphone (and for notifications) once, from a click. */
  askPermissions(): Promise<void>;
  /** New settings were saved: the phone starts again with them. */
  settingsSaved(settings: PhoneSettingsView): void;
}>;

export const PhoneContext = createContext<Phone | null>(null);

/** The window's phone, or null outside a PhoneProvider (a component rendered alone in a test). */
export function usePhone(): Phone | null {
  return useContext(PhoneContext);
}
