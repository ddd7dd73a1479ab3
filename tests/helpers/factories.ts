import type { Actor } from '../../src/common/audit';
import type { Role } from '../../src/common/enums';
import type { PowerContent } from '../../src/modules/catalog/power-content';

import type { TestApp } from './test-app';

const SYSTEM: Actor = { userId: null, requestId: 'test' };
let seq = 0;
const next = () => ++seq;

export interface World {
  province: { id: string; code: string };
  city: { id: string; code: string };
  county: { id: string; code: string };
  otherCounty: { id: string; code: string };
  /** a unit in `county` and one in `otherCounty` */
  unit: { id: string; code: string };
  otherUnit: { id: string; code: string };
  /** a unit at city level */
  cityUnit: { id: string; code: string };
  law: { id: string };
  repealedLaw: { id: string };
  tokens: Record<
    | 'admin'
    | 'cityReviewer'
    | 'countyReviewer'
    | 'otherReviewer'
    | 'assessor'
    | 'unitLegal'
    | 'unitOperator'
    | 'otherUnitLegal',
    string
  >;
  userIds: Record<string, string>;
}

/** A user with a role and scope, and a token for them (no login round trip). */
export async function makeUser(
  t: TestApp,
  role: Role,
  where: { unitId?: string; regionId?: string } = {},
): Promise<{ id: string; username: string; token: string }> {
  const username = `u${next()}_${role.toLowerCase()}`;
  const user = await t.services.auth.createUser(
    {
      username,
      password: 'password-123',
      role,
      unitId: where.unitId ?? null,
      regionId: where.regionId ?? null,
    },
    SYSTEM,
  );
  return { id: user.id, username, token: await t.services.tokens.sign(user.id) };
}

/**
 * A small country: a province, a city, two counties; a unit in each county and one at the city;
 * a law and a repealed law; a user of every role with a token.
 */
export async function makeWorld(t: TestApp): Promise<World> {
  const n = next();
  const p = 100000 + (n % 800) * 1000; // distinct 6-digit codes per world
  const province = await t.services.regions.createRegion(
    { code: String(p), name: `测试省${n}`, level: 'PROVINCE' },
    SYSTEM,
  );
  const city = await t.services.regions.createRegion(
    { code: String(p + 100), name: `测试市${n}`, level: 'CITY', parentId: province.id },
    SYSTEM,
  );
  const county = await t.services.regions.createRegion(
    { code: String(p + 111), name: `测试区${n}`, level: 'COUNTY', parentId: city.id },
    SYSTEM,
  );
  const otherCounty = await t.services.regions.createRegion(
    { code: String(p + 112), name: `另一区${n}`, level: 'COUNTY', parentId: city.id },
    SYSTEM,
  );
  const unit = await t.services.regions.createUnit(
    { code: `${county.code}001`, name: '市场监督管理局', regionId: county.id },
    SYSTEM,
  );
  const otherUnit = await t.services.regions.createUnit(
    { code: `${otherCounty.code}001`, name: '生态环境局', regionId: otherCounty.id },
    SYSTEM,
  );
  const cityUnit = await t.services.regions.createUnit(
    { code: `${city.code}001`, name: '交通运输局', regionId: city.id },
    SYSTEM,
  );
  const law = await t.services.legalDocuments.create(
    {
      title: `中华人民共和国测试法${n}`,
      issuer: '全国人民代表大会常务委员会',
      level: 'LAW',
      promulgatedOn: '2021-01-22',
    },
    SYSTEM,
  );
  const repealedLaw = await t.services.legalDocuments.create(
    {
      title: `已废止的测试条例${n}`,
      issuer: '国务院',
      level: 'ADMINISTRATIVE_REGULATION',
      promulgatedOn: '2010-01-01',
    },
    SYSTEM,
  );
  await t.ds.query(`UPDATE legal_document SET repealed_on = '2020-01-01' WHERE id = $1`, [
    repealedLaw.id,
  ]);

  const users = {
    admin: await makeUser(t, 'ADMIN'),
    cityReviewer: await makeUser(t, 'LEGAL_REVIEWER', { regionId: city.id }),
    countyReviewer: await makeUser(t, 'LEGAL_REVIEWER', { regionId: county.id }),
    otherReviewer: await makeUser(t, 'LEGAL_REVIEWER', { regionId: otherCounty.id }),
    assessor: await makeUser(t, 'ASSESSOR', { regionId: city.id }),
    unitLegal: await makeUser(t, 'UNIT_LEGAL', { unitId: unit.id }),
    unitOperator: await makeUser(t, 'UNIT_OPERATOR', { unitId: unit.id }),
    otherUnitLegal: await makeUser(t, 'UNIT_LEGAL', { unitId: otherUnit.id }),
  };
  return {
    province,
    city,
    county,
    otherCounty,
    unit,
    otherUnit,
    cityUnit,
    law: { id: law.id },
    repealedLaw: { id: repealedLaw.id },
    tokens: Object.fromEntries(
      Object.entries(users).map(([k, v]) => [k, v.token]),
    ) as World['tokens'],
    userIds: Object.fromEntries(Object.entries(users).map(([k, v]) => [k, v.id])),
  };
}

/** A complete, clean penalty draft for a unit, as GraphQL input. Override what a test needs. */
export function penaltyDraft(
  unit: { id: string; code: string },
  lawId: string,
  seqNo: number,
  over: Partial<PowerContent> = {},
) {
  return {
    code: `${unit.code}-CF-${String(seqNo).padStart(4, '0')}`,
    name: `对违反测试规定行为的处罚${seqNo}`,
    category: 'PENALTY',
    isKey: false,
    subject: { unitId: unit.id, type: 'STATUTORY' },
    legalBases: [
      { documentId: lawId, articles: '第二十八条', excerpt: '违反本法规定的，处以罚款。' },
    ],
    legalTimeLimitDays: 90,
    promisedTimeLimitDays: 60,
    externalFlow: {
      nodes: [
        { key: 'start', kind: 'START', label: '立案' },
        { key: 'investigate', kind: 'STEP', label: '调查取证' },
        { key: 'decide', kind: 'DECISION', label: '是否处罚' },
        { key: 'punish', kind: 'STEP', label: '作出处罚决定' },
        { key: 'end', kind: 'END', label: '结案' },
      ],
      edges: [
        { from: 'start', to: 'investigate' },
        { from: 'investigate', to: 'decide' },
        { from: 'decide', to: 'punish', label: '是' },
        { from: 'decide', to: 'end', label: '否' },
        { from: 'punish', to: 'end' },
      ],
      supervision: '法制机构监督',
      counterpartyRights: '陈述、申辩、听证',
      complaintChannel: '12345',
      approvedOn: '2024-01-10',
      publishedOn: '2024-01-15',
    },
    internalFlow: {
      nodes: [
        { key: 's', kind: 'START', label: '开始' },
        {
          key: 'i1',
          kind: 'STEP',
          label: '调查',
          post: '执法人员',
          duty: '调查取证',
          timeLimitDays: 30,
          externalKey: 'investigate',
          riskPoints: [
            { description: '选择性执法', level: 'MEDIUM', measures: '双人执法，全程记录' },
          ],
        },
        {
          key: 'd1',
          kind: 'DECISION',
          label: '审核',
          post: '法制审核员',
          duty: '法制审核',
          timeLimitDays: 10,
          externalKey: 'decide',
        },
        {
          key: 'p1',
          kind: 'STEP',
          label: '决定',
          post: '负责人',
          duty: '签发决定',
          timeLimitDays: 5,
          externalKey: 'punish',
        },
        { key: 'e', kind: 'END', label: '结束' },
      ],
      edges: [
        { from: 's', to: 'i1' },
        { from: 'i1', to: 'd1' },
        { from: 'd1', to: 'p1', label: '处罚' },
        { from: 'd1', to: 'e', label: '不予处罚' },
        { from: 'p1', to: 'e' },
      ],
      filedOn: '2024-01-20',
    },
    discretion: {
      tiers: [
        {
          level: '轻微',
          conditions: '首次违法且危害后果轻微',
          sanction: '警告',
          minFine: 0,
          maxFine: 1000,
        },
        { level: '一般', conditions: '一般违法', sanction: '罚款', minFine: 1000, maxFine: 10000 },
        { level: '严重', conditions: '情节严重', sanction: '罚款', minFine: 10000, maxFine: 50000 },
      ],
      circumstances: [
        { kind: 'NO_PENALTY', description: '违法行为轻微并及时改正，没有造成危害后果的' },
        { kind: 'MITIGATED', description: '主动消除或者减轻违法行为危害后果的' },
        { kind: 'LIGHTER', description: '配合行政机关查处违法行为有立功表现的' },
        { kind: 'HEAVIER', description: '多次违法或者拒不改正的' },
      ],
      applicationRules: '先确定裁量阶次，再考虑从轻、从重情节。',
      filedOn: '2024-02-01',
      adjustedOn: '2024-02-01',
    },
    ...over,
  };
}
