import { POWER_CATEGORIES, type PowerFacts } from '../../src/modules/catalog/power-content';
import {
  contentProblems,
  findDuplicateNames,
  PROBLEM_CODES,
  problemsOf,
  type ProblemCode,
} from '../../src/modules/flow/problems';

import {
  benchmark,
  cleanPower,
  codes,
  context,
  externalChart,
  internalChart,
  UNIT_ID,
} from './fixtures/power-fixtures';

describe('problemsOf', () => {
  it.each(POWER_CATEGORIES)('finds no problem in a complete, clean %s power', (category) => {
    expect(problemsOf(cleanPower(category), context())).toEqual([]);
  });

  it.each(POWER_CATEGORIES)(
    'finds no problem in a clean %s power that is not key and has no risk points',
    (category) => {
      const internal = internalChart();
      for (const n of internal.nodes) n.riskPoints = [];
      expect(
        problemsOf(cleanPower(category, { isKey: false, internalFlow: internal }), context()),
      ).toEqual([]);
    },
  );

  it('reports an empty draft in the order of the form', () => {
    const draft: PowerFacts = {
      unitId: UNIT_ID,
      unitCode: '320411001',
      status: 'ACTIVE',
      content: {},
    };
    expect(codes(problemsOf(draft, context()))).toEqual([
      'NAME_MISSING',
      'CATEGORY_MISSING',
      'CODE_MISSING',
      'SUBJECT_MISSING',
      'LEGAL_BASIS_MISSING',
      'EXTERNAL_FLOW_MISSING',
      'INTERNAL_FLOW_MISSING',
    ]);
  });

  it('reports an empty penalty draft with its benchmark and a key power with its risk points', () => {
    const draft: PowerFacts = {
      unitId: UNIT_ID,
      unitCode: '320411001',
      status: 'ACTIVE',
      content: { name: '某处罚', category: 'PENALTY', isKey: true },
    };
    expect(codes(problemsOf(draft, context()))).toEqual([
      'CODE_MISSING',
      'SUBJECT_MISSING',
      'LEGAL_BASIS_MISSING',
      'EXTERNAL_FLOW_MISSING',
      'INTERNAL_FLOW_MISSING',
      'KEY_POWER_NO_RISK_POINT',
      'DISCRETION_MISSING',
    ]);
  });

  it('applies the duplicate names of the context', () => {
    const facts = cleanPower('PENALTY', {}, { powerId: 'p1' });
    const dup = findDuplicateNames([
      { powerId: 'p1', unitId: UNIT_ID, name: facts.content.name, status: 'ACTIVE' },
      {
        powerId: 'p2',
        unitId: UNIT_ID,
        name: facts.content.name,
        status: 'ACTIVE',
        code: '320411001-CF-0008',
      },
    ]);
    expect(problemsOf(facts, context({ duplicateNames: dup }))).toEqual([
      {
        code: 'NAME_DUPLICATE',
        message: expect.stringContaining('320411001-CF-0008'),
        path: 'name',
      },
    ]);
  });

  it('judges repeal as of the context date', () => {
    const facts = cleanPower('LICENSING', {
      legalBases: [{ documentId: 'doc-repealed', articles: '第三条' }],
    });
    expect(codes(problemsOf(facts, context({ asOf: '2026-06-30' })))).toEqual([
      'LEGAL_BASIS_REPEALED',
    ]);
    expect(problemsOf(facts, context({ asOf: '2026-06-29' }))).toEqual([]);
  });

  it('gives every problem a code of the catalogue, a Chinese message and a field path', () => {
    const broken = [
      cleanPower('PENALTY', {
        code: 'bad',
        subject: { unitId: UNIT_ID, type: 'ENTRUSTED' },
        legalBases: [{ documentId: 'doc-no-issuer', articles: '' }],
        promisedTimeLimitDays: 30,
        externalFlow: externalChart({ supervision: null, approvedOn: null, edges: [] }),
        internalFlow: internalChart({ filedOn: null }),
        discretion: { tiers: [], circumstances: [] },
      }),
      cleanPower('LICENSING', {
        legalTimeLimitDays: null,
        internalFlow: internalChart({ nodes: [{ key: 'x', kind: 'STEP', label: '孤立' }] }),
      }),
    ];
    const problems = broken.flatMap((f) => problemsOf(f, context()));
    expect(problems.length).toBeGreaterThan(15);
    for (const p of problems) {
      expect(Object.keys(PROBLEM_CODES)).toContain(p.code);
      expect(p.message).toMatch(/[\u4e00-\u9fff]/);
      expect(p.path).toMatch(/^[a-zA-Z]+(\.[a-zA-Z]+|\[\d+\])*$/);
    }
  });
});

/** One power per code that shows it; together they cover the catalogue. */
function showcase(): [ProblemCode, PowerFacts, Partial<Parameters<typeof context>[0]>?][] {
  const ext = (o: Parameters<typeof externalChart>[0]) => ({ externalFlow: externalChart(o) });
  const int = (edit: (c: ReturnType<typeof internalChart>) => void) => {
    const c = internalChart();
    edit(c);
    return { internalFlow: c };
  };
  const penalty = (o: Parameters<typeof cleanPower>[1]) => cleanPower('PENALTY', o);
  const lic = (o: Parameters<typeof cleanPower>[1]) => cleanPower('LICENSING', o);
  const bench = benchmark;
  const dupFacts = cleanPower('OTHER', {}, { powerId: 'p1' });
  return [
    ['NAME_MISSING', lic({ name: '' })],
    [
      'NAME_DUPLICATE',
      dupFacts,
      {
        duplicateNames: findDuplicateNames(
          ['p1', 'p2'].map((powerId) => ({
            powerId,
            unitId: UNIT_ID,
            name: dupFacts.content.name,
            status: 'ACTIVE' as const,
          })),
        ),
      },
    ],
    ['CATEGORY_MISSING', lic({ category: null })],
    ['CODE_MISSING', lic({ code: null })],
    ['CODE_BAD_FORMAT', lic({ code: 'XK-1' })],
    ['CODE_UNIT_MISMATCH', lic({ code: '999-XK-0001' })],
    ['CODE_CATEGORY_MISMATCH', lic({ code: '320411001-CF-0001' })],
    ['SUBJECT_MISSING', lic({ subject: null })],
    ['SUBJECT_TYPE_MISSING', lic({ subject: { unitId: UNIT_ID } as never })],
    ['ENTRUSTED_NO_PARTY', lic({ subject: { unitId: UNIT_ID, type: 'ENTRUSTED' } })],
    ['LEGAL_BASIS_MISSING', lic({ legalBases: [] })],
    ['LEGAL_BASIS_NO_ARTICLES', lic({ legalBases: [{ documentId: 'doc-law', articles: '' }] })],
    ['LEGAL_BASIS_UNKNOWN_DOCUMENT', lic({ legalBases: [{ documentId: 'nope', articles: '一' }] })],
    [
      'LEGAL_BASIS_INCOMPLETE_DOCUMENT',
      lic({ legalBases: [{ documentId: 'doc-no-issuer', articles: '一' }] }),
    ],
    ['LEGAL_BASIS_REPEALED', lic({ legalBases: [{ documentId: 'doc-repealed', articles: '一' }] })],
    ['TIME_LIMIT_MISSING', lic({ legalTimeLimitDays: null, promisedTimeLimitDays: null })],
    ['PROMISED_EXCEEDS_LEGAL', lic({ promisedTimeLimitDays: 21 })],
    ['EXTERNAL_FLOW_MISSING', lic({ externalFlow: null })],
    ['EXTERNAL_FLOW_NO_END_REACHABLE', lic(ext({ edges: [] }))],
    ['EXTERNAL_FLOW_UNREACHABLE_STEP', lic(ext({ edges: externalChart().edges.slice(1) }))],
    [
      'EXTERNAL_FLOW_DEAD_END_STEP',
      lic(
        ext({
          nodes: [...externalChart().nodes, { key: 'X', kind: 'STEP', label: '死胡同' }],
          edges: [...externalChart().edges, { from: 'A', to: 'X' }],
        }),
      ),
    ],
    ['EXTERNAL_FLOW_NO_SUPERVISION', lic(ext({ supervision: '' }))],
    ['EXTERNAL_FLOW_NO_COUNTERPARTY_RIGHTS', lic(ext({ counterpartyRights: '' }))],
    ['EXTERNAL_FLOW_NO_COMPLAINT_CHANNEL', lic(ext({ complaintChannel: '' }))],
    ['EXTERNAL_FLOW_NOT_APPROVED', lic(ext({ approvedOn: null }))],
    ['EXTERNAL_FLOW_NOT_PUBLISHED', lic(ext({ publishedOn: null }))],
    ['INTERNAL_FLOW_MISSING', lic({ internalFlow: null })],
    ['INTERNAL_STEP_NO_POST', lic(int((c) => (c.nodes[1].post = '')))],
    ['INTERNAL_STEP_NO_DUTY', lic(int((c) => (c.nodes[1].duty = '')))],
    ['INTERNAL_STEP_NO_TIME_LIMIT', lic(int((c) => (c.nodes[1].timeLimitDays = null)))],
    ['INTERNAL_STEP_NO_EXTERNAL_KEY', lic(int((c) => (c.nodes[3].externalKey = null)))],
    ['INTERNAL_STEP_UNKNOWN_EXTERNAL', lic(int((c) => (c.nodes[3].externalKey = 'Z')))],
    ['EXTERNAL_STEP_NOT_COVERED', lic(int((c) => (c.nodes[1].externalKey = 'B')))],
    ['INTERNAL_FLOW_NOT_FILED', lic(int((c) => (c.filedOn = null)))],
    ['INTERNAL_TIME_EXCEEDS_LEGAL', lic({ legalTimeLimitDays: 8, promisedTimeLimitDays: 8 })],
    ['KEY_POWER_NO_RISK_POINT', lic({ isKey: true, ...int((c) => (c.nodes[2].riskPoints = [])) })],
    ['RISK_POINT_NO_MEASURES', lic(int((c) => (c.nodes[2].riskPoints![0].measures = '')))],
    ['DISCRETION_MISSING', penalty({ discretion: null })],
    ['DISCRETION_TOO_FEW_TIERS', penalty({ discretion: bench({ tiers: bench().tiers.slice(1) }) })],
    [
      'DISCRETION_TIER_INCOMPLETE',
      penalty({ discretion: bench({ tiers: bench().tiers.map((t) => ({ ...t, sanction: '' })) }) }),
    ],
    [
      'DISCRETION_FINE_RANGE_INVERTED',
      penalty({
        discretion: bench({
          tiers: bench().tiers.map((t) => ({ ...t, minFine: t.maxFine, maxFine: t.minFine })),
        }),
      }),
    ],
    [
      'DISCRETION_TIERS_OVERLAP',
      penalty({
        discretion: bench({ tiers: bench().tiers.map((t) => ({ ...t, minFine: t.minFine! - 1 })) }),
      }),
    ],
    [
      'DISCRETION_TIERS_NOT_RISING',
      penalty({ discretion: bench({ tiers: bench().tiers.reverse() }) }),
    ],
    [
      'DISCRETION_NO_NO_PENALTY_CIRCUMSTANCE',
      penalty({ discretion: bench({ circumstances: [] }) }),
    ],
    ['DISCRETION_NO_HEAVIER_CIRCUMSTANCE', penalty({ discretion: bench({ circumstances: [] }) })],
    ['DISCRETION_NO_RULES', penalty({ discretion: bench({ applicationRules: null }) })],
    ['DISCRETION_NOT_FILED', penalty({ discretion: bench({ filedOn: null }) })],
    [
      'EXTERNAL_FLOW_NOT_REAPPROVED',
      lic({ legalBases: [{ documentId: 'doc-law', articles: '一' }] }),
      { lastAmended: new Map([['doc-law', '2026-06-01']]) },
    ],
    [
      'DISCRETION_NOT_READJUSTED',
      penalty({ legalBases: [{ documentId: 'doc-law', articles: '一' }] }),
      { lastAmended: new Map([['doc-law', '2026-06-01']]) },
    ],
  ];
}

describe('every code of the catalogue', () => {
  const cases = showcase();

  it('has a power that shows it', () => {
    expect(cases.map(([code]) => code).sort()).toEqual(Object.keys(PROBLEM_CODES).sort());
  });

  it.each(cases.map(([code, facts, ctx]) => ({ code, facts, ctx: ctx ?? {} })))(
    '$code is reported for its power',
    ({ code, facts, ctx }) => {
      expect(codes(problemsOf(facts, context(ctx)))).toContain(code);
    },
  );

  it.each(cases.map(([code, facts, ctx]) => ({ code, facts, ctx: ctx ?? {} })))(
    '$code: the stored content checks, round-tripped through JSON, give the same list in the same order',
    ({ facts, ctx }) => {
      const stored = JSON.parse(JSON.stringify(contentProblems(facts.content)));
      // the contextual checks read only the code, name, category and bases, and the dates of the
      // external chart's approval and of the benchmark's adjustment and filing
      const { code, name, category, legalBases, externalFlow, discretion } = facts.content;
      const slim = {
        ...facts,
        content: {
          code,
          name,
          category,
          legalBases,
          externalFlow: externalFlow && ({ approvedOn: externalFlow.approvedOn } as never),
          discretion:
            discretion &&
            ({ adjustedOn: discretion.adjustedOn, filedOn: discretion.filedOn } as never),
        },
      };
      expect(problemsOf(slim, context(ctx), stored)).toEqual(problemsOf(facts, context(ctx)));
    },
  );
});

describe('PROBLEM_CODES', () => {
  const entries = Object.entries(PROBLEM_CODES) as [
    ProblemCode,
    (typeof PROBLEM_CODES)[ProblemCode],
  ][];

  it('lists stable UPPER_SNAKE codes, each with a Chinese and an English line', () => {
    expect(entries.length).toBeGreaterThanOrEqual(45);
    for (const [code, info] of entries) {
      expect(code).toMatch(/^[A-Z]+(_[A-Z]+)+$/);
      expect(info.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(info.en).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('ties each code to the scored items it feeds', () => {
    for (const [code, info] of entries) {
      const all = [...info.feeds.district, ...info.feeds.provincial, ...info.feeds.municipal];
      expect({ code, fed: all.length > 0 }).toEqual({ code, fed: true });
    }
    expect(PROBLEM_CODES.EXTERNAL_FLOW_NO_SUPERVISION.feeds).toEqual({
      district: [6],
      provincial: [38],
      municipal: [41],
    });
    expect(PROBLEM_CODES.NAME_DUPLICATE.feeds).toEqual({
      district: [],
      provincial: [35],
      municipal: [38],
    });
  });

  it('marks approval, publication and filing as procedural', () => {
    const procedural = entries.filter(([, info]) => info.procedural).map(([code]) => code);
    expect(procedural.sort()).toEqual([
      'DISCRETION_NOT_FILED',
      'DISCRETION_NOT_READJUSTED',
      'EXTERNAL_FLOW_NOT_APPROVED',
      'EXTERNAL_FLOW_NOT_PUBLISHED',
      'EXTERNAL_FLOW_NOT_REAPPROVED',
      'INTERNAL_FLOW_NOT_FILED',
    ]);
  });
});
