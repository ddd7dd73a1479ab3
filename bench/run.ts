/**
 * `npm run bench`: scorecards and a ranking over a synthetic province.
 *
 * Opens the bench database of a province of BENCH_UNITS units (default 1000) ×
 * BENCH_POWERS_PER_UNIT powers (default 100) through bench/bench-db.ts (generated the first time
 * and kept under `.bench/`, reused later; BENCH_FRESH=1 generates it again), and times the
 * assessment service called directly (scope: all):
 *   (a) a unit scorecard, DISTRICT_SANHEYI, 2026; (b) the same, MUNICIPAL;
 *   (c) a city's scorecard (the region as one whole), MUNICIPAL; (d) the province's ranking,
 *   PROVINCIAL_DEPARTMENT.
 * The database is vacuumed first (VACUUM ANALYZE, as autovacuum leaves a settled one). Each
 * operation runs once to warm up (shown as the first run: it also stores the content checks of
 * the versions the generator wrote), then BENCH_RUNS times (5; the ranking 3); the table shows
 * the median and the minimum, and the SQL statements one run sends (counted by the DataSource's
 * logger). BENCH_UNITS=250,500,1000 runs each size in turn and ends with a table of the medians
 * by size (how the cost grows with the powers). Exits 1, after printing what it has, when any step
 * fails.
 */
import os from 'node:os';

import type { DataSource } from 'typeorm';

import type { CountingLogger } from '../src/db/query-counter';
import type { Scope } from '../src/modules/access/scope';
import type { Services } from '../src/services';

import { provinceDatabase } from './bench-db';

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

async function time(
  op: Operation,
  logger: CountingLogger,
  /** run after the warm-up, before the timed runs */
  settle: () => Promise<unknown>,
): Promise<Timing> {
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
    await settle();
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

/** BENCH_UNITS: one size, or several (`250,500,1000`) to show how the cost grows with the powers. */
function unitSizes(): number[] {
  const raw = process.env.BENCH_UNITS ?? '1000';
  const sizes = raw.split(',').map((x) => Number(x.trim()));
  if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
    console.error(`bench: BENCH_UNITS must be whole numbers separated by commas, got "${raw}"`);
    process.exit(2);
  }
  return sizes;
}

async function benchOne(
  units: number,
  powersPerUnit: number,
  seed: number,
): Promise<{ timings: Timing[]; report: string[] }> {
  const report: string[] = [];
  const t0 = performance.now();
  console.error(
    `${units} units × ${powersPerUnit} powers (seed ${seed}): opening the bench database…`,
  );
  const pdb = await provinceDatabase({
    units,
    powersPerUnit,
    seed,
    onStep: (step, t) => console.error(`  ${step}: ${ms(t)} ms`),
  });
  try {
    const { ds, services, logger } = pdb;
    console.error(
      `database ready in ${ms(performance.now() - t0)} ms (${pdb.label}; ${pdb.generated ? 'generated' : 'reused'})`,
    );
    const counts = await rowCounts(ds);
    const [unit] = await ds.query(
      `SELECT u.id, u.code, u.name, (SELECT count(*)::int FROM power p WHERE p.unit_id = u.id) AS powers
         FROM unit u JOIN region r ON r.id = u.region_id
        WHERE r.level = 'COUNTY' AND u.id = ANY($1) ORDER BY u.code LIMIT 1`,
      [pdb.unitIds],
    );
    const fallback =
      unit ??
      (
        await ds.query(`SELECT id, code, name, 0 AS powers FROM unit WHERE id = $1`, [
          pdb.unitIds[0],
        ])
      )[0];
    const [city] = await ds.query(
      `SELECT r.id, r.name, (SELECT count(*)::int FROM unit u JOIN region x ON x.id = u.region_id
                               WHERE x.path = r.path OR x.path LIKE r.path || '/%') AS units
         FROM region r WHERE r.id = $1`,
      [pdb.cityIds[0]],
    );
    const [{ version }] = await ds.query(`SELECT current_setting('server_version') AS version`);
    const settings: { name: string; setting: string; unit: string | null }[] = await ds.query(
      `SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather', 'jit')`,
    );

    // What autovacuum gives a settled database: the visibility map set, so index-only scans do
    // not visit the heap. The generator's bulk inserts leave it empty, and the bench cluster is
    // stopped before autovacuum gets to them: unvacuumed, the ranking took 1.8 s where it takes
    // 1.4 s vacuumed (2026-12-02, 100,000 powers, quiet machine).
    const v0 = performance.now();
    await ds.query('VACUUM ANALYZE');
    console.error(`VACUUM ANALYZE: ${ms(performance.now() - v0)} ms`);
    console.error('timing…');
    const ops = operations(services, {
      unitId: fallback.id,
      unitLabel: `${fallback.name} (${fallback.code}, ${fallback.powers} powers)`,
      cityId: city.id,
      cityLabel: `${city.name} (${city.units} units)`,
      provinceId: pdb.provinceId,
    });
    const timings: Timing[] = [];
    // the first warm-up may store the content checks of the generated versions: vacuumed too
    for (const op of ops)
      timings.push(await time(op, logger, () => ds.query('VACUUM ANALYZE power_version_check')));

    const cpus = os.cpus();
    report.push(
      table(
        ['machine', ''],
        [
          ['CPU', `${cpus[0]?.model ?? 'unknown'}`],
          ['cores', String(cpus.length)],
          ['memory', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
          ['node', process.version],
          ['PostgreSQL', `${version} (${pdb.label})`],
          ['PG settings', settings.map((s) => `${s.name}=${s.setting}${s.unit ?? ''}`).join(', ')],
        ],
      ),
    );
    report.push(
      `\nsize: ${units} units × ${powersPerUnit} powers per unit, seed ${seed}, period ${FROM}..${TO}`,
    );
    if (pdb.generated) {
      report.push(`generation: ${(pdb.generated.ms / 1000).toFixed(1)} s (with ANALYZE)\n`);
      report.push(
        table(
          ['generation step', 'ms'],
          pdb.generated.steps.map(([s, t]) => [s, ms(t)]),
          [false, true],
        ),
      );
    } else report.push('generation: reused from an earlier run (BENCH_FRESH=1 generates again)');
    report.push('');
    report.push(
      table(
        ['table', 'rows'],
        counts.map(([t, n]) => [t, n.toLocaleString('en-US')]),
        [false, true],
      ),
    );
    report.push('');
    report.push(
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
    return { timings, report };
  } finally {
    await pdb.stop();
  }
}

async function main(): Promise<number> {
  const sizes = unitSizes();
  const powersPerUnit = intEnv('BENCH_POWERS_PER_UNIT', 100);
  const seed = intEnv('BENCH_SEED', 1);
  let failed = false;
  const summary: string[][] = [];
  try {
    console.log('\n## power-catalog benchmark\n');
    for (const units of sizes) {
      const { timings, report } = await benchOne(units, powersPerUnit, seed);
      console.log(report.join('\n'));
      console.log('');
      summary.push([
        (units * powersPerUnit).toLocaleString('en-US'),
        ...timings.map((t) => (t.error ? 'ERROR' : ms(median(t.times)))),
      ]);
      for (const t of timings.filter((x) => x.error)) {
        failed = true;
        console.error(`\nERROR in ${t.name}:\n${t.error}`);
      }
    }
    if (sizes.length > 1) {
      console.log('median ms by size (powers):\n');
      console.log(
        table(
          [
            'powers',
            '(a) unit DISTRICT',
            '(b) unit MUNICIPAL',
            '(c) city MUNICIPAL',
            '(d) province ranking',
          ],
          summary,
          [true, true, true, true, true],
        ),
      );
    }
  } catch (e) {
    failed = true;
    console.error('\nbench failed:', e instanceof Error ? (e.stack ?? e.message) : e);
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
