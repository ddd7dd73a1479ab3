import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort, removeDataDir } from '../../src/db/embedded';
import { postGraphql, trickle } from '../helpers/http';

/**
 * `npm start` as a user runs it: the embedded database under DATA_DIR, migrations, the admin
 * user and the demo catalog, then HTTP; SIGTERM stops it cleanly and a second start keeps the data;
 * a request still in flight does not hold SIGTERM up past 10 s (issue 10, item 7).
 */
const ROOT = path.join(__dirname, '..', '..');
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'pc-start-'));
});
afterAll(() => {
  removeDataDir(dataDir);
});

function start(port: number): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, ['-r', './scripts/register.js', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      ADMIN_PASSWORD: 'admin-password-1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

async function waitReady(port: number, output: () => string): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      // the banner is printed before it reports ready; its bytes may arrive after the response
      if (res.status === 200 && output().includes('demo users')) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not ready in time:\n${output()}`);
}

async function gql(port: number, query: string, token?: string) {
  const res = await postGraphql(`http://127.0.0.1:${port}`, { query }, token);
  return res.body as { data: any; errors?: unknown[] };
}

async function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('npm start', () => {
  it('serves the demo catalog on an embedded database, stops on SIGTERM, and keeps the data', async () => {
    const port = await freePort();
    const first = start(port);
    await waitReady(port, first.output);
    expect(first.output()).toContain(`http://localhost:${port}/graphql`);
    const login = await gql(
      port,
      `mutation { login(username: "admin", password: "admin-password-1") { token } }`,
    );
    const token = login.data.login.token as string;
    const before = await gql(port, `{ powers { totalCount } }`, token);
    expect(before.data.powers.totalCount).toBeGreaterThanOrEqual(180);
    await gql(
      port,
      `mutation { createLegalDocument(input: { title: "重启后应保留的文件", issuer: "测试机关", level: LAW, promulgatedOn: "2026-01-01" }) { id } }`,
      token,
    );
    expect(await stop(first.child)).toBe(0);

    const second = start(port);
    await waitReady(port, second.output);
    const again = await gql(
      port,
      `mutation { login(username: "admin", password: "admin-password-1") { token } }`,
    );
    const token2 = again.data.login.token as string;
    const after = await gql(
      port,
      `{ powers { totalCount } legalDocuments(search: "重启后应保留") { title } }`,
      token2,
    );
    expect(after.data.powers.totalCount).toBe(before.data.powers.totalCount);
    expect(after.data.legalDocuments).toEqual([{ title: '重启后应保留的文件' }]);
    expect(await stop(second.child)).toBe(0);
  }, 240_000);

  it('ends within 10 s on SIGTERM with exit code 0 while a request body still trickles in, closing its connection', async () => {
    const port = await freePort();
    const server = start(port);
    await waitReady(port, server.output);
    // a login whose body arrives a byte every 200 ms: it would take minutes to finish
    const body = JSON.stringify({
      query: `mutation { login(username: "admin", password: "admin-password-1") { token } }`,
    }).padEnd(2000, ' ');
    const slow = trickle(
      port,
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
      body,
      200,
    );
    try {
      await new Promise((r) => setTimeout(r, 1000));
      expect(slow.sent()).toBeGreaterThan(0);
      const asked = Date.now();
      const code = await stop(server.child);
      expect(Date.now() - asked).toBeLessThan(10_000);
      // main.ts and the README: a clean stop, its requests drained or cut, exits 0
      expect(code).toBe(0);
      const answer = await slow.closed;
      // the body never finished, so the request was never answered
      expect(slow.sent()).toBeLessThan(body.length);
      expect(answer).not.toContain('"token"');
    } finally {
      slow.destroy();
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  }, 240_000);
});
