// The board in a real browser against the real server: columns and counts, the three ways to
// move a card, WIP refusals and force, filters in the URL, deep links, theme, token handling.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { closeBrowser, contrast, countOf, keysIn, openPage, screenshot, seedProject, Server, until } from './harness.mjs';

let server;
before(async () => {
  server = await Server.start();
});

// Each test gets a project of its own: BA, BB, ... with four tickets in the backlog.
let projects = 0;
let P = '';
async function freshProject() {
  P = 'B' + String.fromCharCode(65 + projects++);
  await seedProject(server, { key: P, titles: ['Refund flow', 'Ledger export', 'Fraud rules', 'Chargebacks'], limit: 2 });
  return P;
}
after(async () => {
  await closeBrowser();
  await server?.close();
});

async function board(route = '/board/{P}', options) {
  const page = await openPage(options);
  await page.goto(server.signedIn(route.replace('{P}', P)));
  await page.locator('[data-ticket-key]').first().waitFor();
  await page.locator('[data-connection="live"]').waitFor();
  return page;
}

async function done(page) {
  assert.deepEqual(page.problems, [], 'no console errors');
  await page.context().close();
}

describe('board', () => {
  test('shows the workflow columns with counts and WIP limits, signed in from the fragment', async () => {
    await freshProject();
    const page = await board();
    assert.equal(new URL(page.url()).hash, '', 'the token left the address bar');
    const workflow = await server.api('GET', `/projects/${P}/workflow`);
    const columns = await page.locator('[data-column-id]').evaluateAll((els) => els.map((e) => e.dataset.columnId));
    assert.deepEqual(columns, workflow.columns.map((c) => c.id));
    assert.deepEqual(await keysIn(page, 'backlog'), [`${P}-1`, `${P}-2`, `${P}-3`, `${P}-4`]);
    assert.equal(await countOf(page, 'backlog'), 4);
    assert.equal((await page.locator('[data-column-id="building"] .wip').innerText()).replace(/\s+/g, ' ').trim(), '0 / 2');
    const card = page.locator(`[data-ticket-key="${P}-1"]`);
    assert.match(await card.innerText(), /Refund flow/);
    assert.match(await card.innerText(), /Medium/);
    await screenshot(page, 'board-light');
    await done(page);
  });

  test('moves a card by drag and drop, by keyboard and by the menu, and the server agrees', async () => {
    await freshProject();
    const page = await board();
    await page.locator(`[data-ticket-key="${P}-1"]`).dragTo(page.locator('[data-column-id="analyzing"]'));
    await until(async () => (await keysIn(page, 'analyzing')).includes(`${P}-1`), `${P}-1 in analyzing`);
    await until(async () => (await server.api('GET', `/tickets/${P}-1`)).phase_id === 'PHASE_REQUIREMENTS', `the server to move ${P}-1`);

    await page.locator(`[data-ticket-key="${P}-2"]`).focus();
    await page.keyboard.press('Alt+ArrowRight');
    await until(async () => (await keysIn(page, 'analyzing')).includes(`${P}-2`), `${P}-2 in analyzing`);
    await until(async () => (await page.evaluate(() => document.activeElement?.getAttribute('data-ticket-key'))) === `${P}-2`, 'focus to stay on the card');
    await until(async () => (await server.api('GET', `/tickets/${P}-2`)).status === 'analyzing', `the server to move ${P}-2`);

    await page.locator(`[data-ticket-key="${P}-3"]`).hover();
    await page.locator(`[data-ticket-key="${P}-3"] .card-menu-button`).click();
    await page.locator('[role="menu"] [data-move-to="building"]').click();
    await until(async () => (await keysIn(page, 'building')).includes(`${P}-3`), `${P}-3 in building`);
    await until(async () => (await countOf(page, 'building')) === 1, 'the building count to be 1');
    assert.equal((await server.api('GET', `/tickets/${P}-3`)).phase_id, 'PHASE_IMPLEMENTATION');
    assert.match(await page.locator('[data-announcement]').innerText(), new RegExp(`${P}-3 moved to`));
    await done(page);
  });

  test('a WIP refusal puts the card back with the server message; force moves it', async () => {
    await freshProject();
    for (const n of [1, 2]) await server.api('POST', '/board/move', { ticket_id: `${P}-${n}`, target_column_id: 'building' });
    const page = await board();
    await until(async () => (await countOf(page, 'building')) === 2, 'building to be full');
    assert.match(await page.locator('[data-column-id="building"] .wip').innerText(), /full/);
    await page.locator(`[data-ticket-key="${P}-4"]`).dragTo(page.locator('[data-column-id="building"]'));
    const refusal = page.locator('.refusal[data-error-code="WIP_LIMIT_EXCEEDED"]');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), new RegExp(`${P}-4 was not moved`));
    assert.match(await refusal.innerText(), /WIP/i);
    await until(async () => (await keysIn(page, 'backlog')).includes(`${P}-4`), `${P}-4 back in the backlog`);
    assert.ok(!(await keysIn(page, 'building')).includes(`${P}-4`));
    assert.equal((await server.api('GET', `/tickets/${P}-4`)).phase_id, 'PHASE_BACKLOG');
    await screenshot(page, 'board-wip-refusal');

    await refusal.getByRole('button', { name: 'Force the move' }).click();
    await until(async () => (await keysIn(page, 'building')).includes(`${P}-4`), `${P}-4 forced into building`);
    await until(async () => (await countOf(page, 'building')) === 3, 'building to count 3');
    const wip = page.locator('[data-column-id="building"] .wip');
    assert.equal(await wip.getAttribute('data-wip'), 'over');
    assert.match(await wip.innerText(), /over limit/);
    assert.equal((await server.api('GET', `/board/wip-violations?project_id=${P}`))[0].excess, 1);
    await screenshot(page, 'board-over-limit');
    await done(page);
  });

  test('filters live in the URL and survive a reload; the ticket panel opens from a deep link', async () => {
    await freshProject();
    await server.api('POST', '/board/move', { ticket_id: `${P}-3`, target_column_id: 'building' });
    const page = await board('/board/{P}?priority=MEDIUM&q=ledger');
    await until(async () => (await page.locator('[data-ticket-key]').count()) === 1, 'one card shown');
    assert.equal(await page.locator('[data-ticket-key]').getAttribute('data-ticket-key'), `${P}-2`);
    assert.equal(await page.locator('input[name="q"]').inputValue(), 'ledger');
    await page.locator('select[name="priority"]').selectOption('HIGH');
    await until(() => new URL(page.url()).searchParams.get('priority') === 'HIGH', 'priority=HIGH in the URL');
    await until(async () => (await page.locator('[data-ticket-key]').count()) === 0, 'no card shown');
    await page.reload();
    await page.locator('[data-connection="live"]').waitFor();
    assert.equal(await page.locator('select[name="priority"]').inputValue(), 'HIGH');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await until(() => new URL(page.url()).search === '', 'filters cleared from the URL');
    await until(async () => (await page.locator('[data-ticket-key]').count()) === 4, 'every card back');

    await page.locator(`[data-ticket-key="${P}-2"]`).focus();
    await page.keyboard.press('Enter');
    await until(() => new URL(page.url()).searchParams.get('ticket') === `${P}-2`, `?ticket=${P}-2`);
    const panel = page.locator('aside.panel');
    await panel.locator('[data-field="status"]').waitFor();
    assert.match(await panel.innerText(), /Ledger export/);
    await page.reload();
    await page.locator('aside.panel [data-field="status"]').waitFor();
    await page.keyboard.press('Escape');
    await until(() => !new URL(page.url()).searchParams.has('ticket'), 'the panel closed');

    await page.goto(`${server.base}/tickets/${P}-3`);
    await page.locator('aside.panel [data-field="phase"]').waitFor();
    assert.equal(await page.locator('aside.panel [data-field="phase"]').innerText(), 'Implementation');
    await done(page);
  });

  test('the task creator makes tasks; the dependency picker shows a cycle before anything is written', async () => {
    await freshProject();
    const page = await board(`/board/{P}?ticket=${P}-1`);
    const panel = page.locator('aside.panel');
    await panel.locator('[data-field="status"]').waitFor();
    for (const [title, after] of [['first', null], ['second', 'first']]) {
      await panel.getByRole('button', { name: 'New task…' }).click();
      await panel.locator('input[name="title"]').fill(title);
      if (after) await panel.locator('.picker label', { hasText: after }).locator('input').check();
      await panel.getByRole('button', { name: 'Create task' }).click();
      await panel.locator('.task-list li', { hasText: title }).waitFor();
    }
    const tasks = (await server.api('GET', `/tasks?project_id=${P}&limit=100`)).tasks;
    const first = tasks.find((t) => t.title === 'first');
    const second = tasks.find((t) => t.title === 'second');
    assert.deepEqual(second.depends_on, [first.id]);
    await panel.locator('.task-list li', { hasText: /^pending first/ }).getByRole('button', { name: 'dependencies…' }).click();
    await panel.locator('.picker label', { hasText: 'second' }).locator('input').check();
    const cycle = panel.locator('[data-error-code="TASK_DEPENDENCY_CYCLE"]');
    await cycle.waitFor();
    assert.match(await cycle.innerText(), /first → second → first|second → first → second/);
    assert.equal(await panel.getByRole('button', { name: 'Save dependencies' }).isDisabled(), true);
    assert.deepEqual((await server.api('GET', `/tasks/${first.id}`)).depends_on, [], 'nothing written');
    await screenshot(page, 'ticket-panel-cycle');
    await done(page);
  });

  test('the ticket panel offers the workflow\'s next steps and moves the ticket', async () => {
    await freshProject();
    const page = await board(`/board/{P}?ticket=${P}-2`);
    const next = page.locator('aside.panel [aria-label="Allowed next steps"]');
    await next.locator('[data-move-to]').first().waitFor();
    const offered = await next.locator('[data-move-to]').evaluateAll((els) => els.map((e) => e.dataset.moveTo));
    assert.deepEqual(offered, ['analyzing', 'blocked']); // backlog -> requirements or blocked
    await next.locator('[data-move-to="analyzing"]').click();
    await until(async () => (await keysIn(page, 'analyzing')).includes(`${P}-2`), 'the card in analyzing');
    assert.equal((await server.api('GET', `/tickets/${P}-2`)).status, 'analyzing');
    await done(page);
  });

  test('keyboard focus walks the board; shortcuts list on ?, never fire inside fields', async () => {
    await freshProject();
    await server.api('POST', '/board/move', { ticket_id: `${P}-1`, target_column_id: 'building' });
    const page = await board();
    await page.locator(`[data-ticket-key="${P}-2"]`).focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-ticket-key')), `${P}-3`);
    await page.keyboard.press('ArrowRight');
    const focusedColumn = await page.evaluate(() => document.activeElement?.getAttribute('data-column'));
    assert.equal(focusedColumn, 'building');
    await page.locator('input[name="q"]').focus();
    await page.keyboard.type('?g');
    assert.equal(await page.locator('[role="dialog"]').count(), 0, 'typing ? in a field opens nothing');
    assert.equal(new URL(page.url()).pathname, `/board/${P}`);
    await page.locator('input[name="q"]').fill('');
    await page.locator(`[data-ticket-key="${P}-2"]`).focus();
    await page.keyboard.press('?');
    await page.locator('[role="dialog"][aria-label="Keyboard shortcuts"]').waitFor();
    assert.match(await page.locator('[role="dialog"]').innerText(), /Alt \+ ← \/ →/);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('[role="dialog"]').count(), 0);
    await done(page);
  });

  test('dark theme is chosen, remembered and readable', async () => {
    await freshProject();
    const page = await board();
    await page.locator('select[name="theme"]').selectOption('dark');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await page.reload();
    await page.locator(`[data-ticket-key="${P}-1"]`).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    const [fg, bg] = await page.locator(`[data-ticket-key="${P}-2"]`).evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
    assert.ok(contrast(fg, bg) >= 4.5, `card text contrast ${contrast(fg, bg)} in dark mode`);
    await screenshot(page, 'board-dark');
    await page.locator('select[name="theme"]').selectOption('system');
    await done(page);
    const system = await board('/board/{P}', { colorScheme: 'dark' });
    assert.equal(await system.evaluate(() => document.documentElement.dataset.theme), 'dark', 'system theme follows the OS');
    await done(system);
  });

  test('without a token the token screen signs in; a bad token is refused in words', async () => {
    await freshProject();
    const page = await openPage();
    await page.goto(`${server.base}/board/${P}`);
    await page.locator('input[name="token"]').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.token-form [role="alert"]').waitFor();
    await page.locator('input[name="token"]').fill(server.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`[data-ticket-key="${P}-1"]`).waitFor();
    assert.equal(new URL(page.url()).pathname, `/board/${P}`);
    page.problems = page.problems.filter((p) => !/status of 401/.test(p)); // the refused token, on purpose
    await done(page);
  });

  test('works at a phone width', async () => {
    await freshProject();
    const page = await board('/board/{P}', { width: 390, height: 844 });
    const column = await page.locator('[data-column-id="backlog"]').boundingBox();
    assert.ok(column.width > 300 && column.width <= 390, `a column is ${column.width}px wide`);
    await screenshot(page, 'board-phone');
    await done(page);
  });
});
