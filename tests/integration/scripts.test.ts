import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Client } from 'pg';

import { MIGRATIONS } from '../../migrations';
import { createDataSource } from '../../ormconfig';
import { withDatabase } from '../../src/db/database';
import { freePort, removeDataDir } from '../../src/db/embedded';
import { createServices } from '../../src/services';

/**
 * The entry files of the npm scripts (`db:migrate`, `db:revert`, `db:seed`, `admin:password`,
 * `start`), run as npm runs them: a fresh process over a database of this file's own.
 */
const ROOT = path.join(__dirname, '..', '..');
const serverUrl = process.env.PC_TEST_SERVER_URL!;
const dbName = `s_${randomBytes(6).toString('hex')}`;
const url = withDatabase(serverUrl, dbName);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function node(file: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', './scripts/register.js', file, ...args],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 110_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const db = (command: string, env: Record<string, string> = {}) =>
  node('scripts/db.ts', [command], { DATABASE_URL: url, ...env });

async function admin<T>(fn: (c: Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const c = new Client({ connectionString: withDatabase(serverUrl, database) });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
const applied = () =>
  admin(
    async (c) => (await c.query('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name),
    dbName,
  );

async function logsIn(password: string): Promise<boolean> {
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    const services = createServices(ds, { jwtSecret: 'x'.repeat(32), jwtTtlSeconds: 60 });
    return await services.auth.login('admin', password).then(
      () => true,
      () => false,
    );
  } finally {
    await ds.destroy();
  }
}

beforeAll(() => admin((c) => c.query(`CREATE DATABASE ${dbName}`)));
afterAll(() => admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)));

describe('npm run db:* against DATABASE_URL', () => {
  it('migrate applies every migration to an empty database, and a second run applies none', async () => {
    const first = await db('migrate');
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain(`applied ${MIGRATIONS.length} migration(s)`);
    expect(await applied()).toHaveLength(MIGRATIONS.length);
    const second = await db('migrate');
    expect(second.stdout).toContain('migrations: up to date');
  });

  it('revert undoes the last migration only, and seed re-applies it and loads the demo catalog', async () => {
    const before = await applied();
    const reverted = await db('revert');
    expect(reverted).toMatchObject({ code: 0 });
    expect(reverted.stdout).toContain(`reverted ${before.at(-1)}`);
    expect(await applied()).toEqual(before.slice(0, -1));

    const seeded = await db('seed');
    expect(seeded).toMatchObject({ code: 0 });
    expect(seeded.stdout).toContain('applied 1 migration(s)');
    expect(await applied()).toEqual(before);
    const powers = await admin(
      async (c) => (await c.query('SELECT count(*)::int AS n FROM power')).rows[0].n,
      dbName,
    );
    expect(powers).toBeGreaterThanOrEqual(180);
    const again = await db('seed');
    expect(again.stdout).toContain('0 power(s) imported');
  });

  it('admin:password sets ADMIN_PASSWORD, or a generated password it prints once', async () => {
    const set = await db('admin-password', { ADMIN_PASSWORD: 'a-new-admin-password' });
    expect(set).toMatchObject({ code: 0 });
    expect(await logsIn('a-new-admin-password')).toBe(true);

    const generated = await db('admin-password', { ADMIN_PASSWORD: '' });
    const password = /admin password set to "([^"]+)"/.exec(generated.stdout)?.[1];
    expect(password).toBeDefined();
    expect(await logsIn(password!)).toBe(true);
    expect(await logsIn('a-new-admin-password')).toBe(false);
  });

  it('a password too short for admin is refused and changes nothing', async () => {
    const before = await admin(
      async (c) =>
        (await c.query(`SELECT password_hash FROM app_user WHERE username = 'admin'`)).rows,
      dbName,
    );
    const r = await db('admin-password', { ADMIN_PASSWORD: 'short' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('至少 8 个字符');
    const after = await admin(
      async (c) =>
        (await c.query(`SELECT password_hash FROM app_user WHERE username = 'admin'`)).rows,
      dbName,
    );
    expect(after).toEqual(before);
  });

  it('an unknown command prints the usage', async () => {
    const r = await db('drop-everything');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: scripts/db.ts migrate | revert | seed | admin-password');
  });
});

describe('the scripts on the embedded database under DATA_DIR', () => {
  it('db:migrate starts the embedded database, migrates it and stops it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pc-scripts-'));
    const env = { DATABASE_URL: '', DATA_DIR: dataDir };
    try {
      const r = await node('scripts/db.ts', ['migrate'], env);
      expect(r).toMatchObject({ code: 0 });
      expect(r.stdout).toContain(`applied ${MIGRATIONS.length} migration(s)`);
      const again = await node('scripts/db.ts', ['migrate'], env);
      expect(again.stdout).toContain('migrations: up to date');
    } finally {
      removeDataDir(dataDir);
    }
  });
});

describe('a start that cannot work', () => {
  it('says why in one Chinese-and-English line, without a stack trace', async () => {
    const closed = await freePort();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pc-fail-'));
    const r = await node('src/main.ts', [], {
      DATABASE_URL: `postgres://postgres:x@127.0.0.1:${closed}/power_catalog`,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    });
    rmSync(dataDir, { recursive: true, force: true });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^power-catalog 无法启动 \/ cannot start: 连不上数据库 \/ cannot reach/,
    );
    expect(lines[0]).toContain('DATABASE_URL');
  });
});
