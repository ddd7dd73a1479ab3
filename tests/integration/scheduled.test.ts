import type { Clock } from '../../src/common/clock';
import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Scheduled versions (issue 12 item 5): approval may set a later `effectiveFrom`; until then
 * `current` and the status stay what is in force and the new version is in `scheduled`; the
 * service's clock crossing the instant puts it in force. The database still allows one version
 * in force at any instant and no other history.
 */

const HOUR = 3600_000;
let shift = 0;
/** the real time moved by `shift`: the database stamps versions by its own clock */
const clock: Clock = { now: () => new Date(Date.now() + shift) };

let t: TestApp;
let w: World;
let seq = 0;

const CREATE = `mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id } }`;
const SUBMIT = `mutation($id: ID!) { submitChangeRequest(id: $id) { id } }`;
const APPROVE = `mutation($id: ID!, $at: DateTime) { approveChangeRequest(id: $id, effectiveFrom: $at) {
  status effectiveFrom appliedVersion { versionNo validFrom }
} }`;
const POWER = `query($id: ID) { power(id: $id) {
  status current { versionNo name } scheduled { versionNo name validFrom }
  versions { versionNo validFrom validTo }
} }`;

beforeAll(async () => {
  t = await startTestApp({ clock });
  w = await makeWorld(t);
});
afterAll(() => t.close());

async function newPower(): Promise<string> {
  const r = await t.ok(
    `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id } } }`,
    { i: [{ unitId: w.unit.id, draft: penaltyDraft(w.unit, w.law.id, ++seq) }] },
    w.tokens.admin,
  );
  return r.importPowers.powers[0].id;
}

/** Files a request of `kind` (a MODIFY renames the power) and returns its id. */
async function filed(powerId: string, kind: string, name?: string): Promise<string> {
  const token = kind === 'MODIFY' ? w.tokens.unitLegal : w.tokens.unitOperator;
  const r = await t.ok(
    CREATE,
    { i: { kind, powerId, reason: '依法调整', ...(name ? { draft: { name } } : {}) } },
    token,
  );
  await t.ok(SUBMIT, { id: r.createChangeRequest.id }, token);
  return r.createChangeRequest.id;
}

const later = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();

describe('a version approved for a later instant', () => {
  let powerId: string;
  let at: string;

  beforeAll(async () => {
    powerId = await newPower();
    at = later(HOUR);
    const id = await filed(powerId, 'MODIFY', '新法施行后的名称');
    const r = await t.ok(APPROVE, { id, at }, w.tokens.countyReviewer);
    expect(r.approveChangeRequest).toEqual({
      status: 'APPROVED',
      effectiveFrom: at,
      appliedVersion: { versionNo: 2, validFrom: at },
    });
  });

  it('leaves the version in force current and lists the new one as scheduled', async () => {
    const p = (await t.ok(POWER, { id: powerId }, w.tokens.unitLegal)).power;
    expect(p.current.versionNo).toBe(1);
    expect(p.scheduled).toEqual([{ versionNo: 2, name: '新法施行后的名称', validFrom: at }]);
    expect(p.versions[0].validTo).toBe(at);
    expect(p.versions[1]).toEqual({ versionNo: 2, validFrom: at, validTo: null });
  });

  it('answers asOf for instants before and after it', async () => {
    const q = `query($id: ID, $a: DateTime!, $b: DateTime!) { power(id: $id) {
      before: asOf(at: $a) { versionNo } after: asOf(at: $b) { versionNo } } }`;
    const justBefore = new Date(new Date(at).getTime() - 1).toISOString();
    const r = await t.ok(q, { id: powerId, a: justBefore, b: at }, w.tokens.unitLegal);
    expect(r.power).toEqual({ before: { versionNo: 1 }, after: { versionNo: 2 } });
  });

  it('reads current in as many statements as a power with nothing scheduled', async () => {
    const plain = await newPower();
    const q = `query($id: ID) { power(id: $id) { code current { versionNo name } } }`;
    const count = async (id: string) => {
      await t.ok(q, { id }, w.tokens.admin); // the user is cached alike for both
      const before = t.counter.count;
      await t.ok(q, { id }, w.tokens.admin);
      return t.counter.count - before;
    };
    expect(await count(powerId)).toBe(await count(plain));
  });

  it('refuses a change now that would slip under it, and one scheduled before it', async () => {
    const now = await filed(powerId, 'MODIFY', '插队的名称');
    expect((await t.fails(APPROVE, { id: now }, w.tokens.countyReviewer)).extensions.code).toBe(
      'CONFLICT',
    );
    const before = await t.fails(
      APPROVE,
      { id: now, at: later(HOUR / 2) },
      w.tokens.countyReviewer,
    );
    expect(before.extensions.code).toBe('BAD_USER_INPUT');
    expect(before.extensions.fields).toEqual([
      { path: 'effectiveFrom', message: expect.stringContaining(at) },
    ]);
    const p = (await t.ok(POWER, { id: powerId }, w.tokens.unitLegal)).power;
    expect(p.versions).toHaveLength(2);
    const state = await t.ok(
      `query($id: ID!) { changeRequest(id: $id) { status effectiveFrom } }`,
      { id: now },
      w.tokens.unitLegal,
    );
    expect(state.changeRequest).toEqual({ status: 'SUBMITTED', effectiveFrom: null });
  });

  it('is current once the clock passes its instant, the lists and search following', async () => {
    shift += 2 * HOUR;
    // the plain page first: whichever path answers it, it reads the promoted row
    const page = await t.ok(
      `{ powers(first: 100) { edges { node { id current { versionNo name } } } } }`,
      {},
      w.tokens.unitLegal,
    );
    expect(page.powers.edges).toContainEqual({
      node: { id: powerId, current: { versionNo: 2, name: '新法施行后的名称' } },
    });
    const p = (await t.ok(POWER, { id: powerId }, w.tokens.unitLegal)).power;
    expect(p.current).toEqual({ versionNo: 2, name: '新法施行后的名称' });
    expect(p.scheduled).toEqual([]);
    const found = await t.ok(
      `{ powers(filter: { search: "新法施行后" }) { edges { node { id current { versionNo } } } } }`,
      {},
      w.tokens.unitLegal,
    );
    expect(found.powers.edges).toEqual([{ node: { id: powerId, current: { versionNo: 2 } } }]);
  });

  it('takes a change now after it is in force, as the next version', async () => {
    const id = await filed(powerId, 'MODIFY', '其后再改的名称');
    const r = await t.ok(APPROVE, { id }, w.tokens.countyReviewer);
    expect(r.approveChangeRequest.appliedVersion.versionNo).toBe(3);
    const p = (await t.ok(POWER, { id: powerId }, w.tokens.unitLegal)).power;
    expect(p.current).toEqual({ versionNo: 3, name: '其后再改的名称' });
  });
});

describe('effectiveFrom that cannot be', () => {
  it('refuses an instant earlier than now, writing nothing', async () => {
    const powerId = await newPower();
    const id = await filed(powerId, 'MODIFY', '过去生效的名称');
    const err = await t.fails(APPROVE, { id, at: later(-HOUR) }, w.tokens.countyReviewer);
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.fields).toEqual([
      { path: 'effectiveFrom', message: expect.stringContaining('不能早于当前时间') },
    ]);
    const p = (await t.ok(POWER, { id: powerId }, w.tokens.unitLegal)).power;
    expect(p.versions).toHaveLength(1);
  });

  it('refuses to schedule an ADD', async () => {
    const r = await t.ok(
      CREATE,
      {
        i: {
          kind: 'ADD',
          unitId: w.unit.id,
          reason: '新增',
          draft: penaltyDraft(w.unit, w.law.id, 900),
        },
      },
      w.tokens.unitLegal,
    );
    await t.ok(SUBMIT, { id: r.createChangeRequest.id }, w.tokens.unitLegal);
    const err = await t.fails(
      APPROVE,
      { id: r.createChangeRequest.id, at: later(HOUR) },
      w.tokens.countyReviewer,
    );
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('a status change approved for a later instant', () => {
  it('keeps the status until its instant, then moves it and the status filter', async () => {
    const powerId = await newPower();
    const at = later(HOUR);
    const id = await filed(powerId, 'DORMANT');
    const r = await t.ok(APPROVE, { id, at }, w.tokens.countyReviewer);
    expect(r.approveChangeRequest).toMatchObject({ effectiveFrom: at, appliedVersion: null });
    const statusQ = `query($id: ID, $at: DateTime!) { power(id: $id) { status statusAsOf(at: $at) } }`;
    const before = await t.ok(statusQ, { id: powerId, at }, w.tokens.unitLegal);
    expect(before.power).toEqual({ status: 'ACTIVE', statusAsOf: 'DORMANT' });
    // an ACTIVATE can only follow it
    const again = await filed(powerId, 'ACTIVATE').catch((e: Error) => e.message);
    expect(String(again)).toContain('不能申请激活');

    shift += 2 * HOUR;
    const page = await t.ok(
      `{ powers(first: 100) { edges { node { id status } } } }`,
      {},
      w.tokens.unitLegal,
    );
    expect(page.powers.edges).toContainEqual({ node: { id: powerId, status: 'DORMANT' } });
    const after = await t.ok(statusQ, { id: powerId, at: later(0) }, w.tokens.unitLegal);
    expect(after.power).toEqual({ status: 'DORMANT', statusAsOf: 'DORMANT' });
    const dormant = await t.ok(
      `{ powers(filter: { status: DORMANT }) { edges { node { id } } } }`,
      {},
      w.tokens.unitLegal,
    );
    expect(dormant.powers.edges).toEqual([{ node: { id: powerId } }]);
  });
});

describe('the database keeps one version in force at any instant', () => {
  let powerId: string;
  beforeAll(async () => {
    powerId = await newPower();
  });

  const insertV2 = (from: string) =>
    `INSERT INTO power_version (power_id, version_no, code, name, category, is_key, subject_unit_id, subject_type, valid_from)
     SELECT power_id, 2, code, name, category, is_key, subject_unit_id, subject_type, ${from}
       FROM power_version WHERE power_id = $1 AND version_no = 1`;

  /** Runs statements in one transaction of the service's own connection; returns the error. */
  async function attempt(...statements: string[]): Promise<string> {
    const qr = t.serviceDs.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      for (const s of statements) await qr.query(s, s.includes('$1') ? [powerId] : []);
      await qr.commitTransaction();
      return 'committed';
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      return (err as Error).message;
    } finally {
      await qr.release();
    }
  }

  it('refuses a next version that leaves a gap after the one before', async () => {
    const msg = await attempt(
      `UPDATE power_version SET valid_to = now() + interval '1 day' WHERE power_id = $1 AND version_no = 1`,
      insertV2(`now() + interval '2 days'`),
    );
    expect(msg).toMatch(/power_version chain .* broken at version 2/);
  });

  it('refuses to close the last version with nothing after it', async () => {
    const msg = await attempt(
      `UPDATE power_version SET valid_to = now() + interval '1 day' WHERE power_id = $1 AND version_no = 1`,
    );
    expect(msg).toMatch(/broken at version 1/);
  });

  it('refuses a version that overlaps the one before', async () => {
    const msg = await attempt(
      `UPDATE power_version SET valid_to = now() + interval '2 days' WHERE power_id = $1 AND version_no = 1`,
      insertV2(`now() + interval '1 day'`),
    );
    expect(msg).toMatch(/ex_power_version_no_overlap/);
  });

  it('refuses a version out of sequence', async () => {
    const msg = await attempt(
      `UPDATE power_version SET valid_to = now() + interval '1 day' WHERE power_id = $1 AND version_no = 1`,
      insertV2(`now() + interval '1 day'`).replace('SELECT power_id, 2,', 'SELECT power_id, 3,'),
    );
    expect(msg).toMatch(/broken at version 3/);
  });

  it('takes a scheduled next version that starts where the one before ends', async () => {
    const msg = await attempt(
      `UPDATE power_version SET valid_to = now() + interval '1 day' WHERE power_id = $1 AND version_no = 1`,
      insertV2(`now() + interval '1 day'`),
    );
    expect(msg).toBe('committed');
  });
});
