import path from 'node:path';

import type { Logger } from 'pino';

import type { Config } from '../config';

import { ensureDatabase, withDatabase } from './database';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';

/**
 * The database of the settings: DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (started
 * here, `embedded` to stop), with the `power_catalog` database created when missing.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  log?: Logger,
): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  let url = config.databaseUrl;
  let embedded: EmbeddedDatabase | null = null;
  if (!url) {
    log?.info({ dataDir: config.dataDir }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), { log });
    url = withDatabase(embedded.url, 'power_catalog');
  }
  try {
    await ensureDatabase(url);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  return { url, embedded };
}
