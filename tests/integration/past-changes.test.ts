import {
  applyChange,
  createPowers,
  type VersionContent,
} from '../../src/modules/catalog/versioning';
import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
});
afterAll(() => t.close());

const content = (n: number, over = {}) =>
  ({ ...penaltyDraft(w.unit, w.law.id, n), ...over }) as unknown as VersionContent;

/** A power that entered the catalog on 2024-03-01, as a catalog brought in with its past has. */
async function pastPower(n: number) {
  const [p] = await t.ds.transaction((m) =>
    createPowers(
      m,
      [{ unitId: w.unit.id, content: content(n), since: new Date('2024-03-01T09:00:00+08:00') }],
      null,
    ),
  );
  return p;
}

describe('changes brought in with their past', () => {
  it('writes a power entered earlier and changed since, its versions contiguous and the last in force', async () => {
    const p = await pastPower(1);
    await t.ds.transaction((m) =>
      applyChange(m, {
        powerId: p.id,
        unitId: w.unit.id,
        content: content(1, { promisedTimeLimitDays: 45 }),
        changeRequestId: null,
        actorId: null,
        at: new Date('2025-05-06T15:00:00+08:00'),
      }),
    );
    await t.ds.transaction((m) =>
      applyChange(m, {
        powerId: p.id,
        unitId: w.unit.id,
        status: 'DORMANT',
        changeRequestId: null,
        actorId: null,
        at: new Date('2025-08-01T15:00:00+08:00'),
      }),
    );
    const versions = await t.ds.query(
      `SELECT version_no, valid_from, valid_to, promised_time_limit_days FROM power_version
        WHERE power_id = $1 ORDER BY version_no`,
      [p.id],
    );
    expect(versions).toEqual([
      {
        version_no: 1,
        valid_from: new Date('2024-03-01T01:00:00Z'),
        valid_to: new Date('2025-05-06T07:00:00Z'),
        promised_time_limit_days: 60,
      },
      {
        version_no: 2,
        valid_from: new Date('2025-05-06T07:00:00Z'),
        valid_to: null,
        promised_time_limit_days: 45,
      },
    ]);
    const statuses = await t.ds.query(
      `SELECT status, at FROM power_status_change WHERE power_id = $1 ORDER BY at`,
      [p.id],
    );
    expect(statuses).toEqual([
      { status: 'ACTIVE', at: new Date('2024-03-01T01:00:00Z') },
      { status: 'DORMANT', at: new Date('2025-08-01T07:00:00Z') },
    ]);
    const v = await t.services.powers.versionAt(p.id, new Date('2025-01-01T00:00:00Z'));
    expect(v?.versionNo).toBe(1);
  });

  it('refuses a past change before what the power already has, or after now, and writes nothing', async () => {
    const p = await pastPower(2);
    const change = (at: Date) =>
      t.ds.transaction((m) =>
        applyChange(m, {
          powerId: p.id,
          unitId: w.unit.id,
          content: content(2, { promisedTimeLimitDays: 30 }),
          changeRequestId: null,
          actorId: null,
          at,
        }),
      );
    await expect(change(new Date('2024-02-01T00:00:00Z'))).rejects.toThrow(/before its history/);
    await expect(change(new Date(Date.now() + 86_400_000))).rejects.toThrow(/before now/);
    const [{ n }] = await t.ds.query(
      `SELECT count(*)::int AS n FROM power_version WHERE power_id = $1`,
      [p.id],
    );
    expect(n).toBe(1);
    await expect(
      t.ds.transaction((m) =>
        createPowers(
          m,
          [{ unitId: w.unit.id, content: content(3), since: new Date(Date.now() + 86_400_000) }],
          null,
        ),
      ),
    ).rejects.toThrow(/later/);
  });
});
