/**
 * `npm run bench:load-cap`: the service's peak RSS and answers under a burst of concurrent page
 * requests, the operation gate on (the defaults) and, for comparison, off.
 *
 * Starts (or reuses) an embedded PostgreSQL under BENCH_CAP_DIR (default `.bench-cap/`) holding
 * a generated province (BENCH_CAP_UNITS × 100 powers, default 60 units, generated the first time),
 * starts the service (src/main.ts, NODE_ENV=production) as a child, logs in as the province's
 * legal reviewer and sends BENCH_CAP_CONNECTIONS (default 800) requests at once, each
 * `powers(first: 100)` with the current version and its bases, BENCH_CAP_WAVES times (default 3)
 * per shape: the hot page (answered by the compiled read path) and the same page with a filter
 * (answered by Apollo and the resolvers). Samples the child's RSS every 50 ms and prints, per
 * gate setting and shape, the peak RSS and how many answers were 200, 503 and anything else.
 * A bounded run: it stops by itself, and only talks to 127.0.0.1.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import path from 'node:path';

import { createDataSource } from '../ormconfig';
import { ensureDatabase, withDatabase } from '../src/db/database';
import { freePort, startEmbeddedPostgres } from '../src/db/embedded';
import { hashPassword } from '../src/modules/auth/password';
import { createServices } from '../src/services';

import { generateProvince } from './generate';

const ROOT = path.resolve(__dirname, '..');
const PASSWORD = 'Bench@2026';

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`${name} must be a positive integer`);
  return n;
}

const SHAPES = {
  'powers(first: 100)': `{ powers(first: 100) { edges { node { code status unit { name } current { name category legalBases { articles document { title } } } } } } }`,
  'powers(first: 100, filter)': `{ powers(first: 100, filter: { status: ACTIVE }) { edges { node { code status unit { name } current { name category legalBases { articles document { title } } } } } } }`,
};

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

/** One POST on its own connection; resolves with the status (0 for a failed connection). */
function post(port: number, body: string, token: string, agent: Agent): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
        timeout: 120_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end(body);
  });
}

async function startService(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = fork(path.join(ROOT, 'src', 'main.ts'), [], {
    execArgv: ['-r', path.join(ROOT, 'scripts', 'register.js')],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('the service did not start within 120 s');
}

async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function main(): Promise<void> {
  const units = intEnv('BENCH_CAP_UNITS', 60);
  const connections = intEnv('BENCH_CAP_CONNECTIONS', 800);
  const waves = intEnv('BENCH_CAP_WAVES', 3);
  const dir = path.resolve(process.env.BENCH_CAP_DIR ?? path.join(ROOT, '.bench-cap'));
  const db = await startEmbeddedPostgres(path.join(dir, 'pg'));
  const url = withDatabase(db.url, `cap_${units}x100`);
  await ensureDatabase(url);
  const ds = createDataSource(url);
  await ds.initialize();
  await ds.runMigrations();
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM power`);
  if (n === 0) {
    const services = createServices(ds, { jwtSecret: 'x'.repeat(48), jwtTtlSeconds: 3600 });
    await services.calendar.ensureSeeded();
    await services.assessment.ensureSchemes();
    console.error(`generating ${units} units × 100 powers…`);
    await generateProvince(ds, { units, powersPerUnit: 100, seed: 1 });
    await ds.query('ANALYZE');
  }
  const [reviewer] = await ds.query(
    `SELECT u.id, u.username FROM app_user u JOIN region r ON r.id = u.region_id
      WHERE u.role = 'LEGAL_REVIEWER' AND u.username LIKE 'bench_reviewer_%' AND r.parent_id IS NULL
      ORDER BY u.username LIMIT 1`,
  );
  await ds.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [
    reviewer.id,
    await hashPassword(PASSWORD),
  ]);
  await ds.destroy();

  const rows: string[] = [];
  try {
    for (const gate of ['on (defaults)', 'off'] as const) {
      const port = await freePort();
      const service = await startService(
        {
          NODE_ENV: 'production',
          DATABASE_URL: url,
          PORT: String(port),
          HOST: '127.0.0.1',
          JWT_SECRET: 'bench-only-secret-'.padEnd(48, 'x'),
          ADMIN_PASSWORD: 'Bench-admin@2026',
          SEED_DEMO: 'false',
          LOG_LEVEL: 'warn',
          ...(gate === 'off' ? { MAX_CONCURRENT_OPERATIONS: '100000' } : {}),
        },
        port,
      );
      try {
        const login = (await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query: `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
            variables: { u: reviewer.username, p: PASSWORD },
          }),
        }).then((r) => r.json())) as { data?: { login: { token: string } } };
        const token = login.data?.login.token;
        if (!token) throw new Error(`login failed: ${JSON.stringify(login)}`);
        for (const [shape, query] of Object.entries(SHAPES)) {
          const body = JSON.stringify({ query });
          const idle = rssMb(service.pid!);
          let peak = idle;
          const sampler = setInterval(() => (peak = Math.max(peak, rssMb(service.pid!))), 50);
          const counts: Record<string, number> = {};
          const t0 = performance.now();
          for (let wave = 0; wave < waves; wave++) {
            // a fresh connection per request: 800 sockets open at once
            const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
            const statuses = await Promise.all(
              Array.from({ length: connections }, () => post(port, body, token, agent)),
            );
            agent.destroy();
            for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
          }
          clearInterval(sampler);
          const seconds = (performance.now() - t0) / 1000;
          const other = Object.entries(counts)
            .filter(([s]) => s !== '200' && s !== '503')
            .map(([s, c]) => `${s}×${c}`)
            .join(' ');
          rows.push(
            `| ${gate} | ${shape} | ${connections} × ${waves} | ${idle.toFixed(0)} | ${peak.toFixed(0)} | ${counts['200'] ?? 0} | ${counts['503'] ?? 0} | ${other || '–'} | ${seconds.toFixed(1)} |`,
          );
          console.error(rows.at(-1));
        }
      } finally {
        await stopService(service);
      }
    }
  } finally {
    await db.stop();
  }
  console.log(
    '| gate | shape | requests at once × waves | idle RSS MB | peak RSS MB | 200 | 503 | other | s |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
