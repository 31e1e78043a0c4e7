import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKeychainSecretStore, keychainStatus, keychainWarning, type SafeStorageApi } from './keychain.js';

/**
 * A session token on disk is as good as a password. These tests hold the keychain store to: it writes only
 * ciphertext from a real OS keychain, and on Linux's fixed-key fallback it writes nothing and says so.
 */

type Backend = ReturnType<SafeStorageApi['getSelectedStorageBackend']>;

/** A stand-in for safeStorage whose "ciphertext" is recognisably not the plaintext. */
function fakeSafeStorage(backend: Backend, available = true) {
  return {
    isEncryptionAvailable: vi.fn(() => available),
    getSelectedStorageBackend: vi.fn(() => backend),
    encryptString: vi.fn((text: string) => Buffer.from(`sealed:${[...text].reverse().join('')}`)),
    decryptString: vi.fn((sealed: Buffer) => [...sealed.toString().replace(/^sealed:/, '')].reverse().join('')),
  } satisfies SafeStorageApi;
}

const TOKEN = 'session-token-3f9a1c';
let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pult-keychain-'));
  file = join(dir, 'secrets.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('with a real keychain', () => {
  it.each(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'] as const)(
    'on Linux (%s) keeps the token as owner-only ciphertext that a later start reads back',
    (backend) => {
      const safeStorage = fakeSafeStorage(backend);
      createKeychainSecretStore(file, safeStorage, 'linux').set('token', TOKEN);
      expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const later = createKeychainSecretStore(file, safeStorage, 'linux');
      expect(later.status).toEqual({ kind: 'secure' });
      expect(later.get('token')).toBe(TOKEN);
    },
  );

  it('on Windows and macOS trusts safeStorage without asking for a Linux backend', () => {
    const safeStorage = fakeSafeStorage('unknown');
    expect(keychainStatus(safeStorage, 'win32')).toEqual({ kind: 'secure' });
    expect(keychainStatus(safeStorage, 'darwin')).toEqual({ kind: 'secure' });
    expect(safeStorage.getSelectedStorageBackend).not.toHaveBeenCalled();
    expect(keychainWarning({ kind: 'secure' })).toBeNull();
  });
});

describe('on Linux without a secret service', () => {
  it.each(['basic_text', 'unknown'] as const)(
    'with the %s backend refuses to store the token on disk and keeps it for this run only',
    (backend) => {
      const safeStorage = fakeSafeStorage(backend);
      const store = createKeychainSecretStore(file, safeStorage, 'linux');
      expect(store.status).toEqual({ kind: 'fixed-key', backend });
      store.set('token', TOKEN);
      expect(store.get('token')).toBe(TOKEN);
      expect(existsSync(file)).toBe(false);
      expect(safeStorage.encryptString).not.toHaveBeenCalled();
      expect(createKeychainSecretStore(file, safeStorage, 'linux').get('token')).toBeNull();
    },
  );

  it('ignores a token an earlier version sealed under the fixed key', () => {
    const safeStorage = fakeSafeStorage('basic_text');
    writeFileSync(file, JSON.stringify({ token: safeStorage.encryptString(TOKEN).toString('base64') }));
    expect(createKeychainSecretStore(file, safeStorage, 'linux').get('token')).toBeNull();
    expect(safeStorage.decryptString).not.toHaveBeenCalled();
  });

  it('tells the user, in Russian and English, why the sign-in is not kept and what to install', () => {
    const warning = keychainWarning(keychainStatus(fakeSafeStorage('basic_text'), 'linux'));
    expect(warning).toMatch(/basic_text/);
    expect(warning).toMatch(/не сохранит/);
    expect(warning).toMatch(/gnome-keyring or KWallet/);
  });

  it('with no encryption at all stores nothing either, and says so', () => {
    const safeStorage = fakeSafeStorage('gnome_libsecret', false);
    const store = createKeychainSecretStore(file, safeStorage, 'linux');
    store.set('token', TOKEN);
    expect(existsSync(file)).toBe(false);
    expect(keychainWarning(store.status)).toMatch(/no system keychain/);
  });
});

describe('signing out', () => {
  it('removes the sealed token from the file', () => {
    const safeStorage = fakeSafeStorage('gnome_libsecret');
    const store = createKeychainSecretStore(file, safeStorage, 'linux');
    store.set('token', TOKEN);
    store.set('other', 'x');
    store.delete('token');
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object)).toEqual(['other']);
    expect(createKeychainSecretStore(file, safeStorage, 'linux').get('token')).toBeNull();
  });
});
