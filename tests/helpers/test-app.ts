import { randomBytes } from 'node:crypto';
import type { RequestListener } from 'node:http';

import { Client } from 'pg';
import pino from 'pino';
import type { DataSource } from 'typeorm';

import { createDataSource } from '../../ormconfig';
import type { Clock } from '../../src/common/clock';
import type { TrustProxy } from '../../src/config';
import { withDatabase } from '../../src/db/database';
import { CountingLogger } from '../../src/db/query-counter';
import { SERVICE_ROLE, withCredentials } from '../../src/db/roles';
import { createServer, type ServerOptions } from '../../src/server';
import { createServices, type Services } from '../../src/services';

import { TEST_SERVICE_PASSWORD } from './global-setup';
import { postGraphql } from './http';

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data: T | null;
  errors?: {
    message: string;
    path?: string[];
    extensions: { code: string; fields?: { path: string; message: string }[] } & Record<
      string,
      unknown
    >;
  }[];
  body: any;
}

export interface TestApp {
  /** the test's own connection, as the owner: for fixtures the service may not write */
  ds: DataSource;
  /** the app's connection, as the service's role (what `counter` counts) */
  serviceDs: DataSource;
  /** the URL the app connects with (the service's role) */
  serviceUrl: string;
  services: Services;
  /** the app as the HTTP server runs it (the bare front, then express) */
  app: RequestListener;
  counter: CountingLogger;
  dbName: string;
  /** POST /graphql with an optional bearer token */
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GqlResult<T>>;
  /** the data of an operation that must succeed; throws with the errors otherwise */
  ok<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<T>;
  /** the first error's code of an operation that must fail */
  fails(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<NonNullable<GqlResult['errors']>[number]>;
  /**
   * Another server of the app on this test's database and services, as the service's role, logs
   * silent, not in production: for the options startTestApp does not take (`over`). The caller
   * stops it (`apollo.stop()`).
   */
  server(over?: Partial<ServerOptions>): ReturnType<typeof createServer>;
  close(): Promise<void>;
}

/**
 * A server of the real app over a database of this test file's own, cloned from the migrated
 * template: files share nothing and run in parallel.
 */
export async function startTestApp(
  opts: {
    production?: boolean;
    explorer?: boolean;
    webDir?: string;
    clock?: Clock;
    /** AUTH_CACHE_MS of the app (default 4000) */
    authCacheMs?: number;
    /** TRUST_PROXY of the app (default false) */
    trustProxy?: TrustProxy;
  } = {},
): Promise<TestApp> {
  const serverUrl = process.env.PC_TEST_SERVER_URL;
  if (!serverUrl) throw new Error('PC_TEST_SERVER_URL is not set: run through jest (global setup)');
  const dbName = `t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE pc_template STRATEGY FILE_COPY`);
  await admin.end();

  const counter = new CountingLogger();
  const ds = createDataSource(withDatabase(serverUrl, dbName));
  await ds.initialize();
  const serviceUrl = withCredentials(
    withDatabase(serverUrl, dbName),
    SERVICE_ROLE,
    TEST_SERVICE_PASSWORD,
  );
  const serviceDs = createDataSource(serviceUrl, counter);
  await serviceDs.initialize();
  const services = createServices(
    serviceDs,
    {
      jwtSecret: 'test-secret-test-secret-test-secret!',
      jwtTtlSeconds: 3600,
      authCacheMs: opts.authCacheMs,
    },
    opts.clock,
  );
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const { app, apollo } = await createServer({
    ds: serviceDs,
    services,
    log,
    production: opts.production ?? false,
    explorer: opts.explorer,
    webDir: opts.webDir,
    trustProxy: opts.trustProxy,
    // the gate's own test sets a tiny cap; elsewhere a burst of a test's requests on a loaded
    // machine waits its turn instead of a 503 that depends on timing
    gate: { queueMs: 600_000 },
  });

  const gql = async <T>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GqlResult<T>> => {
    const res = await postGraphql(app, { query, variables }, token);
    return {
      status: res.status,
      data: res.body?.data ?? null,
      errors: res.body?.errors,
      body: res.body,
    };
  };
  return {
    ds,
    serviceDs,
    serviceUrl,
    services,
    app,
    counter,
    dbName,
    gql,
    async ok<T>(query: string, variables?: Record<string, unknown>, token?: string) {
      const r = await gql<T>(query, variables, token);
      if (r.errors?.length || !r.data)
        throw new Error(`GraphQL failed: ${JSON.stringify(r.errors ?? r.body)}`);
      return r.data;
    },
    async fails(query: string, variables?: Record<string, unknown>, token?: string) {
      const r = await gql(query, variables, token);
      if (!r.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(r.data)}`);
      return r.errors[0];
    },
    server: (over = {}) =>
      createServer({
        ds: serviceDs,
        services,
        log: pino({ level: 'silent' }),
        production: false,
        ...over,
      }),
    async close() {
      await apollo.stop();
      await serviceDs.destroy();
      await ds.destroy();
      const c = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    },
  };
}
