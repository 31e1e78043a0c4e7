import { deskDatabase } from '../../main/workstation-db.js';
import type { Locator, Page } from '@playwright/test';
import { callsOf } from './calls.js';
import { expect, test } from './fixtures.js';
import { openDesk } from './support.js';

/**
 * The window's frame: five panes reachable by the navigation, by address and by Alt+1…Alt+5; the address
 * survives a reload and Back; nothing in the navigation or the top bar overlaps at the narrowest supported
 * width; the grid's keys are dead while another pane is on screen.
 */

const PANES = ['tickets', 'calendar', 'map', 'calls', 'debts'] as const;
const OTHER_PANES = PANES.filter((p) => p !== 'tickets');

type Box = Readonly<{ x: number; y: number; width: number; height: number }>;

async function boxOf(name: string, locator: Locator): Promise<Box> {
  await expect(locator, name).toBeVisible();
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${name} has no box`);
  return box;
}

const overlap = (a: Box, b: Box) =>
  Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.5 &&
  Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.5;

/** Every control is on screen, whole, and no two share a pixel. */
async function expectLaidOut(page: Page, controls: Readonly<Record<string, Locator>>) {
  const viewport = page.viewportSize()!;
  const boxes: [string, Box][] = [];
  for (const [name, locator] of Object.entries(controls)) {
    const box = await boxOf(name, locator);
    expect(box.x, `${name} starts inside the window`).toBeGreaterThanOrEqual(0);
    expect(box.y, `${name} starts inside the window`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${name} ends inside the window`).toBeLessThanOrEqual(viewport.width);
    expect(box.y + box.height, `${name} ends inside the window`).toBeLessThanOrEqual(viewport.height);
    boxes.push([name, box]);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, boxA] = boxes[i]!;
      const [b, boxB] = boxes[j]!;
      expect(overlap(boxA, boxB), `${a} ${JSON.stringify(boxA)} overlaps ${b} ${JSON.stringify(boxB)}`).toBe(false);
    }
  }
}

function navControls(page: Page): Record<string, Locator> {
  return {
    'app name': page.getByTestId('app-name'),
    ...Object.fromEntries(PANES.map((p) => [`nav ${p}`, page.getByTestId(`nav-${p}`)])),
  };
}

function userControls(page: Page): Record<string, Locator> {
  // RU and EN are one toggle group, whose buttons share a border by design: the group is the control.
  return {
    user: page.getByTestId('current-user'),
    language: page.locator('[role="group"]:has([data-testid="lang-ru"])'),
  };
}

for (const [width, height] of [
  [1024, 768],
  [1920, 1080],
] as const) {
  test(`at ${width}×${height} every nav item and top-bar control is visible and none overlaps another`, async ({
    page,
    desk,
  }) => {
    await page.setViewportSize({ width, height });
    await openDesk(page, desk.host.url, deskDatabase(desk.workstation));
    const views = ['open', 'callbacks', 'mine', 'unpaid', 'all'];
    await expectLaidOut(page, {
      ...navControls(page),
      ...Object.fromEntries(views.map((v) => [`view ${v}`, page.getByTestId(`view-${v}`)])),
      search: page.getByTestId('ticket-search'),
      count: page.getByTestId('ticket-count'),
      'new ticket': page.getByTestId('new-ticket'),
      help: page.getByTestId('shortcut-help-button'),
      phone: page.getByTestId('phone-registration'),
      ...userControls(page),
    });

    // Another pane has the same frame, and the same guarantee.
    await page.getByTestId('nav-map').click();
    await expect(page.getByTestId('pane-controls')).toHaveText('Карта');
    // The grid's controls left the bar with the grid: one pane's controls at a time.
    await expect(page.getByTestId('new-ticket')).toHaveCount(0);
    await expectLaidOut(page, {
      ...navControls(page),
      title: page.getByTestId('pane-controls').locator('h2'),
      phone: page.getByTestId('phone-registration'),
      ...userControls(page),
    });
  });
}

test('the search, the count, "New ticket" and help wrap together under the tabs, never one of them alone', async ({
  page,
  desk,
}) => {
  await openDesk(page, desk.host.url, deskDatabase(desk.workstation));
  await page.getByTestId('view-all').click();
  const middle = async (testId: string) => {
    const box = (await page.getByTestId(testId).boundingBox())!;
    return Math.round(box.y + box.height / 2);
  };
  // Every width where the bar goes from one line to two is crossed: a 20 px step is less than the help button
  // and its gap, so a width where only it would move to the second line is among them.
  for (let width = 1100; width <= 1600; width += 20) {
    await page.setViewportSize({ width, height: 800 });
    const line = await middle('ticket-search');
    for (const other of ['ticket-count', 'new-ticket', 'shortcut-help-button']) {
      expect(Math.abs((await middle(other)) - line), `${other} at ${width} px`).toBeLessThanOrEqual(4);
    }
  }
});

test('a search box narrower than its hint ends the hint in an ellipsis, and shows the whole of it on hover', async ({
  page,
  desk,
}) => {
  await page.setViewportSize({ width: 1400, height: 800 });
  await openDesk(page, desk.host.url, deskDatabase(desk.workstation));
  const search = page.getByTestId('ticket-search');
  const hint = (await search.getAttribute('placeholder'))!;
  // The hint is wider than the box at this width, so without the ellipsis a word would be cut in the middle.
  const { hintWidth, boxWidth } = await search.evaluate((input: HTMLInputElement) => {
    const probe = document.createElement('span');
    probe.style.font = getComputedStyle(input).font;
    probe.style.whiteSpace = 'pre';
    probe.textContent = input.placeholder;
    document.body.append(probe);
    const hintWidth = probe.getBoundingClientRect().width;
    probe.remove();
    return { hintWidth, boxWidth: input.clientWidth };
  });
  expect(hintWidth).toBeGreaterThan(boxWidth);
  await expect(search).toHaveCSS('text-overflow', 'ellipsis');
  await expect(search).toHaveAttribute('title', hint);
});

test('a link the host no longer knows (a restarted host prints a new one) says which link to open, and offers no retry that cannot work', async ({
  page,
  desk,
}) => {
  const url = new URL(desk.host.url);
  // What a tab holds after its host restarted: a well-formed token of an earlier launch.
  url.hash = `token=${'A'.repeat(43)}`;
  await page.goto(url.toString());
  await expect(page.getByTestId('app-error')).toContainText('Откройте ссылку, которую Pult напечатал');
  await expect(page.getByTestId('grid-error')).toContainText('перезагрузка этой вкладки не поможет');
  await expect(page.getByTestId('grid-error').getByRole('button')).toHaveCount(0);
});

test('each nav item shows its pane and its address; a reload keeps the pane; Back returns', async ({ page, desk }) => {
  await openDesk(page, desk.host.url, deskDatabase(desk.workstation));
  // The browser host's token has left the address; the route took its place.
  expect(page.url()).not.toContain('token=');
  expect(new URL(page.url()).hash).toBe('#/tickets');
  await expect(page.getByTestId('nav-tickets')).toHaveAttribute('aria-current', 'page');

  for (const pane of [...OTHER_PANES, 'tickets' as const]) {
    await page.getByTestId(`nav-${pane}`).click();
    await expect(page).toHaveURL(new RegExp(`#/${pane}$`));
    await expect(page.getByTestId(`pane-${pane}`)).toBeVisible();
    await expect(page.getByTestId(`nav-${pane}`)).toHaveAttribute('aria-current', 'page');
    for (const other of PANES.filter((p) => p !== pane)) {
      await expect(page.getByTestId(`nav-${other}`)).not.toHaveAttribute('aria-current', 'page');
    }
  }

  // A pane names itself in the top bar, in the interface language.
  await page.getByTestId('nav-map').click();
  await expect(page.getByTestId('pane-controls')).toHaveText('Карта');
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('pane-controls')).toHaveText('Map');
  await expect(page.getByTestId('nav-map')).toContainText('Map');
  await page.getByTestId('lang-ru').click();

  await page.reload();
  await expect(page).toHaveURL(/#\/map$/);
  await expect(page.getByTestId('pane-map')).toBeVisible();
  // The reload came back signed in with the token kept for this tab: no error, the user's name is there.
  await expect(page.getByTestId('app-error')).toHaveCount(0);
  await expect(page.getByTestId('current-user')).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(/#\/tickets$/);
  await expect(page.getByTestId('pane-tickets')).toBeVisible();
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/#\/debts$/);
  await page.goBack();
  await expect(page).toHaveURL(/#\/calls$/);
  await expect(page.getByTestId('pane-calls')).toBeVisible();
  await page.goForward();
  await expect(page).toHaveURL(/#\/debts$/);
  await expect(page.getByTestId('pane-debts')).toBeVisible();
});

test('an address that names no pane shows the tickets pane and says so in the address', async ({ page, desk }) => {
  await openDesk(page, desk.host.url, deskDatabase(desk.workstation));
  await page.evaluate(() => (window.location.hash = '#/nonsense'));
  await expect(page).toHaveURL(/#\/tickets$/);
  await expect(page.getByTestId('pane-tickets')).toBeVisible();
});

test('Alt+1…Alt+5 switch panes, and grid shortcuts do nothing while another pane is on screen', async ({
  page,
  desk,
}) => {
  await openDesk(page, desk.host.url, deskDatabase(desk.workstation));
  for (const [i, pane] of PANES.entries()) {
    await page.keyboard.press(`Alt+${i + 1}`);
    await expect(page).toHaveURL(new RegExp(`#/${pane}$`));
    await expect(page.getByTestId(`pane-${pane}`)).toBeVisible();
  }

  await page.keyboard.press('Alt+3');
  await expect(page.getByTestId('pane-map')).toBeVisible();
  // N (new ticket), ↓ (select), / (search) are the grid's: on the map they must do nothing.
  await page.keyboard.press('n');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('/');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('pane-tickets')).toBeVisible();
  await expect(page.getByTestId('ticket-search')).not.toBeFocused();
  await expect(page.locator('[data-testid="ticket-row"][data-selected="true"]')).toHaveCount(0);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // Back on the grid the same keys work again.
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-testid="ticket-row"][data-selected="true"]')).toHaveCount(1);
  await page.keyboard.press('n');
  await expect(page.getByTestId('new-ticket-dialog')).toBeVisible();
});

test('"?" lists the shortcuts that work everywhere, plus the grid\'s only on the tickets pane', async ({
  page,
  desk,
}) => {
  await openDesk(page, desk.host.url, deskDatabase(desk.workstation));
  const help = page.getByTestId('shortcut-help');

  await page.keyboard.press('?');
  await expect(help.getByTestId('shortcut-section')).toHaveCount(2);
  await expect(help).toContainText('Перейти в раздел');
  await expect(help).toContainText('Перейти к поиску');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  // The help dialog owned the keys while open: Escape closed it and selected nothing.
  await expect(page.locator('[data-testid="ticket-row"][data-selected="true"]')).toHaveCount(0);

  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('pane-calendar')).toBeVisible();
  await page.keyboard.press('?');
  await expect(help.getByTestId('shortcut-section')).toHaveCount(1);
  await expect(help).toContainText('Перейти в раздел');
  await expect(help).not.toContainText('Перейти к поиску');
});

test('the first page of the grid is asked for once at start (the early request is the one the grid uses)', async ({
  page,
  desk,
}) => {
  await openDesk(page, desk.host.url, deskDatabase(desk.workstation));
  // Let any second request the grid might make leave before counting (over HTTP or the events socket).
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  expect(callsOf(page).filter((c) => c.method === 'tickets:query')).toHaveLength(1);
});
