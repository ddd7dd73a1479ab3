import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let w: World;
let powerId: string;

const CREATE = `mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id status kind dueOn late } }`;
const SUBMIT = `mutation($id: ID!) { submitChangeRequest(id: $id) { id status dueOn late submittedAt } }`;
const APPROVE = `mutation($id: ID!, $note: String) { approveChangeRequest(id: $id, note: $note) {
  id status decidedAt decisionNote decidedBy { username } power { id status current { versionNo name } } appliedVersion { versionNo changeRequest { id } }
} }`;
const REJECT = `mutation($id: ID!, $note: String!) { rejectChangeRequest(id: $id, note: $note) { id status decisionNote } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawChangeRequest(id: $id) { id status } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateChangeRequestInput!) { updateChangeRequest(id: $id, input: $i) { id reason } }`;

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
  const r = await t.ok(
    `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id } } }`,
    { i: [{ unitId: w.unit.id, draft: penaltyDraft(w.unit, w.law.id, 1) }] },
    w.tokens.admin,
  );
  powerId = r.importPowers.powers[0].id;
});
afterAll(() => t.close());

async function draftModify(name: string, token = w.tokens.unitLegal): Promise<string> {
  const r = await t.ok(
    CREATE,
    { i: { kind: 'MODIFY', powerId, reason: '名称调整', draft: { name } } },
    token,
  );
  return r.createChangeRequest.id;
}

describe('the lifecycle', () => {
  it('drafts, files and approves a MODIFY, which becomes the next version', async () => {
    const id = await draftModify('对违反测试规定行为的处罚（修订）');
    await t.ok(UPDATE, { id, i: { reason: '依据修订调整名称' } }, w.tokens.unitLegal);
    const filed = await t.ok(SUBMIT, { id }, w.tokens.unitLegal);
    expect(filed.submitChangeRequest.status).toBe('SUBMITTED');
    const approved = await t.ok(APPROVE, { id, note: '同意' }, w.tokens.countyReviewer);
    const cr = approved.approveChangeRequest;
    expect(cr.status).toBe('APPROVED');
    expect(cr.decisionNote).toBe('同意');
    expect(cr.power.current).toEqual({ versionNo: 2, name: '对违反测试规定行为的处罚（修订）' });
    expect(cr.appliedVersion).toEqual({ versionNo: 2, changeRequest: { id } });
  });

  it('approves an ADD, creating the power at version 1', async () => {
    const draft = penaltyDraft(w.unit, w.law.id, 50);
    const r = await t.ok(
      CREATE,
      { i: { kind: 'ADD', unitId: w.unit.id, reason: '新增事项', draft } },
      w.tokens.unitLegal,
    );
    const id = r.createChangeRequest.id;
    await t.ok(SUBMIT, { id }, w.tokens.unitLegal);
    const approved = await t.ok(APPROVE, { id }, w.tokens.cityReviewer);
    expect(approved.approveChangeRequest.power).toMatchObject({
      status: 'ACTIVE',
      current: { versionNo: 1 },
    });
  });

  it('lets a unit operator file DORMANT and ACTIVATE, which move the status', async () => {
    const d = await t.ok(
      CREATE,
      { i: { kind: 'DORMANT', powerId, reason: '长期未发生' } },
      w.tokens.unitOperator,
    );
    await t.ok(SUBMIT, { id: d.createChangeRequest.id }, w.tokens.unitOperator);
    const r = await t.ok(APPROVE, { id: d.createChangeRequest.id }, w.tokens.countyReviewer);
    expect(r.approveChangeRequest.power.status).toBe('DORMANT');
    expect(r.approveChangeRequest.appliedVersion).toBeNull();
    const a = await t.ok(
      CREATE,
      { i: { kind: 'ACTIVATE', powerId, reason: '恢复办理' } },
      w.tokens.unitOperator,
    );
    await t.ok(SUBMIT, { id: a.createChangeRequest.id }, w.tokens.unitOperator);
    const r2 = await t.ok(APPROVE, { id: a.createChangeRequest.id }, w.tokens.countyReviewer);
    expect(r2.approveChangeRequest.power.status).toBe('ACTIVE');
  });

  it('rejects with a note, and a rejection needs one', async () => {
    const id = await draftModify('拟驳回的名称');
    await t.ok(SUBMIT, { id }, w.tokens.unitLegal);
    const blank = await t.fails(REJECT, { id, note: '  ' }, w.tokens.countyReviewer);
    expect(blank.extensions.code).toBe('BAD_USER_INPUT');
    const r = await t.ok(REJECT, { id, note: '依据不足' }, w.tokens.countyReviewer);
    expect(r.rejectChangeRequest).toMatchObject({ status: 'REJECTED', decisionNote: '依据不足' });
  });

  it('withdraws a draft and a filed request', async () => {
    const a = await draftModify('撤回一');
    expect((await t.ok(WITHDRAW, { id: a }, w.tokens.unitLegal)).withdrawChangeRequest.status).toBe(
      'WITHDRAWN',
    );
    const b = await draftModify('撤回二');
    await t.ok(SUBMIT, { id: b }, w.tokens.unitLegal);
    expect((await t.ok(WITHDRAW, { id: b }, w.tokens.unitLegal)).withdrawChangeRequest.status).toBe(
      'WITHDRAWN',
    );
  });
});

describe('the state machine refuses every other move with CONFLICT', () => {
  it.each([
    [
      'approve a draft',
      async (id: string) => t.gql(APPROVE, { id }, w.tokens.countyReviewer),
      'DRAFT',
    ],
    [
      'reject a draft',
      async (id: string) => t.gql(REJECT, { id, note: 'x' }, w.tokens.countyReviewer),
      'DRAFT',
    ],
    ['submit twice', async (id: string) => t.gql(SUBMIT, { id }, w.tokens.unitLegal), 'SUBMITTED'],
    [
      'update a filed request',
      async (id: string) => t.gql(UPDATE, { id, i: { reason: 'x' } }, w.tokens.unitLegal),
      'SUBMITTED',
    ],
    [
      'approve an approved request',
      async (id: string) => t.gql(APPROVE, { id }, w.tokens.countyReviewer),
      'APPROVED',
    ],
    [
      'withdraw an approved request',
      async (id: string) => t.gql(WITHDRAW, { id }, w.tokens.unitLegal),
      'APPROVED',
    ],
    [
      'reject an approved request',
      async (id: string) => t.gql(REJECT, { id, note: 'x' }, w.tokens.countyReviewer),
      'APPROVED',
    ],
    [
      'submit a withdrawn request',
      async (id: string) => t.gql(SUBMIT, { id }, w.tokens.unitLegal),
      'WITHDRAWN',
    ],
    [
      'approve a rejected request',
      async (id: string) => t.gql(APPROVE, { id }, w.tokens.countyReviewer),
      'REJECTED',
    ],
  ])('%s', async (_name, act, state) => {
    const id = await draftModify(`状态机测试${Math.random()}`);
    if (state !== 'DRAFT') {
      if (state === 'WITHDRAWN') await t.ok(WITHDRAW, { id }, w.tokens.unitLegal);
      else await t.ok(SUBMIT, { id }, w.tokens.unitLegal);
      if (state === 'APPROVED') await t.ok(APPROVE, { id }, w.tokens.countyReviewer);
      if (state === 'REJECTED') await t.ok(REJECT, { id, note: '不同意' }, w.tokens.countyReviewer);
    }
    const r = await act(id);
    expect(r.errors?.[0]?.extensions.code).toBe('CONFLICT');
  });

  it('refuses DORMANT of a dormant power and anything of a cancelled one', async () => {
    const fresh = await t.ok(
      `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id } } }`,
      { i: [{ unitId: w.unit.id, status: 'DORMANT', draft: penaltyDraft(w.unit, w.law.id, 60) }] },
      w.tokens.admin,
    );
    const pid = fresh.importPowers.powers[0].id;
    const dormant = await t.fails(
      CREATE,
      { i: { kind: 'DORMANT', powerId: pid, reason: 'x' } },
      w.tokens.unitOperator,
    );
    expect(dormant.extensions.code).toBe('CONFLICT');
    const c = await t.ok(
      CREATE,
      { i: { kind: 'CANCEL', powerId: pid, reason: '法律废止' } },
      w.tokens.unitLegal,
    );
    await t.ok(SUBMIT, { id: c.createChangeRequest.id }, w.tokens.unitLegal);
    await t.ok(APPROVE, { id: c.createChangeRequest.id }, w.tokens.countyReviewer);
    const after = await t.fails(
      CREATE,
      { i: { kind: 'ACTIVATE', powerId: pid, reason: 'x' } },
      w.tokens.unitOperator,
    );
    expect(after).toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: '该权力事项已取消，不能再变更',
    });
  });
});

describe('who may do what', () => {
  it('refuses a unit operator filing a MODIFY', async () => {
    const e = await t.fails(
      CREATE,
      { i: { kind: 'MODIFY', powerId, reason: 'x', draft: { name: 'y' } } },
      w.tokens.unitOperator,
    );
    expect(e.extensions.code).toBe('FORBIDDEN');
  });

  it('refuses another unit filing for this unit', async () => {
    const e = await t.fails(
      CREATE,
      { i: { kind: 'MODIFY', powerId, reason: 'x', draft: { name: 'y' } } },
      w.tokens.otherUnitLegal,
    );
    expect(e.extensions.code).toBe('FORBIDDEN');
  });

  it('refuses a reviewer of another region, and unit staff, approving', async () => {
    const id = await draftModify('审核权限测试');
    await t.ok(SUBMIT, { id }, w.tokens.unitLegal);
    expect((await t.fails(APPROVE, { id }, w.tokens.otherReviewer)).extensions.code).toBe(
      'FORBIDDEN',
    );
    expect((await t.fails(APPROVE, { id }, w.tokens.unitLegal)).extensions.code).toBe('FORBIDDEN');
    expect((await t.fails(APPROVE, { id }, w.tokens.assessor)).extensions.code).toBe('FORBIDDEN');
  });

  it('refuses a reviewer filing changes', async () => {
    const e = await t.fails(
      CREATE,
      { i: { kind: 'MODIFY', powerId, reason: 'x', draft: { name: 'y' } } },
      w.tokens.countyReviewer,
    );
    expect(e.extensions.code).toBe('FORBIDDEN');
  });
});

describe('submission validates the resulting content', () => {
  it('refuses an incomplete ADD, listing each problem as a field', async () => {
    const draft = { ...penaltyDraft(w.unit, w.law.id, 70), discretion: null, externalFlow: null };
    const r = await t.ok(
      CREATE,
      { i: { kind: 'ADD', unitId: w.unit.id, reason: '新增', draft } },
      w.tokens.unitLegal,
    );
    const e = await t.fails(SUBMIT, { id: r.createChangeRequest.id }, w.tokens.unitLegal);
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    const paths = e.extensions.fields!.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['draft.externalFlow', 'draft.discretion']));
  });

  it('accepts a draft that is incomplete while it is a draft', async () => {
    const r = await t.ok(
      CREATE,
      { i: { kind: 'ADD', unitId: w.unit.id, reason: '草稿', draft: { name: '仅有名称' } } },
      w.tokens.unitLegal,
    );
    expect(r.createChangeRequest.status).toBe('DRAFT');
  });
});

describe('lists', () => {
  it('lists requests in scope with filters, and hides other units', async () => {
    const mine = await t.ok(
      `{ changeRequests(first: 100) { totalCount edges { node { unit { id } } } } }`,
      {},
      w.tokens.unitLegal,
    );
    expect(mine.changeRequests.totalCount).toBeGreaterThan(5);
    expect(mine.changeRequests.edges.every((e: any) => e.node.unit.id === w.unit.id)).toBe(true);
    const other = await t.ok(`{ changeRequests { totalCount } }`, {}, w.tokens.otherUnitLegal);
    expect(other.changeRequests.totalCount).toBe(0);
    const approved = await t.ok(
      `{ changeRequests(filter: { status: APPROVED, kind: MODIFY }) { totalCount } }`,
      {},
      w.tokens.countyReviewer,
    );
    expect(approved.changeRequests.totalCount).toBeGreaterThanOrEqual(1);
  });

  it('pages with cursors without repeating or skipping', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r: any = await t.ok(
        `query($after: String) { changeRequests(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
        { after },
        w.tokens.admin,
      );
      seen.push(...r.changeRequests.edges.map((e: any) => e.node.id));
      if (!r.changeRequests.pageInfo.hasNextPage) {
        expect(seen).toHaveLength(r.changeRequests.totalCount);
        break;
      }
      after = r.changeRequests.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('the audit log', () => {
  it('holds an entry for every mutation of the lifecycle, in the same transaction', async () => {
    const ops = await t.ds.query(`SELECT DISTINCT operation FROM audit_entry ORDER BY operation`);
    expect(ops.map((o: { operation: string }) => o.operation)).toEqual(
      expect.arrayContaining([
        'approveChangeRequest',
        'createChangeRequest',
        'rejectChangeRequest',
        'submitChangeRequest',
        'updateChangeRequest',
        'withdrawChangeRequest',
      ]),
    );
  });
});
