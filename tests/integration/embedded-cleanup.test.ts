import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Client } from 'pg';

import { startThrowawayPostgres, sweepThrowawayClusters } from '../../src/db/embedded';

/** The id of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

/** A stand-in for a relocated cluster under `base`/clusters: its `throwaway` mark and postmaster.pid. */
function fakeCluster(base: string, name: string, o: { owner?: number; postmaster?: number } = {}) {
  const folder = path.join(base, 'clusters', name);
  mkdirSync(path.join(folder, 'pg'), { recursive: true });
  writeFileSync(path.join(folder, 'origin'), `/tmp/${name}/pg\n`);
  if (o.owner !== undefined) writeFileSync(path.join(folder, 'throwaway'), `${o.owner}\n`);
  if (o.postmaster !== undefined)
    writeFileSync(path.join(folder, 'pg', 'postmaster.pid'), `${o.postmaster}\n/x\n`);
  return folder;
}

describe('a throwaway embedded PostgreSQL (the test and bench clusters)', () => {
  it('leaves no folder behind once stopped: neither its temporary folder nor, as root, its relocated cluster', async () => {
    const db = await startThrowawayPostgres('pc-throwaway-');
    const cluster = db.dataDir!;
    try {
      expect(existsSync(path.join(cluster, 'PG_VERSION'))).toBe(true);
      const c = new Client({ connectionString: db.url });
      await c.connect();
      expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await c.end();
      if (!cluster.startsWith(db.dir)) {
        // kept elsewhere (as root), marked throwaway with its owner
        expect(readFileSync(path.join(path.dirname(cluster), 'throwaway'), 'utf8')).toBe(
          `${process.pid}\n`,
        );
      }
    } finally {
      await db.stop();
    }
    expect(existsSync(db.dir)).toBe(false);
    expect(existsSync(cluster)).toBe(false);
    if (!cluster.startsWith(db.dir)) expect(existsSync(path.dirname(cluster))).toBe(false);
  });

  it('as root, clears at its start the throwaway clusters left by a process that was killed', async () => {
    if (process.getuid?.() !== 0) return; // only root relocates clusters
    const base = path.resolve(process.env.PG_RUNTIME_DIR || '/var/lib/power-catalog');
    const left = fakeCluster(base, `test-left-${process.pid}`, { owner: deadPid() });
    const db = await startThrowawayPostgres('pc-throwaway-');
    await db.stop();
    expect(existsSync(left)).toBe(false);
  });
});

describe('sweeping throwaway clusters', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(path.join(tmpdir(), 'pc-sweep-'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('removes those whose owner is gone and whose postmaster is not running, and nothing else', () => {
    const dead = deadPid();
    const gone = fakeCluster(base, 'owner-gone', { owner: dead });
    const stale = fakeCluster(base, 'stale-postmaster-pid', { owner: dead, postmaster: deadPid() });
    fakeCluster(base, 'owner-running', { owner: process.pid });
    fakeCluster(base, 'postmaster-running', { owner: dead, postmaster: process.pid });
    // npm start's: persistent, no mark, kept even with its DATA_DIR gone and nothing running
    fakeCluster(base, 'persistent');
    expect(sweepThrowawayClusters(base).sort()).toEqual([gone, stale].sort());
    expect(readdirSync(path.join(base, 'clusters')).sort()).toEqual([
      'owner-running',
      'persistent',
      'postmaster-running',
    ]);
  });

  it('does nothing where there are no clusters', () => {
    expect(sweepThrowawayClusters(base)).toEqual([]);
  });
});
