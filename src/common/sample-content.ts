/**
 * The one set of sample content that the demo catalog (seeds/demo-catalog.ts), the benchmark's
 * synthetic province (bench/generate.ts) and the tests' factories (tests/helpers/factories.ts)
 * write out: the external and internal flowcharts of the two chart families, and a penalty's
 * discretion benchmark. Each caller adapts a fresh copy (its dates, a defect, a local hotline);
 * the pure unit tests keep their own fixtures (tests/unit/fixtures/power-fixtures.ts).
 *
 * Every function returns a new object, so a caller may change what it gets.
 */
import type {
  DiscretionBenchmarkData,
  FlowchartData,
  PowerCategory,
  RiskPointData,
} from '../modules/catalog/power-content';

/**
 * The two families of charts: enforcement-type powers (a case opened by the office: penalty,
 * coercion, inspection) and application-type powers (licensing, benefits, confirmations…).
 */
export type ChartFamily = 'ENFORCEMENT' | 'APPLICATION';
export const CHART_FAMILIES: readonly ChartFamily[] = ['ENFORCEMENT', 'APPLICATION'];

const ENFORCEMENT: readonly PowerCategory[] = ['PENALTY', 'COERCION', 'INSPECTION'];

/** The family whose charts fit a category. */
export function chartFamilyOf(category: PowerCategory): ChartFamily {
  return ENFORCEMENT.includes(category) ? 'ENFORCEMENT' : 'APPLICATION';
}

/** The dates a sample carries unless the caller gives its own. */
export const SAMPLE_DATES = {
  approvedOn: '2024-01-10',
  publishedOn: '2024-01-15',
  filedOn: '2024-01-20',
  benchmarkFiledOn: '2024-02-01',
} as const;

/** The risk point the samples carry on their first internal step. */
function sampleRisk(family: ChartFamily): RiskPointData[] {
  return family === 'ENFORCEMENT'
    ? [{ description: '选择性执法', level: 'MEDIUM', measures: '双人执法，全程记录' }]
    : [
        {
          description: '未按规定时限办理或选择性执法',
          level: 'MEDIUM',
          measures: '系统时限预警，法制机构抽查',
        },
      ];
}

/** The external (public) flowchart of a family: approved and published on the given dates. */
export function sampleExternalFlow(
  family: ChartFamily,
  dates: { approvedOn?: string | null; publishedOn?: string | null } = {},
): FlowchartData {
  const shared = {
    supervision: '本级司法行政部门、纪检监察机关监督；12345 政务服务热线',
    counterpartyRights: '陈述权、申辩权、听证权，依法申请行政复议或者提起行政诉讼',
    complaintChannel: '12345 政务服务热线；单位监督电话',
    approvedOn: dates.approvedOn === undefined ? SAMPLE_DATES.approvedOn : dates.approvedOn,
    publishedOn: dates.publishedOn === undefined ? SAMPLE_DATES.publishedOn : dates.publishedOn,
  };
  if (family === 'ENFORCEMENT') {
    return {
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
      ...shared,
    };
  }
  return {
    nodes: [
      { key: 'apply', kind: 'START', label: '申请' },
      { key: 'accept', kind: 'STEP', label: '受理' },
      { key: 'review', kind: 'STEP', label: '审查' },
      { key: 'decide', kind: 'DECISION', label: '是否准予' },
      { key: 'issue', kind: 'STEP', label: '作出决定' },
      { key: 'deliver', kind: 'STEP', label: '送达' },
      { key: 'done', kind: 'END', label: '办结' },
    ],
    edges: [
      { from: 'apply', to: 'accept' },
      { from: 'accept', to: 'review' },
      { from: 'review', to: 'decide' },
      { from: 'decide', to: 'issue', label: '是' },
      { from: 'decide', to: 'deliver', label: '否，说明理由' },
      { from: 'issue', to: 'deliver' },
      { from: 'deliver', to: 'done' },
    ],
    ...shared,
  };
}

/**
 * The internal (operating) flowchart of a family, each step with its post, duty and time limit
 * and linked to the external step it carries out; the first step carries a risk point unless
 * `withRisk` is false. Filed on `filedOn` (null: not filed).
 */
export function sampleInternalFlow(
  family: ChartFamily,
  opts: { filedOn?: string | null; withRisk?: boolean } = {},
): FlowchartData {
  const riskPoints = opts.withRisk === false ? [] : sampleRisk(family);
  const filedOn = opts.filedOn === undefined ? SAMPLE_DATES.filedOn : opts.filedOn;
  if (family === 'ENFORCEMENT') {
    return {
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
          riskPoints,
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
      filedOn,
    };
  }
  return {
    nodes: [
      { key: 's', kind: 'START', label: '开始' },
      {
        key: 'a',
        kind: 'STEP',
        label: '受理登记',
        post: '窗口受理岗',
        duty: '接收材料，登记受理',
        timeLimitDays: 2,
        externalKey: 'accept',
        riskPoints,
      },
      {
        key: 'r',
        kind: 'STEP',
        label: '审查',
        post: '承办岗',
        duty: '审查材料，提出意见',
        timeLimitDays: 5,
        externalKey: 'review',
      },
      {
        key: 'l',
        kind: 'DECISION',
        label: '法制审核',
        post: '法制审核岗',
        duty: '合法性审核',
        timeLimitDays: 3,
        externalKey: 'decide',
      },
      {
        key: 'i',
        kind: 'STEP',
        label: '签发决定',
        post: '分管负责人',
        duty: '审批签发',
        timeLimitDays: 2,
        externalKey: 'issue',
      },
      {
        key: 'd',
        kind: 'STEP',
        label: '送达归档',
        post: '承办岗',
        duty: '送达决定，立卷归档',
        timeLimitDays: 2,
        externalKey: 'deliver',
      },
      { key: 'e', kind: 'END', label: '结束' },
    ],
    edges: [
      { from: 's', to: 'a' },
      { from: 'a', to: 'r' },
      { from: 'r', to: 'l' },
      { from: 'l', to: 'i', label: '准予' },
      { from: 'l', to: 'd', label: '不予' },
      { from: 'i', to: 'd' },
      { from: 'd', to: 'e' },
    ],
    filedOn,
  };
}

/**
 * A penalty's discretion benchmark (裁量基准): three tiers, the four kinds of circumstance and
 * the rules of applying them; filed and adjusted on the given dates.
 */
export function sampleDiscretion(
  dates: { filedOn?: string | null; adjustedOn?: string | null } = {},
): DiscretionBenchmarkData {
  return {
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
    filedOn: dates.filedOn === undefined ? SAMPLE_DATES.benchmarkFiledOn : dates.filedOn,
    adjustedOn: dates.adjustedOn === undefined ? SAMPLE_DATES.benchmarkFiledOn : dates.adjustedOn,
  };
}
