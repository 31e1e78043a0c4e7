import { z } from 'zod';
import { action, empty, query } from '../contract-method.js';
import { str } from '../schema/text.js';

/**
 * The softphone's settings at one desk. Everything but the password is an ordinary desk setting; the SIP
 * password is a secret: the desktop keeps it sealed with the OS keychain, the browser host keeps it in its
 * memory until it stops (`passwordKept` says which, so the settings dialog can tell the user). It is never
 * written to the replica or to a log.
 */

const SIP_AOR = /^sips?:[^@\s;]+@[^\s;]+$/i;
const WS_URL = /^wss?:\/\/[^\s/]+/i;
const ICE_URL = /^(stun|stuns|turn|turns):[^\s]+$/i;

export const IceServerSetting = z
  .object({
    urls: str().trim().regex(ICE_URL, 'a stun:, stuns:, turn: or turns: address').max(300),
    username: str().max(200).optional(),
    credential: str().max(200).optional(),
  })
  .strict();
export type IceServerSetting = z.infer<typeof IceServerSetting>;

export const PhoneAccount = z
  .object({
    /** `sip:101@pbx.example.by`: this desk's extension, or the ring group's AOR the desks share. Empty: phone off. */
    aor: z.union([z.literal(''), str().trim().regex(SIP_AOR, 'a SIP address such as sip:101@pbx.example.by').max(200)]),
    /** The user name the PBX asks for; empty means the AOR's user part. */
    authorizationUsername: str().trim().max(100),
    /** The PBX's WebSocket (`wss://pbx.example.by:8089/ws`). */
    server: z.union([z.literal(''), str().trim().regex(WS_URL, 'a ws:// or wss:// address').max(300)]),
    /** STUN/TURN servers; none by default (sip.js would otherwise ask a public STUN host on every call). */
    iceServers: z.array(IceServerSetting).max(8),
    /** The ring group this desk answers for, as the PBX calls it (shown to the operator, and in the call log). */
    ringGroup: str().trim().max(100),
    /** Seconds this desk rings before it gives up by itself (the PBX usually gives up first). */
    ringTimeoutSeconds: z.number().int().min(5).max(600),
  })
  .strict();
export type PhoneAccount = z.infer<typeof PhoneAccount>;

export const DEFAULT_PHONE_ACCOUNT: PhoneAccount = {
  aor: '',
  authorizationUsername: '',
  server: '',
  iceServers: [],
  ringGroup: '',
  ringTimeoutSeconds: 60,
};

export const PASSWORD_KEPT = ['keychain', 'memory'] as const;

export const PhoneSettingsView = PhoneAccount.extend({
  /** The SIP password, for this window's softphone only; null when none is kept. */
  password: str().nullable(),
  /** Where the password lives: sealed by the OS keychain, or in the desk's memory until it stops. */
  passwordKept: z.enum(PASSWORD_KEPT),
  /**
   * The one PBX origin this desk's security policy lets the window connect to (set at start: `--pbx-wss`,
   * PULT_PBX_WSS or config.json), or null when none is configured and the phone cannot connect anywhere.
   */
  allowedServerOrigin: str().nullable(),
}).strict();
export type PhoneSettingsView = z.infer<typeof PhoneSettingsView>;

export const SavePhoneSettings = PhoneAccount.extend({
  /** A new password; null keeps the one stored, '' forgets it. */
  password: str().max(200).nullable(),
}).strict();
export type SavePhoneSettings = z.infer<typeof SavePhoneSettings>;

export const PHONE_SETTINGS_CONTRACT = {
  'phone:settings': query(empty, PhoneSettingsView, 'session'),
  'phone:save-settings': action(SavePhoneSettings, PhoneSettingsView),
} as const;
