import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { deskDatabase } from '../../main/workstation-db.js';
import { expect, test } from './fixtures.js';
import { openDesk } from './support.js';

/**
 * axe-core (WCAG 2.1 A and AA rules) over what a dispatcher has on screen most of the day: the grid, a ticket's
 * drawer and the new-ticket dialog, in both languages. Contrast below AA, a skipped heading level, a control
 * without a name: each is a violation listed by rule and element.
 */

async function violations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ') ?? ''}`),
  );
}

for (const language of ['ru', 'en'] as const) {
  test(`the grid, a ticket's drawer and the new-ticket dialog pass axe's WCAG AA rules (${language})`, async ({
    page,
    desk,
  }) => {
    const db = deskDatabase(desk.workstation);
    await openDesk(page, desk.host.url, db);
    if (language === 'en') await page.getByTestId('lang-en').click();
    await expect(page.getByTestId('ticket-row').first()).toBeVisible();
    await expect(page.getByTestId('ticket-filters')).toBeVisible();
    expect(await violations(page)).toEqual([]);

    await page.getByTestId('ticket-row').first().click();
    const drawer = page.getByTestId('ticket-drawer');
    await expect(drawer.getByTestId('drawer-number')).toBeVisible();
    expect(await violations(page, '[data-testid="ticket-drawer"]')).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(drawer).toHaveCount(0);

    await page.getByTestId('new-ticket').click();
    const dialog = page.getByTestId('new-ticket-dialog');
    await expect(dialog).toBeVisible();
    expect(await violations(page, '[data-testid="new-ticket-dialog"]')).toEqual([]);
  });
}
