import { Client } from 'pg';

import { APPEND_ONLY_TABLES } from '../../src/db/roles';
import { makeWorld, penaltyDraft } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * The service connects as a role that may only read and write data (README, "Database roles"):
 * even from its own connection the history cannot be changed and the guards cannot be removed.
 */
let t: TestApp;
let service: Client;

beforeAll(async () => {
  t = await startTestApp();
  const w = await makeWorld(t);
  await t.services.powers.importPowers(
    { kind: 'all' },
    [{ unitId: w.unit.id, status: 'ACTIVE', draft: penaltyDraft(w.unit, w.law.id, 1) as never }],
    { userId: null, requestId: 'test' },
  );
  service = new Client({ connectionString: t.serviceUrl });
  await service.connect();
});
afterAll(async () => {
  await service.end();
  await t.close();
});

const refused = (sql: string) =>
  expect(service.query(sql)).rejects.toMatchObject({ code: '42501' }); // insufficient_privilege

describe('the service role', () => {
  it('is neither a superuser nor the owner of any table', async () => {
    const [me] = (
      await service.query(
        `SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
      )
    ).rows;
    expect(me).toEqual({
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolbypassrls: false,
    });
    const owned = await service.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user`,
    );
    expect(owned.rows).toEqual([]);
  });

  it.each(APPEND_ONLY_TABLES)('may not UPDATE, DELETE or TRUNCATE %s', async (table) => {
    await refused(`UPDATE ${table} SET id = id`);
    await refused(`DELETE FROM ${table}`);
    await refused(`TRUNCATE ${table}`);
  });

  it('may not switch the audit guard off, nor delete a version', async () => {
    await refused(`ALTER TABLE audit_entry DISABLE TRIGGER ALL`);
    await expect(
      service.query(`ALTER TABLE audit_entry DISABLE TRIGGER USER`),
    ).rejects.toMatchObject({ code: '42501' });
    await refused(`DELETE FROM power_version`);
    await refused(`CREATE TABLE sneaky (id int)`);
  });

  it('still reads the audit and the history it cannot change', async () => {
    const n = await service.query(`SELECT count(*)::int AS n FROM audit_entry`);
    expect(n.rows[0].n).toBeGreaterThan(0);
    const v = await service.query(`SELECT count(*)::int AS n FROM power_version_basis`);
    expect(v.rows[0].n).toBeGreaterThan(0);
  });
});
