/**
 * `npm run bench:api`: the service under load beside a raw-SQL floor (bench/floor.ts), on one
 * generated province.
 *
 * 1. Starts (or reuses) an embedded PostgreSQL cluster under BENCH_API_DIR (default `.bench/`,
 *    kept between runs) and a database per size; generates the province with bench/generate.ts
 *    the first time (BENCH_UNITS × BENCH_POWERS_PER_UNIT, default 1000 × 100, about a minute),
 *    later runs reuse it. BENCH_DATABASE_URL uses another server instead (filled the same way).
 * 2. Builds the service (tsc -p tsconfig.build.json, as `npm start` does; BENCH_API_SOURCE=1 runs
 *    src/main.ts through the TypeScript loader instead) and starts it (NODE_ENV=production) and
 *    the floor as child processes,
 *    logs in as the province's legal reviewer (a region scope: every read is filtered by scope).
 * 3. Checks that both answer every shape with the same data.
 * 4. For BENCH_API_ROUNDS rounds (default 3), for each shape, runs autocannon
 *    (BENCH_API_CONNECTIONS, default 16, for BENCH_API_SECONDS, default 8) against the service
 *    and the floor, alternating which goes first, and prints req/s, p50 and p99 of each, the
 *    ratio per round and its median, the CPU time each server process spent per request (from
 *    /proc, so it holds on a busy machine where req/s does not), and the service's peak RSS
 *    during the page of powers.
 * BENCH_API_SHAPES=powers,power runs only those shapes; BENCH_API_PROFILE=dir writes a CPU profile
 * of the service there. Exits 1 when a step fails or a response differs.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import autocannon from 'autocannon';
import type { DataSource } from 'typeorm';

import { createDataSource } from '../ormconfig';
import { ensureDatabase, withDatabase } from '../src/db/database';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded';
import { hashPassword } from '../src/modules/auth/password';
import { createServices } from '../src/services';

import { generateProvince } from './generate';

const ROOT = path.resolve(__dirname, '..');
const REGISTER = path.join(ROOT, 'scripts', 'register.js');
const PASSWORD = 'Bench@2026';

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`bench:api: ${name} must be a positive whole number, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Shape {
  name: string;
  /** the GraphQL operation the service gets */
  query: string;
  /** the floor's path */
  floor: string;
}

function shapes(code: string): Shape[] {
  return [
    {
      name: 'powers(first: 50)',
      query: `{ powers(first: 50) { edges { node { code status unit { name } current { name category legalBases { articles document { title } } } } } } }`,
      floor: '/powers',
    },
    {
      name: 'power(code:)',
      query: `{ power(code: ${JSON.stringify(code)}) { code current { name } } }`,
      floor: `/power?arg=${encodeURIComponent(code)}`,
    },
    {
      name: 'changeRequests(first: 20)',
      query: `{ changeRequests(first: 20) { edges { node { id kind status late dueOn power { code } unit { name } } } } }`,
      floor: '/changeRequests',
    },
    {
      name: 'obligations(first: 20)',
      query: `{ obligations(first: 20) { edges { node { id cause dueOn metOn power { code status current { name } } } } } }`,
      floor: '/obligations',
    },
  ];
}

/** A database of this size holding a generated province, filled the first time. */
async function benchDatabase(
  units: number,
  powersPerUnit: number,
  seed: number,
): Promise<{ db: EmbeddedDatabase; url: string; provinceId: string; reviewerId: string }> {
  const external = process.env.BENCH_DATABASE_URL;
  const dir = path.resolve(process.env.BENCH_API_DIR ?? path.join(ROOT, '.bench'));
  const db: EmbeddedDatabase = external
    ? { url: external, stop: async () => {} }
    : await startEmbeddedPostgres(path.join(dir, 'pg'));
  const url = external ?? withDatabase(db.url, `bench_${units}x${powersPerUnit}_s${seed}`);
  await ensureDatabase(url);
  const ds: DataSource = createDataSource(url);
  await ds.initialize();
  try {
    await ds.runMigrations();
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM power`);
    if (n === 0) {
      const services = createServices(ds, {
        jwtSecret: 'bench-only-secret-'.padEnd(48, 'x'),
        jwtTtlSeconds: 3600,
      });
      await services.calendar.ensureSeeded();
      await services.assessment.ensureSchemes();
      console.error(`generating ${units} units × ${powersPerUnit} powers (seed ${seed})…`);
      const t0 = performance.now();
      await generateProvince(ds, { units, powersPerUnit, seed });
      console.error(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } else {
      console.error(`reusing the bench database (${n.toLocaleString('en-US')} powers)`);
    }
    // as autovacuum leaves a served database (and `npm run bench` does): the generator's bulk
    // inserts leave the visibility map empty, and the bench cluster stops before autovacuum runs
    await ds.query('VACUUM ANALYZE');
    const [reviewer] = await ds.query(
      `SELECT u.id, u.region_id FROM app_user u JOIN region r ON r.id = u.region_id
        WHERE u.role = 'LEGAL_REVIEWER' AND u.username LIKE 'bench_reviewer_%' AND r.parent_id IS NULL
        ORDER BY u.username LIMIT 1`,
    );
    if (!reviewer) throw new Error('the bench database has no province reviewer');
    await ds.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [
      reviewer.id,
      await hashPassword(PASSWORD),
    ]);
    return { db, url, provinceId: reviewer.region_id, reviewerId: reviewer.id };
  } finally {
    await ds.destroy();
  }
}

/** Starts a TypeScript entry point as a child; resolves once `ready` says it answers. */
async function start(
  entry: string,
  env: Record<string, string>,
  ready: () => Promise<boolean>,
): Promise<ChildProcess> {
  const profile = process.env.BENCH_API_PROFILE;
  const isService = /main\.[jt]s$/.test(entry);
  const child = fork(entry, [], {
    execArgv: [
      ...(entry.endsWith('.ts') ? ['-r', REGISTER] : []),
      ...(profile && isService ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    if (await ready().catch(() => false)) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGTERM');
  throw new Error(`${entry} did not start within 120 s`);
}

async function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** USER_HZ, the unit of /proc/<pid>/stat's times (100 on Linux everywhere). */
const CLOCK_TICKS = 100;

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the fields after the command (which may hold spaces) in parentheses
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
interface Run {
  /** CPU microseconds the server process spent per request answered */
  cpuUs?: number;
  /** CPU microseconds this process (autocannon, the load generator) spent per request */
  loaderUs?: number;
  rps: number;
  /** requests answered in the run */
  total: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(opts: {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
}): Promise<Run> {
  const r = await autocannon({
    url: opts.url,
    method: opts.method,
    body: opts.body,
    headers: opts.headers,
    connections: opts.connections,
    duration: opts.seconds,
  });
  return {
    rps: r.requests.average,
    total: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

function table(header: string[], rows: string[][]): string {
  const cols = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    '| ' + r.map((c, i) => (i === 0 ? c.padEnd(cols[i]) : c.padStart(cols[i]))).join(' | ') + ' |';
  return [
    line(header),
    '|' +
      cols.map((c, i) => (i === 0 ? '-'.repeat(c + 2) : '-'.repeat(c + 1) + ':')).join('|') +
      '|',
    ...rows.map(line),
  ].join('\n');
}

async function main(): Promise<number> {
  const units = intEnv('BENCH_UNITS', 1000);
  const powersPerUnit = intEnv('BENCH_POWERS_PER_UNIT', 100);
  const seed = intEnv('BENCH_SEED', 1);
  const rounds = intEnv('BENCH_API_ROUNDS', 3);
  const connections = intEnv('BENCH_API_CONNECTIONS', 16);
  const seconds = intEnv('BENCH_API_SECONDS', 8);
  const only = process.env.BENCH_API_SHAPES?.split(',').map((s) => s.trim());

  let db: EmbeddedDatabase | null = null;
  let service: ChildProcess | null = null;
  let floor: ChildProcess | null = null;
  let failed = false;
  try {
    const bench = await benchDatabase(units, powersPerUnit, seed);
    db = bench.db;
    const ds = createDataSource(bench.url);
    await ds.initialize();
    const [{ path: scopePath }] = await ds.query(`SELECT path FROM region WHERE id = $1`, [
      bench.provinceId,
    ]);
    const [{ code }] = await ds.query(
      `SELECT code FROM power ORDER BY code OFFSET (SELECT count(*) / 2 FROM power) LIMIT 1`,
    );
    const [{ username }] = await ds.query(`SELECT username FROM app_user WHERE id = $1`, [
      bench.reviewerId,
    ]);
    const [{ version }] = await ds.query(`SELECT current_setting('server_version') AS version`);
    await ds.destroy();

    const servicePort = await freePort();
    const floorPort = await freePort();
    const serviceUrl = `http://127.0.0.1:${servicePort}/graphql`;
    const floorUrl = `http://127.0.0.1:${floorPort}`;
    // the service as it runs in production (`npm start`: the compiled JavaScript), unless
    // BENCH_API_SOURCE=1 runs src/main.ts through the TypeScript loader (about 65 MB more RSS)
    let entry = path.join(ROOT, 'src', 'main.ts');
    if (process.env.BENCH_API_SOURCE !== '1') {
      console.error('building the service (tsc -p tsconfig.build.json)…');
      execFileSync(
        process.execPath,
        [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
        {
          cwd: ROOT,
          stdio: 'inherit',
        },
      );
      entry = path.join(ROOT, 'dist', 'src', 'main.js');
    }
    console.error('starting the service and the floor…');
    service = await start(
      entry,
      {
        NODE_ENV: 'production',
        DATABASE_URL: bench.url,
        PORT: String(servicePort),
        JWT_SECRET: 'bench-only-secret-'.padEnd(48, 'x'),
        ADMIN_PASSWORD: 'Bench-admin@2026',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
      },
      async () => (await fetch(`http://127.0.0.1:${servicePort}/readyz`)).ok,
    );
    floor = await start(
      path.join(ROOT, 'bench', 'floor.ts'),
      {
        FLOOR_DATABASE_URL: bench.url,
        FLOOR_PORT: String(floorPort),
        FLOOR_SCOPE_PATH: scopePath,
        FLOOR_SCOPE_REGION: bench.provinceId,
      },
      async () => (await fetch(`${floorUrl}/none`)).status === 404,
    );

    const login = await fetch(serviceUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
        variables: { u: username, p: PASSWORD },
      }),
    }).then((r) => r.json() as Promise<{ data?: { login: { token: string } } }>);
    const token = login.data?.login.token;
    if (!token) throw new Error(`login failed: ${JSON.stringify(login)}`);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };

    const all = shapes(code).filter((s) => !only || only.includes(s.name.replace(/\(.*/, '')));
    console.error('checking that both answer the same data…');
    for (const s of all) {
      const a = await fetch(serviceUrl, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: s.query }),
      }).then((r) => r.json());
      const b = await fetch(floorUrl + s.floor).then((r) => r.json());
      if (!isDeepStrictEqual(a, b)) {
        console.error(`\n${s.name}: the service and the floor answer differently`);
        console.error('service:', JSON.stringify(a).slice(0, 1500));
        console.error('floor:  ', JSON.stringify(b).slice(0, 1500));
        return 1;
      }
    }

    const run = (s: Shape, which: 'service' | 'floor', secs: number) =>
      which === 'service'
        ? load({
            url: serviceUrl,
            method: 'POST',
            body: JSON.stringify({ query: s.query }),
            headers,
            connections,
            seconds: secs,
          })
        : load({ url: floorUrl + s.floor, method: 'GET', connections, seconds: secs });

    console.error('warming up…');
    for (const s of all) for (const w of ['service', 'floor'] as const) await run(s, w, 2);

    const results = new Map<string, { service: Run; floor: Run }[]>();
    let peakRss = 0;
    for (let round = 1; round <= rounds; round++) {
      for (const s of all) {
        const order = round % 2 ? (['service', 'floor'] as const) : (['floor', 'service'] as const);
        const got: Partial<Record<'service' | 'floor', Run>> = {};
        for (const which of order) {
          let sampler: NodeJS.Timeout | null = null;
          if (which === 'service' && s.floor === '/powers' && service.pid) {
            const pid = service.pid;
            sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(pid))), 200);
          }
          const pid = (which === 'service' ? service : floor).pid!;
          const cpu0 = cpuSeconds(pid);
          const own0 = process.cpuUsage();
          const r = await run(s, which, seconds);
          r.cpuUs = ((cpuSeconds(pid) - cpu0) * 1e6) / Math.max(1, r.total);
          const own = process.cpuUsage(own0);
          r.loaderUs = (own.user + own.system) / Math.max(1, r.total);
          got[which] = r;
          if (sampler) clearInterval(sampler);
        }
        const r = { service: got.service!, floor: got.floor! };
        if (r.service.non2xx || r.service.errors || r.floor.non2xx || r.floor.errors) {
          failed = true;
          console.error(
            `${s.name} round ${round}: non-2xx or errors (service ${r.service.non2xx}/${r.service.errors}, floor ${r.floor.non2xx}/${r.floor.errors})`,
          );
        }
        console.error(
          `  round ${round} ${s.name}: service ${r.service.rps.toFixed(0)} req/s (${r.service.cpuUs!.toFixed(0)} µs CPU each), floor ${r.floor.rps.toFixed(0)} req/s (${r.floor.cpuUs!.toFixed(0)} µs), ratio ${(r.service.rps / r.floor.rps).toFixed(3)}`,
        );
        results.set(s.name, [...(results.get(s.name) ?? []), r]);
      }
    }

    const cpus = os.cpus();
    console.log('\n## power-catalog API benchmark\n');
    console.log(
      `machine: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; node ${process.version}; PostgreSQL ${version}`,
    );
    console.log(
      `data: ${units} units × ${powersPerUnit} powers (seed ${seed}); scope: province legal reviewer; autocannon ${connections} connections, ${seconds} s per run, ${rounds} interleaved rounds\n`,
    );
    const rows: string[][] = [];
    for (const [name, rs] of results) {
      rs.forEach((r, i) =>
        rows.push([
          `${name} round ${i + 1}`,
          r.service.rps.toFixed(0),
          String(r.service.p50),
          String(r.service.p99),
          r.service.cpuUs!.toFixed(0),
          r.floor.rps.toFixed(0),
          String(r.floor.p50),
          String(r.floor.p99),
          r.floor.cpuUs!.toFixed(0),
          (r.service.rps / r.floor.rps).toFixed(3),
        ]),
      );
      rows.push([
        `${name} median`,
        median(rs.map((r) => r.service.rps)).toFixed(0),
        String(median(rs.map((r) => r.service.p50))),
        String(median(rs.map((r) => r.service.p99))),
        median(rs.map((r) => r.service.cpuUs!)).toFixed(0),
        median(rs.map((r) => r.floor.rps)).toFixed(0),
        String(median(rs.map((r) => r.floor.p50))),
        String(median(rs.map((r) => r.floor.p99))),
        median(rs.map((r) => r.floor.cpuUs!)).toFixed(0),
        '**' + median(rs.map((r) => r.service.rps / r.floor.rps)).toFixed(3) + '**',
      ]);
    }
    console.log(
      table(
        [
          'shape',
          'service req/s',
          'p50 ms',
          'p99 ms',
          'CPU µs/req',
          'floor req/s',
          'p50 ms',
          'p99 ms',
          'CPU µs/req',
          'ratio',
        ],
        rows,
      ),
    );
    if (peakRss)
      console.log(`\nservice peak RSS during the page of powers: ${peakRss.toFixed(0)} MB`);
    // autocannon runs in this process, on the same cores as both servers and PostgreSQL: its
    // share of a run's CPU (the same for both servers' runs of a shape) says how much of p99 is
    // the load generator's
    console.log('\nload generator (autocannon, this process) CPU µs per request, medians:');
    for (const [name, rs] of results)
      console.log(
        `  ${name}: service runs ${median(rs.map((r) => r.service.loaderUs!)).toFixed(0)}, floor runs ${median(rs.map((r) => r.floor.loaderUs!)).toFixed(0)}`,
      );
  } catch (e) {
    failed = true;
    console.error('\nbench:api failed:', e instanceof Error ? (e.stack ?? e.message) : e);
  } finally {
    await stop(service);
    await stop(floor);
    if (db) await db.stop().catch((e) => console.error('stopping PostgreSQL:', e));
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error('bench:api failed:', e);
    process.exit(1);
  },
);
