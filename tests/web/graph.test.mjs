// The dependency graph in a real browser: every node drawn and listed, the ready set and the
// critical path as the server computes them, search, focus, hide completed, collapse, zoom by
// keyboard, export, and live recolouring and re-layout.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closeBrowser, openPage, screenshot, Server, until } from './harness.mjs';

let server;
const ids = {};
before(async () => {
  server = await Server.start();
  await server.api('POST', '/projects', { name: 'Graph project', key: 'GR' });
  const t1 = await server.api('POST', '/tickets', { project_id: 'GR', title: 'Payments' });
  const t2 = await server.api('POST', '/tickets', { project_id: 'GR', title: 'Reports' });
  const task = async (name, ticket, deps = []) =>
    (ids[name] = (await server.api('POST', '/tasks', { ticket_id: ticket.id, title: name, depends_on: deps.map((d) => ids[d]) })).id);
  await task('schema', t1);
  await task('api', t1, ['schema']);
  await task('tests', t1, ['api']);
  await task('docs', t2);
  await task('report', t2, ['schema']);
});
after(async () => {
  await closeBrowser();
  await server?.close();
});

async function graphPage(route = '/graph/GR') {
  const page = await openPage();
  await page.goto(server.signedIn(route));
  await page.locator('.outline [data-task-id]').first().waitFor();
  await page.locator('[data-connection="live"]').waitFor();
  return page;
}

const outlineIds = (page) => page.locator('.outline [data-task-id]').evaluateAll((els) => els.map((e) => e.dataset.taskId).sort());
const statusOf = (page, id) => page.locator(`.outline [data-task-id="${id}"]`).getAttribute('data-status');
const waveOf = (page, id) => page.locator(`.outline [data-task-id="${id}"]`).evaluate((el) => el.closest('section').querySelector('h3').textContent);

test('draws and lists every task with the server ready set and critical path', async () => {
  const page = await graphPage();
  assert.deepEqual(await outlineIds(page), Object.values(ids).sort());
  assert.equal(await page.locator('canvas.graph-canvas').getAttribute('data-nodes'), '5');
  const tasks = (await server.api('GET', '/tasks?project_id=GR&limit=100')).tasks;
  for (const t of tasks) assert.equal(await statusOf(page, t.id), t.status);
  const ready = (await server.api('GET', '/graph/project/GR/ready?limit=100')).tasks.map((t) => t.id).sort();
  const shownReady = await page.locator('.outline [data-ready="true"]').evaluateAll((els) => els.map((e) => e.dataset.taskId).sort());
  assert.deepEqual(shownReady, ready);
  assert.deepEqual(ready, [ids.schema, ids.docs].sort());
  assert.match(await page.locator('[data-summary]').innerText(), /5 nodes in 3 waves · 2 can start now · critical path of 3/);
  assert.equal(await waveOf(page, ids.tests), 'Wave 3');
  assert.ok(Number(await page.locator('canvas.graph-canvas').getAttribute('data-drawn')) === 5, 'every node in view after fit');
  await screenshot(page, 'graph');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('search selects a node; focus shows its neighbourhood; state survives reload', async () => {
  const page = await graphPage();
  await page.locator('input[name="find"]').fill('api');
  await page.keyboard.press('Enter');
  await until(() => new URL(page.url()).searchParams.get('task') === ids.api, 'the api task selected');
  const panel = page.locator('.graph-panel');
  assert.equal(await panel.locator('[data-field="slack"]').innerText(), '0 (on the critical path)');
  assert.equal(await panel.locator('[data-field="ready"]').innerText(), 'no');
  await panel.getByRole('button', { name: 'GR-1' }).click();
  const ticketPanel = page.locator('aside.panel[aria-label="Ticket GR-1"]');
  await ticketPanel.locator('[data-field="status"]').waitFor();
  assert.equal(await ticketPanel.locator('.task-list li').count(), 3, 'the ticket panel lists its three tasks');
  await ticketPanel.getByRole('button', { name: 'Close the ticket panel' }).click();
  await page.locator('input[name="find"]').fill('api');
  await page.keyboard.press('Enter');
  await panel.locator('[data-field="status"]').waitFor();
  await panel.getByRole('button', { name: 'Focus on its neighbourhood' }).click();
  await until(async () => (await outlineIds(page)).length === 3, 'three nodes in focus');
  assert.deepEqual(await outlineIds(page), [ids.schema, ids.api, ids.tests].sort());
  await page.reload();
  await page.locator('.graph-panel [data-field="status"]').waitFor();
  assert.deepEqual(await outlineIds(page), [ids.schema, ids.api, ids.tests].sort());
  await page.getByRole('button', { name: 'Show everything' }).click();
  await until(async () => (await outlineIds(page)).length === 5, 'every node back');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('zoom and pan by keyboard, collapse tickets, export DOT', async () => {
  const page = await graphPage();
  await page.locator('canvas.graph-canvas').focus();
  await until(() => new URL(page.url()).searchParams.has('z'), 'the view in the URL');
  const z0 = Number(new URL(page.url()).searchParams.get('z'));
  await page.keyboard.press('+');
  await until(() => Number(new URL(page.url()).searchParams.get('z')) > z0, 'zoomed in');
  const x0 = Number(new URL(page.url()).searchParams.get('x'));
  await page.keyboard.press('ArrowRight');
  await until(() => Number(new URL(page.url()).searchParams.get('x')) > x0, 'panned right');
  await page.keyboard.press('0');
  await until(() => Math.abs(Number(new URL(page.url()).searchParams.get('z')) - z0) < 0.01, 'fit again');

  await page.getByRole('button', { name: 'Collapse tickets' }).click();
  await until(async () => (await page.locator('.outline [data-task-id]').count()) === 2, 'one node per ticket');
  assert.match(await page.locator('.outline').innerText(), /3 tasks/);
  await page.getByRole('button', { name: 'Expand tickets' }).click();
  await until(async () => (await outlineIds(page)).length === 5, 'tickets expanded');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'DOT' }).click()]);
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  const dot = Buffer.concat(chunks).toString();
  assert.match(dot, /^digraph/);
  assert.equal((dot.match(/->/g) ?? []).length, 3);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('live: completed tasks recolour and can be hidden; a new dependency re-lays out', async () => {
  const page = await graphPage();
  await server.api('PATCH', `/tasks/${ids.docs}`, { status: 'completed', force: true });
  await until(async () => (await statusOf(page, ids.docs)) === 'completed', 'docs recoloured completed');
  await page.locator('input[name="hide-done"]').check();
  await until(async () => !(await outlineIds(page)).includes(ids.docs), 'completed docs hidden');
  await page.locator('input[name="hide-done"]').uncheck();
  await server.api('PUT', `/tasks/${ids.report}/dependencies`, { depends_on: [ids.tests] });
  await until(async () => (await waveOf(page, ids.report)) === 'Wave 4', 'report moved to wave 4');
  await screenshot(page, 'graph-live');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
