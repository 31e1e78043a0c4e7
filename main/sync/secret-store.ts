/**
 * Where a desk keeps its secrets (the server session token, later the SIP password). The Electron shell
 * backs this with the OS keychain (safeStorage); the browser host and tests keep them in memory, so a
 * restarted host signs in again.
 */
export type SecretStore = Readonly<{
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
}>;

export function createMemorySecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  return {
    get: (key) => secrets.get(key) ?? null,
    set: (key, value) => void secrets.set(key, value),
    delete: (key) => void secrets.delete(key),
  };
}
