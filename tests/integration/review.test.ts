import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * A reviewer approves with eyes open (issue 12 item 1): the draft as entered, the preview of the
 * version approval would create, what changes element by element (the same comparison as
 * Power.diff), and the problems the preview would have; for those who may read the request only.
 */

let t: TestApp;
let w: World;
let powerId: string;
let lawTitle: string;

const CREATE = `mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id } }`;
const SUBMIT = `mutation($id: ID!) { submitChangeRequest(id: $id) { id } }`;
const APPROVE = `mutation($id: ID!) { approveChangeRequest(id: $id) { id status } }`;
const REVIEW = `query($id: ID!) { changeRequest(id: $id) {
  kind status
  draft { name legalTimeLimitDays promisedTimeLimitDays externalFlow { nodes { key label } } discretion { tiers { level maxFine } } legalBases { articles document { title } } }
  preview { code name promisedTimeLimitDays externalFlow { nodes { key label } mermaid } subject { unit { name } } }
  changes { field path before after }
  problems { code path }
} }`;

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
  const draft = penaltyDraft(w.unit, w.law.id, 1);
  const r = await t.ok(
    `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id } } }`,
    { i: [{ unitId: w.unit.id, draft }] },
    w.tokens.admin,
  );
  powerId = r.importPowers.powers[0].id;
  const law = await t.ok(
    `query($id: ID!) { legalDocument(id: $id) { title } }`,
    { id: w.law.id },
    w.tokens.admin,
  );
  lawTitle = law.legalDocument.title;
});
afterAll(() => t.close());

/** A MODIFY that renames a node, raises the top tier's fine, changes an article and the promise. */
function modifyDraft() {
  const full = penaltyDraft(w.unit, w.law.id, 1);
  const externalFlow = full.externalFlow!;
  const discretion = full.discretion!;
  externalFlow.nodes[1] = { key: 'investigate', kind: 'STEP', label: '现场调查取证' };
  return {
    externalFlow,
    legalBases: [
      { documentId: w.law.id, articles: '第二十九条', excerpt: '违反本法规定的，处以罚款。' },
    ],
    promisedTimeLimitDays: 120,
    discretion: {
      ...discretion,
      tiers: discretion.tiers.map((x, i) => (i === 2 ? { ...x, maxFine: 80000 } : x)),
    },
  };
}

async function draftModify(draft: Record<string, unknown>): Promise<string> {
  const r = await t.ok(
    CREATE,
    { i: { kind: 'MODIFY', powerId, reason: '依据修订', draft } },
    w.tokens.unitLegal,
  );
  return r.createChangeRequest.id;
}

const EXPECTED_CHANGES = () => [
  {
    field: 'legalBases',
    path: `legalBases[《${lawTitle}》].articles`,
    before: '第二十八条',
    after: '第二十九条',
  },
  { field: 'promisedTimeLimitDays', path: 'promisedTimeLimitDays', before: '60', after: '120' },
  {
    field: 'externalFlow',
    path: 'externalFlow.nodes[investigate].label',
    before: '调查取证',
    after: '现场调查取证',
  },
  { field: 'discretion', path: 'discretion.tiers[2].maxFine', before: '50000', after: '80000' },
];

describe('a reviewer sees a MODIFY before approving it', () => {
  let id: string;
  beforeAll(async () => {
    id = await draftModify(modifyDraft());
  });

  it('reads the draft back as the unit entered it, unchanged fields null', async () => {
    const r = await t.ok(REVIEW, { id }, w.tokens.countyReviewer);
    const d = r.changeRequest.draft;
    expect(d.name).toBeNull();
    expect(d.legalTimeLimitDays).toBeNull();
    expect(d.promisedTimeLimitDays).toBe(120);
    expect(d.externalFlow.nodes[1]).toEqual({ key: 'investigate', label: '现场调查取证' });
    expect(d.discretion.tiers.map((x: { maxFine: number }) => x.maxFine)).toEqual([
      1000, 10000, 80000,
    ]);
    expect(d.legalBases).toEqual([{ articles: '第二十九条', document: { title: lawTitle } }]);
  });

  it('previews the current version with the draft applied', async () => {
    const p = (await t.ok(REVIEW, { id }, w.tokens.countyReviewer)).changeRequest.preview;
    expect(p.code).toBe(`${w.unit.code}-CF-0001`);
    expect(p.name).toBe('对违反测试规定行为的处罚1');
    expect(p.promisedTimeLimitDays).toBe(120);
    expect(p.subject.unit.name).toBe('市场监督管理局');
    expect(p.externalFlow.mermaid).toContain('现场调查取证');
  });

  it('lists the changes element by element, each named by its key', async () => {
    const r = await t.ok(REVIEW, { id }, w.tokens.countyReviewer);
    expect(r.changeRequest.changes).toEqual(EXPECTED_CHANGES());
  });

  it('lists the problems the preview would have, as submission checks them', async () => {
    const r = await t.ok(REVIEW, { id }, w.tokens.countyReviewer);
    expect(r.changeRequest.problems).toEqual([
      { code: 'PROMISED_EXCEEDS_LEGAL', path: 'promisedTimeLimitDays' },
    ]);
    const refused = await t.fails(SUBMIT, { id }, w.tokens.unitLegal);
    expect(refused.extensions.fields).toEqual([
      {
        path: 'draft.promisedTimeLimitDays',
        message: expect.stringContaining('PROMISED_EXCEEDS_LEGAL'),
      },
    ]);
  });

  it('shows the same to the unit that drafted it and to the city above', async () => {
    const mine = await t.ok(REVIEW, { id }, w.tokens.unitLegal);
    const city = await t.ok(REVIEW, { id }, w.tokens.cityReviewer);
    expect(city).toEqual(mine);
  });

  it('refuses the request, fields and all, to a unit or a reviewer of another county', async () => {
    for (const token of [w.tokens.otherUnitLegal, w.tokens.otherReviewer]) {
      const r = await t.gql(REVIEW, { id }, token);
      expect(r.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      expect(r.data?.changeRequest ?? null).toBeNull();
    }
  });
});

describe('after approval', () => {
  it('says what the approval changed, as Power.diff of the two versions says', async () => {
    const draft = modifyDraft();
    draft.promisedTimeLimitDays = 45;
    const id = await draftModify(draft);
    await t.ok(SUBMIT, { id }, w.tokens.unitLegal);
    await t.ok(APPROVE, { id }, w.tokens.countyReviewer);
    const r = await t.ok(REVIEW, { id }, w.tokens.countyReviewer);
    const expected = EXPECTED_CHANGES().map((c) =>
      c.field === 'promisedTimeLimitDays' ? { ...c, after: '45' } : c,
    );
    expect(r.changeRequest.changes).toEqual(expected);
    expect(r.changeRequest.problems).toEqual([]);
    const diff = await t.ok(
      `query($id: ID) { power(id: $id) { diff(fromVersion: 1, toVersion: 2) { field path before after } } }`,
      { id: powerId },
      w.tokens.countyReviewer,
    );
    expect(diff.power.diff).toEqual(expected);
  });
});

describe('other kinds', () => {
  it('previews an ADD as its draft, changed from nothing, with the problems of the draft', async () => {
    const draft = penaltyDraft(w.unit, w.law.id, 7, { discretion: undefined });
    const r = await t.ok(
      CREATE,
      { i: { kind: 'ADD', unitId: w.unit.id, reason: '新增事项', draft } },
      w.tokens.unitLegal,
    );
    const review = (await t.ok(REVIEW, { id: r.createChangeRequest.id }, w.tokens.countyReviewer))
      .changeRequest;
    expect(review.preview.name).toBe('对违反测试规定行为的处罚7');
    expect(review.changes.slice(0, 2)).toEqual([
      { field: 'code', path: 'code', before: null, after: `${w.unit.code}-CF-0007` },
      { field: 'name', path: 'name', before: null, after: '对违反测试规定行为的处罚7' },
    ]);
    expect(
      review.changes.find((c: { path: string }) => c.path === 'externalFlow').before,
    ).toBeNull();
    expect(review.problems.map((p: { code: string }) => p.code)).toContain('DISCRETION_MISSING');
  });

  it('shows a status change as the status it moves from and to, with no draft', async () => {
    const r = await t.ok(
      CREATE,
      { i: { kind: 'DORMANT', powerId, reason: '长期未发生' } },
      w.tokens.unitOperator,
    );
    const review = (await t.ok(REVIEW, { id: r.createChangeRequest.id }, w.tokens.countyReviewer))
      .changeRequest;
    expect(review.draft).toBeNull();
    expect(review.changes).toEqual([
      { field: 'status', path: 'status', before: 'ACTIVE', after: 'DORMANT' },
    ]);
  });
});
