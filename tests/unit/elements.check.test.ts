import {
  POWER_CATEGORIES,
  type PowerCategory,
  type PowerContent,
} from '../../src/modules/catalog/power-content';
import {
  codeProblems,
  elementProblems,
  legalBasisProblems,
  STATUTORY_TIME_LIMIT_CATEGORIES,
  subjectProblems,
  timeLimitProblems,
} from '../../src/modules/flow/checks/elements.check';
import { DEFAULT_CODING_RULE } from '../../src/modules/flow/problems';

import {
  AS_OF,
  DOCS,
  cleanContent,
  cleanPower,
  codes,
  context,
  documents,
  UNIT_ID,
} from './fixtures/power-fixtures';

const check = (category: PowerCategory, overrides: Partial<PowerContent>) =>
  elementProblems(cleanPower(category, overrides), context());

describe('element checks', () => {
  it.each(POWER_CATEGORIES)('finds nothing wrong with a complete %s power', (category) => {
    expect(elementProblems(cleanPower(category), context())).toEqual([]);
  });

  it('flags a power with no name', () => {
    for (const name of [null, '', '   ']) {
      expect(check('LICENSING', { name })).toEqual([
        { code: 'NAME_MISSING', message: expect.stringContaining('权力名称'), path: 'name' },
      ]);
    }
  });

  it('flags a power with no category (and checks the code for its form only)', () => {
    expect(check('LICENSING', { category: null })).toEqual([
      { code: 'CATEGORY_MISSING', message: expect.stringContaining('权力类别'), path: 'category' },
    ]);
  });
});

describe('subject checks', () => {
  it('flags a power with no implementing subject', () => {
    expect(subjectProblems(cleanContent('LICENSING', { subject: null }))).toEqual([
      { code: 'SUBJECT_MISSING', message: expect.stringContaining('实施主体'), path: 'subject' },
    ]);
  });

  it('flags a subject with no unit', () => {
    expect(
      codes(
        subjectProblems(cleanContent('LICENSING', { subject: { unitId: '', type: 'STATUTORY' } })),
      ),
    ).toEqual(['SUBJECT_MISSING']);
  });

  it('flags a subject whose kind (statutory, authorized, entrusted) is missing', () => {
    const subject = { unitId: UNIT_ID, type: null } as unknown as PowerContent['subject'];
    expect(subjectProblems(cleanContent('LICENSING', { subject }))).toEqual([
      {
        code: 'SUBJECT_TYPE_MISSING',
        message: expect.stringContaining('法定主体'),
        path: 'subject.type',
      },
    ]);
  });

  it('flags an entrusted subject that names no entrusting party', () => {
    expect(
      subjectProblems(
        cleanContent('LICENSING', {
          subject: { unitId: UNIT_ID, type: 'ENTRUSTED', entrustingParty: ' ' },
        }),
      ),
    ).toEqual([
      {
        code: 'ENTRUSTED_NO_PARTY',
        message: expect.stringContaining('委托方'),
        path: 'subject.entrustingParty',
      },
    ]);
  });

  it('accepts an entrusted subject that names its entrusting party, and statutory or authorized ones without', () => {
    const ok = [
      { unitId: UNIT_ID, type: 'ENTRUSTED' as const, entrustingParty: '区城市管理局' },
      { unitId: UNIT_ID, type: 'AUTHORIZED' as const },
      { unitId: UNIT_ID, type: 'STATUTORY' as const, coImplementerIds: ['unit-2'] },
    ];
    for (const subject of ok)
      expect(subjectProblems(cleanContent('LICENSING', { subject }))).toEqual([]);
  });
});

describe('legal basis checks', () => {
  const bases = (legalBases: PowerContent['legalBases'], asOf = AS_OF) =>
    legalBasisProblems(cleanContent('LICENSING', { legalBases }), documents(), asOf);

  it('flags a power with no legal basis', () => {
    for (const legalBases of [null, []]) {
      expect(bases(legalBases)).toEqual([
        {
          code: 'LEGAL_BASIS_MISSING',
          message: expect.stringContaining('权力依据'),
          path: 'legalBases',
        },
      ]);
    }
  });

  it('flags a basis with no articles, naming the document', () => {
    expect(
      bases([
        { documentId: DOCS.law.id, articles: '第十二条' },
        { documentId: DOCS.rule.id, articles: ' ' },
      ]),
    ).toEqual([
      {
        code: 'LEGAL_BASIS_NO_ARTICLES',
        message: '权力依据《江苏省行政程序规定》未写明所依据的条款',
        path: 'legalBases[1].articles',
      },
    ]);
  });

  it('flags a basis citing a document repealed on or before the date judged', () => {
    expect(bases([{ documentId: DOCS.repealed.id, articles: '第三条' }])).toEqual([
      {
        code: 'LEGAL_BASIS_REPEALED',
        message: expect.stringContaining(
          '《城市市容和环境卫生管理条例（旧）》已于 2026-06-30 废止',
        ),
        path: 'legalBases[0].documentId',
      },
    ]);
  });

  it('does not flag a document repealed after the date judged', () => {
    expect(bases([{ documentId: DOCS.repealed.id, articles: '第三条' }], '2026-06-29')).toEqual([]);
    expect(bases([{ documentId: DOCS.rule.id, articles: '第三条' }])).toEqual([]);
  });

  it('flags a cited document with no issuer or no promulgation date', () => {
    expect(bases([{ documentId: DOCS.noIssuer.id, articles: '第五条' }])).toEqual([
      {
        code: 'LEGAL_BASIS_INCOMPLETE_DOCUMENT',
        message: expect.stringContaining('《某市管理办法》缺少制定机关'),
        path: 'legalBases[0].documentId',
      },
    ]);
    const docs = new Map([[DOCS.law.id, { ...DOCS.law, issuer: '', promulgatedOn: '' }]]);
    const problems = legalBasisProblems(
      cleanContent('LICENSING', { legalBases: [{ documentId: DOCS.law.id, articles: '第一条' }] }),
      docs,
      AS_OF,
    );
    expect(problems[0].message).toContain('缺少制定机关和公布日期');
  });

  it('flags a basis citing a document the catalog does not hold', () => {
    expect(bases([{ documentId: 'doc-unknown', articles: '第一条' }])).toEqual([
      {
        code: 'LEGAL_BASIS_UNKNOWN_DOCUMENT',
        message: expect.stringContaining('doc-unknown'),
        path: 'legalBases[0].documentId',
      },
    ]);
  });
});

describe('time limit checks', () => {
  const limits = (category: PowerCategory, legal: number | null, promised: number | null) =>
    timeLimitProblems(
      cleanContent(category, { legalTimeLimitDays: legal, promisedTimeLimitDays: promised }),
    );

  it.each(STATUTORY_TIME_LIMIT_CATEGORIES)(
    'flags a %s power with no legal time limit',
    (category) => {
      expect(limits(category, null, null)).toEqual([
        {
          code: 'TIME_LIMIT_MISSING',
          message: expect.stringContaining('法定办理时限'),
          path: 'legalTimeLimitDays',
        },
      ]);
    },
  );

  it.each(['PENALTY', 'COERCION', 'INSPECTION', 'REWARD', 'OTHER'] as const)(
    'does not require a legal time limit of a %s power',
    (category) => {
      expect(limits(category, null, null)).toEqual([]);
      expect(limits(category, null, 5)).toEqual([]);
    },
  );

  it('flags a promised time limit longer than the legal one', () => {
    expect(limits('LICENSING', 20, 21)).toEqual([
      {
        code: 'PROMISED_EXCEEDS_LEGAL',
        message: '承诺时限 21 个工作日超过法定时限 20 个工作日，承诺时限不得超过法定时限',
        path: 'promisedTimeLimitDays',
      },
    ]);
  });

  it('accepts a promise equal to the legal limit, and no promise at all', () => {
    expect(limits('LICENSING', 20, 20)).toEqual([]);
    expect(limits('LICENSING', 20, null)).toEqual([]);
  });
});

describe('code checks', () => {
  const code = (c: string | null, category: PowerCategory | null = 'PENALTY') =>
    codeProblems(cleanPower('PENALTY', { code: c, category }), DEFAULT_CODING_RULE);

  it('accepts a code that follows the rule', () => {
    expect(code('320411001-CF-0007')).toEqual([]);
  });

  it('flags a power with no code', () => {
    expect(code(null)).toEqual([
      { code: 'CODE_MISSING', message: expect.any(String), path: 'code' },
    ]);
    expect(codes(code('  '))).toEqual(['CODE_MISSING']);
  });

  it('flags a code not of the rule form, showing the expected form', () => {
    expect(code('320411001-CF-7')).toEqual([
      {
        code: 'CODE_BAD_FORMAT',
        message: expect.stringContaining('应形如 320411001-CF-0001'),
        path: 'code',
      },
    ]);
    expect(codes(code('CF0007'))).toEqual(['CODE_BAD_FORMAT']);
  });

  it("flags a code whose unit part is not the owning unit's code", () => {
    expect(code('320411002-CF-0007')).toEqual([
      {
        code: 'CODE_UNIT_MISMATCH',
        message: expect.stringContaining('单位代码 320411002 不是实施单位的代码 320411001'),
        path: 'code',
      },
    ]);
  });

  it('flags a code whose letters do not match the category', () => {
    expect(code('320411001-XK-0007')).toEqual([
      {
        code: 'CODE_CATEGORY_MISMATCH',
        message: expect.stringMatching(/类别代码 XK 与权力类别「行政处罚」不符，应为 CF/),
        path: 'code',
      },
    ]);
  });

  it('checks only the form of the letters when the category is missing', () => {
    expect(code('320411001-XK-0007', null)).toEqual([]);
  });

  it('uses the region rule from the context', () => {
    const facts = cleanPower('PENALTY', { code: '320411001020007' });
    expect(codes(elementProblems(facts, context()))).toEqual(['CODE_BAD_FORMAT']);
    expect(
      elementProblems(facts, context({ codingRule: { pattern: '{unit}{no}{seq4}' } })),
    ).toEqual([]);
  });
});
