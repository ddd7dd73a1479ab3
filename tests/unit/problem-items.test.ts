import { problemCodesOf } from '../../src/modules/assessment/detector';
import { loadSchemes, schemeItems, type SchemeData } from '../../src/modules/assessment/scheme';
import type { LegalDocumentFacts } from '../../src/modules/catalog/power-content';
import { staleBasesProblems } from '../../src/modules/flow/checks/stale-bases.check';
import { codesFeeding, PROBLEM_CODES } from '../../src/modules/flow/problem-codes';
import { PROBLEM_DETECTORS } from '../helpers/defects';

const schemes = loadSchemes();
const scheme = (code: string): SchemeData => schemes.find((s) => s.code === code)!;

describe('one map from problem codes to scored items', () => {
  it('gives every problem-reading detector of every scheme the codes that feed its items, and only those', () => {
    for (const s of schemes) {
      for (const d of PROBLEM_DETECTORS) {
        const items = schemeItems(s).filter((i) => i.detector === d);
        const codes = problemCodesOf({ scheme: s }, d);
        expect(items.length > 0).toBe(codes.size > 0);
        for (const c of codes) {
          const feeds = PROBLEM_CODES[c as keyof typeof PROBLEM_CODES].feeds;
          const key = {
            DISTRICT_SANHEYI: 'district',
            PROVINCIAL_DEPARTMENT: 'provincial',
            MUNICIPAL: 'municipal',
          }[s.code] as 'district';
          expect(items.some((i) => feeds[key].includes(Number(i.code)))).toBe(true);
        }
      }
    }
  });

  it('settles the two lists that disagreed: a missing subject kind feeds the subject items, a promised limit over the legal one the elements items', () => {
    const district = scheme('DISTRICT_SANHEYI');
    const elements = problemCodesOf({ scheme: district }, 'elements-complete');
    expect(elements.has('PROMISED_EXCEEDS_LEGAL')).toBe(true);
    expect(elements.has('SUBJECT_TYPE_MISSING')).toBe(false);
    expect(
      problemCodesOf({ scheme: scheme('PROVINCIAL_DEPARTMENT') }, 'subject').has(
        'SUBJECT_TYPE_MISSING',
      ),
    ).toBe(true);
    expect(codesFeeding('MUNICIPAL', [39]).has('SUBJECT_TYPE_MISSING')).toBe(true);
  });

  it('counts a chart or benchmark not redone after a change of bases under the external chart and discretion items', () => {
    const d = scheme('DISTRICT_SANHEYI');
    expect(
      problemCodesOf({ scheme: d }, 'external-flowchart').has('EXTERNAL_FLOW_NOT_REAPPROVED'),
    ).toBe(true);
    expect(
      problemCodesOf({ scheme: d }, 'discretion-benchmark').has('DISCRETION_NOT_READJUSTED'),
    ).toBe(true);
    expect(PROBLEM_CODES.EXTERNAL_FLOW_NOT_REAPPROVED.procedural).toBe(true);
  });
});

describe('staleBasesProblems', () => {
  const law: LegalDocumentFacts = {
    id: 'd1',
    title: '测试条例',
    issuer: '省人大常委会',
    level: 'LOCAL_REGULATION',
    promulgatedOn: '2020-01-01',
  };
  const docs = new Map([[law.id, law]]);
  const amended = new Map([[law.id, '2026-03-01']]);
  const content = (
    approvedOn: string | null,
    adjustedOn: string | null,
    filedOn: string | null,
  ) => ({
    category: 'PENALTY' as const,
    legalBases: [{ documentId: 'd1', articles: '第十条' }],
    externalFlow: { approvedOn },
    discretion: { adjustedOn, filedOn },
  });

  it('finds a chart approved and a benchmark adjusted before the amendment', () => {
    const found = staleBasesProblems(
      content('2026-02-28', '2026-02-01', '2026-04-01'),
      docs,
      amended,
    );
    expect(found.map((p) => p.code)).toEqual([
      'EXTERNAL_FLOW_NOT_REAPPROVED',
      'DISCRETION_NOT_READJUSTED',
    ]);
    expect(found[0].message).toContain('《测试条例》于 2026-03-01 修改');
  });

  it('accepts both redone on or after the amendment, and says nothing without amendments', () => {
    expect(
      staleBasesProblems(content('2026-03-01', '2026-03-05', '2026-03-10'), docs, amended),
    ).toEqual([]);
    expect(staleBasesProblems(content(null, null, null), docs, new Map())).toEqual([]);
    expect(staleBasesProblems(content(null, null, null), docs, undefined)).toEqual([]);
  });

  it('leaves a power with no chart or no benchmark to the problems of their absence', () => {
    expect(
      staleBasesProblems(
        { ...content(null, null, null), externalFlow: null, discretion: null },
        docs,
        amended,
      ),
    ).toEqual([]);
  });
});
