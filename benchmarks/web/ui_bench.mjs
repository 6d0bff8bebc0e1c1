// The web UI's performance targets, measured in Debian's headless Chromium against the real
// server on SQLite (benchmarks/web/run.sh seeds the data and calls this):
//   node ui_bench.mjs DB_FILE
// Prints one line per figure; docs/benchmarks.md keeps them with the machine and date.
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { closeBrowser, openPage, Server, until, webDir } from '../../tests/web/harness.mjs';

const db = process.argv[2];
const server = new Server(path.dirname(db));
server.db = `sqlite://${db}`;
await server.launch(0);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const report = (name, value, unit, goal) => console.log(`${name.padEnd(58)} ${value.toFixed(1).padStart(8)} ${unit}   goal ${goal}`);

async function boardInteractive(key, runs = 5) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const page = await openPage();
    await page.goto(server.signedIn(`/board/${key}`));
    const t = await page.evaluate(async () => {
      while (!document.querySelector('[data-ticket-key]')) await new Promise((r) => requestAnimationFrame(r));
      document.querySelector('[data-ticket-key]').focus();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return document.activeElement?.hasAttribute('data-ticket-key') ? performance.now() : -1;
    });
    times.push(t);
    await page.context().close();
  }
  return times;
}

async function moveShown(key, moves = 40) {
  const page = await openPage();
  await page.goto(server.signedIn(`/board/${key}`));
  await page.locator('[data-connection="live"]').waitFor({ timeout: 30_000 });
  const card = page.locator('[data-column-id="analyzing"] [data-ticket-key]').first();
  const ticket = await card.getAttribute('data-ticket-key');
  const times = [];
  for (let i = 0; i < moves; i++) {
    const target = i % 2 === 0 ? 'building' : 'analyzing';
    await page.locator(`[data-ticket-key="${ticket}"]`).focus();
    // Armed before the key is pressed; resolves two frames after the card shows in its column.
    await page.evaluate(
      ({ ticket, target }) => {
        window.__shown = new Promise((resolve) => {
          let t0 = 0;
          addEventListener('keydown', () => (t0 = performance.now()), { once: true, capture: true });
          const check = () => {
            if (t0 && document.querySelector(`[data-column-id="${target}"] [data-ticket-key="${ticket}"]`))
              requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
            else requestAnimationFrame(check);
          };
          check();
        });
      },
      { ticket, target },
    );
    await page.keyboard.press(i % 2 === 0 ? 'Alt+ArrowRight' : 'Alt+ArrowLeft');
    times.push(await page.evaluate(() => window.__shown));
    await until(async () => !(await page.locator('.card-pending').count()), 'the move confirmed');
  }
  await page.context().close();
  return times;
}

async function eventOnScreen(key, moves = 30) {
  const page = await openPage();
  await page.goto(server.signedIn(`/board/${key}`));
  await page.locator('[data-connection="live"]').waitFor({ timeout: 30_000 });
  const ticket = await page.locator('[data-column-id="testing"] [data-ticket-key]').first().getAttribute('data-ticket-key');
  const latencies = [];
  for (let i = 0; i < moves; i++) {
    const target = i % 2 === 0 ? 'deploying' : 'testing';
    await page.evaluate(
      ({ ticket, target }) => {
        window.__seen = new Promise((resolve) => {
          const check = () => {
            if (document.querySelector(`[data-column-id="${target}"] [data-ticket-key="${ticket}"]`))
              requestAnimationFrame(() => resolve(Date.now()));
            else requestAnimationFrame(check);
          };
          check();
        });
      },
      { ticket, target },
    );
    const before = (await server.api('GET', `/events?project_id=${key}&limit=1&since=0`)).last_id;
    await server.api('POST', '/board/move', { ticket_id: ticket, target_column_id: target });
    const at = await page.evaluate(() => window.__seen);
    const events = (await server.api('GET', `/events?project_id=${key}&event_types=BOARD_TICKET_MOVED&limit=1000&since=${Math.max(0, before - 1)}`)).events;
    const created = Date.parse(events.filter((e) => e.payload.key === ticket).at(-1).created_at);
    latencies.push(at - created);
  }
  await page.context().close();
  return latencies;
}

async function graph(key, runs = 3) {
  const painted = [];
  let frames = [];
  let draws = [];
  for (let i = 0; i < runs; i++) {
    const page = await openPage({ width: 1400, height: 900 });
    await page.goto(server.signedIn(`/graph/${key}`));
    const t = await page.evaluate(async () => {
      for (;;) {
        const m = performance.getEntriesByName('dagboard:graph-painted')[0];
        if (m) return m.startTime;
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    painted.push(t);
    if (i === 0) {
      const canvas = page.locator('canvas.graph-canvas');
      const box = await canvas.boundingBox();
      const drawn = Number(await canvas.getAttribute('data-drawn'));
      await page.evaluate(() => {
        window.__frames = [];
        let last = performance.now();
        const tick = (now) => {
          window.__frames.push(now - last);
          last = now;
          if (window.__frames.length < 400) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        window.dagboardGraph.drawTimes.length = 0;
      });
      const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
      await page.mouse.move(cx, cy);
      for (let z = 0; z < 20; z++) await page.mouse.wheel(0, z < 10 ? -40 : 40);
      await page.mouse.down();
      for (let s = 0; s < 20; s++) await page.mouse.move(cx + s * 8, cy + s * 4);
      await page.mouse.up();
      frames = (await page.evaluate(() => window.__frames)).slice(1);
      draws = await page.evaluate(() => window.dagboardGraph.drawTimes);
      console.log(`# ${key}: ${drawn} of the nodes drawn with every node in view`);
    }
    await page.context().close();
  }
  return { painted, frames, draws };
}

const index = readFileSync(path.join(webDir, 'index.html'), 'utf8');
const script = index.match(/src="([^"]+\.js)"/)[1];
const initial = gzipSync(readFileSync(path.join(webDir, script))).length / 1024;
console.log(`date: ${new Date().toISOString()}`);
report('initial JavaScript, gzipped', initial, 'KB', '<= 150 KB');
const b1 = await boardInteractive('BA');
report('board of 1,000 tickets interactive (median of 5)', median(b1), 'ms', '<= 1000 ms');
const b10 = await boardInteractive('BB');
report('board of 10,000 tickets interactive (median of 5)', median(b10), 'ms', '<= 2500 ms');
const m = await moveShown('BA');
report('keyboard move shown in its column, p50 (1,000 tickets)', pct(m, 50), 'ms', '');
report('keyboard move shown in its column, p95 (1,000 tickets)', pct(m, 95), 'ms', '<= 100 ms');
const e = await eventOnScreen('BA');
report('event on screen after its created_at, p50 (1,000 tickets)', pct(e, 50), 'ms', '');
report('event on screen after its created_at, p95 (1,000 tickets)', pct(e, 95), 'ms', '<= 150 ms');
for (const [key, n, goal] of [['GA', '5,000', 2000], ['GB', '10,000', 3000]]) {
  const g = await graph(key);
  report(`graph of ${n} tasks laid out and painted (median of 3)`, median(g.painted), 'ms', `<= ${goal} ms`);
  report(`graph of ${n} tasks: pan/zoom frame p95, all in view`, pct(g.frames, 95), 'ms', '< 50 ms');
  report(`graph of ${n} tasks: canvas draw p95`, pct(g.draws, 95), 'ms', '');
}
await closeBrowser();
await server.stop();
