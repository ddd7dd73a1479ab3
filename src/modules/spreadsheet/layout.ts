/**
 * The layout of a catalog workbook as this service writes it, and reads back: the catalog sheet
 * in the published 权责清单 columns, and the flowcharts, discretion benchmarks and basis excerpts
 * as further sheets keyed by 事项编码. One row per element, so every element keeps its order.
 */
import type { CircumstanceKind, FlowNodeKind, RiskLevel } from '../catalog/power-content';

export const CATALOG_SHEET = '权责清单';
export const FLOW_SHEET = '流程图';
export const DISCRETION_SHEET = '裁量基准';
export const EXCERPT_SHEET = '依据条文';

/** The catalog sheet's columns as exported, in order: key of CATALOG_COLUMNS, header, width. */
export const CATALOG_LAYOUT = [
  ['no', '序号', 6],
  ['code', '事项编码', 22],
  ['name', '事项名称', 30],
  ['category', '事项类别', 12],
  ['bases', '实施依据', 50],
  ['subject', '实施主体', 20],
  ['subjectType', '主体性质', 9],
  ['entrustingParty', '委托方', 16],
  ['coImplementers', '共同实施主体', 20],
  ['legalTimeLimit', '法定时限', 10],
  ['promisedTimeLimit', '承诺时限', 10],
  ['status', '运行状态', 9],
  ['isKey', '重点事项', 9],
  ['remarks', '备注', 16],
] as const;

export const FLOW_COLUMNS = {
  code: ['事项编码'],
  chart: ['流程图'],
  element: ['元素'],
  key: ['编号'],
  kind: ['类型'],
  label: ['名称'],
  from: ['起点'],
  to: ['终点'],
  post: ['岗位'],
  duty: ['职责'],
  timeLimit: ['时限（工作日）'],
  externalKey: ['所属外部环节'],
  riskLevel: ['风险等级'],
  riskDescription: ['风险描述'],
  riskMeasures: ['防控措施'],
  supervision: ['监督方式'],
  counterpartyRights: ['相对人权利'],
  complaintChannel: ['投诉渠道'],
  approvedOn: ['审定日期'],
  publishedOn: ['公布日期'],
  filedOn: ['备案日期'],
} as const;
export type FlowColumn = keyof typeof FLOW_COLUMNS;

export const DISCRETION_COLUMNS = {
  code: ['事项编码'],
  element: ['元素'],
  level: ['档次'],
  conditions: ['适用条件'],
  sanction: ['处罚内容'],
  minFine: ['罚款下限（元）'],
  maxFine: ['罚款上限（元）'],
  circumstanceKind: ['情节类型'],
  circumstance: ['情节描述'],
  applicationRules: ['适用规则'],
  filedOn: ['备案日期'],
  adjustedOn: ['调整日期'],
} as const;
export type DiscretionColumn = keyof typeof DISCRETION_COLUMNS;

export const EXCERPT_COLUMNS = {
  code: ['事项编码'],
  ord: ['依据序号'],
  title: ['法律文件'],
  articles: ['条款'],
  excerpt: ['条文内容'],
} as const;
export type ExcerptColumn = keyof typeof EXCERPT_COLUMNS;

/** Widths of the further sheets' columns, by header. */
export const WIDE = new Set([
  '名称',
  '职责',
  '风险描述',
  '防控措施',
  '监督方式',
  '相对人权利',
  '投诉渠道',
  '适用条件',
  '处罚内容',
  '情节描述',
  '适用规则',
  '条文内容',
]);

/** The 元素 of a flowchart row. */
export const FLOW_ELEMENT = {
  chart: '基本信息',
  node: '节点',
  edge: '连线',
  risk: '风险点',
} as const;
export const DISCRETION_ELEMENT = {
  benchmark: '基本信息',
  tier: '档次',
  circumstance: '情节',
} as const;

export const CHART_ZH = { externalFlow: '外部流程图', internalFlow: '内部流程图' } as const;

export const NODE_KIND_ZH: Record<FlowNodeKind, string> = {
  START: '开始',
  STEP: '步骤',
  DECISION: '判断',
  END: '结束',
};
export const RISK_LEVEL_ZH: Record<RiskLevel, string> = { HIGH: '高', MEDIUM: '中', LOW: '低' };
export const CIRCUMSTANCE_ZH: Record<CircumstanceKind, string> = {
  NO_PENALTY: '不予处罚',
  MITIGATED: '减轻处罚',
  LIGHTER: '从轻处罚',
  HEAVIER: '从重处罚',
};

/** The key whose Chinese name is `text` (NFKC, no whitespace), or undefined. */
export function keyOf<K extends string>(names: Record<K, string>, text: string): K | undefined {
  const s = text.normalize('NFKC').replace(/\s+/g, '');
  return (Object.keys(names) as K[]).find((k) => names[k] === s);
}
