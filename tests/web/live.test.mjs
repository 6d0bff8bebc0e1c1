// Live updates: changes made elsewhere (a Python agent, the HTTP API) appear without a refresh;
// after a server restart or a dropped socket the page reconnects and replays what it missed,
// nothing lost and nothing applied twice.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closeBrowser, keysIn, openPage, screenshot, seedProject, Server, until } from './harness.mjs';

let server;
before(async () => {
  server = await Server.start();
});
after(async () => {
  await closeBrowser();
  await server?.close();
});

async function livePage(key) {
  const page = await openPage();
  await page.goto(server.signedIn(`/board/${key}`));
  await page.locator('[data-connection="live"]').waitFor();
  return page;
}

async function activityIds(page) {
  if ((await page.locator('.activity-list').count()) === 0) await page.locator('.activity-toggle').click();
  return page.locator('.activity-list [data-event-id]').evaluateAll((els) => els.map((e) => Number(e.dataset.eventId)));
}

async function eventIdsSince(key, since) {
  const r = await server.api('GET', `/events?project_id=${key}&since=${since}&limit=1000`);
  return r.events.map((e) => e.id);
}

test('a move made by a Python agent appears in an open page', async () => {
  await seedProject(server, { key: 'LA' });
  const page = await livePage('LA');
  const t0 = Date.now();
  server.python('ws.board.move("LA-2", "building")');
  await until(async () => (await keysIn(page, 'building')).includes('LA-2'), 'LA-2 in building', 10_000);
  console.log(`# python move on screen after ${Date.now() - t0} ms (including the Python start)`);
  assert.ok(!(await keysIn(page, 'backlog')).includes('LA-2'));
  server.python('ws.tickets.create(project_id="LA", title="Written by an agent")');
  await until(async () => (await keysIn(page, 'backlog')).includes('LA-4'), 'the new ticket LA-4');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a server restart is followed by reconnect and replay: every event once, the board exact', async () => {
  await seedProject(server, { key: 'LB' });
  const page = await livePage('LB');
  const start = Number(await page.locator('[data-connection]').getAttribute('data-last-event-id'));
  await server.api('POST', '/board/move', { ticket_id: 'LB-1', target_column_id: 'analyzing' });
  await until(async () => (await keysIn(page, 'analyzing')).includes('LB-1'), 'LB-1 in analyzing');

  await server.stop();
  await page.locator('[data-connection="reconnecting"], [data-connection="stale"]').first().waitFor({ timeout: 5_000 });
  await screenshot(page, 'board-reconnecting');
  // While the server is down, agents keep writing to the database.
  server.python('ws.board.move("LB-2", "building")\nws.board.move("LB-1", "building")\nws.tickets.create(project_id="LB", title="Made while the server was down")');
  await server.restart();
  await page.locator('[data-connection="live"]').waitFor({ timeout: 15_000 });
  await until(async () => (await keysIn(page, 'building')).join() === 'LB-1,LB-2', 'LB-1 and LB-2 in building');
  await until(async () => (await keysIn(page, 'backlog')).includes('LB-4'), 'LB-4 in the backlog');

  const expected = await eventIdsSince('LB', start);
  await until(async () => (await activityIds(page)).length === expected.length, 'every event in the activity feed');
  const shown = await activityIds(page);
  assert.deepEqual([...shown].sort((a, b) => a - b), expected, 'each event exactly once');
  assert.equal(new Set(shown).size, shown.length);
  const view = await server.api('GET', '/board/view?project_id=LB');
  for (const column of view.columns) assert.deepEqual((await keysIn(page, column.id)).sort(), column.tickets.map((t) => t.key).sort(), column.id);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a dropped socket resumes with since and misses nothing', async () => {
  await seedProject(server, { key: 'LC' });
  const page = await livePage('LC');
  const start = Number(await page.locator('[data-connection]').getAttribute('data-last-event-id'));
  // Take the network away from the page only: the server stays up and the API keeps writing.
  await page.context().setOffline(true);
  await page.locator('[data-connection="reconnecting"], [data-connection="stale"]').first().waitFor({ timeout: 10_000 });
  for (const n of [1, 2, 3]) await server.api('POST', '/board/move', { ticket_id: `LC-${n}`, target_column_id: 'analyzing' });
  await page.context().setOffline(false);
  await page.locator('[data-connection="live"]').waitFor({ timeout: 15_000 });
  await until(async () => (await keysIn(page, 'analyzing')).length === 3, 'three cards in analyzing', 15_000);
  const expected = await eventIdsSince('LC', start);
  await until(async () => (await activityIds(page)).length === expected.length, 'every event in the feed');
  assert.deepEqual((await activityIds(page)).sort((a, b) => a - b), expected);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a since older than the server keeps (4410) reloads the board by itself', async () => {
  await seedProject(server, { key: 'LD' });
  const page = await livePage('LD');
  const resumeAt = Number(await page.locator('[data-connection]').getAttribute('data-last-event-id'));
  await server.stop();
  await page.locator('[data-connection="reconnecting"], [data-connection="stale"]').first().waitFor({ timeout: 5_000 });
  // While the server is down: a move, then every event is aged and compacted away, so the
  // page's resume point lies below the horizon.
  const file = server.db.replace('sqlite://', '');
  const compacted = server.python(`ws.board.move("LD-3", "building")
import sqlite3
c = sqlite3.connect(${JSON.stringify(file)})
c.execute("UPDATE events SET created_at = created_at - 100 * 86400000000")
c.commit()
import json
print(json.dumps(ws.events.compact(older_than_days=30)))`);
  assert.ok(JSON.parse(compacted).horizon >= resumeAt, `the page's since (${resumeAt}) is below the horizon: ${compacted}`);
  await server.restart();
  await page.locator('[data-connection="live"]').waitFor({ timeout: 20_000 });
  await until(async () => (await keysIn(page, 'building')).includes('LD-3'), 'LD-3 in building after the reload');
  // Live again from the new position.
  await server.api('POST', '/board/move', { ticket_id: 'LD-1', target_column_id: 'analyzing' });
  await until(async () => (await keysIn(page, 'analyzing')).includes('LD-1'), 'LD-1 in analyzing');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
