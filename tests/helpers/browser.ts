import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { seedDemo } from '../../seeds/load-demo';

import { startTestApp, type TestApp } from './test-app';

const ROOT = path.resolve(__dirname, '../..');
export const WEB_DIR = path.join(ROOT, 'dist', 'web');

/**
 * CHROMIUM_PATH when set (a missing file there means no browser, so `CHROMIUM_PATH=/nonexistent`
 * shows what a machine without Chromium does), else Debian's Chromium (apt-get install
 * chromium); null when there is none.
 */
export function findChromium(): string | null {
  const set = process.env.CHROMIUM_PATH;
  const candidates = set ? [set] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p) => existsSync(p)) ?? null;
}

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds the console with vite unless dist/web is newer than every file of web/. */
export function ensureWebBuilt(): void {
  const index = path.join(WEB_DIR, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(path.join(ROOT, 'web'))) return;
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.mts'],
    { cwd: ROOT, stdio: 'pipe' },
  );
}

/** The JavaScript a first visit to a built page loads (its scripts and module preloads), gzipped. */
export function firstLoadJs(page: string): { files: string[]; bytes: number; gzipped: number } {
  const html = readFileSync(path.join(WEB_DIR, page), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  let bytes = 0;
  let gzipped = 0;
  for (const f of files) {
    const body = readFileSync(path.join(WEB_DIR, f));
    bytes += body.length;
    gzipped += gzipSync(body, { level: 9 }).length;
  }
  return { files, bytes, gzipped };
}

export interface LiveApp {
  t: TestApp;
  base: string;
  close(): Promise<void>;
}

/** The real app in production mode over its own database with the demo catalog, on 127.0.0.1. */
export async function startLiveApp(opts: { explorer: boolean }): Promise<LiveApp> {
  const t = await startTestApp({ production: true, explorer: opts.explorer });
  await seedDemo(t.ds, t.services);
  const server: Server = await new Promise((resolve) => {
    const s = createServer(t.app).listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    t,
    base: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

/** What a page did that it must not: a request to another host, an error, a failed asset. */
export interface Trouble {
  offHost: string[];
  pageErrors: string[];
  failed: string[];
  consoleErrors: string[];
}

export interface Browser {
  context: BrowserContext;
  trouble: Trouble;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Chromium with the network cut to 127.0.0.1 (every other name resolves to nothing, and any
 * request elsewhere is aborted and recorded), a fresh profile, and every page watched.
 */
export async function launchBrowser(executablePath: string): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'pc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
    args: [
      '--headless',
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
  const trouble: Trouble = { offHost: [], pageErrors: [], failed: [], consoleErrors: [] };
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '127.0.0.1') {
      trouble.offHost.push(url.href);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  const watch = (page: Page) => {
    page.on('pageerror', (e) => trouble.pageErrors.push(`${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') trouble.consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('requestfailed', (r) => {
      // ERR_ABORTED: the page went away (closed, navigated) before a lazy load finished
      if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
      if (!trouble.offHost.includes(r.url()))
        trouble.failed.push(`${r.url()}: ${r.failure()?.errorText}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) trouble.failed.push(`${r.url()}: HTTP ${r.status()}`);
    });
  };
  context.on('page', watch);
  context.pages().forEach(watch);
  return {
    context,
    trouble,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where the browser tests save their screenshots: SCREENSHOTS_DIR, or dist/screenshots. */
export const SHOTS_DIR = process.env.SCREENSHOTS_DIR || path.join(ROOT, 'dist', 'screenshots');

/**
 * Every URL the page's DOM points to on another host: links, sources, forms, and url(…) in
 * inline styles and stylesheets (XML namespaces such as the SVG one are names, not addresses).
 */
export async function offHostReferences(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const found = [];
    const off = (u) => {
      try { const url = new URL(u, location.href);
        return /^https?:$/.test(url.protocol) && url.host !== location.host; } catch { return false; }
    };
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
        const values = /^(href|src|action|formaction|poster|data|xlink:href|background)$/.test(a.name)
          ? [a.value]
          : a.name === 'srcset' ? a.value.split(',').map((s) => s.trim().split(/\\s+/)[0])
          : [...a.value.matchAll(/url\\(\\s*["']?([^"')]+)/g)].map((m) => m[1]);
        for (const v of values) if (v && off(v)) found.push(el.tagName.toLowerCase() + ' ' + a.name + '=' + v);
      }
    }
    for (const sheet of document.styleSheets) {
      let rules = [];
      try { rules = [...sheet.cssRules]; } catch { found.push('unreadable stylesheet ' + sheet.href); }
      for (const r of rules)
        for (const m of r.cssText.matchAll(/url\\(\\s*["']?([^"')]+)/g)) if (off(m[1])) found.push('css ' + m[1]);
      if (sheet.href && off(sheet.href)) found.push('stylesheet ' + sheet.href);
    }
    return found;
  })()`);
}

/** What in the built pages and assets could send a browser to another host. */
export function offHostInBuild(): string[] {
  const found: string[] = [];
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
    );
  for (const file of walk(WEB_DIR)) {
    const rel = path.relative(WEB_DIR, file);
    if (/\.(woff2?|ttf|otf|eot)$/.test(rel)) continue;
    const text = readFileSync(file, 'utf8');
    const hits = /\.(html|css)$/.test(rel)
      ? // pages and stylesheets: no address on another host at all
        [...text.matchAll(/https?:\/\/[^\s"'`)<>]+/g)]
          .map((m) => m[0])
          .filter((u) => !u.startsWith('http://www.w3.org/'))
      : // scripts mention addresses in their messages (react.dev/errors…): none may be loaded,
        // linked, or point to a CDN or font service
        [
          ...text.matchAll(
            /(?:\b(?:href|src|action|srcset)\s*[:=]\s*|\burl\(\s*|\bimport\(\s*|\bfetch\(\s*|\bsendBeacon\([^,]*,?\s*|\bnew (?:WebSocket|EventSource|Worker)\(\s*)["'`]?https?:\/\/[^\s"'`)]+/g,
          ),
          ...text.matchAll(
            /https?:\/\/(?:[\w-]+\.)*(?:googleapis\.com|gstatic\.com|jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|apollographql\.com|esm\.sh|skypack\.dev|sentry\.io|google-analytics\.com)[^\s"'`)]*/g,
          ),
        ].map((m) => m[0]);
    for (const h of hits) found.push(`${rel}: ${h}`);
  }
  return found;
}
