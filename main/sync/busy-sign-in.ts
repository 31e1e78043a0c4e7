import { SyncHttpError, type SyncTransport } from './transport.js';

/** How long a sign-in waits in all for a server that is busy checking other passwords, before saying so. */
const BUSY_WAIT_MS = 10_000;

/**
 * Signs in, waiting as the server asks while it is busy (503 `busy` with Retry-After: a flood of sign-ins
 * fills its line of password checks). A person at the desk should get in a moment later, not be told the
 * server is unreachable; after BUSY_WAIT_MS the last refusal stands.
 */
export async function loginWhenNotBusy(transport: SyncTransport, login: string, password: string) {
  const started = Date.now();
  for (;;) {
    try {
      return await transport.login(login, password);
    } catch (error) {
      if (!(error instanceof SyncHttpError) || error.status !== 503) throw error;
      // A server that asks for longer than the budget left is told "busy" at once, not waited for in vain.
      const waitMs = Math.max((error.retryAfterSeconds ?? 1) * 1000, 200);
      if (Date.now() - started + waitMs > BUSY_WAIT_MS) throw error;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
