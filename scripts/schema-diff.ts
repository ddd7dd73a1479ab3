/**
 * Prints the SQL that would bring a freshly migrated database in line with the entities: empty
 * when entities and migrations agree. Used when writing a new migration.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { createDataSource } from '../ormconfig';
import { startEmbeddedPostgres } from '../src/db/embedded';

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pc-diff-'));
  const db = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => {} }
    : await startEmbeddedPostgres(path.join(dir, 'pg'), { persistent: false });
  const ds = createDataSource(db.url);
  try {
    await ds.initialize();
    await ds.runMigrations();
    const sql = await ds.driver.createSchemaBuilder().log();
    for (const q of sql.upQueries) console.log(q.query + ';');
    console.error(`${sql.upQueries.length} statement(s)`);
  } finally {
    await ds.destroy().catch(() => undefined);
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
