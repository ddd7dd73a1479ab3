import fc from 'fast-check';

import { applyChanges, diffContents, type DiffLabels } from '../../src/modules/catalog/diff';
import type {
  DiscretionBenchmarkData,
  FlowchartData,
  PowerContent,
} from '../../src/modules/catalog/power-content';

const LABELS: DiffLabels = {
  documentTitle: (id) => ({ d1: '中华人民共和国行政处罚法', d2: '江苏省食品安全条例' })[id] ?? id,
  unitName: (id) => ({ u1: '市场监管局', u2: '城管局', u3: '环保局' })[id] ?? id,
};

function chart(): FlowchartData {
  return {
    nodes: [
      { key: 'start', kind: 'START', label: '立案' },
      { key: 'inv', kind: 'STEP', label: '调查取证', post: '执法岗', riskPoints: [] },
      {
        key: 'dec',
        kind: 'DECISION',
        label: '作出决定',
        riskPoints: [{ description: '滥用裁量', level: 'HIGH', measures: '集体讨论' }],
      },
      { key: 'end', kind: 'END', label: '结案' },
    ],
    edges: [
      { from: 'start', to: 'inv' },
      { from: 'inv', to: 'dec', label: '证据确凿' },
      { from: 'dec', to: 'end' },
    ],
    supervision: '监督电话',
    approvedOn: '2026-01-05',
  };
}

function benchmark(): DiscretionBenchmarkData {
  return {
    tiers: [
      { level: '轻微', conditions: '首次', sanction: '警告', minFine: 0, maxFine: 1000 },
      { level: '一般', conditions: '再次', sanction: '罚款', minFine: 1000, maxFine: 5000 },
      { level: '严重', conditions: '多次', sanction: '罚款', minFine: 5000, maxFine: 20000 },
    ],
    circumstances: [{ kind: 'NO_PENALTY', description: '初次违法且危害后果轻微并及时改正' }],
    applicationRules: '从重从轻',
  };
}

function content(): PowerContent {
  return {
    code: '320411001-CF-0001',
    name: '对无证经营的处罚',
    category: 'PENALTY',
    isKey: true,
    subject: { unitId: 'u1', type: 'STATUTORY', coImplementerIds: ['u2'] },
    legalBases: [
      { documentId: 'd1', articles: '第三十三条' },
      { documentId: 'd2', articles: '第十二条', excerpt: '原文' },
    ],
    legalTimeLimitDays: 90,
    promisedTimeLimitDays: 60,
    externalFlow: chart(),
    internalFlow: null,
    discretion: benchmark(),
  };
}

describe('diffContents', () => {
  it('finds nothing between a content and itself', () => {
    expect(diffContents(content(), content(), LABELS)).toEqual([]);
  });

  it('names a node label, a risk point measure and an edge label by their keys', () => {
    const b = content();
    b.externalFlow!.nodes[1]!.label = '现场调查';
    b.externalFlow!.nodes[2]!.riskPoints![0]!.measures = '法制审核';
    b.externalFlow!.edges[1]!.label = null;
    expect(diffContents(content(), b, LABELS)).toEqual([
      {
        field: 'externalFlow',
        path: 'externalFlow.nodes[inv].label',
        before: '调查取证',
        after: '现场调查',
      },
      {
        field: 'externalFlow',
        path: 'externalFlow.nodes[dec].riskPoints[0].measures',
        before: '集体讨论',
        after: '法制审核',
      },
      {
        field: 'externalFlow',
        path: 'externalFlow.edges[inv->dec].label',
        before: '证据确凿',
        after: null,
      },
    ]);
  });

  it('sees no change in nodes, edges or bases that were only reordered', () => {
    const b = content();
    b.externalFlow!.nodes.reverse();
    b.externalFlow!.edges.reverse();
    b.legalBases!.reverse();
    expect(diffContents(content(), b, LABELS)).toEqual([]);
  });

  it("names a tier's fine by the tier's position and a basis by its document's title", () => {
    const b = content();
    b.discretion!.tiers[2]!.maxFine = 30000;
    b.legalBases![0]!.articles = '第三十四条';
    expect(diffContents(content(), b, LABELS)).toEqual([
      {
        field: 'legalBases',
        path: 'legalBases[《中华人民共和国行政处罚法》].articles',
        before: '第三十三条',
        after: '第三十四条',
      },
      {
        field: 'discretion',
        path: 'discretion.tiers[2].maxFine',
        before: '20000',
        after: '30000',
      },
    ]);
  });

  it('shows an added node and a removed basis whole, and the co-implementers by name', () => {
    const b = content();
    b.externalFlow!.nodes.push({ key: 'hear', kind: 'STEP', label: '听证' });
    b.legalBases = [b.legalBases![0]!];
    b.subject!.coImplementerIds = ['u2', 'u3'];
    expect(diffContents(content(), b, LABELS)).toEqual([
      {
        field: 'subject',
        path: 'subject.coImplementers',
        before: '城管局',
        after: '城管局、环保局',
      },
      {
        field: 'legalBases',
        path: 'legalBases[《江苏省食品安全条例》]',
        before: '{"articles":"第十二条","document":"江苏省食品安全条例","excerpt":"原文"}',
        after: null,
      },
      {
        field: 'externalFlow',
        path: 'externalFlow.nodes[hear]',
        before: null,
        after: '{"key":"hear","kind":"STEP","label":"听证"}',
      },
    ]);
  });

  it('shows a chart added where there was none as one change', () => {
    const b = content();
    b.internalFlow = chart();
    const changes = diffContents(content(), b, LABELS);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ field: 'internalFlow', path: 'internalFlow', before: null });
    expect(JSON.parse(changes[0]!.after!)).toMatchObject({ nodes: expect.any(Array) });
  });
});

// ---------------------------------------------------------------- property

const KEYS = ['s', 'a', 'b', 'c', 'e'];
const DOCS = ['d1', 'd2', 'd3'];
const UNITS = ['u1', 'u2', 'u3'];
const word = fc.constantFrom('甲', '乙', '丙', 'x', '第一条', '');
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const riskPoint = fc.record({
  description: word,
  level: fc.constantFrom('HIGH' as const, 'MEDIUM' as const, 'LOW' as const),
  measures: word,
});
const node = (key: string) =>
  fc.record(
    {
      key: fc.constant(key),
      kind: fc.constantFrom('START' as const, 'STEP' as const, 'END' as const),
      label: word,
      post: maybe(word),
      timeLimitDays: maybe(fc.integer({ min: 0, max: 30 })),
      externalKey: maybe(fc.constantFrom(...KEYS)),
      riskPoints: maybe(fc.array(riskPoint, { maxLength: 3 })),
    },
    { requiredKeys: ['key', 'kind', 'label'] },
  );
const flowchart: fc.Arbitrary<FlowchartData> = fc
  .tuple(fc.subarray(KEYS), fc.subarray(KEYS.flatMap((f) => KEYS.map((t) => [f, t] as const))))
  .chain(([keys, pairs]) =>
    fc.record({
      nodes: fc.tuple(...keys.map(node)),
      edges: fc.tuple(
        ...pairs.map(([from, to]) =>
          fc.record({ from: fc.constant(from), to: fc.constant(to), label: maybe(word) }),
        ),
      ),
      supervision: maybe(word),
      approvedOn: maybe(fc.constantFrom('2026-01-01', '2026-02-01')),
    }),
  );
const tier = fc.record({
  level: word,
  conditions: word,
  sanction: word,
  minFine: maybe(fc.integer({ min: 0, max: 100000 })),
  maxFine: maybe(fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true })),
});
const benchmarkArb: fc.Arbitrary<DiscretionBenchmarkData> = fc.record({
  tiers: fc.array(tier, { maxLength: 4 }),
  circumstances: fc.array(
    fc.record({
      kind: fc.constantFrom('NO_PENALTY' as const, 'HEAVIER' as const),
      description: word,
    }),
    { maxLength: 3 },
  ),
  applicationRules: maybe(word),
  filedOn: maybe(fc.constantFrom('2026-03-01')),
});
const contentArb: fc.Arbitrary<PowerContent> = fc.record({
  code: maybe(word),
  name: maybe(word),
  category: maybe(fc.constantFrom('PENALTY' as const, 'LICENSING' as const)),
  isKey: maybe(fc.boolean()),
  subject: maybe(
    fc.record({
      unitId: fc.constantFrom(...UNITS),
      type: fc.constantFrom('STATUTORY' as const, 'ENTRUSTED' as const),
      entrustingParty: maybe(word),
      coImplementerIds: fc.subarray(UNITS),
    }),
  ),
  legalBases: fc
    .subarray(DOCS)
    .chain((docs) =>
      fc.tuple(
        ...docs.map((d) =>
          fc.record({ documentId: fc.constant(d), articles: word, excerpt: maybe(word) }),
        ),
      ),
    ),
  legalTimeLimitDays: maybe(fc.integer({ min: 0, max: 100 })),
  promisedTimeLimitDays: maybe(fc.integer({ min: 0, max: 100 })),
  externalFlow: maybe(flowchart),
  internalFlow: maybe(flowchart),
  discretion: maybe(benchmarkArb),
});

/** A content's elements by key, absent and null alike: what a diff must carry over. */
function elements(c: PowerContent) {
  const n = <T>(v: T | null | undefined) => v ?? null;
  const chartOf = (f: FlowchartData | null | undefined) =>
    f
      ? {
          nodes: Object.fromEntries(
            f.nodes.map((x) => [
              x.key,
              {
                kind: x.kind,
                label: x.label,
                post: n(x.post),
                duty: n(x.duty),
                timeLimitDays: n(x.timeLimitDays),
                externalKey: n(x.externalKey),
                riskPoints: (x.riskPoints ?? []).map((r) => ({ ...r })),
              },
            ]),
          ),
          edges: Object.fromEntries(f.edges.map((e) => [`${e.from}->${e.to}`, n(e.label)])),
          rest: [f.supervision, f.counterpartyRights, f.complaintChannel, f.approvedOn].map(n),
          dates: [f.publishedOn, f.filedOn].map(n),
        }
      : null;
  const d = c.discretion;
  return {
    scalars: [
      c.code,
      c.name,
      c.category,
      c.isKey,
      c.legalTimeLimitDays,
      c.promisedTimeLimitDays,
    ].map(n),
    subject: c.subject
      ? {
          unitId: c.subject.unitId,
          type: c.subject.type,
          entrustingParty: n(c.subject.entrustingParty),
          co: c.subject.coImplementerIds ?? [],
        }
      : null,
    bases: Object.fromEntries(
      (c.legalBases ?? []).map((b) => [b.documentId, [b.articles, n(b.excerpt)]]),
    ),
    externalFlow: chartOf(c.externalFlow),
    internalFlow: chartOf(c.internalFlow),
    discretion: d
      ? {
          tiers: d.tiers.map((t) => [
            t.level,
            t.conditions,
            t.sanction,
            n(t.minFine),
            n(t.maxFine),
          ]),
          circumstances: d.circumstances.map((x) => [x.kind, x.description]),
          rest: [d.applicationRules, d.filedOn, d.adjustedOn].map(n),
        }
      : null,
  };
}

describe('diffContents, for any two contents', () => {
  it('finds nothing between a content and itself', () => {
    fc.assert(fc.property(contentArb, (a) => diffContents(a, a).length === 0));
  });

  it("carries a to b's keyed elements when its changes are applied", () => {
    fc.assert(
      fc.property(contentArb, contentArb, (a, b) => {
        const applied = applyChanges(a, diffContents(a, b));
        expect(elements(applied)).toEqual(elements(b));
      }),
      { numRuns: 300 },
    );
  });
});
