/**
 * `npm run bench`: scorecards and a ranking over a synthetic province.
 *
 * Starts an embedded PostgreSQL in a temporary directory (or uses BENCH_DATABASE_URL, which must
 * point at an empty database), migrates it, loads the calendar and the schemes, writes a province
 * of BENCH_UNITS units (default 1000) × BENCH_POWERS_PER_UNIT powers (default 100), analyzes, and
 * times the assessment service called directly (scope: all):
 *   (a) a unit scorecard, DISTRICT_SANHEYI, 2026; (b) the same, MUNICIPAL;
 *   (c) a city's scorecard (the region as one whole), MUNICIPAL; (d) the province's ranking,
 *   PROVINCIAL_DEPARTMENT.
 * Each operation runs once to warm up (shown as the first run: it also stores the content checks of
 * the versions the generator wrote), then BENCH_RUNS times (5; the ranking 3); the table shows
 * the median and the minimum, and the SQL statements one run sends (counted by the DataSource's
 * logger). Exits 1, after printing what it has, when any step fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { DataSource } from 'typeorm';

import { createDataSource } from '../ormconfig';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded';
import { CountingLogger } from '../src/db/query-counter';
import type { Scope } from '../src/modules/access/scope';
import { createServices, type Services } from '../src/services';

import { generateProvince } from './generate';

const FROM = '2026-01-01';
const TO = '2026-12-31';
const ALL: Scope = { kind: 'all' };

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`bench: ${name} must be a positive whole number, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function table(header: string[], rows: string[][], right: boolean[] = []): string {
  const width = (s: string) =>
    [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const cols = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(cols[i] - width(s));
    return right[i] ? fill + s : s + fill;
  };
  const line = (r: string[]) => '| ' + r.map(pad).join(' | ') + ' |';
  return [
    line(header),
    '|' +
      cols.map((c, i) => (right[i] ? '-'.repeat(c + 1) + ':' : '-'.repeat(c + 2))).join('|') +
      '|',
    ...rows.map(line),
  ].join('\n');
}

interface Operation {
  name: string;
  runs: number;
  run: () => Promise<string>;
}

interface Timing {
  name: string;
  /** the warm-up run: the first one also stores the content checks of the generated versions */
  first: number | null;
  times: number[];
  statements: number | null;
  note: string;
  error: string | null;
}

async function time(op: Operation, logger: CountingLogger): Promise<Timing> {
  const t: Timing = {
    name: op.name,
    first: null,
    times: [],
    statements: null,
    note: '',
    error: null,
  };
  try {
    process.stderr.write(`  ${op.name}: warm-up`);
    const w0 = performance.now();
    t.note = await op.run();
    t.first = performance.now() - w0;
    process.stderr.write(` ${ms(t.first)} ms;`);
    for (let i = 0; i < op.runs; i++) {
      const before = logger.count;
      const t0 = performance.now();
      await op.run();
      t.times.push(performance.now() - t0);
      t.statements = logger.count - before;
      process.stderr.write(` ${ms(t.times[t.times.length - 1])}`);
    }
    process.stderr.write('\n');
  } catch (e) {
    process.stderr.write(' FAILED\n');
    t.error =
      e instanceof Error
        ? `${e.message}${e.stack ? `\n${e.stack.split('\n').slice(1, 6).join('\n')}` : ''}`
        : String(e);
  }
  return t;
}

async function rowCounts(ds: DataSource): Promise<[string, number][]> {
  const tables = [
    'region',
    'unit',
    'app_user',
    'legal_document',
    'legal_amendment',
    'unit_adjustment',
    'power',
    'power_version',
    'power_version_basis',
    'power_status_change',
    'obligation',
    'change_request',
    'normative_document',
    'enforcement_officer',
    'major_penalty_filing',
    'enforcement_report',
    'supervised_case',
    'reconsideration_case',
    'power_usage',
    'finding',
  ];
  const present: { name: string }[] = await ds.query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = ANY($1)`,
    [tables],
  );
  const have = new Set(present.map((p) => p.name));
  const out: [string, number][] = [];
  for (const t of tables) {
    if (!have.has(t)) continue;
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM "${t}"`);
    out.push([t, n]);
  }
  return out;
}

function operations(
  s: Services,
  subjects: {
    unitId: string;
    unitLabel: string;
    cityId: string;
    cityLabel: string;
    provinceId: string;
  },
): Operation[] {
  const card = (scheme: string, where: { unitId?: string; regionId?: string }) => async () => {
    const c = await s.assessment.scorecard(ALL, { scheme, ...where, from: FROM, to: TO });
    const items = c.sections.flatMap((x) => x.items);
    const deductions = items.reduce((a, i) => a + i.deductions.length, 0);
    return `score ${c.score}/${c.maxPoints}, ${deductions} deductions`;
  };
  return [
    {
      name: `(a) unit scorecard DISTRICT_SANHEYI — ${subjects.unitLabel}`,
      runs: 5,
      run: card('DISTRICT_SANHEYI', { unitId: subjects.unitId }),
    },
    {
      name: `(b) unit scorecard MUNICIPAL — ${subjects.unitLabel}`,
      runs: 5,
      run: card('MUNICIPAL', { unitId: subjects.unitId }),
    },
    {
      name: `(c) region scorecard MUNICIPAL — ${subjects.cityLabel}`,
      runs: 5,
      run: card('MUNICIPAL', { regionId: subjects.cityId }),
    },
    {
      name: '(d) province ranking PROVINCIAL_DEPARTMENT',
      runs: 3,
      run: async () => {
        const r = await s.assessment.ranking(
          ALL,
          'PROVINCIAL_DEPARTMENT',
          subjects.provinceId,
          FROM,
          TO,
        );
        return `${r.length} units ranked, scores ${r[r.length - 1]?.score ?? '-'}…${r[0]?.score ?? '-'}`;
      },
    },
  ];
}

async function main(): Promise<number> {
  const units = intEnv('BENCH_UNITS', 1000);
  const powersPerUnit = intEnv('BENCH_POWERS_PER_UNIT', 100);
  const seed = intEnv('BENCH_SEED', 1);
  const external = process.env.BENCH_DATABASE_URL;
  const dir = external ? null : mkdtempSync(path.join(os.tmpdir(), 'pc-bench-'));
  let db: EmbeddedDatabase | null = null;
  let ds: DataSource | null = null;
  let failed = false;
  try {
    const t0 = performance.now();
    db = external
      ? { url: external, stop: async () => {} }
      : await startEmbeddedPostgres(path.join(dir!, 'pg'), { persistent: false });
    const logger = new CountingLogger();
    ds = createDataSource(db.url, logger);
    await ds.initialize();
    await ds.runMigrations();
    const services = createServices(ds, {
      jwtSecret: 'bench-only-secret-'.padEnd(48, 'x'),
      jwtTtlSeconds: 3600,
    });
    await services.calendar.ensureSeeded();
    await services.assessment.ensureSchemes();
    console.error(
      `database ready in ${ms(performance.now() - t0)} ms (${external ? 'BENCH_DATABASE_URL' : 'embedded, ' + dir})`,
    );

    console.error(`generating ${units} units × ${powersPerUnit} powers (seed ${seed})…`);
    const steps: [string, number][] = [];
    const g0 = performance.now();
    const gen = await generateProvince(ds, {
      units,
      powersPerUnit,
      seed,
      onStep: (step, t) => {
        steps.push([step, t]);
        console.error(`  ${step}: ${ms(t)} ms`);
      },
    });
    const generateMs = performance.now() - g0;
    const a0 = performance.now();
    await ds.query('ANALYZE');
    const analyzeMs = performance.now() - a0;
    const counts = await rowCounts(ds);

    const [unit] = await ds.query(
      `SELECT u.id, u.code, u.name, (SELECT count(*)::int FROM power p WHERE p.unit_id = u.id) AS powers
         FROM unit u JOIN region r ON r.id = u.region_id
        WHERE r.level = 'COUNTY' AND u.id = ANY($1) ORDER BY u.code LIMIT 1`,
      [gen.unitIds],
    );
    const fallback =
      unit ??
      (
        await ds.query(`SELECT id, code, name, 0 AS powers FROM unit WHERE id = $1`, [
          gen.unitIds[0],
        ])
      )[0];
    const [city] = await ds.query(
      `SELECT r.id, r.name, (SELECT count(*)::int FROM unit u JOIN region x ON x.id = u.region_id
                               WHERE x.path = r.path OR x.path LIKE r.path || '/%') AS units
         FROM region r WHERE r.id = $1`,
      [gen.cityIds[0]],
    );
    const [{ version }] = await ds.query(`SELECT current_setting('server_version') AS version`);
    const settings: { name: string; setting: string; unit: string | null }[] = await ds.query(
      `SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather', 'jit')`,
    );

    console.error('timing…');
    const ops = operations(services, {
      unitId: fallback.id,
      unitLabel: `${fallback.name} (${fallback.code}, ${fallback.powers} powers)`,
      cityId: city.id,
      cityLabel: `${city.name} (${city.units} units)`,
      provinceId: gen.provinceId,
    });
    const timings: Timing[] = [];
    for (const op of ops) timings.push(await time(op, logger));

    const cpus = os.cpus();
    console.log('\n## power-catalog benchmark\n');
    console.log(
      table(
        ['machine', ''],
        [
          ['CPU', `${cpus[0]?.model ?? 'unknown'}`],
          ['cores', String(cpus.length)],
          ['memory', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
          ['node', process.version],
          ['PostgreSQL', `${version} (${external ? 'external' : 'embedded'})`],
          ['PG settings', settings.map((s) => `${s.name}=${s.setting}${s.unit ?? ''}`).join(', ')],
        ],
      ),
    );
    console.log(
      `\nsize: ${units} units × ${powersPerUnit} powers per unit, seed ${seed}, period ${FROM}..${TO}`,
    );
    console.log(
      `generation: ${(generateMs / 1000).toFixed(1)} s, ANALYZE ${(analyzeMs / 1000).toFixed(1)} s\n`,
    );
    console.log(
      table(
        ['generation step', 'ms'],
        steps.map(([s, t]) => [s, ms(t)]),
        [false, true],
      ),
    );
    console.log('');
    console.log(
      table(
        ['table', 'rows'],
        counts.map(([t, n]) => [t, n.toLocaleString('en-US')]),
        [false, true],
      ),
    );
    console.log('');
    console.log(
      table(
        ['operation', 'first run ms', 'runs', 'median ms', 'min ms', 'statements', 'result'],
        timings.map((t) =>
          t.error
            ? [t.name, '', String(t.times.length), 'ERROR', '', '', t.error.split('\n')[0]]
            : [
                t.name,
                t.first === null ? '' : ms(t.first),
                String(t.times.length),
                ms(median(t.times)),
                ms(Math.min(...t.times)),
                String(t.statements),
                t.note,
              ],
        ),
        [false, true, true, true, true, true, false],
      ),
    );
    for (const t of timings.filter((x) => x.error)) {
      failed = true;
      console.error(`\nERROR in ${t.name}:\n${t.error}`);
    }
  } catch (e) {
    failed = true;
    console.error('\nbench failed:', e instanceof Error ? (e.stack ?? e.message) : e);
  } finally {
    if (ds?.isInitialized)
      await ds.destroy().catch((e) => console.error('closing the DataSource:', e));
    if (db) await db.stop().catch((e) => console.error('stopping PostgreSQL:', e));
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error('bench failed:', e);
    process.exit(1);
  },
);
