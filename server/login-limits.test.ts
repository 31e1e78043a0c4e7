import { describe, expect, test } from 'vitest';
import { BACKENDS, startTestServer, testDatabases } from './test-support/backends.js';
import { loginFrom, type RawReply } from './test-support/raw-http.js';
import { PASSWORD } from './test-support/world.js';

/**
 * The front door under attack: many guesses at once for one login, a flood of made-up logins, a flood from
 * many addresses, and a proxy in front. Each test tries to get more password checks than the limit allows,
 * or to make a real user wait behind somebody else's flood.
 */
const databases = testDatabases();

const codeOf = (r: RawReply) => (r.body as { error?: { code?: string } } | null)?.error?.code;
const count = (replies: readonly RawReply[], status: number) => replies.filter((r) => r.status === status).length;

function expectErrorShape(reply: RawReply) {
  expect(reply.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
}

describe.each(BACKENDS)('sign-in limits on %s', (backend) => {
  test('200 wrong passwords for one login at once: at most the allowed number get their password checked, the rest 429 with Retry-After', async () => {
    const { url } = await startTestServer(databases, backend);
    const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => loginFrom(url, 'anna', `guess-${i}`)));
    const checked = count(replies, 401);
    console.log(`200 concurrent guesses for one login: ${checked} checked (401), ${count(replies, 429)} refused (429)`);
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(10);
    expect(count(replies, 429)).toBe(200 - checked);
    for (const r of replies.filter((x) => x.status === 429)) {
      expectErrorShape(r);
      expect(codeOf(r)).toBe('too-many-attempts');
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    // The pair stays paused, the right password included.
    expect((await loginFrom(url, 'anna', PASSWORD)).status).toBe(429);
  });

  test("a flood of 200 made-up logins from one address does not make a real user's sign-in from another address wait behind it", async () => {
    const { url } = await startTestServer(databases, backend);
    // What one sign-in costs on this machine right now (scrypt is slow on purpose, slower on a busy machine).
    let t = performance.now();
    expect((await loginFrom(url, 'ivan', PASSWORD, { localAddress: '127.0.0.2' })).status).toBe(200);
    const aloneMs = performance.now() - t;
    const t0 = performance.now();
    const flood = Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        loginFrom(url, `nobody-${i}`, 'whatever', { localAddress: '127.0.0.1' }).then((r) => ({
          ...r,
          at: performance.now() - t0,
        })),
      ),
    );
    // Let the flood reach the server and fill its line of password checks first.
    await new Promise((r) => setTimeout(r, 100));
    t = performance.now();
    const real = await loginFrom(url, 'ivan', PASSWORD, { localAddress: '127.0.0.2' });
    const realMs = performance.now() - t;
    const realDone = performance.now() - t0;
    const replies = await flood;
    const checked = replies.filter((r) => r.status === 401);
    const checkedBefore = checked.filter((r) => r.at < realDone).length;
    console.log(
      `flood of 200 made-up logins: ${checked.length} checked, ${count(replies, 429)} refused, ${count(replies, 503)} busy, ` +
        `all answered in ${Math.max(...replies.map((r) => r.at)).toFixed(0)} ms; a real sign-in from another address ` +
        `meanwhile took ${realMs.toFixed(0)} ms (${aloneMs.toFixed(0)} ms alone), answered after ${checkedBefore} of ` +
        `the flood's ${checked.length} checks`,
    );
    expect(real.status).toBe(200);
    // Most of the flood never costs a password check: one address gets a few places in the line.
    expect(checked.length).toBeLessThanOrEqual(30);
    expect(checked.length + count(replies, 429) + count(replies, 503)).toBe(200);
    for (const r of replies.filter((x) => x.status !== 401)) expectErrorShape(r);
    // The real sign-in goes before the flood's waiting checks: at most the ones already running (and, on a
    // starved machine, one more) finish first. In a first-come line it would wait for all of them.
    expect(checkedBefore).toBeLessThanOrEqual(Math.ceil(checked.length * 0.6));
    // Generous, for a machine whose cores are shared: 200 checks in a row would take far longer.
    expect(realMs).toBeLessThan(Math.max(10_000, 4 * aloneMs));
  });

  test('when the line of password checks is full, more sign-ins are refused at once with 503 busy and Retry-After', async () => {
    const { url } = await startTestServer(databases, backend, { trustProxy: ['127.0.0.1'] });
    // 40 addresses × 5 made-up logins: within every per-address limit, far beyond the shared line.
    const t0 = performance.now();
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        loginFrom(url, `nobody-${i}`, 'whatever', { forwardedFor: `10.0.${Math.floor(i / 5)}.1` }).then((r) => ({
          ...r,
          ms: performance.now() - t0,
        })),
      ),
    );
    const busy = replies.filter((r) => r.status === 503);
    console.log(
      `200 made-up logins from 40 addresses: ${count(replies, 401)} checked, ${busy.length} busy; ` +
        `first busy answer after ${Math.min(...busy.map((r) => r.ms)).toFixed(0)} ms`,
    );
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) {
      expectErrorShape(r);
      expect(codeOf(r)).toBe('busy');
      expect(r.headers['retry-after']).toBe('1');
    }
    expect(count(replies, 401) + busy.length).toBe(200);
  });

  test('behind a trusted proxy the X-Forwarded-For address is the one limited; without trustProxy the header changes nothing', async () => {
    const proxied = await startTestServer(databases, backend, { signInAttempts: 3, trustProxy: ['127.0.0.1'] });
    for (let i = 0; i < 3; i++) {
      expect((await loginFrom(proxied.url, 'anna', `guess-${i}`, { forwardedFor: '203.0.113.7' })).status).toBe(401);
    }
    expect((await loginFrom(proxied.url, 'anna', PASSWORD, { forwardedFor: '203.0.113.7' })).status).toBe(429);
    // Another client behind the same proxy is another address.
    expect((await loginFrom(proxied.url, 'anna', PASSWORD, { forwardedFor: '203.0.113.8' })).status).toBe(200);

    const direct = await startTestServer(databases, backend, { signInAttempts: 3 });
    for (let i = 0; i < 3; i++) {
      const forwardedFor = `198.51.100.${i}`;
      expect((await loginFrom(direct.url, 'anna', `guess-${i}`, { forwardedFor })).status).toBe(401);
    }
    const spoofed = await loginFrom(direct.url, 'anna', PASSWORD, { forwardedFor: '198.51.100.99' });
    expect(spoofed.status).toBe(429);
  });

  test('a proxy list that is not addresses is refused when the server starts', async () => {
    await expect(startTestServer(databases, backend, { trustProxy: ['not an address'] })).rejects.toThrow(/trustProxy/);
  });
});
