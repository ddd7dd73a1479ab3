import 'reflect-metadata';
import type { Server } from 'node:http';

import { createDataSource } from '../ormconfig';
import { seedDemo } from '../seeds/load-demo';

import { loadConfig } from './config';
import { openDatabase } from './db/open';
import { CountingLogger } from './db/query-counter';
import { databaseRoles, ensureServiceRole } from './db/roles';
import { createLogger } from './logger';
import { createHttpServer, createServer } from './server';
import { createServices } from './services';
import { explainStartupFailure } from './startup-error';

/** The process ends this long after SIGTERM/SIGINT at the latest (the contract: within 10 s). */
const SHUTDOWN_DEADLINE_MS = 9500;
/** How long requests in flight may finish after SIGTERM before their connections are closed. */
const DRAIN_MS = 4000;

/** Whether `p` settles within `ms` (a rejection counts as settled). */
function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    p.then(done, done);
  });
}

/**
 * Starts the service: settings, database (embedded unless DATABASE_URL), migrations, the admin
 * user and the demo catalog, then HTTP. SIGINT/SIGTERM drain requests and stop everything.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  let ready = false;
  // a signal while starting ends the process; its exit hook stops the embedded cluster
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));
  const { url, embedded } = await openDatabase(config, log);
  // migrations as the owner, the service as a role that may only read and write data
  const roles = databaseRoles(url, {
    embedded: !!embedded,
    ownerUrl: config.databaseOwnerUrl,
    dataDir: config.dataDir,
  });
  const grant = () =>
    roles.grantTo ? ensureServiceRole(roles.ownerUrl, roles.grantTo, roles.password) : undefined;
  await grant();
  const ds = createDataSource(roles.serviceUrl, new CountingLogger(log));
  await ds.initialize();
  const services = createServices(ds, config, undefined, log);
  const { app, apollo } = await createServer({
    ds,
    services,
    log,
    production: config.production,
    explorer: config.explorer,
    trustProxy: config.trustProxy,
    isReady: () => ready,
    gate: { maxConcurrent: config.maxConcurrentOperations, queueMs: config.operationQueueMs },
  });
  const server: Server = createHttpServer(app, config.requestTimeoutMs);
  // HOST unset: every interface, as node does by default
  if (config.host) server.listen(config.port, config.host);
  else server.listen(config.port);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });

  const owner = createDataSource(roles.ownerUrl, new CountingLogger(log));
  await owner.initialize();
  const applied = await owner.runMigrations({ transaction: 'each' });
  await owner.destroy();
  await grant();
  if (applied.length) log.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  const years = await services.calendar.ensureSeeded();
  if (years) log.info({ years }, 'working-day calendar loaded from chinese-days');
  // warn at start and once a day while the last loaded year ends within 60 days
  const checkHorizon = async () => {
    const horizon = await services.calendar.horizonWarning().catch(() => null);
    if (horizon) log.warn({ calendar: horizon }, 'working-day calendar ends soon');
  };
  await checkHorizon();
  setInterval(() => void checkHorizon(), 24 * 3600 * 1000).unref();
  await services.assessment.ensureSchemes();
  const admin = await services.auth.ensureAdmin(config.adminPassword);
  const demo = process.env.SEED_DEMO === 'false' ? null : await seedDemo(ds, services, log);
  const shown =
    !config.host || config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const base = `http://${shown.includes(':') ? `[${shown}]` : shown}:${config.port}`;
  console.log(
    `\npower-catalog is up: ${base}/graphql (health ${base}/healthz, ready ${base}/readyz)`,
  );
  console.log(
    `web console: ${base}/` +
      (config.explorer ? `, GraphQL explorer: ${base}/explorer` : ' (explorer off: EXPLORER=true)'),
  );
  if (admin.password)
    console.log(`admin user created: username "admin", password "${admin.password}" (shown once)`);
  else if (admin.created) console.log('admin user created with ADMIN_PASSWORD');
  else
    console.log(
      'log in as "admin" with the password set when it was created (npm run admin:password sets a new one)',
    );
  if (demo) {
    console.log(`demo users, all with the password "${demo.password}":`);
    for (const u of demo.users)
      console.log(`  ${u.username.padEnd(14)} ${u.role.padEnd(15)} ${u.of}`);
  }
  console.log(
    `\ncurl -s ${base}/graphql -H 'content-type: application/json' \\\n  -d '{"query":"mutation { login(username: \\"admin\\", password: \\"…\\") { token } }"}'\n`,
  );
  // ready only once the demo data is in and the banner says how to use it
  ready = true;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: draining requests');
    ready = false;
    // whatever hangs (a request, the database), the process ends within 10 s
    setTimeout(() => {
      log.error('stopping took too long: exiting now');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    // stop accepting, let requests in flight finish (for DRAIN_MS at most), then close the rest
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (!(await within(closed, DRAIN_MS))) {
      log.warn('requests still running after the drain: closing their connections');
      server.closeAllConnections();
      await within(closed, 500);
    }
    await within(apollo.stop(), 500);
    await within(ds.destroy(), 1000);
    if (embedded) await embedded.stop();
    log.info('stopped');
    process.exit(0);
  };
  // drain requests first, then stop the cluster, then exit 0
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }
}

main().catch((err: unknown) => {
  // one line saying why and what to do; the stack only when asked for
  console.error(explainStartupFailure(err));
  if (process.env.LOG_LEVEL === 'debug') console.error(err);
  process.exit(1);
});
