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
  FlowEdgeData,
  FlowNodeKind,
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

/** A step of an internal chart: who does it, what, in how many working days, for which external step. */
interface InternalStep {
  key: string;
  label: string;
  post: string;
  duty: string;
  timeLimitDays: number;
  externalKey: string;
}

/**
 * What sets one family's charts apart. Both charts run their nodes in order, START to END, with
 * one decision: its `yes` edge to the next node, its `no` edge past it (see `chain`). The internal
 * chart's decision is the step that carries out the external one; its first step carries `risk`.
 */
interface FamilyCharts {
  external: { nodes: [key: string, label: string][]; decision: string; yes: string; no: string };
  internal: { steps: InternalStep[]; yes: string; no: string };
  risk: RiskPointData;
}

const FAMILY_CHARTS: Record<ChartFamily, FamilyCharts> = {
  ENFORCEMENT: {
    external: {
      nodes: [
        ['start', '立案'],
        ['investigate', '调查取证'],
        ['decide', '是否处罚'],
        ['punish', '作出处罚决定'],
        ['end', '结案'],
      ],
      decision: 'decide',
      yes: '是',
      no: '否',
    },
    internal: {
      steps: [
        step('i1', '调查', '执法人员', '调查取证', 30, 'investigate'),
        step('d1', '审核', '法制审核员', '法制审核', 10, 'decide'),
        step('p1', '决定', '负责人', '签发决定', 5, 'punish'),
      ],
      yes: '处罚',
      no: '不予处罚',
    },
    risk: { description: '选择性执法', level: 'MEDIUM', measures: '双人执法，全程记录' },
  },
  APPLICATION: {
    external: {
      nodes: [
        ['apply', '申请'],
        ['accept', '受理'],
        ['review', '审查'],
        ['decide', '是否准予'],
        ['issue', '作出决定'],
        ['deliver', '送达'],
        ['done', '办结'],
      ],
      decision: 'decide',
      yes: '是',
      no: '否，说明理由',
    },
    internal: {
      steps: [
        step('a', '受理登记', '窗口受理岗', '接收材料，登记受理', 2, 'accept'),
        step('r', '审查', '承办岗', '审查材料，提出意见', 5, 'review'),
        step('l', '法制审核', '法制审核岗', '合法性审核', 3, 'decide'),
        step('i', '签发决定', '分管负责人', '审批签发', 2, 'issue'),
        step('d', '送达归档', '承办岗', '送达决定，立卷归档', 2, 'deliver'),
      ],
      yes: '准予',
      no: '不予',
    },
    risk: {
      description: '未按规定时限办理或选择性执法',
      level: 'MEDIUM',
      measures: '系统时限预警，法制机构抽查',
    },
  },
};

/** An internal step, positionally: the families' tables stay one line a step. */
function step(
  key: string,
  label: string,
  post: string,
  duty: string,
  timeLimitDays: number,
  externalKey: string,
): InternalStep {
  return { key, label, post, duty, timeLimitDays, externalKey };
}

/**
 * A chart of `nodes` in order: the first is START, the last END, the one keyed `decision` a
 * DECISION and the rest STEPs; each node leads to the next, and the decision also past it, its
 * two edges labelled `yes` (to the next) and `no` (past it). `extra` adds a node's own fields.
 */
function chain<T extends object>(
  nodes: { key: string; label: string; extra?: T }[],
  branch: { decision: string; yes: string; no: string },
): Pick<FlowchartData, 'nodes' | 'edges'> {
  const kindOf = (i: number, key: string): FlowNodeKind =>
    i === 0
      ? 'START'
      : i === nodes.length - 1
        ? 'END'
        : key === branch.decision
          ? 'DECISION'
          : 'STEP';
  const edges: FlowEdgeData[] = [];
  nodes.slice(0, -1).forEach(({ key: from }, i) => {
    const next = nodes[i + 1].key;
    if (from !== branch.decision) edges.push({ from, to: next });
    else
      edges.push(
        { from, to: next, label: branch.yes },
        { from, to: nodes[i + 2].key, label: branch.no },
      );
  });
  return {
    nodes: nodes.map(({ key, label, extra }, i) => ({
      key,
      kind: kindOf(i, key),
      label,
      ...extra,
    })),
    edges,
  };
}

/** The external (public) flowchart of a family: approved and published on the given dates. */
export function sampleExternalFlow(
  family: ChartFamily,
  dates: { approvedOn?: string | null; publishedOn?: string | null } = {},
): FlowchartData {
  const { nodes, ...branch } = FAMILY_CHARTS[family].external;
  return {
    ...chain(
      nodes.map(([key, label]) => ({ key, label })),
      branch,
    ),
    supervision: '本级司法行政部门、纪检监察机关监督；12345 政务服务热线',
    counterpartyRights: '陈述权、申辩权、听证权，依法申请行政复议或者提起行政诉讼',
    complaintChannel: '12345 政务服务热线；单位监督电话',
    approvedOn: dates.approvedOn === undefined ? SAMPLE_DATES.approvedOn : dates.approvedOn,
    publishedOn: dates.publishedOn === undefined ? SAMPLE_DATES.publishedOn : dates.publishedOn,
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
  const { external, internal, risk } = FAMILY_CHARTS[family];
  const riskPoints = opts.withRisk === false ? [] : [{ ...risk }];
  const decision = internal.steps.find((s) => s.externalKey === external.decision)!.key;
  const steps = internal.steps.map(({ key, label, ...extra }, i) => ({
    key,
    label,
    extra: i === 0 ? { ...extra, riskPoints } : extra,
  }));
  return {
    ...chain([{ key: 's', label: '开始' }, ...steps, { key: 'e', label: '结束' }], {
      decision,
      yes: internal.yes,
      no: internal.no,
    }),
    filedOn: opts.filedOn === undefined ? SAMPLE_DATES.filedOn : opts.filedOn,
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
