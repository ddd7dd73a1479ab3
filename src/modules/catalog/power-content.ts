/**
 * The content of a power version as plain data: what the problem checks, the Mermaid renderer,
 * the detectors and the versioning function all read. No TypeORM, no GraphQL here.
 *
 * Dates are ISO calendar dates ("YYYY-MM-DD") as strings; instants are `Date`.
 */

export const POWER_CATEGORIES = [
  'LICENSING',
  'PENALTY',
  'COERCION',
  'LEVY',
  'BENEFIT',
  'INSPECTION',
  'CONFIRMATION',
  'REWARD',
  'ADJUDICATION',
  'OTHER',
] as const;
export type PowerCategory = (typeof POWER_CATEGORIES)[number];

/** DOMAIN.md: the numeric (01–10) and letter codes in common use, and the Chinese name. */
export const CATEGORY_INFO: Record<PowerCategory, { no: string; letters: string; zh: string }> = {
  LICENSING: { no: '01', letters: 'XK', zh: '行政许可' },
  PENALTY: { no: '02', letters: 'CF', zh: '行政处罚' },
  COERCION: { no: '03', letters: 'QZ', zh: '行政强制' },
  LEVY: { no: '04', letters: 'ZS', zh: '行政征收' },
  BENEFIT: { no: '05', letters: 'GF', zh: '行政给付' },
  INSPECTION: { no: '06', letters: 'JC', zh: '行政检查' },
  CONFIRMATION: { no: '07', letters: 'QR', zh: '行政确认' },
  REWARD: { no: '08', letters: 'JL', zh: '行政奖励' },
  ADJUDICATION: { no: '09', letters: 'CJ', zh: '行政裁决' },
  OTHER: { no: '10', letters: 'QT', zh: '其他行政权力' },
};

export const POWER_STATUSES = ['ACTIVE', 'DORMANT', 'SUSPENDED', 'CANCELLED'] as const;
export type PowerStatus = (typeof POWER_STATUSES)[number];
/** A live power is one still in the catalog: anything but cancelled. */
export const isLive = (status: PowerStatus): boolean => status !== 'CANCELLED';

export const SUBJECT_TYPES = ['STATUTORY', 'AUTHORIZED', 'ENTRUSTED'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const LEGAL_LEVELS = [
  'LAW',
  'ADMINISTRATIVE_REGULATION',
  'LOCAL_REGULATION',
  'AUTONOMOUS_REGULATION',
  'DEPARTMENTAL_RULE',
  'LOCAL_GOVERNMENT_RULE',
  'NORMATIVE_DOCUMENT',
] as const;
export type LegalLevel = (typeof LEGAL_LEVELS)[number];

export const FLOW_NODE_KINDS = ['START', 'STEP', 'DECISION', 'END'] as const;
export type FlowNodeKind = (typeof FLOW_NODE_KINDS)[number];

export const RISK_LEVELS = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const CIRCUMSTANCE_KINDS = ['NO_PENALTY', 'MITIGATED', 'LIGHTER', 'HEAVIER'] as const;
export type CircumstanceKind = (typeof CIRCUMSTANCE_KINDS)[number];

export interface RiskPointData {
  description: string;
  level: RiskLevel;
  measures: string;
}

export interface FlowNodeData {
  key: string;
  kind: FlowNodeKind;
  label: string;
  /** internal charts: the post (岗位) that does the step */
  post?: string | null;
  /** internal charts: the post's duty */
  duty?: string | null;
  /** internal charts: working days the step may take */
  timeLimitDays?: number | null;
  /** internal charts: the key of the external step this one belongs to */
  externalKey?: string | null;
  riskPoints?: RiskPointData[] | null;
}

export interface FlowEdgeData {
  from: string;
  to: string;
  label?: string | null;
}

export interface FlowchartData {
  nodes: FlowNodeData[];
  edges: FlowEdgeData[];
  supervision?: string | null;
  counterpartyRights?: string | null;
  complaintChannel?: string | null;
  approvedOn?: string | null;
  publishedOn?: string | null;
  filedOn?: string | null;
}

export interface DiscretionTierData {
  level: string;
  conditions: string;
  sanction: string;
  minFine?: number | null;
  maxFine?: number | null;
}

export interface DiscretionCircumstanceData {
  kind: CircumstanceKind;
  description: string;
}

export interface DiscretionBenchmarkData {
  tiers: DiscretionTierData[];
  circumstances: DiscretionCircumstanceData[];
  applicationRules?: string | null;
  filedOn?: string | null;
  adjustedOn?: string | null;
}

export interface SubjectData {
  unitId: string;
  type: SubjectType;
  entrustingParty?: string | null;
  coImplementerIds?: string[] | null;
}

export interface LegalBasisData {
  documentId: string;
  articles: string;
  excerpt?: string | null;
}

/**
 * The whole content of a power version. Every field may be missing: a draft, or an imported
 * catalog entry, can be incomplete, and the problem checks say what is missing.
 */
export interface PowerContent {
  code?: string | null;
  name?: string | null;
  category?: PowerCategory | null;
  isKey?: boolean | null;
  subject?: SubjectData | null;
  legalBases?: LegalBasisData[] | null;
  legalTimeLimitDays?: number | null;
  promisedTimeLimitDays?: number | null;
  externalFlow?: FlowchartData | null;
  internalFlow?: FlowchartData | null;
  discretion?: DiscretionBenchmarkData | null;
}

/** A legal document as the checks need it. */
export interface LegalDocumentFacts {
  id: string;
  title: string;
  issuer: string;
  level: LegalLevel;
  promulgatedOn: string;
  repealedOn?: string | null;
}

/** What the checks know of the power around its content. */
export interface PowerFacts {
  powerId?: string;
  unitId: string;
  /** the owning unit's code, used by the coding rule */
  unitCode: string;
  status: PowerStatus;
  content: PowerContent;
}

/** One defect of a power's content: a stable code, a Chinese message, the field path. */
export interface Problem {
  code: string;
  message: string;
  path: string | null;
}
