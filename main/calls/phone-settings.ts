import {
  DEFAULT_PHONE_ACCOUNT,
  PhoneAccount,
  type PhoneSettingsView,
  type SavePhoneSettings,
} from '../../core/calls/settings.js';
import { PultError } from '../../core/result.js';
import { pbxWebSocketOrigin } from '../adapter/web-security.js';
import type { DeskContext, DeskHandlers } from '../desk-context.js';

/** The row of the desk's local `settings` table that holds the account (never the password). */
export const PHONE_ACCOUNT_SETTING = 'phone.account';
/** The key of the SIP password in the desk's secret store (the OS keychain on the desktop). */
export const SIP_PASSWORD_SECRET = 'phone.sip-password';

function originOf(url: string): string | null {
  try {
    return pbxWebSocketOrigin(url);
  } catch {
    return null;
  }
}

/**
 * The softphone's settings at this desk. The PBX address must be the one origin the window's CSP lets in
 * (it is fixed when the desk starts): a setting the window could never connect to is refused with the
 * reason, instead of a phone that silently never registers.
 */
export function phoneSettingsHandlers(desk: DeskContext) {
  const { phone } = desk;
  const allowed = phone.pbxWebSocketUrl ? originOf(phone.pbxWebSocketUrl) : null;
  const readAccount = (): PhoneAccount => {
    const row = desk.db.prepare('SELECT value FROM settings WHERE key = ?').get(PHONE_ACCOUNT_SETTING) as
      { value: string } | undefined;
    let stored: PhoneAccount = DEFAULT_PHONE_ACCOUNT;
    if (row) {
      try {
        stored = PhoneAccount.parse(JSON.parse(row.value));
      } catch {
        // A row written by a newer or broken desk: start from the defaults rather than break the phone pane.
        stored = DEFAULT_PHONE_ACCOUNT;
      }
    }
    return stored.server === '' && phone.pbxWebSocketUrl ? { ...stored, server: phone.pbxWebSocketUrl } : stored;
  };
  const view = (): PhoneSettingsView => ({
    ...readAccount(),
    password: phone.secrets.get(SIP_PASSWORD_SECRET),
    passwordKept: phone.passwordKept,
    allowedServerOrigin: allowed,
  });
  return {
    'phone:settings': () => view(),
    'phone:save-settings': (input: SavePhoneSettings) => {
      const { password, ...account } = input;
      if (account.server !== '') {
        if (allowed === null) {
          throw new PultError(
            'invalid-input',
            'This desk was started without a PBX address (--pbx-wss, PULT_PBX_WSS or "pbxWebSocketUrl" in config.json), so its security policy lets the window connect to no PBX',
          );
        }
        const origin = originOf(account.server);
        if (origin !== allowed) {
          throw new PultError(
            'invalid-input',
            `This desk may connect only to the PBX it was started with (${allowed}); ${account.server} is another address`,
          );
        }
      }
      const damaged = desk.damaged();
      if (damaged) throw new PultError('store-unavailable', damaged);
      desk.db
        .prepare(
          'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        )
        .run(PHONE_ACCOUNT_SETTING, JSON.stringify(account));
      if (password === '') phone.secrets.delete(SIP_PASSWORD_SECRET);
      else if (password !== null) phone.secrets.set(SIP_PASSWORD_SECRET, password);
      return view();
    },
  } satisfies DeskHandlers<'phone:settings' | 'phone:save-settings'>;
}
