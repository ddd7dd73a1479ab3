import type { Actor } from '../../src/common/audit';
import type { Role } from '../../src/common/enums';
import {
  sampleDiscretion,
  sampleExternalFlow,
  sampleInternalFlow,
} from '../../src/common/sample-content';
import type { PowerContent } from '../../src/modules/catalog/power-content';
import { DEFAULT_CODING_RULE, nextCode } from '../../src/modules/flow/checks/coding-rule';

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
    code: nextCode(DEFAULT_CODING_RULE, unit.code, 'PENALTY', seqNo),
    name: `对违反测试规定行为的处罚${seqNo}`,
    category: 'PENALTY',
    isKey: false,
    subject: { unitId: unit.id, type: 'STATUTORY' },
    legalBases: [
      { documentId: lawId, articles: '第二十八条', excerpt: '违反本法规定的，处以罚款。' },
    ],
    legalTimeLimitDays: 90,
    promisedTimeLimitDays: 60,
    externalFlow: sampleExternalFlow('ENFORCEMENT'),
    internalFlow: sampleInternalFlow('ENFORCEMENT'),
    discretion: sampleDiscretion(),
    ...over,
  };
}

/** The world's three units with powers: one in each county and one at the city. */
export type WorldUnit = 'unit' | 'otherUnit' | 'cityUnit';

/**
 * Imports a penalty power numbered `seqNo` for each of `seqs` into each of the world's three
 * units (as the admin, one importPowers), and returns their codes by unit, in `seqs`' order.
 */
export async function importWorldPowers(
  t: TestApp,
  w: World,
  seqs: number[],
): Promise<Record<WorldUnit, string[]>> {
  const input = [];
  const codes: Record<WorldUnit, string[]> = { unit: [], otherUnit: [], cityUnit: [] };
  for (const key of ['unit', 'otherUnit', 'cityUnit'] as const) {
    for (const i of seqs) {
      const draft = penaltyDraft(w[key], w.law.id, i);
      input.push({ unitId: w[key].id, draft });
      codes[key].push(draft.code!);
    }
  }
  await t.ok(
    `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { created } }`,
    { i: input },
    w.tokens.admin,
  );
  return codes;
}
