import 'reflect-metadata';
import { types } from 'pg';
import { DataSource } from 'typeorm';

import { MIGRATIONS } from './migrations';
import { ENTITIES } from './src/db/entities';
import { SnakeNamingStrategy } from './src/db/naming';
import { PreparingClient } from './src/db/prepared-client';
import { CountingLogger } from './src/db/query-counter';

// DATE columns stay "YYYY-MM-DD" strings: a calendar date has no time zone to drift in.
types.setTypeParser(types.builtins.DATE, (v: string) => v);
// bigint ids (audit entries) as strings, counts converted where read
types.setTypeParser(types.builtins.INT8, (v: string) => v);

/**
 * The one DataSource definition, used by the app, the migration scripts and the tests.
 * Migrations only: `synchronize` is off everywhere.
 */
export function createDataSource(url: string, logger = new CountingLogger()): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    uuidExtension: 'pgcrypto',
    logging: ['query', 'error', 'warn', 'migration'],
    logger,
    maxQueryExecutionTime: 2000,
    // PreparingClient: parameterised statements are prepared once per connection
    extra: { max: 10, application_name: 'power-catalog', Client: PreparingClient },
  });
}

/** For the TypeORM CLI: `DATABASE_URL=… npx typeorm -d dist/ormconfig.js migration:show`. */
export default createDataSource(process.env.DATABASE_URL ?? 'postgres://localhost/power_catalog');
