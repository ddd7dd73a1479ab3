import { Client } from 'pg';

import { createDataSource } from '../../ormconfig';
import { withDatabase } from '../../src/db/database';

const server = () => process.env.PC_TEST_SERVER_URL!;

async function emptyDatabase(): Promise<string> {
  const name = `m_${Math.random().toString(36).slice(2, 10)}`;
  const c = new Client({ connectionString: withDatabase(server(), 'postgres') });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return name;
}

async function dropDatabase(name: string): Promise<void> {
  const c = new Client({ connectionString: withDatabase(server(), 'postgres') });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
}

describe('migrations', () => {
  it('run up, all the way down, and up again on an empty database', async () => {
    const name = await emptyDatabase();
    const ds = createDataSource(withDatabase(server(), name));
    await ds.initialize();
    try {
      const up = await ds.runMigrations({ transaction: 'each' });
      expect(up.length).toBeGreaterThan(0);
      for (let i = 0; i < up.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const left = await ds.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      );
      expect(left).toEqual([]);
      const again = await ds.runMigrations({ transaction: 'each' });
      expect(again.map((m) => m.name)).toEqual(up.map((m) => m.name));
    } finally {
      await ds.destroy();
      await dropDatabase(name);
    }
  });

  it('agree with the entities: no pending schema change', async () => {
    const name = await emptyDatabase();
    const ds = createDataSource(withDatabase(server(), name));
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
      await dropDatabase(name);
    }
  });
});
