import { applyChange, requireVersionContent } from '../../src/modules/catalog/versioning';
import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let w: World;
let powerId: string;

/** Applies a content change (and optionally a status) straight through the versioning function. */
async function apply(over: Record<string, unknown>, status?: 'DORMANT' | 'ACTIVE') {
  const content = requireVersionContent(
    { ...penaltyDraft(w.unit, w.law.id, 1), ...over } as never,
    'draft',
  );
  return t.ds.transaction((m) =>
    applyChange(m, {
      powerId,
      unitId: w.unit.id,
      content,
      status,
      changeRequestId: null,
      actorId: null,
    }),
  );
}

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
  const r = await t.ok(
    `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id current { validFrom } } } }`,
    { i: [{ unitId: w.unit.id, draft: penaltyDraft(w.unit, w.law.id, 1) }] },
    w.tokens.admin,
  );
  powerId = r.importPowers.powers[0].id;
  await apply({ name: '第二版名称', legalTimeLimitDays: 60 });
  await apply({ name: '第三版名称', legalTimeLimitDays: 60 }, 'DORMANT');
});
afterAll(() => t.close());

const HISTORY = `query($id: ID) { power(id: $id) {
  status current { versionNo name }
  versions { versionNo name validFrom validTo }
} }`;

describe('the version history', () => {
  it('keeps versions contiguous, oldest first, with exactly the last one open', async () => {
    const r = await t.ok(HISTORY, { id: powerId }, w.tokens.admin);
    const v = r.power.versions;
    expect(v.map((x: { versionNo: number }) => x.versionNo)).toEqual([1, 2, 3]);
    expect(v[0].validTo).toBe(v[1].validFrom);
    expect(v[1].validTo).toBe(v[2].validFrom);
    expect(v[2].validTo).toBeNull();
    expect(r.power.current).toEqual({ versionNo: 3, name: '第三版名称' });
    expect(r.power.status).toBe('DORMANT');
  });

  it('answers asOf with the version in force at that instant, and null before the first', async () => {
    const q = `query($id: ID, $at: DateTime!) { power(id: $id) { asOf(at: $at) { versionNo } statusAsOf(at: $at) } }`;
    const before = await t.ok(q, { id: powerId, at: '2000-01-01T00:00:00Z' }, w.tokens.admin);
    expect(before.power).toEqual({ asOf: null, statusAsOf: null });
    const rows: { valid_from: Date }[] = await t.ds.query(
      `SELECT valid_from FROM power_version WHERE power_id = $1 ORDER BY version_no`,
      [powerId],
    );
    const answers = [];
    for (const { valid_from } of rows) {
      answers.push(
        (await t.ok(q, { id: powerId, at: valid_from.toISOString() }, w.tokens.admin)).power,
      );
    }
    expect(answers).toEqual([
      { asOf: { versionNo: 1 }, statusAsOf: 'ACTIVE' },
      { asOf: { versionNo: 2 }, statusAsOf: 'ACTIVE' },
      { asOf: { versionNo: 3 }, statusAsOf: 'DORMANT' },
    ]);
  });

  it('answers asOf in one statement that uses the (power, valid_from) index', async () => {
    const plan = await t.ds.query(
      `EXPLAIN (FORMAT JSON) SELECT * FROM power_version WHERE power_id = $1 AND valid_from <= now() AND (valid_to IS NULL OR valid_to > now())`,
      [powerId],
    );
    const text = JSON.stringify(plan);
    // on a tiny table the planner may prefer a scan; force the index path to prove it exists and is usable
    await t.ds.query('SET enable_seqscan = off');
    const forced = JSON.stringify(
      await t.ds.query(
        `EXPLAIN (FORMAT JSON) SELECT * FROM power_version WHERE power_id = $1 AND valid_from <= now() AND (valid_to IS NULL OR valid_to > now())`,
        [powerId],
      ),
    );
    await t.ds.query('SET enable_seqscan = on');
    expect(text).toContain('power_version');
    expect(forced).toMatch(
      /ix_power_version_asof|uq_power_version_no|uq_power_version_open|ex_power_version_no_overlap/,
    );
  });

  it('diffs two versions field by field', async () => {
    const r = await t.ok(
      `query($id: ID) { power(id: $id) { diff(fromVersion: 1, toVersion: 3) { field before after } } }`,
      { id: powerId },
      w.tokens.admin,
    );
    expect(r.power.diff).toEqual([
      { field: 'name', before: '对违反测试规定行为的处罚1', after: '第三版名称' },
      { field: 'legalTimeLimitDays', before: '90', after: '60' },
    ]);
  });

  it('refuses a diff against a version that does not exist', async () => {
    const err = await t.fails(
      `query($id: ID) { power(id: $id) { diff(fromVersion: 1, toVersion: 9) { field } } }`,
      { id: powerId },
      w.tokens.admin,
    );
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('the database guards the history', () => {
  it('refuses to update an applied version', async () => {
    await expect(
      t.ds.query(
        `UPDATE power_version SET name = 'tampered' WHERE power_id = $1 AND version_no = 1`,
        [powerId],
      ),
    ).rejects.toThrow(/immutable/);
  });

  it('refuses to reopen or move a closed version', async () => {
    await expect(
      t.ds.query(
        `UPDATE power_version SET valid_to = NULL WHERE power_id = $1 AND version_no = 1`,
        [powerId],
      ),
    ).rejects.toThrow(/immutable/);
  });

  it('refuses to change the open version other than closing it', async () => {
    await expect(
      t.ds.query(`UPDATE power_version SET name = 'x' WHERE power_id = $1 AND valid_to IS NULL`, [
        powerId,
      ]),
    ).rejects.toThrow(/immutable/);
  });

  it('refuses to delete a version, a basis, a status change or an audit entry', async () => {
    await expect(
      t.ds.query(`DELETE FROM power_version WHERE power_id = $1`, [powerId]),
    ).rejects.toThrow(/immutable/);
    await expect(t.ds.query(`DELETE FROM power_version_basis`)).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`UPDATE power_status_change SET status = 'ACTIVE'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.ds.query(`DELETE FROM audit_entry`)).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`TRUNCATE audit_entry`)).rejects.toThrow(/append-only/);
  });

  it('refuses overlapping versions of one power (exclusion constraint)', async () => {
    await expect(
      t.ds.query(
        `INSERT INTO power_version (power_id, version_no, code, name, category, is_key, subject_unit_id, subject_type, valid_from, valid_to)
         SELECT power_id, 99, code, name, category, is_key, subject_unit_id, subject_type, valid_from, valid_from + interval '1 second'
         FROM power_version WHERE power_id = $1 AND version_no = 1`,
        [powerId],
      ),
    ).rejects.toThrow(/ex_power_version_no_overlap/);
  });

  it('refuses a second open version', async () => {
    await expect(
      t.ds.query(
        `INSERT INTO power_version (power_id, version_no, code, name, category, is_key, subject_unit_id, subject_type, valid_from)
         SELECT power_id, 98, code, name, category, is_key, subject_unit_id, subject_type, now() + interval '1 day'
         FROM power_version WHERE power_id = $1 AND version_no = 1`,
        [powerId],
      ),
    ).rejects.toThrow(/ex_power_version_no_overlap|uq_power_version_open/);
  });

  it('writes an audit entry with the import in the same transaction', async () => {
    const rows = await t.ds.query(
      `SELECT operation, entity_ids FROM audit_entry WHERE $1 = ANY(entity_ids)`,
      [powerId],
    );
    expect(rows).toEqual([{ operation: 'importPowers', entity_ids: [powerId] }]);
  });
});
