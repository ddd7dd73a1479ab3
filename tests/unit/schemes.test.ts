/**
 * The three assessment schemes as data (seeds/schemes/*.json): points, codes, detectors, the
 * district table's per-case deductions and the bonus / penalty rows.
 */
import { InternalError } from '../../src/errors';
import {
  DETECTOR_IDS,
  loadSchemes,
  parseScheme,
  SCHEME_CODES,
  SCHEME_TOTAL,
  schemeItems,
  validateScheme,
  type SchemeData,
} from '../../src/modules/assessment/scheme';

const schemes = loadSchemes();
const byCode = (code: string): SchemeData => {
  const found = schemes.find((s) => s.code === code);
  if (!found) throw new InternalError(`no scheme ${code}`);
  return found;
};
const district = byCode('DISTRICT_SANHEYI');
const provincial = byCode('PROVINCIAL_DEPARTMENT');
const municipal = byCode('MUNICIPAL');
const item = (s: SchemeData, code: string) => {
  const found = schemeItems(s).find((i) => i.code === code);
  if (!found) throw new InternalError(`${s.code} has no item ${code}`);
  return found;
};
const total = (xs: { maxPoints: number }[]): number =>
  Math.round(xs.reduce((a, x) => a + x.maxPoints, 0) * 1000) / 1000;

/** DOMAIN.md, "How each derived item reads the records", and the district items 26–29. */
const DETECTORS: Record<string, Record<string, string>> = {
  DISTRICT_SANHEYI: {
    '5': 'changes-filed',
    '6': 'external-flowchart',
    '7': 'internal-flowchart',
    '8': 'discretion-benchmark',
    '9': 'dormant-active',
    '10': 'elements-complete',
    '11': 'key-risk-points',
    '26': 'normative-documents',
    '27': 'enforcement-officers',
    '28': 'major-penalties',
    '29': 'reconsideration',
  },
  PROVINCIAL_DEPARTMENT: {
    '34': 'coding',
    '35': 'name-unique',
    '36': 'subject',
    '37': 'bases',
    '38': 'external-flowchart',
    '39': 'internal-flowchart',
    '40': 'discretion-benchmark',
    '41': 'discretion-benchmark',
    '42': 'elements-complete',
    '43': 'changes-filed',
    '44': 'suspension',
  },
  MUNICIPAL: {
    '37': 'coding',
    '38': 'name-unique',
    '39': 'subject',
    '40': 'bases',
    '41': 'external-flowchart',
    '42': 'internal-flowchart',
    '44': 'discretion-benchmark',
    '45': 'discretion-benchmark',
    '46': 'elements-complete',
    '47': 'changes-filed',
    '48': 'suspension',
  },
};

describe('loadSchemes', () => {
  it('returns the district, provincial and municipal schemes with their kinds', () => {
    expect(schemes.map((s) => [s.code, s.kind])).toEqual([
      ['DISTRICT_SANHEYI', 'PER_CASE'],
      ['PROVINCIAL_DEPARTMENT', 'WEIGHTED'],
      ['MUNICIPAL', 'WEIGHTED'],
    ]);
    expect(schemes.map((s) => s.code)).toEqual([...SCHEME_CODES]);
  });

  it('builds fresh objects on each call', () => {
    const first = loadSchemes();
    first[0].sections[0].items[0].maxPoints = 99;
    expect(loadSchemes()[0].sections[0].items[0].maxPoints).toBe(3);
  });

  it('rejects a file that does not have the shape of a scheme, naming the field', () => {
    const raw = JSON.parse(JSON.stringify(loadSchemes()[0])) as Record<string, unknown>;
    (raw.sections as Array<Record<string, unknown>>)[1].maxPoints = '10';
    expect(() => parseScheme(raw, 'bad.json')).toThrow(InternalError);
    expect(() => parseScheme(raw, 'bad.json')).toThrow('bad.json: scheme.sections[1].maxPoints');
  });
});

describe.each(schemes.map((s) => [s.code, s] as const))('%s', (_code, scheme) => {
  const items = schemeItems(scheme);
  const base = items.filter((i) => i.kind === 'BASE');

  it('has no problems', () => {
    expect(validateScheme(scheme)).toEqual([]);
  });

  it('sums to 100 over its base items and its base sections', () => {
    expect(scheme.maxPoints).toBe(SCHEME_TOTAL);
    expect(total(base)).toBe(100);
    expect(total(scheme.sections.filter((s) => s.kind === 'BASE'))).toBe(100);
  });

  it('gives each section the sum of its items', () => {
    for (const section of scheme.sections) {
      expect([section.code, section.maxPoints]).toEqual([section.code, total(section.items)]);
      for (const i of section.items) expect(i.section).toBe(section.code);
    }
  });

  it('has unique item and section codes, and items numbered 1.. in table order', () => {
    expect(new Set(items.map((i) => i.code)).size).toBe(items.length);
    expect(new Set(scheme.sections.map((s) => s.code)).size).toBe(scheme.sections.length);
    expect(items.map((i) => i.no)).toEqual(items.map((_, n) => n + 1));
    for (const i of base) expect(i.code).toBe(String(i.no));
  });

  it('names only known detectors', () => {
    for (const i of items) {
      if (i.detector !== null) expect(DETECTOR_IDS).toContain(i.detector);
    }
  });

  it('derives exactly the items of the detector mapping, with their detectors', () => {
    const derived = Object.fromEntries(
      items.filter((i) => i.derived).map((i) => [i.code, i.detector]),
    );
    expect(derived).toEqual(DETECTORS[scheme.code]);
    for (const i of items) expect(i.derived).toBe(i.detector !== null);
  });

  it('keeps the requirement text of every item, and every parameter has a reason', () => {
    for (const i of items) expect(i.requirement).toMatch(/\p{Script=Han}/u);
    for (const p of Object.values(scheme.parameters)) expect(p.reason.length).toBeGreaterThan(20);
  });
});

it('uses every detector id in some scheme', () => {
  const used = new Set(schemes.flatMap((s) => schemeItems(s).map((i) => i.detector)));
  for (const id of DETECTOR_IDS) expect(used).toContain(id);
});

describe('item counts', () => {
  it('municipal has 51 items, provincial 47', () => {
    expect(schemeItems(municipal)).toHaveLength(51);
    expect(schemeItems(provincial)).toHaveLength(47);
  });

  it('district has items 1–29 and the bonus and penalty rows', () => {
    const items = schemeItems(district);
    expect(items).toHaveLength(31);
    expect(items.filter((i) => i.kind === 'BASE').map((i) => i.code)).toEqual(
      Array.from({ length: 29 }, (_, n) => String(n + 1)),
    );
  });
});

describe('sections', () => {
  const sections = (s: SchemeData) => s.sections.map((x) => [x.code, x.name, x.maxPoints]);

  it('district: the table’s projects, with bonus and penalty in sections of their own', () => {
    expect(sections(district)).toEqual([
      ['S1', '组织管理', 10],
      ['S2', '权力库维护', 10],
      ['S3', '内网运行', 50],
      ['S4', '外网公开', 8],
      ['S5', '行政监察', 14],
      ['S6', '法制监督', 8],
      ['S7', '加分项目', 5],
      ['S8', '减分项目', 5],
    ]);
    expect(item(district, '5').section).toBe('S2');
    expect(item(district, '11').section).toBe('S2');
    expect(item(district, '26').section).toBe('S6');
  });

  it('provincial and municipal: the 一级指标', () => {
    expect(sections(provincial)).toEqual([
      ['S1', '组织领导', 20],
      ['S2', '系统建设', 40],
      ['S3', '电子监察', 20],
      ['S4', '法制监督', 20],
    ]);
    expect(sections(municipal)).toEqual([
      ['S1', '组织领导', 20],
      ['S2', '平台建设', 40],
      ['S3', '电子监察', 20],
      ['S4', '法制监督', 20],
    ]);
    expect(item(provincial, '34').section).toBe('S4');
    expect(item(municipal, '37').section).toBe('S4');
  });
});

describe('district per-case deductions', () => {
  // [code, maxPoints, perCase] as the table's 分值 and 评分说明 say: every clause of items 5–11
  // and 26–29 reads 有一起扣1分.
  it.each([
    ['5', 1, 1],
    ['6', 1, 1],
    ['7', 2, 1],
    ['8', 2, 1],
    ['9', 1, 1],
    ['10', 2, 1],
    ['11', 1, 1],
    ['26', 1, 1],
    ['27', 2, 1],
    ['28', 3, 1],
    ['29', 2, 1],
  ])('item %s: %d points, %d per case', (code, points, perCase) => {
    const i = item(district, code);
    expect(i.maxPoints).toBe(points);
    expect(i.perCase).toBe(perCase);
    expect(i.perCaseAmounts).toEqual([perCase]);
    expect(i.scoring).toContain(`有一起扣${perCase}分`);
  });

  it('keeps several amounts in the order written, the first being perCase', () => {
    expect([item(district, '17').perCase, item(district, '17').perCaseAmounts]).toEqual([
      1,
      [1, 0.5],
    ]);
    expect([item(district, '21').perCase, item(district, '21').perCaseAmounts]).toEqual([
      0.5,
      [0.5, 1],
    ]);
    expect(item(district, '23').perCaseAmounts).toEqual([1, 2, 3]);
    expect(item(district, '13').perCase).toBe(2);
  });

  it('has no per-case amount where the deductions are flat or tiered', () => {
    for (const code of ['1', '22', '24', 'BONUS', 'PENALTY']) {
      expect(item(district, code).perCase).toBeNull();
    }
  });

  it('keeps the requirement and scoring text verbatim', () => {
    expect(item(district, '5').requirement).toBe(
      '按规定要求申请增加、取消行政权力或对行政权力名称、类别、实施主体、法律依据等进行变更',
    );
    expect(item(district, '28').scoring).toBe(
      '未将本单位重大行政处罚按规定格式和要求向区级政府法制监督平台报送备案的，有一起扣1分；' +
        '未按照规定格式向区级政府法制监督平台填报半年和全年行政执法情况的，有一起扣1分；' +
        '对政府法制办督办的案件未及时处理并反馈处理情况的，有一起扣1分',
    );
    expect(district.note).toBe('注：所有项目均在规定的分值内进行扣分，扣完为止。');
  });
});

describe('district bonus and penalty rows', () => {
  it('are items 30 and 31, codes BONUS and PENALTY, 5 points each, scored by hand', () => {
    const bonus = item(district, 'BONUS');
    const penalty = item(district, 'PENALTY');
    expect([bonus.no, bonus.kind, bonus.section, bonus.maxPoints]).toEqual([30, 'BONUS', 'S7', 5]);
    expect([penalty.no, penalty.kind, penalty.section, penalty.maxPoints]).toEqual([
      31,
      'PENALTY',
      'S8',
      5,
    ]);
    expect(bonus.derived || penalty.derived).toBe(false);
    expect(bonus.scoring).toContain('加2分');
    expect(penalty.scoring).toContain('酌情扣1～3分');
  });

  it('lie outside the 100 points', () => {
    expect(total(schemeItems(district))).toBe(110);
    expect(total(schemeItems(district).filter((i) => i.kind === 'BASE'))).toBe(100);
    expect(district.maxPoints).toBe(100);
  });
});

describe('weighted schemes', () => {
  it('have no per-case amounts and no scoring text', () => {
    for (const s of [provincial, municipal]) {
      for (const i of schemeItems(s)) {
        expect([i.code, i.perCase, i.perCaseAmounts, i.scoring]).toEqual([i.code, null, [], null]);
      }
    }
  });

  it('keep the 三级指标 and the windows the tables state', () => {
    expect(item(provincial, '43').title).toBe('动态调整');
    expect(item(provincial, '43').requirement).toContain('10个工作日内向省法制部门提出变更申请');
    expect(item(municipal, '47').requirement).toContain('30日内完成更新调整');
    expect([item(municipal, '43').maxPoints, item(municipal, '44').maxPoints]).toEqual([0.5, 2.5]);
  });
});

describe('parameters', () => {
  it('district: the periods the table leaves open', () => {
    const p = district.parameters;
    expect(p.officerUpdateDays).toMatchObject({ value: 30, unit: 'CALENDAR_DAYS' });
    expect(p.majorPenaltyFilingDays).toMatchObject({ value: 15, unit: 'CALENDAR_DAYS' });
    expect(p.halfYearReportDue).toMatchObject({ value: '07-31', unit: 'MONTH_DAY' });
    expect(p.annualReportDue).toMatchObject({ value: '01-31', unit: 'MONTH_DAY' });
    expect(p.reconsiderationReportDue).toMatchObject({ value: ['07-31', '01-31'] });
    expect(p.supervisedCaseDays).toMatchObject({ value: 7, unit: 'WORKING_DAYS' });
  });

  it('provincial and municipal: two years unused before suspension', () => {
    for (const s of [provincial, municipal]) {
      expect(s.parameters.suspensionUnusedYears).toMatchObject({ value: 2, unit: 'YEARS' });
      expect(s.parameters.shareWhenNoRecords).toMatchObject({ value: 1, unit: 'RATIO' });
    }
  });
});

describe('validateScheme', () => {
  const fresh = (code: string): SchemeData => {
    const found = loadSchemes().find((s) => s.code === code);
    if (!found) throw new InternalError(`no scheme ${code}`);
    return found;
  };

  it('finds points that do not add up', () => {
    const s = fresh('MUNICIPAL');
    s.sections[3].items[0].maxPoints = 2;
    expect(validateScheme(s)).toEqual(['MUNICIPAL: section S4: items sum to 21, section says 20']);
    s.sections[3].maxPoints = 21;
    expect(validateScheme(s)).toEqual(['MUNICIPAL: base sections sum to 101, expected 100']);
  });

  it('finds duplicate codes, unknown detectors and a derived flag without a detector', () => {
    const s = fresh('PROVINCIAL_DEPARTMENT');
    const legal = s.sections[3].items;
    legal[1].code = '34';
    legal[2].detector = 'subject-kind';
    legal[3].derived = false;
    expect(validateScheme(s)).toEqual([
      'PROVINCIAL_DEPARTMENT: item code 34 repeats',
      'PROVINCIAL_DEPARTMENT: item 34: code should be 35',
      'PROVINCIAL_DEPARTMENT: item 36: unknown detector subject-kind',
      'PROVINCIAL_DEPARTMENT: item 37: derived must be true exactly when a detector is named',
    ]);
  });

  it('finds per-case amounts that do not fit the scheme', () => {
    const w = fresh('PROVINCIAL_DEPARTMENT');
    w.sections[0].items[0].perCase = 1;
    expect(validateScheme(w)).toContain(
      'PROVINCIAL_DEPARTMENT: item 1: a WEIGHTED scheme has no per-case amounts',
    );
    const d = fresh('DISTRICT_SANHEYI');
    const five = d.sections[1].items[0];
    five.perCase = null;
    five.perCaseAmounts = [];
    expect(validateScheme(d)).toEqual([
      'DISTRICT_SANHEYI: item 5: a derived item of a PER_CASE scheme needs its per-case amount',
    ]);
  });

  it('finds parameters without a reason or with a value that does not fit their unit', () => {
    const d = fresh('DISTRICT_SANHEYI');
    d.parameters.officerUpdateDays = { value: 0, unit: 'CALENDAR_DAYS', reason: ' ' };
    d.parameters.annualReportDue = { value: '13-01', unit: 'MONTH_DAY', reason: 'x' };
    expect(validateScheme(d)).toEqual([
      'DISTRICT_SANHEYI: parameter officerUpdateDays: no reason given',
      'DISTRICT_SANHEYI: parameter officerUpdateDays: CALENDAR_DAYS needs a whole number of at least 1',
      'DISTRICT_SANHEYI: parameter annualReportDue: MONTH_DAY needs "MM-DD" or a non-empty list of them',
    ]);
  });
});
