/**
 * `npm run bench:web`: how heavy and how fast the console is, in Debian's Chromium against the
 * real service in production mode.
 *
 * 1. Builds dist/web when web/ is newer, and counts the JavaScript a first visit loads (the
 *    scripts and module preloads of index.html), raw and gzipped.
 * 2. Starts the service (src/main.ts, NODE_ENV=production, an embedded PostgreSQL in a fresh
 *    temporary DATA_DIR, the demo catalog) on a free port, unless BENCH_WEB_URL names a running
 *    one (with the demo users).
 * 3. For BENCH_WEB_ROUNDS rounds (default 5), each in a fresh browser context (empty cache), the
 *    network cut to 127.0.0.1 as in the browser tests:
 *    - the login page: the browser's navigation timing (domInteractive, load) and when the
 *      login button is in the page (the console is usable: React has mounted);
 *    - a unit's legal office, logged in: when its list of powers is drawn (first load with data);
 *    - an assessor, logged in: when the scorecard is drawn, counted from the moment the
 *      scorecard query's answer had fully arrived in the page, and when the ranking chart is.
 *    Times are taken inside the page (performance.now(), a MutationObserver, fetch wrapped),
 *    so they exclude the round trips between this script and the browser.
 * 4. Prints each round and the median, and exits 1 when a request goes to another host, a page
 *    fails, or a step does not finish.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { chromium, type Browser, type Page } from 'playwright-core';

import { removeDataDir } from '../src/db/embedded';
import { ensureWebBuilt, findChromium, firstLoadJs } from '../tests/helpers/browser';

const ROOT = path.resolve(__dirname, '..');
const TOKEN_KEY = 'power-catalog.token';
const PASSWORD = process.env.DEMO_PASSWORD ?? 'Demo@2026';

const rounds = Number(process.env.BENCH_WEB_ROUNDS ?? 5);
if (!Number.isInteger(rounds) || rounds <= 0) {
  console.error(`bench:web: BENCH_WEB_ROUNDS must be a positive whole number`);
  process.exit(2);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startService(): Promise<{ base: string; stop(): Promise<void> }> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pc-bench-web-'));
  const child: ChildProcess = fork(path.join(ROOT, 'src', 'main.ts'), [], {
    cwd: ROOT,
    execArgv: ['-r', path.join(ROOT, 'scripts', 'register.js')],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      EXPLORER: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const base = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('power-catalog is up')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the service exited (${code}) while starting`)));
  });
  // the banner comes before the demo users are listed; ready means everything is in
  for (let i = 0; ; i++) {
    const res = await fetch(`${base}/readyz`).catch(() => null);
    if (res?.ok) break;
    if (i > 600) throw new Error('the service did not get ready');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      // as root the cluster is kept outside the temporary DATA_DIR: removeDataDir takes both
      removeDataDir(dataDir);
    },
  };
}

async function tokenOf(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      variables: { u: username, p: PASSWORD },
    }),
  });
  const body = (await res.json()) as { data?: { login: { token: string } } };
  if (!body.data) throw new Error(`cannot log in as ${username}: ${JSON.stringify(body)}`);
  return body.data.login.token;
}

/**
 * Runs in the page before its own scripts: records when each watched selector first appears
 * and when the answer of the first /graphql request whose body contains `marker` has been read.
 * (A string: this project compiles without the DOM's types.)
 */
const probe = (selectors: Record<string, string>, marker: string) => `(() => {
  const selectors = ${JSON.stringify(selectors)}, marker = ${JSON.stringify(marker)};
  const b = (window.__bench = {});
  const look = () => {
    for (const [name, sel] of Object.entries(selectors))
      if (!(name in b) && document.querySelector(sel)) b[name] = performance.now();
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true });
  const original = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const res = await original(input, init);
    if (marker && typeof init?.body === 'string' && init.body.includes(marker) && !('answer' in b))
      await res.clone().text().then(() => { if (!('answer' in b)) b.answer = performance.now(); });
    return res;
  };
})();`;

interface Trouble {
  offHost: string[];
  failed: string[];
  errors: string[];
}

async function visit(
  browser: Browser,
  base: string,
  opts: { token?: string; selectors: Record<string, string>; marker?: string },
  trouble: Trouble,
): Promise<{ marks: Record<string, number>; nav: { interactive: number; load: number } }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '127.0.0.1') {
      trouble.offHost.push(url.href);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  if (opts.token)
    await context.addInitScript({
      content: `localStorage.setItem(${JSON.stringify(TOKEN_KEY)}, ${JSON.stringify(opts.token)})`,
    });
  await context.addInitScript({ content: probe(opts.selectors, opts.marker ?? '') });
  const page: Page = await context.newPage();
  page.on('pageerror', (e) => trouble.errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) trouble.failed.push(`${r.url()}: HTTP ${r.status()}`);
  });
  page.on('requestfailed', (r) => {
    if (!trouble.offHost.includes(r.url()))
      trouble.failed.push(`${r.url()}: ${r.failure()?.errorText}`);
  });
  await page.goto(`${base}/`);
  const names = Object.keys(opts.selectors);
  await page.waitForFunction(
    `${JSON.stringify(names)}.every((n) => n in window.__bench)`,
    undefined,
    { timeout: 30_000 },
  );
  await page.waitForLoadState('load');
  const marks = await page.evaluate<Record<string, number>>('window.__bench');
  const nav = await page.evaluate<{ interactive: number; load: number }>(
    `(() => { const e = performance.getEntriesByType('navigation')[0];
      return { interactive: e.domInteractive, load: e.loadEventEnd }; })()`,
  );
  await context.close();
  return { marks, nav };
}

async function main() {
  const executable = findChromium();
  if (!executable) {
    console.error('bench:web: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)');
    process.exit(2);
  }
  ensureWebBuilt();
  const first = firstLoadJs('index.html');
  console.log(
    `first load: ${first.files.length} scripts, ${(first.bytes / 1024).toFixed(0)} KiB of JavaScript, ${(first.gzipped / 1024).toFixed(0)} KiB gzipped (limit 1000 KB)`,
  );

  const service = process.env.BENCH_WEB_URL
    ? { base: process.env.BENCH_WEB_URL.replace(/\/$/, ''), stop: async () => {} }
    : await startService();
  const browser = await chromium.launch({
    executablePath: executable,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  const trouble: Trouble = { offHost: [], failed: [], errors: [] };
  const rows: Record<string, number[]> = {};
  const add = (k: string, v: number) => (rows[k] ??= []).push(v);
  try {
    const office = await tokenOf(service.base, 'fg_320411001');
    const assessor = await tokenOf(service.base, 'kh_320400');
    for (let i = 1; i <= rounds; i++) {
      const loginPage = await visit(
        browser,
        service.base,
        { selectors: { usable: 'form button[type="submit"]' } },
        trouble,
      );
      add('login page: domInteractive', loginPage.nav.interactive);
      add('login page: login form usable', loginPage.marks.usable);
      add('login page: load event', loginPage.nav.load);
      const powers = await visit(
        browser,
        service.base,
        { token: office, selectors: { drawn: '[data-testid="power-count"]' } },
        trouble,
      );
      add('legal office: powers listed', powers.marks.drawn);
      const card = await visit(
        browser,
        service.base,
        {
          token: assessor,
          marker: 'scorecard(',
          selectors: {
            drawn: '[data-testid="scorecard"]',
            chart: '[data-testid="ranking-chart"] svg path',
          },
        },
        trouble,
      );
      add('assessor: scorecard query answered', card.marks.answer);
      add('assessor: scorecard drawn after the answer', card.marks.drawn - card.marks.answer);
      add('assessor: ranking chart drawn', card.marks.chart);
      console.log(
        `round ${i}: login usable ${loginPage.marks.usable.toFixed(0)} ms, powers ${powers.marks.drawn.toFixed(0)} ms, scorecard ${(card.marks.drawn - card.marks.answer).toFixed(0)} ms after its answer`,
      );
    }
  } finally {
    await browser.close();
    await service.stop();
  }
  console.log(`\nmedian of ${rounds} rounds (ms from navigation start unless said):`);
  for (const [k, v] of Object.entries(rows))
    console.log(
      `  ${k.padEnd(45)} ${median(v).toFixed(0).padStart(6)}   (${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)})`,
    );
  const bad = [...trouble.offHost, ...trouble.failed, ...trouble.errors];
  if (bad.length) {
    console.error('bench:web: the pages did what they must not:', bad);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
