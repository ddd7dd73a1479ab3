/**
 * The demo catalog, as plain data with references by code: a province, a city and two districts,
 * a dozen units, laws at several ranks, and about two hundred powers across all ten categories —
 * most complete, some deliberately defective so an assessment finds something. Deterministic.
 */
import {
  chartFamilyOf,
  sampleDiscretion,
  sampleExternalFlow,
  sampleInternalFlow,
} from '../src/common/sample-content';
import { addDays } from '../src/modules/calendar/iso-date';
import {
  POWER_CATEGORIES,
  type FlowchartData,
  type LegalLevel,
  type PowerCategory,
  type PowerContent,
  type PowerStatus,
  type SubjectType,
} from '../src/modules/catalog/power-content';
import { DEFAULT_CODING_RULE, nextCode } from '../src/modules/flow/checks/coding-rule';

export interface DemoRegion {
  code: string;
  name: string;
  level: 'PROVINCE' | 'CITY' | 'COUNTY';
  parentCode: string | null;
}
export interface DemoUnit {
  code: string;
  name: string;
  regionCode: string;
}
export interface DemoLaw {
  key: string;
  title: string;
  issuer: string;
  level: LegalLevel;
  promulgatedOn: string;
  effectiveOn: string | null;
  repealedOn: string | null;
}
export interface DemoPower {
  unitCode: string;
  /** its status now: a power not ACTIVE was moved there on `statusChangedOn` */
  status: PowerStatus;
  /** the day it entered the catalog (its first version starts that morning) */
  enteredOn: string;
  statusChangedOn: string | null;
  /** an earlier change through an approved request: what the first version had instead */
  revision: {
    on: string;
    reason: string;
    before: { name?: string; promisedTimeLimitDays?: number };
  } | null;
  /** how its unit answers an obligation from a past amendment of a law it cites */
  answer: 'ON_TIME' | 'LATE' | 'OPEN';
  content: Omit<PowerContent, 'subject' | 'legalBases'> & {
    subject: {
      unitCode: string;
      type: SubjectType;
      entrustingParty?: string | null;
      coImplementerUnitCodes?: string[];
    } | null;
    legalBases: { lawKey: string; articles: string; excerpt?: string | null }[] | null;
  };
}
export interface DemoUser {
  username: string;
  role: 'LEGAL_REVIEWER' | 'UNIT_LEGAL' | 'UNIT_OPERATOR' | 'ASSESSOR';
  unitCode?: string;
  regionCode?: string;
}
/** A recorded amendment of a demo law; the past ones have been answered by the units. */
export interface DemoAmendment {
  lawKey: string;
  amendedOn: string;
  note: string;
  answered: boolean;
}
export interface DemoData {
  regions: DemoRegion[];
  units: DemoUnit[];
  laws: DemoLaw[];
  powers: DemoPower[];
  users: DemoUser[];
  /** which power carries which deliberate defect */
  defects: { code: string; defect: string }[];
  /** in the order they happened */
  amendments: DemoAmendment[];
}

const REGIONS: DemoRegion[] = [
  { code: '320000', name: '江苏省', level: 'PROVINCE', parentCode: null },
  { code: '320400', name: '常州市', level: 'CITY', parentCode: '320000' },
  { code: '320411', name: '新北区', level: 'COUNTY', parentCode: '320400' },
  { code: '320412', name: '武进区', level: 'COUNTY', parentCode: '320400' },
];

const UNITS: DemoUnit[] = [
  { code: '320000001', name: '江苏省市场监督管理局', regionCode: '320000' },
  { code: '320000002', name: '江苏省生态环境厅', regionCode: '320000' },
  { code: '320400001', name: '常州市市场监督管理局', regionCode: '320400' },
  { code: '320400002', name: '常州市交通运输局', regionCode: '320400' },
  { code: '320400003', name: '常州市住房和城乡建设局', regionCode: '320400' },
  { code: '320411001', name: '新北区市场监督管理局', regionCode: '320411' },
  { code: '320411002', name: '新北区卫生健康委员会', regionCode: '320411' },
  { code: '320411003', name: '新北区应急管理局', regionCode: '320411' },
  { code: '320411004', name: '新北区城市管理局', regionCode: '320411' },
  { code: '320412001', name: '武进区文化广电和旅游局', regionCode: '320412' },
  { code: '320412002', name: '武进区农业农村局', regionCode: '320412' },
  { code: '320412003', name: '武进区自然资源和规划局', regionCode: '320412' },
];

const LAWS: DemoLaw[] = [
  {
    key: 'xzcff',
    title: '中华人民共和国行政处罚法',
    issuer: '全国人民代表大会常务委员会',
    level: 'LAW',
    promulgatedOn: '2021-01-22',
    effectiveOn: '2021-07-15',
    repealedOn: null,
  },
  {
    key: 'xzxkf',
    title: '中华人民共和国行政许可法',
    issuer: '全国人民代表大会常务委员会',
    level: 'LAW',
    promulgatedOn: '2019-04-23',
    effectiveOn: '2019-04-23',
    repealedOn: null,
  },
  {
    key: 'spaqf',
    title: '中华人民共和国食品安全法',
    issuer: '全国人民代表大会常务委员会',
    level: 'LAW',
    promulgatedOn: '2021-04-29',
    effectiveOn: '2021-04-29',
    repealedOn: null,
  },
  {
    key: 'dqwr',
    title: '中华人民共和国大气污染防治法',
    issuer: '全国人民代表大会常务委员会',
    level: 'LAW',
    promulgatedOn: '2018-10-26',
    effectiveOn: '2018-10-26',
    repealedOn: null,
  },
  {
    key: 'aqsc',
    title: '中华人民共和国安全生产法',
    issuer: '全国人民代表大会常务委员会',
    level: 'LAW',
    promulgatedOn: '2021-06-10',
    effectiveOn: '2021-09-01',
    repealedOn: null,
  },
  {
    key: 'dlys',
    title: '中华人民共和国道路运输条例',
    issuer: '国务院',
    level: 'ADMINISTRATIVE_REGULATION',
    promulgatedOn: '2023-07-20',
    effectiveOn: '2023-07-20',
    repealedOn: null,
  },
  {
    key: 'jsdq',
    title: '江苏省大气污染防治条例',
    issuer: '江苏省人民代表大会常务委员会',
    level: 'LOCAL_REGULATION',
    promulgatedOn: '2018-11-23',
    effectiveOn: '2018-11-23',
    repealedOn: null,
  },
  {
    key: 'spsc',
    title: '食品生产许可管理办法',
    issuer: '国家市场监督管理总局',
    level: 'DEPARTMENTAL_RULE',
    promulgatedOn: '2020-01-02',
    effectiveOn: '2020-03-01',
    repealedOn: null,
  },
  {
    key: 'czcg',
    title: '常州市城市管理相对集中行政处罚权实施办法',
    issuer: '常州市人民政府',
    level: 'LOCAL_GOVERNMENT_RULE',
    promulgatedOn: '2019-06-01',
    effectiveOn: '2019-07-01',
    repealedOn: null,
  },
  {
    key: 'czgf',
    title: '常州市行政处罚裁量基准适用规定',
    issuer: '常州市司法局',
    level: 'NORMATIVE_DOCUMENT',
    promulgatedOn: '2022-03-15',
    effectiveOn: '2022-04-01',
    repealedOn: null,
  },
  {
    key: 'xzqzf',
    title: '中华人民共和国行政强制法',
    issuer: '全国人民代表大会常务委员会',
    level: 'LAW',
    promulgatedOn: '2011-06-30',
    effectiveOn: '2012-01-01',
    repealedOn: null,
  },
  {
    key: 'jzf',
    title: '中华人民共和国建筑法',
    issuer: '全国人民代表大会常务委员会',
    level: 'LAW',
    promulgatedOn: '2019-04-23',
    effectiveOn: '2019-04-23',
    repealedOn: null,
  },
  {
    key: 'hbsf',
    title: '中华人民共和国环境保护税法',
    issuer: '全国人民代表大会常务委员会',
    level: 'LAW',
    promulgatedOn: '2018-10-26',
    effectiveOn: '2018-10-26',
    repealedOn: null,
  },
  {
    key: 'pwxk',
    title: '排污许可管理条例',
    issuer: '国务院',
    level: 'ADMINISTRATIVE_REGULATION',
    promulgatedOn: '2021-01-24',
    effectiveOn: '2021-03-01',
    repealedOn: null,
  },
  {
    key: 'ylcs',
    title: '娱乐场所管理条例',
    issuer: '国务院',
    level: 'ADMINISTRATIVE_REGULATION',
    promulgatedOn: '2020-11-29',
    effectiveOn: '2020-11-29',
    repealedOn: null,
  },
  {
    key: 'srhw',
    title: '城市市容和环境卫生管理条例',
    issuer: '国务院',
    level: 'ADMINISTRATIVE_REGULATION',
    promulgatedOn: '2017-03-01',
    effectiveOn: '2017-03-01',
    repealedOn: null,
  },
  {
    key: 'csdl',
    title: '城市道路管理条例',
    issuer: '国务院',
    level: 'ADMINISTRATIVE_REGULATION',
    promulgatedOn: '2019-03-24',
    effectiveOn: '2019-03-24',
    repealedOn: null,
  },
  {
    key: 'shjz',
    title: '社会救助暂行办法',
    issuer: '国务院',
    level: 'ADMINISTRATIVE_REGULATION',
    promulgatedOn: '2019-03-02',
    effectiveOn: '2019-03-02',
    repealedOn: null,
  },
  {
    key: 'jsxzf',
    title: '江苏省食品小作坊和食品摊贩管理条例',
    issuer: '江苏省人民代表大会常务委员会',
    level: 'LOCAL_REGULATION',
    promulgatedOn: '2016-12-02',
    effectiveOn: '2017-01-01',
    repealedOn: null,
  },
  {
    key: 'jsxzcx',
    title: '江苏省行政程序规定',
    issuer: '江苏省人民政府',
    level: 'LOCAL_GOVERNMENT_RULE',
    promulgatedOn: '2015-01-06',
    effectiveOn: '2015-03-01',
    repealedOn: null,
  },
  {
    key: 'xyxf',
    title: '失信行为纠正后的信用信息修复管理办法（试行）',
    issuer: '国家发展和改革委员会',
    level: 'DEPARTMENTAL_RULE',
    promulgatedOn: '2023-01-13',
    effectiveOn: '2023-05-01',
    repealedOn: null,
  },
  {
    key: 'old',
    title: '江苏省城市市容和环境卫生管理条例（2012年）',
    issuer: '江苏省人民代表大会常务委员会',
    level: 'LOCAL_REGULATION',
    promulgatedOn: '2012-01-12',
    effectiveOn: '2012-03-01',
    repealedOn: '2023-12-31',
  },
];

/**
 * The powers of each category, each with the articles it really rests on (a street-vending
 * penalty cites the city-appearance rules, not the Food Safety Law); the first is its main basis.
 */
const SUBJECTS: Record<
  PowerCategory,
  { name: string; bases: [law: string, articles: string][] }[]
> = {
  LICENSING: [
    {
      name: '食品经营许可',
      bases: [
        ['spaqf', '第三十五条'],
        ['xzxkf', '第十二条'],
      ],
    },
    { name: '道路运输经营许可', bases: [['dlys', '第十条、第二十四条']] },
    { name: '建筑工程施工许可', bases: [['jzf', '第七条、第八条']] },
    {
      name: '排污许可',
      bases: [
        ['pwxk', '第二条、第六条'],
        ['dqwr', '第十九条'],
      ],
    },
    { name: '娱乐场所经营许可', bases: [['ylcs', '第九条']] },
  ],
  PENALTY: [
    { name: '对未取得许可从事食品经营的处罚', bases: [['spaqf', '第一百二十二条']] },
    {
      name: '对超标排放大气污染物的处罚',
      bases: [
        ['dqwr', '第九十九条'],
        ['jsdq', '第八十四条'],
      ],
    },
    {
      name: '对违规占道经营的处罚',
      bases: [
        ['srhw', '第三十六条'],
        ['czcg', '第十二条'],
      ],
    },
    { name: '对未按规定进行安全生产教育培训的处罚', bases: [['aqsc', '第九十七条']] },
    {
      name: '对违反道路运输管理规定的处罚',
      bases: [
        ['dlys', '第六十三条'],
        ['czgf', '第八条'],
      ],
    },
  ],
  COERCION: [
    {
      name: '查封扣押不符合安全标准的食品',
      bases: [
        ['spaqf', '第一百一十条'],
        ['xzqzf', '第二十二条'],
      ],
    },
    {
      name: '查封造成严重污染的设施设备',
      bases: [
        ['dqwr', '第三十条'],
        ['xzqzf', '第二十二条'],
      ],
    },
    {
      name: '暂扣违法运输车辆',
      bases: [
        ['dlys', '第六十二条'],
        ['xzqzf', '第二十三条'],
      ],
    },
  ],
  LEVY: [
    { name: '征收城市道路占用费', bases: [['csdl', '第三十七条']] },
    { name: '征收环境保护税相关费用', bases: [['hbsf', '第二条、第十四条']] },
  ],
  BENEFIT: [
    { name: '发放安全生产奖补资金', bases: [['aqsc', '第十九条']] },
    { name: '发放困难群众临时救助', bases: [['shjz', '第四十七条、第四十八条']] },
  ],
  INSPECTION: [
    { name: '对食品生产经营的监督检查', bases: [['spaqf', '第一百一十条']] },
    { name: '对生产经营单位安全生产的监督检查', bases: [['aqsc', '第六十五条']] },
    { name: '对建筑施工现场的监督检查', bases: [['jzf', '第四十三条']] },
  ],
  CONFIRMATION: [
    {
      name: '食品小作坊登记',
      bases: [
        ['jsxzf', '第九条'],
        ['spaqf', '第三十六条'],
      ],
    },
    { name: '道路运输从业人员资格确认', bases: [['dlys', '第九条']] },
  ],
  REWARD: [
    { name: '对举报安全生产违法行为的奖励', bases: [['aqsc', '第七十六条']] },
    { name: '对安全生产先进集体的表彰奖励', bases: [['aqsc', '第十九条']] },
  ],
  ADJUDICATION: [{ name: '道路运输纠纷裁决', bases: [['dlys', '第五十九条']] }],
  OTHER: [
    { name: '行政指导', bases: [['jsxzcx', '第一百一十二条']] },
    { name: '信用修复', bases: [['xyxf', '第三条、第十条']] },
  ],
};
/**
 * The amendments the demo has seen: two in autumn 2025, after every demo power had entered the
 * catalog, which the units answered (most in time, some late, a few not at all), and two in
 * 2026 still open, whose charts and benchmarks await re-approval.
 */
const AMENDMENTS: DemoAmendment[] = [
  { lawKey: 'dqwr', amendedOn: '2025-10-13', note: '第九十九条罚款数额修改', answered: true },
  { lawKey: 'dlys', amendedOn: '2025-11-03', note: '第六十三条处罚幅度修改', answered: true },
  { lawKey: 'spaqf', amendedOn: '2026-09-25', note: '第一百二十二条罚款幅度修改', answered: false },
  { lawKey: 'aqsc', amendedOn: '2026-09-28', note: '第九十七条罚款数额修改', answered: false },
];

/** Categories with a statutory time limit. */
const TIMED: PowerCategory[] = ['LICENSING', 'CONFIRMATION', 'BENEFIT', 'ADJUDICATION', 'LEVY'];

/** A tiny deterministic generator (mulberry32), so the demo is the same every time. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The sample charts of the power's family, dated to when the power entered the catalog. */
function externalFlow(category: PowerCategory, date: string): FlowchartData {
  return {
    ...sampleExternalFlow(chartFamilyOf(category), { approvedOn: date, publishedOn: date }),
    complaintChannel: '常州市 12345 政府服务热线；单位监督电话',
  };
}

function internalFlow(category: PowerCategory, date: string, withRisk: boolean): FlowchartData {
  return sampleInternalFlow(chartFamilyOf(category), { filedOn: date, withRisk });
}

function discretion(date: string) {
  return sampleDiscretion({ filedOn: date, adjustedOn: date });
}

/** The deliberate defects, applied in turn to every ninth power. */
const DEFECTS: [string, (c: DemoPower['content']) => void, PowerCategory[]?][] = [
  ['no external flowchart', (c) => (c.externalFlow = null)],
  ['external chart with no supervision points', (c) => (c.externalFlow!.supervision = null)],
  ['external chart not approved', (c) => (c.externalFlow!.approvedOn = null)],
  [
    'internal step with no post',
    (c) => (c.internalFlow!.nodes.filter((n) => n.kind === 'STEP')[1].post = null),
  ],
  ['internal chart not filed', (c) => (c.internalFlow!.filedOn = null)],
  [
    'key power with no risk point',
    (c) => {
      c.isKey = true;
      c.internalFlow!.nodes[1].riskPoints = [];
    },
  ],
  [
    'risk point with no measures',
    (c) =>
      (c.internalFlow!.nodes[1].riskPoints = [
        { description: '廉政风险', level: 'HIGH', measures: '' },
      ]),
  ],
  ['penalty with no discretion benchmark', (c) => (c.discretion = null), ['PENALTY']],
  ['penalty benchmark with two tiers', (c) => c.discretion!.tiers.pop(), ['PENALTY']],
  [
    'penalty benchmark with no heavier circumstance',
    (c) => c.discretion!.circumstances.pop(),
    ['PENALTY'],
  ],
  ['basis with no articles', (c) => (c.legalBases![0].articles = '')],
  [
    'repealed law cited',
    (c) => (c.legalBases = [{ lawKey: 'old', articles: '第三十条', excerpt: null }]),
  ],
  [
    'entrusted subject with no entrusting party',
    (c) =>
      (c.subject = { unitCode: c.subject!.unitCode, type: 'ENTRUSTED', entrustingParty: null }),
  ],
  [
    'promised time limit above the statutory one',
    (c) => (c.promisedTimeLimitDays = (c.legalTimeLimitDays ?? 20) + 10),
    TIMED,
  ],
  ['code with the wrong category letters', (c) => (c.code = c.code!.replace(/-[A-Z]{2}-/, '-ZZ-'))],
];

export function buildDemoData(): DemoData {
  const rand = prng(20261125);
  const powers: DemoPower[] = [];
  const defects: { code: string; defect: string }[] = [];
  const seqs = new Map<string, number>();
  let defectTurn = 0;
  // weights: penalties are the most numerous, as in real catalogs
  const weights: Record<PowerCategory, number> = {
    LICENSING: 3,
    PENALTY: 6,
    COERCION: 1,
    LEVY: 1,
    BENEFIT: 1,
    INSPECTION: 2,
    CONFIRMATION: 1,
    REWARD: 1,
    ADJUDICATION: 1,
    OTHER: 1,
  };
  const pool = POWER_CATEGORIES.flatMap((c) => Array<PowerCategory>(weights[c]).fill(c));
  let index = 0;
  for (const unit of UNITS) {
    for (let k = 0; k < 17; k++) {
      const category =
        k < POWER_CATEGORIES.length
          ? POWER_CATEGORIES[(k + UNITS.indexOf(unit)) % 10]
          : pool[Math.floor(rand() * pool.length)];
      const key = `${unit.code}-${category}`;
      const seq = (seqs.get(key) ?? 0) + 1;
      seqs.set(key, seq);
      const subjects = SUBJECTS[category];
      const subject = subjects[(seq - 1) % subjects.length];
      const name = `${subject.name}${seq > subjects.length ? `（${Math.ceil(seq / subjects.length)}）` : ''}`;
      const date = `202${3 + (index % 3)}-0${1 + (index % 9)}-1${index % 10}`;
      const timed = TIMED.includes(category);
      const legal = timed ? 20 : category === 'PENALTY' ? 90 : null;
      const isKey = rand() < 0.15;
      const content: DemoPower['content'] = {
        code: nextCode(DEFAULT_CODING_RULE, unit.code, category, seq),
        name,
        category,
        isKey,
        subject:
          index % 23 === 5
            ? { unitCode: unit.code, type: 'ENTRUSTED', entrustingParty: '上级主管部门' }
            : index % 31 === 7
              ? {
                  unitCode: unit.code,
                  type: 'STATUTORY',
                  coImplementerUnitCodes: [UNITS[(UNITS.indexOf(unit) + 1) % UNITS.length].code],
                }
              : { unitCode: unit.code, type: index % 11 === 3 ? 'AUTHORIZED' : 'STATUTORY' },
        // the main basis always; the supporting one on about two powers in three
        legalBases: subject.bases
          .slice(0, index % 3 === 2 ? 1 : subject.bases.length)
          .map(([lawKey, articles]) => ({ lawKey, articles, excerpt: null })),
        legalTimeLimitDays: legal,
        promisedTimeLimitDays: legal ? Math.floor(legal * 0.75) : null,
        externalFlow: externalFlow(category, date),
        internalFlow: internalFlow(category, date, isKey || rand() < 0.5),
        discretion: category === 'PENALTY' ? discretion(date) : null,
      };
      // about one power in nine carries a defect; each kind lands on several units
      if (index % 9 === 4) {
        for (let tries = 0; tries < DEFECTS.length; tries++) {
          const [defect, spoil, only] = DEFECTS[defectTurn % DEFECTS.length];
          defectTurn++;
          if (only && !only.includes(category)) continue;
          spoil(content);
          defects.push({ code: content.code!, defect });
          break;
        }
      }
      const status: PowerStatus =
        index % 41 === 10
          ? 'DORMANT'
          : index % 67 === 20
            ? 'SUSPENDED'
            : index % 97 === 50
              ? 'CANCELLED'
              : 'ACTIVE';
      // the past: a power with a time limit sometimes started with the statutory one and later
      // promised less; another was renamed; the non-active ones were moved in 2026
      const revisedOn = addDays(date, 120);
      const revision: DemoPower['revision'] =
        revisedOn >= '2025-10-01'
          ? null
          : legal && index % 4 === 1
            ? {
                on: revisedOn,
                reason: '压缩承诺办理时限，提高办事效率',
                before: { promisedTimeLimitDays: legal },
              }
            : index % 6 === 2
              ? { on: revisedOn, reason: '规范事项名称', before: { name: `${name}（试行）` } }
              : null;
      powers.push({
        unitCode: unit.code,
        status,
        content,
        enteredOn: date,
        statusChangedOn: status === 'ACTIVE' ? null : `2026-0${3 + (index % 6)}-1${index % 9}`,
        revision,
        answer: (['ON_TIME', 'ON_TIME', 'ON_TIME', 'LATE', 'OPEN'] as const)[index % 5],
      });
      index++;
    }
  }
  // two live powers of one unit with one name: the same matter entered twice, on the same bases
  const [a, b] = powers.filter(
    (p) => p.unitCode === '320411001' && p.status === 'ACTIVE' && p.content.category === 'PENALTY',
  );
  if (a && b) {
    b.content.name = a.content.name;
    b.content.legalBases = (a.content.legalBases ?? []).map((x) => ({ ...x }));
    if (b.revision?.before.name) b.revision.before.name = `${a.content.name}（试行）`;
    defects.push({ code: a.content.code!, defect: 'two live powers of one unit with one name' });
    defects.push({ code: b.content.code!, defect: 'two live powers of one unit with one name' });
  }
  const users: DemoUser[] = [
    { username: 'fz_320000', role: 'LEGAL_REVIEWER', regionCode: '320000' },
    { username: 'fz_320400', role: 'LEGAL_REVIEWER', regionCode: '320400' },
    { username: 'fz_320411', role: 'LEGAL_REVIEWER', regionCode: '320411' },
    { username: 'fz_320412', role: 'LEGAL_REVIEWER', regionCode: '320412' },
    { username: 'kh_320400', role: 'ASSESSOR', regionCode: '320400' },
    ...['320411001', '320411002', '320412001'].flatMap((unitCode): DemoUser[] => [
      { username: `fg_${unitCode}`, role: 'UNIT_LEGAL', unitCode },
      { username: `cz_${unitCode}`, role: 'UNIT_OPERATOR', unitCode },
    ]),
  ];
  return {
    regions: REGIONS,
    units: UNITS,
    laws: LAWS,
    powers,
    users,
    defects,
    amendments: AMENDMENTS,
  };
}
