// What the browser tests share: a real dagboard-server on loopback with a temporary SQLite
// database and the built UI, an issued token, a Chromium from Debian driven by playwright-core,
// and a page that fails the test on any console error.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');
const require = createRequire(path.join(repo, 'server/web/package.json'));
const { chromium } = require('playwright-core');

const build = process.env.DAGBOARD_BUILD_DIR ? path.resolve(process.env.DAGBOARD_BUILD_DIR) : path.join(repo, 'build');
export const serverBin = process.env.DAGBOARD_SERVER_BIN ?? path.join(build, 'server/dagboard-server');
export const webDir = process.env.DAGBOARD_WEB_DIR ?? path.join(build, 'web');
export const artifacts = process.env.DAGBOARD_WEB_ARTIFACTS ?? path.join(build, 'web-test-artifacts');
export const pythonPath = process.env.DAGBOARD_PYTHONPATH ?? path.join(build, 'python');
const chromiumBin = process.env.DAGBOARD_CHROMIUM ?? '/usr/bin/chromium';
const python = process.env.DAGBOARD_PYTHON ?? '/usr/bin/python3';

/** Waits for `check()` to be truthy, polling; fails after `ms` (every wait is bounded). */
export async function until(check, what, ms = 10_000) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${last})`);
}

export class Server {
  static async start({ port = 0, dir = mkdtempSync(path.join(tmpdir(), 'dagboard-web-')) } = {}) {
    const s = new Server(dir);
    await s.launch(port);
    return s;
  }

  constructor(dir) {
    this.dir = dir;
    this.db = `sqlite://${path.join(dir, 'board.db')}`;
    this.secret = path.join(dir, 'jwt.secret');
    writeFileSync(this.secret, 'web-tests-' + 'x'.repeat(40) + '\n');
    const issued = spawnSync(serverBin, ['--jwt-secret-file', this.secret, '--issue-token', 'browser-tests'], { encoding: 'utf8' });
    if (issued.status !== 0) throw new Error('could not issue a token: ' + issued.stderr);
    this.token = issued.stdout.trim();
  }

  launch(port) {
    const args = ['--db', this.db, '--listen', `127.0.0.1:${port}`, '--jwt-secret-file', this.secret, '--static-dir', webDir, '--threads', '2'];
    this.proc = spawn(serverBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.log = '';
    this.proc.stderr.on('data', (d) => (this.log += d));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start: ' + this.log)), 20_000);
      let out = '';
      this.proc.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
        if (m) {
          clearTimeout(timer);
          this.port = Number(m[1]);
          this.base = `http://127.0.0.1:${this.port}`;
          resolve();
        }
      });
      this.proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${this.log}`)));
    });
  }

  /** SIGTERM and wait (bounded); the same port can be started again with restart(). */
  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  async restart() {
    await this.stop();
    await this.launch(this.port);
  }

  async close() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async api(method, pathname, body) {
    const r = await fetch(`${this.base}/api/v1${pathname}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await r.json();
    if (!r.ok) throw Object.assign(new Error(`${method} ${pathname}: ${r.status} ${JSON.stringify(data)}`), { status: r.status, data });
    return data;
  }

  /** The app's URL for `route`, signed in through the fragment as `make run` prints it. */
  signedIn(route = '/') {
    return `${this.base}${route}#token=${encodeURIComponent(this.token)}`;
  }

  /** Runs Python with the dagboard module against this server's database (another process). */
  python(code) {
    const r = spawnSync(python, ['-c', `import dagboard\nws = dagboard.open(${JSON.stringify(this.db)}).as_actor("python-agent")\n${code}`], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONPATH: pythonPath },
      timeout: 60_000,
    });
    if (r.status !== 0) throw new Error('python failed: ' + r.stderr);
    return r.stdout.trim();
  }
}

/** A project with a workflow whose `building` column holds `limit` tickets, and `titles` tickets in the backlog. */
export async function seedProject(server, { key = 'DEMO', titles = ['Refund flow', 'Ledger export', 'Fraud rules'], limit = 2 } = {}) {
  const project = await server.api('POST', '/projects', { name: `${key} project`, key });
  const workflow = await server.api('GET', `/projects/${key}/workflow`);
  for (const c of workflow.columns) if (c.id === 'building') c.wip_limit = limit;
  await server.api('PUT', `/projects/${key}/workflow`, workflow);
  const tickets = [];
  for (const title of titles) tickets.push(await server.api('POST', '/tickets', { project_id: key, title }));
  return { project, workflow, tickets };
}

let browser;
export async function launchBrowser() {
  browser ??= await chromium.launch({ executablePath: chromiumBin, args: ['--no-sandbox'] });
  return browser;
}

export async function closeBrowser() {
  await browser?.close();
  browser = undefined;
}

/** A new page; every console error or uncaught exception is collected in `page.problems`. */
export async function openPage({ width = 1280, height = 800, colorScheme = 'light' } = {}) {
  const b = await launchBrowser();
  const context = await b.newContext({ viewport: { width, height }, colorScheme });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !expectedNoise(m.text())) page.problems.push(m.text());
  });
  page.on('pageerror', (e) => page.problems.push(String(e)));
  return page;
}

// A refused request (the WIP refusal a test provokes, a server being restarted on purpose) is
// logged by Chromium itself; the page's own errors are what count.
function expectedNoise(text) {
  return /Failed to load resource: the server responded with a status of 409|net::ERR_CONNECTION_REFUSED|WebSocket connection to .* failed/.test(text);
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: false });
}

/** Ticket keys shown in a column, top to bottom. */
export async function keysIn(page, column) {
  return page.locator(`[data-column-id="${column}"] [data-ticket-key]`).evaluateAll((cards) =>
    cards.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).map((c) => c.dataset.ticketKey),
  );
}

export async function countOf(page, column) {
  return Number(await page.locator(`[data-column-id="${column}"] [data-count]`).getAttribute('data-count'));
}

/** WCAG contrast ratio of two computed colours (`rgb(r, g, b)`). */
export function contrast(a, b) {
  const luminance = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
