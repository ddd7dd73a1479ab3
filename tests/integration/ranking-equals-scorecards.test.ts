import fc from 'fast-check';

import { generateProvince } from '../../bench/generate';
import {
  catalogSnapshot,
  stateResults,
  unitJudges,
} from '../../src/modules/assessment/catalog-snapshot';
import {
  isStateDetector,
  itemJudges,
  powersWithProblems,
  problemCodesOf,
  STATE_ITEMS,
} from '../../src/modules/assessment/detector';
import { schemeItems } from '../../src/modules/assessment/scheme';
import { assessmentPeriod } from '../../src/modules/assessment/scorecard-rules';
import type { ItemScoreData } from '../../src/modules/assessment/scorecard.types';
import { addDays } from '../../src/modules/calendar/iso-date';
import { ensureContentChecks } from '../../src/modules/flow/content-checks';
import { DEFAULT_CODING_RULE, nextCode } from '../../src/modules/flow/problems';
import { makeUser, penaltyDraft } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * The ranking is computed once over the whole province (set-based snapshot and detectors); a
 * unit's scorecard over that unit alone. Over generated provinces with random defects (the bench
 * generator: wrong codes, missing charts and benchmarks, late and unfiled changes, duplicate
 * names, suspensions …) every unit's ranking score must be its own scorecard's score, and each
 * item its card's: the cases a ranking only counts in SQL are the ones the card lists.
 */

const FROM = '2026-01-01';
const TO = '2026-12-31';
const RANKING = `query($scheme: String!, $id: ID!) {
  ranking(scheme: $scheme, regionId: $id, from: "${FROM}", to: "${TO}") { rank score deducted unit { id } }
}`;
const CARD = `query($scheme: String!, $unitId: ID!) {
  scorecard(scheme: $scheme, unitId: $unitId, from: "${FROM}", to: "${TO}") { score deducted }
}`;

/** A province generated from `seed` in a database of its own; the scores of its ranking. */
async function rankingMatchesCards(seed: number, scheme: string): Promise<number[]> {
  const t: TestApp = await startTestApp();
  try {
    return await compare(t, seed, scheme);
  } finally {
    await t.close();
  }
}

async function compare(t: TestApp, seed: number, scheme: string): Promise<number[]> {
  await t.services.calendar.ensureSeeded();
  await generateProvince(t.ds, { units: 6, powersPerUnit: 12, seed });
  return cardsMatchRanking(t, scheme);
}

async function cardsMatchRanking(t: TestApp, scheme: string): Promise<number[]> {
  const [province] = await t.ds.query(`SELECT id FROM region WHERE parent_id IS NULL`);
  const { token } = await makeUser(t, 'ASSESSOR', { regionId: province.id });
  const r = await t.ok(RANKING, { scheme, id: province.id }, token);
  const units: { id: string }[] = await t.ds.query(`SELECT id FROM unit`);
  expect(r.ranking).toHaveLength(units.length);
  for (const row of r.ranking) {
    const c = await t.ok(CARD, { scheme, unitId: row.unit.id }, token);
    expect({ unit: row.unit.id, score: row.score, deducted: row.deducted }).toEqual({
      unit: row.unit.id,
      score: c.scorecard.score,
      deducted: c.scorecard.deducted,
    });
  }
  // item by item: the cases a ranking counts in SQL (`counted`) are the ones the card lists
  const ALL = { kind: 'all' } as const;
  const items = (c: { sections: { items: ItemScoreData[] }[] }) =>
    c.sections
      .flatMap((x) => x.items)
      .map((i) => [i.code, i.score, i.deducted, i.cases, i.applicable, i.compliant, i.capped]);
  const cards = await t.services.assessment.rankingCards(ALL, scheme, province.id, FROM, TO);
  for (const row of cards) {
    const c = await t.services.assessment.scorecard(ALL, {
      scheme,
      unitId: row.unitId,
      from: FROM,
      to: TO,
    });
    expect({ unit: row.unitId, items: items(row.card) }).toEqual({
      unit: row.unitId,
      items: items(c),
    });
  }
  return r.ranking.map((x: { score: number }) => x.score);
}

describe("a province's ranking", () => {
  it('gives every unit the score of its own scorecard, over generated provinces with random defects', async () => {
    const seen: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom('PROVINCIAL_DEPARTMENT', 'MUNICIPAL', 'DISTRICT_SANHEYI'),
        async (seed, scheme) => {
          seen.push(...(await rankingMatchesCards(seed, scheme)));
        },
      ),
      { numRuns: 3 },
    );
    // the provinces had defects to score: not every unit got full marks
    expect(new Set(seen).size).toBeGreaterThan(1);
  });

  it('gives every unit its scorecard’s score and items when it reads on two connections sharing one snapshot (50 units or more)', async () => {
    const t = await startTestApp();
    try {
      await t.services.calendar.ensureSeeded();
      await generateProvince(t.ds, { units: 50, powersPerUnit: 4, seed: 7 });
      const logged = jest.spyOn(t.counter, 'logQuery');
      const scores = await cardsMatchRanking(t, 'PROVINCIAL_DEPARTMENT');
      expect(
        logged.mock.calls.some((c) =>
          String((c as unknown[])[0]).includes('SET TRANSACTION SNAPSHOT'),
        ),
      ).toBe(true);
      expect(new Set(scores).size).toBeGreaterThan(1);
    } finally {
      await t.close();
    }
  });
});

/** The problem codes of the checks that depend on the catalog around a power, which the SQL decides. */
const CONTEXT_CODES = [
  'NAME_DUPLICATE',
  'CODE_BAD_FORMAT',
  'CODE_UNIT_MISMATCH',
  'CODE_CATEGORY_MISMATCH',
  'LEGAL_BASIS_MISSING',
  'LEGAL_BASIS_NO_ARTICLES',
  'LEGAL_BASIS_UNKNOWN_DOCUMENT',
  'LEGAL_BASIS_INCOMPLETE_DOCUMENT',
  'LEGAL_BASIS_REPEALED',
  'EXTERNAL_FLOW_NOT_REAPPROVED',
  'DISCRETION_NOT_READJUSTED',
];

const SYS = { userId: null, requestId: 'test' };
const PATTERNS = ['{unit}{letters}{seq4}', '{letters}-{unit}-{seq4}', '{unit}-{no}-{seq3}'];

/** Random defects of every kind the context checks judge, at random places and dates. */
const defects = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  scheme: fc.constantFrom('PROVINCIAL_DEPARTMENT', 'MUNICIPAL', 'DISTRICT_SANHEYI'),
  // bases added to generated versions before their checks are stored: a document the library
  // does not hold, a basis with no articles (blank by JavaScript's trim)
  bases: fc.array(fc.tuple(fc.nat(), fc.constantFrom('unknown', '', '\u3000', ' \t')), {
    minLength: 2,
    maxLength: 5,
  }),
  // powers imported through the service: a name another power of the unit has (the same, with
  // full-width digits, with an ideographic space), a code breaking the rule, no basis
  imports: fc.array(
    fc.record({
      unit: fc.nat(),
      like: fc.nat(),
      name: fc.constantFrom('same', 'fullwidth', 'spaced'),
      code: fc.constantFrom('ok', 'format', 'unit', 'letters'),
      noBasis: fc.boolean(),
    }),
    { minLength: 4, maxLength: 8 },
  ),
  // documents: repealed before or after the day judged, an issuer left blank
  repeal: fc.array(fc.tuple(fc.nat(), fc.integer({ min: -400, max: 30 })), {
    minLength: 1,
    maxLength: 3,
  }),
  blankIssuer: fc.nat(),
  // amendments of cited documents, before or after the charts' approvals, some after the day judged
  amend: fc.array(fc.tuple(fc.nat(), fc.integer({ min: -700, max: 20 })), {
    minLength: 2,
    maxLength: 6,
  }),
  // a region's own coding rule, set after the checks were stored (judged again when read)
  rule: fc.option(fc.tuple(fc.nat(), fc.constantFrom(...PATTERNS)), { nil: null }),
  cancel: fc.array(fc.nat(), { maxLength: 3 }),
});

type Defects = typeof defects extends fc.Arbitrary<infer T> ? T : never;

const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length];

/** Writes the defects into a generated province, checks stored in between as a service would. */
async function spoil(t: TestApp, d: Defects, through: string): Promise<void> {
  await t.services.calendar.ensureSeeded();
  await generateProvince(t.ds, { units: 5, powersPerUnit: 10, seed: d.seed });
  const versions: { id: string }[] = await t.ds.query(
    `SELECT v.id FROM power_version v WHERE v.valid_to IS NULL ORDER BY v.code`,
  );
  const cited: { id: string }[] = await t.ds.query(
    `SELECT DISTINCT document_id AS id FROM power_version_basis ORDER BY 1`,
  );
  for (const [k, [i, kind]] of d.bases.entries()) {
    await t.ds.query(
      `INSERT INTO power_version_basis (version_id, ord, document_id, articles)
       VALUES ($1, $2, CASE WHEN $3 = 'unknown' THEN gen_random_uuid() ELSE $4::uuid END, $5)`,
      [pick(versions, i).id, 90 + k, kind, pick(cited, i).id, kind === 'unknown' ? '第一条' : kind],
    );
  }
  const units: { id: string; code: string }[] = await t.ds.query(
    `SELECT id, code FROM unit ORDER BY code`,
  );
  for (const [k, imp] of d.imports.entries()) {
    const unit = pick(units, imp.unit);
    const names: { name: string }[] = await t.ds.query(
      `SELECT name FROM power WHERE unit_id = $1 ORDER BY code`,
      [unit.id],
    );
    const like = pick(names, imp.like).name;
    const name =
      imp.name === 'same'
        ? like
        : imp.name === 'fullwidth'
          ? // full-width and half-width forms, the same name under NFKC
            like.replace(/[0-9()（）]/g, (c) =>
              String.fromCharCode(c.charCodeAt(0) + (c.charCodeAt(0) > 0xff00 ? -0xfee0 : 0xfee0)),
            )
          : `${like}\u3000`;
    const seq = 9000 + k;
    const code =
      imp.code === 'ok'
        ? nextCode(DEFAULT_CODING_RULE, unit.code, 'PENALTY', seq)
        : imp.code === 'format'
          ? `${unit.code}-CF-${seq}0`
          : imp.code === 'unit'
            ? nextCode(DEFAULT_CODING_RULE, pick(units, imp.unit + 1).code, 'PENALTY', seq)
            : nextCode(DEFAULT_CODING_RULE, unit.code, 'LICENSING', seq);
    const draft = penaltyDraft(unit, pick(cited, k).id, seq, {
      name,
      code,
      ...(imp.noBasis ? { legalBases: [] } : {}),
    });
    await t.services.powers.importPowers(
      { kind: 'all' },
      [{ unitId: unit.id, status: 'ACTIVE', draft } as never],
      SYS,
    );
  }
  // the checks stored as a first assessment stores them
  const all = units.map((u) => u.id);
  const now = new Date();
  await ensureContentChecks(t.ds, all, now, await unitJudges(t.ds, all, now));
  // then the catalog around the powers changes
  for (const [i, days] of d.repeal)
    await t.ds.query(`UPDATE legal_document SET repealed_on = $2 WHERE id = $1`, [
      pick(cited, i).id,
      addDays(through, days),
    ]);
  await t.ds.query(`UPDATE legal_document SET issuer = '\u3000' WHERE id = $1`, [
    pick(cited, d.blankIssuer).id,
  ]);
  for (const [i, days] of d.amend)
    await t.ds.query(
      `INSERT INTO legal_amendment (document_id, amended_on, note) VALUES ($1, $2, '修改')
       ON CONFLICT DO NOTHING`,
      [pick(cited, i).id, addDays(through, days)],
    );
  if (d.rule) {
    const regions: { id: string }[] = await t.ds.query(
      `SELECT id FROM region WHERE level <> 'PROVINCE' ORDER BY code`,
    );
    await t.ds.query(
      `INSERT INTO region_coding_rule (region_id, pattern, valid_from) VALUES ($1, $2, now() - interval '1 hour')`,
      [pick(regions, d.rule[0]).id, d.rule[1]],
    );
  }
  const powers: { id: string }[] = await t.ds.query(`SELECT id FROM power ORDER BY code`);
  for (const i of d.cancel)
    await t.ds.query(
      `INSERT INTO power_status_change (power_id, status, at) VALUES ($1, 'CANCELLED', now() - interval '1 minute')`,
      [pick(powers, i).id],
    );
}

describe('the state-based items in SQL', () => {
  it('count and list exactly the cases of the reference path, over random defects hitting every check that depends on the catalog around a power', async () => {
    const hit = new Set<string>();
    await fc.assert(
      fc.asyncProperty(defects, async (d) => {
        const t = await startTestApp();
        try {
          await spoil(t, d, assessmentPeriod(FROM, TO, new Date()).through);
          // judged as of now, after every defect was written
          const { asOf, through } = assessmentPeriod(FROM, TO, new Date());
          const scheme = await t.services.assessment.scheme(d.scheme);
          const detectors = [
            ...new Set(
              schemeItems(scheme)
                .map((i) => i.detector)
                .filter((x): x is string => !!x)
                .filter(isStateDetector),
            ),
          ];
          const unitIds: string[] = (await t.ds.query(`SELECT id FROM unit ORDER BY code`)).map(
            (u: { id: string }) => u.id,
          );
          const judges = await unitJudges(t.ds, unitIds, asOf);
          // as the service does before reading: stores what is missing, judges codes again
          await ensureContentChecks(t.ds, unitIds, asOf, judges);
          await t.ds.transaction('REPEATABLE READ', async (m) => {
            const q = { scheme, detectors, unitIds, asOf, through };
            const listed = await stateResults(m, { ...q, evidenceUnits: unitIds });
            const counted = await stateResults(m, { ...q, evidenceUnits: [] });
            // the SQL path, not the reference fallback, answered
            expect(listed.snapshot).toBeNull();
            expect(counted.snapshot).toBeNull();
            const { powers } = await catalogSnapshot(m, unitIds, asOf, through);
            for (const p of powers) for (const x of p.problems) hit.add(x.code);
            for (const id of detectors) {
              const spec = STATE_ITEMS[id];
              const ref = powersWithProblems(
                { snapshot: powers, through },
                problemCodesOf({ scheme }, id),
                spec.lead,
                (p) => itemJudges(spec.filter, p),
              );
              const perUnit = new Map<string, number>();
              for (const c of ref.cases) perUnit.set(c.unitId, (perUnit.get(c.unitId) ?? 0) + 1);
              expect({ id, cases: listed.results.get(id)!.cases }).toEqual({
                id,
                cases: ref.cases,
              });
              expect({ id, applicable: listed.results.get(id)!.applicable }).toEqual({
                id,
                applicable: ref.applicable,
              });
              expect({ id, counted: counted.results.get(id)!.counted }).toEqual({
                id,
                counted: perUnit,
              });
              expect(counted.results.get(id)!.cases).toEqual([]);
              expect(counted.results.get(id)!.applicable).toEqual(ref.applicable);
            }
          });
          // and the ranking, scored from the counts, gives every unit its own card's score
          await cardsMatchRanking(t, d.scheme);
        } finally {
          await t.close();
        }
      }),
      { numRuns: 4 },
    );
    // the defects reached every check the SQL decides
    expect(CONTEXT_CODES.filter((c) => !hit.has(c))).toEqual([]);
  });
});
