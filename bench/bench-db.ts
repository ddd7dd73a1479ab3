/**
 * The one database startup of the benchmarks (`npm run bench`, `npm run bench:spreadsheet`):
 *
 * - `provinceDatabase`: a database holding the generated province of a size (bench/generate.ts),
 *   in an embedded PostgreSQL cluster kept under BENCH_DIR (default `.bench/`) with one database
 *   per size, seed and version of the generator and migrations; generated the first time (about a
 *   minute for 1000 × 100), reused by later runs. BENCH_DATABASE_URL uses another server's
 *   database instead (generated when it holds no power). BENCH_FRESH=1 generates it again.
 * - `emptyDatabase`: an empty migrated database in a throwaway cluster (a temporary directory,
 *   removed on stop), or BENCH_DATABASE_URL (which must then be empty).
 *
 * Both come migrated, with the calendar and the assessment schemes loaded, the services built on
 * a DataSource whose logger counts statements, and a `stop` that closes and cleans up.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { DataSource } from 'typeorm';

import { createDataSource } from '../ormconfig';
import { ensureDatabase, withDatabase } from '../src/db/database';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded';
import { CountingLogger } from '../src/db/query-counter';
import { createServices, type Services } from '../src/services';

import { generateProvince } from './generate';

const ROOT = path.resolve(__dirname, '..');

export interface BenchDatabase {
  url: string;
  ds: DataSource;
  services: Services;
  /** counts the statements the DataSource sends */
  logger: CountingLogger;
  /** where it runs, for the report */
  label: string;
  stop(): Promise<void>;
}

export interface ProvinceDatabase extends BenchDatabase {
  provinceId: string;
  /** the province's cities, by code */
  cityIds: string[];
  /** every unit, by code */
  unitIds: string[];
  /** the generation's steps and time, or null when the database was reused */
  generated: { ms: number; steps: [string, number][] } | null;
}

async function open(db: EmbeddedDatabase, url: string, label: string, cleanup = () => {}) {
  const logger = new CountingLogger();
  const ds = createDataSource(url, logger);
  await ds.initialize();
  const stop = async () => {
    if (ds.isInitialized)
      await ds.destroy().catch((e) => console.error('closing the DataSource:', e));
    await db.stop().catch((e) => console.error('stopping PostgreSQL:', e));
    cleanup();
  };
  try {
    await ds.runMigrations();
    const services = createServices(ds, {
      jwtSecret: 'bench-only-secret-'.padEnd(48, 'x'),
      jwtTtlSeconds: 3600,
    });
    await services.calendar.ensureSeeded();
    await services.assessment.ensureSchemes();
    return { url, ds, services, logger, label, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** An empty, migrated database: a throwaway embedded cluster, or BENCH_DATABASE_URL. */
export async function emptyDatabase(prefix = 'pc-bench-'): Promise<BenchDatabase> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external)
    return open({ url: external, stop: async () => {} }, external, 'BENCH_DATABASE_URL');
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const db = await startEmbeddedPostgres(path.join(dir, 'pg'), { persistent: false });
  return open(db, db.url, `embedded, ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
}

/**
 * A digest of what decides a generated database's content: the generator and the migrations, so
 * a change to either makes a new database instead of reusing a stale one.
 */
function contentVersion(): string {
  const h = createHash('sha256');
  h.update(readFileSync(path.join(ROOT, 'bench', 'generate.ts')));
  const migrations = path.join(ROOT, 'migrations');
  for (const f of readdirSync(migrations).sort()) h.update(f);
  return h.digest('hex').slice(0, 8);
}

/** The generated province of this size: reused from an earlier run when there is one. */
export async function provinceDatabase(opts: {
  units: number;
  powersPerUnit: number;
  seed: number;
  onStep?: (step: string, ms: number) => void;
}): Promise<ProvinceDatabase> {
  const { units, powersPerUnit, seed } = opts;
  const external = process.env.BENCH_DATABASE_URL;
  const dir = path.resolve(process.env.BENCH_DIR ?? path.join(ROOT, '.bench'));
  const db: EmbeddedDatabase = external
    ? { url: external, stop: async () => {} }
    : await startEmbeddedPostgres(path.join(dir, 'pg'));
  const name = `bench_${units}x${powersPerUnit}_s${seed}_${contentVersion()}`;
  const url = external ?? withDatabase(db.url, name);
  if (!external) {
    if (process.env.BENCH_FRESH === '1') {
      const admin = createDataSource(db.url);
      await admin.initialize();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.destroy();
    }
    await ensureDatabase(url);
  }
  const base = await open(db, url, external ? 'BENCH_DATABASE_URL' : `embedded, ${dir} (${name})`);
  try {
    const { ds } = base;
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM power`);
    let generated: ProvinceDatabase['generated'] = null;
    if (n === 0) {
      const steps: [string, number][] = [];
      const t0 = performance.now();
      await generateProvince(ds, {
        units,
        powersPerUnit,
        seed,
        onStep: (step, t) => {
          steps.push([step, t]);
          opts.onStep?.(step, t);
        },
      });
      await ds.query('ANALYZE');
      generated = { ms: performance.now() - t0, steps };
    }
    const [province] = await ds.query(
      `SELECT id FROM region WHERE parent_id IS NULL ORDER BY code LIMIT 1`,
    );
    const cities: { id: string }[] = await ds.query(
      `SELECT id FROM region WHERE level = 'CITY' ORDER BY code`,
    );
    const unitRows: { id: string }[] = await ds.query(`SELECT id FROM unit ORDER BY code`);
    return {
      ...base,
      provinceId: province.id,
      cityIds: cities.map((c) => c.id),
      unitIds: unitRows.map((u) => u.id),
      generated,
    };
  } catch (e) {
    await base.stop();
    throw e;
  }
}
