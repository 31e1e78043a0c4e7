import type { FastifyPluginAsync } from 'fastify';
import { LoginRequest, type LoginResponse } from '../../core/sync-protocol.js';
import { createAttemptLimiter } from '../auth/failure-limiter.js';
import { createKdfGate, type KdfGateOptions, defaultKdfGateOptions } from '../auth/kdf-gate.js';
import { decoyHash } from '../auth/passwords.js';
import { endSession, login, normalizeLogin, sessionUser } from '../auth/users.js';
import { HttpError } from '../http-error.js';
import { parseBody, refuseUnstorableText, sessionOf, type ServerContext } from './context.js';
import { signedIn } from './sessions.js';

export type SignInLimits = Readonly<{
  /** Wrong passwords per login and address per window (default 10). */
  perLogin: number;
  /** Wrong passwords (any login, known or not) per address per window (default 30, at least 3 × perLogin). */
  perAddress: number;
  windowMs: number;
  kdf: KdfGateOptions;
}>;

export const DEFAULT_SIGN_IN_ATTEMPTS = 10;
const WINDOW_MS = 60_000;

export function signInLimits(perLogin = DEFAULT_SIGN_IN_ATTEMPTS, kdf: Partial<KdfGateOptions> = {}): SignInLimits {
  return {
    perLogin,
    perAddress: Math.max(30, 3 * perLogin),
    windowMs: WINDOW_MS,
    kdf: { ...defaultKdfGateOptions(), ...kdf },
  };
}

const tooMany = (waitMs: number) => {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new HttpError(429, 'too-many-attempts', `Too many sign-in attempts: try again in ${seconds} s`, seconds);
};

/**
 * Sign-in and sign-out. Guessing passwords: every attempt is counted before its password is checked, per
 * login and address (after a few wrong tries that pair waits out the window, a right password included) and
 * per address over all logins, known or not (a flood of made-up logins from one address is cut off early,
 * and whether a login exists shows neither in the timing nor in when the limit strikes). Per login, so
 * twenty desks behind one office NAT signing in at nine are not one client; per address, so nobody can lock
 * a user out from afar. The checks themselves go through a bounded, fair queue (kdf-gate.ts).
 */
export const authRoutes: FastifyPluginAsync<ServerContext & Readonly<{ limits: SignInLimits }>> = async (
  app,
  { database: { db }, limits },
) => {
  const pairs = createAttemptLimiter(limits.perLogin, limits.windowMs);
  const addresses = createAttemptLimiter(limits.perAddress, limits.windowMs);
  const gate = createKdfGate(limits.kdf);
  // Made now, so that the first unknown login does not cost two hashes (and show that it is unknown).
  void decoyHash();

  app.post('/api/auth/login', async (request): Promise<LoginResponse> => {
    const body = parseBody(LoginRequest, request.body);
    refuseUnstorableText(body);
    const address = request.ip;
    const pair = `${address}|${normalizeLogin(body.login)}`;
    const now = Date.now();
    const pairWait = pairs.reserve(pair, now);
    if (pairWait > 0) throw tooMany(pairWait);
    const addressWait = addresses.reserve(address, now);
    if (addressWait > 0) {
      pairs.release(pair);
      throw tooMany(addressWait);
    }
    let result: Awaited<ReturnType<typeof login>>;
    try {
      result = await gate.run(address, () => login(db, body.login, body.password));
    } catch (error) {
      // Not checked (the queue was full) or not answered (the database): not a wrong password.
      pairs.release(pair);
      addresses.release(address);
      throw error;
    }
    if (!result) throw new HttpError(401, 'unauthorized', 'Wrong login or password');
    pairs.clear(pair);
    addresses.release(address);
    return { token: result.token, user: sessionUser(result.user) };
  });

  await app.register(async (signedInOnly) => {
    signedInOnly.addHook('onRequest', signedIn(db));
    signedInOnly.post('/api/auth/logout', async (request) => {
      await endSession(db, sessionOf(request).tokenHash);
      return { ok: true };
    });
  });
};
