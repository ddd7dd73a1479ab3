import { Client } from 'pg';

import { createDataSource } from '../../ormconfig';
import { withDatabase } from '../../src/db/database';
import { startThrowawayPostgres } from '../../src/db/embedded';
import { ensureServiceRole, SERVICE_ROLE } from '../../src/db/roles';
import { AssessmentService } from '../../src/modules/assessment/assessment.service';
import { CalendarService } from '../../src/modules/calendar/calendar.service';

export const TEMPLATE_DB = 'pc_template';
/** the password of the service's role in the test cluster */
export const TEST_SERVICE_PASSWORD = 'power-catalog-service';

/**
 * Starts PostgreSQL for the integration tests (embedded, or the server of TEST_DATABASE_URL),
 * and migrates a template database that every test file clones into a database of its own.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    // stopped by the global teardown, which removes it and its folder
    const db = await startThrowawayPostgres('pc-test-');
    (globalThis as { __pcStop?: () => Promise<void> }).__pcStop = db.stop;
    serverUrl = db.url;
  }
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();

  const ds = createDataSource(withDatabase(serverUrl, TEMPLATE_DB));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  // every test database starts with the calendar the service loads at start
  await new CalendarService(ds).ensureSeeded();
  await new AssessmentService(ds).ensureSchemes();
  await ds.destroy();
  // the app under test connects as the service's role, as in production (its grants are part
  // of the template, so every cloned database has them)
  await ensureServiceRole(
    withDatabase(serverUrl, TEMPLATE_DB),
    SERVICE_ROLE,
    TEST_SERVICE_PASSWORD,
  );
  process.env.PC_TEST_SERVER_URL = serverUrl;
}
