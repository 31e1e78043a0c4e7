import { safeStorage } from 'electron';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SecretStore } from '../sync/secret-store.js';

/**
 * Secrets (the server session token, later the SIP password) encrypted with the OS keychain through
 * Electron's safeStorage, kept as ciphertext in one file with owner-only permissions. Where the OS offers
 * no keychain, nothing is stored: the user signs in again at the next start rather than leaving a
 * plaintext token on disk.
 */
export function createKeychainSecretStore(file: string): SecretStore {
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
    get(key) {
      if (memory.has(key)) return memory.get(key) ?? null;
      const sealed = read()[key];
      if (!sealed || !safeStorage.isEncryptionAvailable()) return null;
      try {
        return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
      } catch {
        return null;
      }
    },
    set(key, value) {
      memory.set(key, value);
      if (!safeStorage.isEncryptionAvailable()) return;
      write({ ...read(), [key]: safeStorage.encryptString(value).toString('base64') });
    },
    delete(key) {
      memory.delete(key);
      const secrets = read();
      delete secrets[key];
      write(secrets);
    },
  };
}
