/**
 * `npm run bench:login`: login under a brute-force run.
 *
 * Starts the service (src/main.ts, NODE_ENV=production, an embedded PostgreSQL in a fresh
 * `.bench/login-*` folder, removed afterwards), creates one account, then runs autocannon
 * (BENCH_LOGIN_CONNECTIONS, default 16, for BENCH_LOGIN_SECONDS, default 10) twice:
 *   1. wrong passwords against that one account (the per-account throttle);
 *   2. wrong passwords against a new username on every request (the per-address throttle).
 * For each it prints the answers per second, how many were password checks (UNAUTHENTICATED,
 * HTTP 200) and how many were refused by the throttle (TOO_MANY_REQUESTS, HTTP 429), and p50/p99.
 * Exits 1 when a step fails.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import autocannon from 'autocannon';

import { freePort, removeDataDir } from '../src/db/embedded';

const ROOT = path.resolve(__dirname, '..');
const ADMIN_PASSWORD = 'Bench-admin@2026';
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`bench:login: ${name} must be a positive whole number, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

async function gql(url: string, query: string, variables: object, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string }[] };
}

async function run(
  name: string,
  url: string,
  connections: number,
  seconds: number,
  body: () => string,
) {
  const r = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections,
    duration: seconds,
    requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
  });
  const by = (code: string) =>
    (r.statusCodeStats as Record<string, { count: number }>)[code]?.count ?? 0;
  const checked = by('200');
  const throttled = by('429');
  const total = r.requests.total;
  console.log(
    `${name}: ${(total / seconds).toFixed(0)} answers/s (${total} in ${seconds} s, ${connections} connections): ` +
      `${checked} password checks (${(checked / seconds).toFixed(1)}/s), ${throttled} TOO_MANY_REQUESTS, ` +
      `${total - checked - throttled} other; p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`,
  );
}

async function main(): Promise<void> {
  const connections = intEnv('BENCH_LOGIN_CONNECTIONS', 16);
  const seconds = intEnv('BENCH_LOGIN_SECONDS', 10);
  mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
  const dataDir = mkdtempSync(path.join(ROOT, '.bench', 'login-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  let child: ChildProcess | null = null;
  try {
    console.error('starting the service (embedded PostgreSQL in a fresh folder)…');
    child = fork(path.join(ROOT, 'src', 'main.ts'), [], {
      execArgv: ['-r', path.join(ROOT, 'scripts', 'register.js')],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: '',
        DATA_DIR: dataDir,
        PORT: String(port),
        ADMIN_PASSWORD,
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
      if (
        await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (Date.now() > deadline) throw new Error('the service did not start within 180 s');
      await new Promise((r) => setTimeout(r, 250));
    }
    const admin = await gql(url, LOGIN, { u: 'admin', p: ADMIN_PASSWORD });
    const token = admin.data?.login?.token as string | undefined;
    if (!token) throw new Error(`admin login failed: ${JSON.stringify(admin.errors)}`);
    const made = await gql(
      url,
      `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
      { i: { username: 'target', password: 'Target-pass@2026', role: 'ADMIN' } },
      token,
    );
    if (!made.data) throw new Error(`createUser failed: ${JSON.stringify(made.errors)}`);
    console.log(
      `bench:login on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
    );
    let n = 0;
    await run('one account, wrong passwords', url, connections, seconds, () =>
      JSON.stringify({ query: LOGIN, variables: { u: 'target', p: `guess-${++n}` } }),
    );
    await run('a new username on every request', url, connections, seconds, () =>
      JSON.stringify({ query: LOGIN, variables: { u: `spray-${++n}`, p: `guess-${n}` } }),
    );
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    removeDataDir(dataDir);
  }
}

main().catch((err: unknown) => {
  console.error(`bench:login failed: ${(err as Error).message}`);
  process.exit(1);
});
