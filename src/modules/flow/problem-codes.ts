/**
 * The catalogue of problem codes: every code a check may report, what it means, and the scored
 * items of DOMAIN.md's table it feeds. This is the one map from problem codes to items: the
 * detectors of the state-based items read it (`codesFeeding`) to know which problems are their
 * cases. Codes are stable: clients, scorecards and tests key on them; add new ones, never rename.
 */
import type { Problem } from '../catalog/power-content';

/** The items of a scheme a code counts against (DOMAIN.md, "How each derived item reads"). */
export interface ScoredItems {
  district: number[];
  provincial: number[];
  municipal: number[];
}

export interface ProblemCodeInfo {
  zh: string;
  en: string;
  feeds: ScoredItems;
  /**
   * True when the problem is about a step of procedure that follows the content (approval,
   * publication, filing with the legal office) rather than the content itself: a change request
   * can be complete while its flowchart still awaits approval.
   */
  procedural: boolean;
}

const items = (district: number[], provincial: number[], municipal: number[]): ScoredItems => ({
  district,
  provincial,
  municipal,
});
const ELEMENTS = items([10], [42], [46]);
const CODING = items([], [34], [37]);
const NAME = items([], [35], [38]);
const SUBJECT = items([10], [36, 42], [39, 46]);
const BASES = items([10], [37, 42], [40, 46]);
const EXTERNAL = items([6], [38], [41]);
const INTERNAL = items([7], [39], [42]);
const RISK = items([11], [], []);
const DISCRETION = items([8], [40, 41], [44, 45]);
const both = (a: ScoredItems, b: ScoredItems): ScoredItems => ({
  district: [...a.district, ...b.district],
  provincial: [...a.provincial, ...b.provincial],
  municipal: [...a.municipal, ...b.municipal],
});

const code = (zh: string, en: string, feeds: ScoredItems, procedural = false): ProblemCodeInfo => ({
  zh,
  en,
  feeds,
  procedural,
});

export const PROBLEM_CODES = {
  // elements (要素)
  NAME_MISSING: code('缺少权力名称', 'The power has no name.', ELEMENTS),
  NAME_DUPLICATE: code(
    '同一单位有同名的在用权力事项',
    'Another live power of the same unit has the same name.',
    NAME,
  ),
  CATEGORY_MISSING: code('缺少权力类别', 'The power has no category.', ELEMENTS),
  CODE_MISSING: code('缺少权力编码', 'The power has no code.', CODING),
  CODE_BAD_FORMAT: code(
    '权力编码不符合本地区的编码规则',
    "The code does not have the form of the region's coding rule.",
    CODING,
  ),
  CODE_UNIT_MISMATCH: code(
    '权力编码中的单位代码不是实施单位的代码',
    "The unit part of the code is not the owning unit's code.",
    CODING,
  ),
  CODE_CATEGORY_MISMATCH: code(
    '权力编码中的类别代码与权力类别不符',
    "The category letters or number in the code do not match the power's category.",
    CODING,
  ),
  SUBJECT_MISSING: code('缺少实施主体', 'The power has no implementing subject.', SUBJECT),
  SUBJECT_TYPE_MISSING: code(
    '缺少实施主体性质（法定/授权/委托）',
    'The kind of the implementing subject (statutory, authorized, entrusted) is missing.',
    items([], [36], [39]),
  ),
  ENTRUSTED_NO_PARTY: code(
    '委托实施主体未写明委托方',
    'An entrusted subject does not name the entrusting party.',
    items([], [36], [39]),
  ),
  LEGAL_BASIS_MISSING: code('缺少权力依据', 'The power cites no legal basis.', BASES),
  LEGAL_BASIS_NO_ARTICLES: code(
    '权力依据未写明条款',
    'A legal basis does not name the articles relied on.',
    BASES,
  ),
  LEGAL_BASIS_UNKNOWN_DOCUMENT: code(
    '权力依据引用的法律文件不存在',
    'A legal basis cites a document the catalog does not know.',
    items([], [37], [40]),
  ),
  LEGAL_BASIS_INCOMPLETE_DOCUMENT: code(
    '引用的法律文件缺少制定机关或公布日期',
    'A cited document has no issuing body or no promulgation date.',
    items([], [37], [40]),
  ),
  LEGAL_BASIS_REPEALED: code(
    '引用了已废止的法律文件',
    'A cited document has been repealed.',
    items([], [37], [40]),
  ),
  TIME_LIMIT_MISSING: code(
    '缺少法定办理时限',
    'A category with a statutory time limit has none entered.',
    ELEMENTS,
  ),
  PROMISED_EXCEEDS_LEGAL: code(
    '承诺时限超过法定时限',
    'The promised time limit exceeds the statutory one.',
    ELEMENTS,
  ),
  // external flowchart (外部流程图)
  EXTERNAL_FLOW_MISSING: code(
    '缺少外部流程图',
    'There is no external flowchart.',
    both(EXTERNAL, ELEMENTS),
  ),
  EXTERNAL_FLOW_NO_END_REACHABLE: code(
    '外部流程图没有开始节点，或从开始节点无法到达结束节点',
    'The external chart has no START, or no END is reachable from it.',
    EXTERNAL,
  ),
  EXTERNAL_FLOW_UNREACHABLE_STEP: code(
    '外部流程图中有从开始节点无法到达的环节',
    'An external step that no path from START reaches.',
    EXTERNAL,
  ),
  EXTERNAL_FLOW_DEAD_END_STEP: code(
    '外部流程图中有无法走到结束节点的环节',
    'An external step from which no END can be reached.',
    EXTERNAL,
  ),
  EXTERNAL_FLOW_NO_SUPERVISION: code(
    '外部流程图未写明监督环节',
    'The external chart names no supervision points.',
    EXTERNAL,
  ),
  EXTERNAL_FLOW_NO_COUNTERPARTY_RIGHTS: code(
    '外部流程图未写明相对人权利',
    "The external chart does not state the counterparty's rights.",
    EXTERNAL,
  ),
  EXTERNAL_FLOW_NO_COMPLAINT_CHANNEL: code(
    '外部流程图未写明投诉渠道',
    'The external chart names no complaint channel.',
    EXTERNAL,
  ),
  EXTERNAL_FLOW_NOT_APPROVED: code(
    '外部流程图未经法制机构审核',
    'The external chart has not been approved by the legal office.',
    EXTERNAL,
    true,
  ),
  EXTERNAL_FLOW_NOT_PUBLISHED: code(
    '外部流程图未公开',
    'The external chart has not been published.',
    EXTERNAL,
    true,
  ),
  EXTERNAL_FLOW_NOT_REAPPROVED: code(
    '依据修改后外部流程图未重新审定',
    'A cited document changed after the external chart was last approved.',
    EXTERNAL,
    true,
  ),
  // internal flowchart (内部流程图)
  INTERNAL_FLOW_MISSING: code(
    '缺少内部流程图',
    'There is no internal flowchart.',
    both(INTERNAL, ELEMENTS),
  ),
  INTERNAL_STEP_NO_POST: code('内部环节未写明岗位', 'An internal step names no post.', INTERNAL),
  INTERNAL_STEP_NO_DUTY: code(
    '内部环节未写明岗位职责',
    'An internal step states no duty.',
    INTERNAL,
  ),
  INTERNAL_STEP_NO_TIME_LIMIT: code(
    '内部环节未写明办理时限',
    'An internal step has no time limit.',
    INTERNAL,
  ),
  INTERNAL_STEP_NO_EXTERNAL_KEY: code(
    '内部环节未注明所属外部环节',
    'An internal step does not say which external step it belongs to.',
    INTERNAL,
  ),
  INTERNAL_STEP_UNKNOWN_EXTERNAL: code(
    '内部环节所属的外部环节不存在',
    'An internal step names an external step the external chart does not have.',
    INTERNAL,
  ),
  EXTERNAL_STEP_NOT_COVERED: code(
    '外部环节没有对应的内部环节',
    'An external step that no internal step belongs to.',
    INTERNAL,
  ),
  INTERNAL_FLOW_NOT_FILED: code(
    '内部流程图未向法制机构备案',
    'The internal chart has not been filed with the legal office.',
    INTERNAL,
    true,
  ),
  INTERNAL_TIME_EXCEEDS_LEGAL: code(
    '内部环节时限合计超过法定时限',
    'The time limits along the longest internal path add up to more than the statutory limit.',
    INTERNAL,
  ),
  // risk points (风险点)
  KEY_POWER_NO_RISK_POINT: code(
    '重点权力未标注风险点',
    'A key power has no risk point on its internal steps.',
    RISK,
  ),
  RISK_POINT_NO_MEASURES: code(
    '风险点未写明防控措施',
    'A risk point has no prevention measures.',
    RISK,
  ),
  // discretion benchmark (裁量基准)
  DISCRETION_MISSING: code(
    '行政处罚缺少自由裁量基准',
    'A penalty has no discretion benchmark.',
    DISCRETION,
  ),
  DISCRETION_TOO_FEW_TIERS: code(
    '裁量基准少于三个档次',
    'The benchmark has fewer than three tiers.',
    DISCRETION,
  ),
  DISCRETION_TIER_INCOMPLETE: code(
    '裁量档次未写明适用情形或处罚内容',
    'A tier states no conditions or no sanction.',
    DISCRETION,
  ),
  DISCRETION_FINE_RANGE_INVERTED: code(
    '裁量档次的最低罚款高于最高罚款',
    "A tier's minimum fine is above its maximum.",
    DISCRETION,
  ),
  DISCRETION_TIERS_OVERLAP: code(
    '裁量档次的罚款幅度相互重叠',
    "A tier's fine range overlaps the previous tier's.",
    DISCRETION,
  ),
  DISCRETION_TIERS_NOT_RISING: code(
    '裁量档次的罚款幅度未随档次递增',
    "A tier's fine range does not rise above the previous (lighter) tier's.",
    DISCRETION,
  ),
  DISCRETION_NO_NO_PENALTY_CIRCUMSTANCE: code(
    '裁量基准未列明不予处罚情形',
    'The benchmark lists no circumstance for no penalty.',
    DISCRETION,
  ),
  DISCRETION_NO_HEAVIER_CIRCUMSTANCE: code(
    '裁量基准未列明从重处罚情形',
    'The benchmark lists no circumstance for a heavier penalty.',
    DISCRETION,
  ),
  DISCRETION_NO_RULES: code(
    '裁量基准未写明适用规则',
    'The benchmark states no rules of application.',
    DISCRETION,
  ),
  DISCRETION_NOT_FILED: code(
    '裁量基准未备案',
    'The benchmark has not been filed.',
    DISCRETION,
    true,
  ),
  DISCRETION_NOT_READJUSTED: code(
    '依据修改后裁量基准未调整并重新备案',
    'A cited document changed after the benchmark was last adjusted and filed.',
    DISCRETION,
    true,
  ),
} as const satisfies Record<string, ProblemCodeInfo>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

/** The key of a scheme in `ScoredItems`, by scheme code. */
const SCHEME_KEYS: Record<string, keyof ScoredItems> = {
  DISTRICT_SANHEYI: 'district',
  PROVINCIAL_DEPARTMENT: 'provincial',
  MUNICIPAL: 'municipal',
};

/** The problem codes that feed any of these items (by number) of a scheme (by code). */
export function codesFeeding(scheme: string, itemNos: readonly number[]): Set<ProblemCode> {
  const key = SCHEME_KEYS[scheme];
  const out = new Set<ProblemCode>();
  if (!key) return out;
  for (const [c, info] of Object.entries(PROBLEM_CODES) as [ProblemCode, ProblemCodeInfo][])
    if (info.feeds[key].some((n) => itemNos.includes(n))) out.add(c);
  return out;
}

/** A problem with a code of the catalogue. */
export function problem(code: ProblemCode, message: string, path: string | null): Problem {
  return { code, message, path };
}
