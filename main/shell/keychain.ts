import type { SafeStorage } from 'electron';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { assertNever } from '../../core/result.js';
import type { SecretStore } from '../sync/secret-store.js';

/**
 * Secrets (the server session token, later the SIP password) encrypted with the OS keychain through
 * Electron's safeStorage, kept as ciphertext in one file with owner-only permissions.
 *
 * On Linux without a secret service (no GNOME keyring, no KWallet) Chromium falls back to the `basic_text`
 * backend: it "encrypts" with a key compiled into every copy of Chromium, so anyone who can read the file can
 * read the token. safeStorage still reports encryption as available then. So on Linux the backend is asked
 * for by name, and only a real keychain counts; otherwise nothing is written: the secrets live in memory for
 * this run, the user signs in again at the next start, and is told why.
 */

export type SafeStorageApi = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

export type KeychainStatus =
  Readonly<{ kind: 'secure' }> | Readonly<{ kind: 'unavailable' }> | Readonly<{ kind: 'fixed-key'; backend: string }>;

/** Whether safeStorage would really protect a secret on this machine. Only valid after the app is ready. */
export function keychainStatus(safeStorage: SafeStorageApi, platform: NodeJS.Platform): KeychainStatus {
  if (!safeStorage.isEncryptionAvailable()) return { kind: 'unavailable' };
  if (platform !== 'linux') return { kind: 'secure' };
  const backend = safeStorage.getSelectedStorageBackend();
  switch (backend) {
    case 'gnome_libsecret':
    case 'kwallet':
    case 'kwallet5':
    case 'kwallet6':
      return { kind: 'secure' };
    case 'basic_text':
    case 'unknown':
      return { kind: 'fixed-key', backend };
    default:
      return assertNever(backend, 'safeStorage backend');
  }
}

/** What the user is told when secrets cannot be kept, in both of the desk's languages. */
export function keychainWarning(status: KeychainStatus): string | null {
  switch (status.kind) {
    case 'secure':
      return null;
    case 'unavailable':
      return (
        'Pult не нашёл хранилище паролей системы: вход на сервер не будет сохранён, после перезапуска войдите снова.\n\n' +
        'Pult found no system keychain: your sign-in will not be kept; sign in again after a restart.'
      );
    case 'fixed-key':
      return (
        `Хранилище паролей системы не найдено (safeStorage: ${status.backend}). Pult не сохранит вход на сервер на диске, ` +
        'потому что без него данные шифруются общим для всех ключом. Установите gnome-keyring или KWallet.\n\n' +
        `No system keychain was found (safeStorage: ${status.backend}). Pult will not keep your sign-in on disk, because ` +
        'without a keychain it would be encrypted with a key every copy of Chromium shares. Install gnome-keyring or KWallet.'
      );
    default:
      return assertNever(status, 'keychain status');
  }
}

export type KeychainSecretStore = SecretStore & Readonly<{ status: KeychainStatus }>;

export function createKeychainSecretStore(
  file: string,
  safeStorage: SafeStorageApi,
  platform: NodeJS.Platform,
): KeychainSecretStore {
  const status = keychainStatus(safeStorage, platform);
  const secure = status.kind === 'secure';
  const read = (): Record<string, string> => {
    if (!existsSync(file)) return {};
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const write = (secrets: Record<string, string>) => {
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(secrets), { mode: 0o600 });
    renameSync(tmp, file);
  };
  const memory = new Map<string, string>();
  return {
    status,
    get(key) {
      if (memory.has(key)) return memory.get(key) ?? null;
      const sealed = read()[key];
      // A value sealed under a fixed key is no secret: never trust or use it.
      if (!sealed || !secure) return null;
      try {
        return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
      } catch {
        return null;
      }
    },
    set(key, value) {
      memory.set(key, value);
      if (!secure) return;
      write({ ...read(), [key]: safeStorage.encryptString(value).toString('base64') });
    },
    delete(key) {
      memory.delete(key);
      if (!existsSync(file)) return;
      const secrets = read();
      delete secrets[key];
      write(secrets);
    },
  };
}
