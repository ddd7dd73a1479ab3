import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

import {
  CircumstanceKindEnum,
  FlowNodeKindEnum,
  PowerCategoryEnum,
  PowerStatusEnum,
  RiskLevelEnum,
  SubjectTypeEnum,
} from '../../common/enums';
import { connectionOf } from '../../common/pagination';
import { DateScalar, DateTimeScalar } from '../../common/scalars';

import type {
  CircumstanceKind,
  FlowNodeKind,
  PowerCategory,
  PowerStatus,
  RiskLevel,
  SubjectType,
} from './power-content';

// The GraphQL shapes of the catalog. Resolvers return the entities (Power, PowerVersion) or the
// plain content data; these classes only describe the fields.

@ObjectType('Power')
export class PowerType {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field(() => PowerStatusEnum) status: PowerStatus;
  @Field() isKey: boolean;
}

@ObjectType('PowerVersion')
export class PowerVersionType {
  @Field(() => ID) id: string;
  @Field(() => Int) versionNo: number;
  @Field() name: string;
  @Field(() => PowerCategoryEnum) category: PowerCategory;
  @Field(() => Int, { nullable: true }) legalTimeLimitDays: number | null;
  @Field(() => Int, { nullable: true }) promisedTimeLimitDays: number | null;
  @Field(() => DateTimeScalar) validFrom: Date;
  @Field(() => DateTimeScalar, { nullable: true }) validTo: Date | null;
}

@ObjectType('ImplementingSubject')
export class ImplementingSubjectType {
  @Field(() => SubjectTypeEnum) type: SubjectType;
  @Field(() => String, { nullable: true }) entrustingParty: string | null;
  unitId: string;
  coImplementerIds: string[];
}

@ObjectType('LegalBasis')
export class LegalBasisType {
  @Field() articles: string;
  @Field(() => String, { nullable: true }) excerpt: string | null;
  documentId: string;
}

@ObjectType('RiskPoint')
export class RiskPointType {
  @Field() description: string;
  @Field(() => RiskLevelEnum) level: RiskLevel;
  @Field() measures: string;
}

@ObjectType('FlowNode')
export class FlowNodeType {
  @Field() key: string;
  @Field(() => FlowNodeKindEnum) kind: FlowNodeKind;
  @Field() label: string;
  @Field(() => String, { nullable: true, description: 'internal' }) post: string | null;
  @Field(() => String, { nullable: true, description: 'internal' }) duty: string | null;
  @Field(() => Int, { nullable: true, description: 'internal' }) timeLimitDays: number | null;
  @Field(() => String, { nullable: true, description: 'internal: the external step it belongs to' })
  externalKey: string | null;
  @Field(() => [RiskPointType]) riskPoints: RiskPointType[];
}

@ObjectType('FlowEdge')
export class FlowEdgeType {
  @Field() from: string;
  @Field() to: string;
  @Field(() => String, { nullable: true }) label: string | null;
}

@ObjectType('Flowchart')
export class FlowchartType {
  @Field(() => [FlowNodeType]) nodes: FlowNodeType[];
  @Field(() => [FlowEdgeType]) edges: FlowEdgeType[];
  @Field(() => String, { nullable: true, description: 'external: supervision points' })
  supervision: string | null;
  @Field(() => String, { nullable: true, description: "external: the counterparty's rights" })
  counterpartyRights: string | null;
  @Field(() => String, { nullable: true, description: 'external: where to complain' })
  complaintChannel: string | null;
  @Field(() => DateScalar, { nullable: true }) approvedOn: string | null;
  @Field(() => DateScalar, { nullable: true }) publishedOn: string | null;
  @Field(() => DateScalar, { nullable: true }) filedOn: string | null;
  /** which chart it is, for the Mermaid renderer */
  kind: 'external' | 'internal';
}

@ObjectType('DiscretionTier')
export class DiscretionTierType {
  @Field() level: string;
  @Field() conditions: string;
  @Field() sanction: string;
  @Field(() => Float, { nullable: true }) minFine: number | null;
  @Field(() => Float, { nullable: true }) maxFine: number | null;
}

@ObjectType('DiscretionCircumstance')
export class DiscretionCircumstanceType {
  @Field(() => CircumstanceKindEnum) kind: CircumstanceKind;
  @Field() description: string;
}

@ObjectType('DiscretionBenchmark')
export class DiscretionBenchmarkType {
  @Field(() => [DiscretionTierType]) tiers: DiscretionTierType[];
  @Field(() => [DiscretionCircumstanceType]) circumstances: DiscretionCircumstanceType[];
  @Field(() => String, { nullable: true }) applicationRules: string | null;
  @Field(() => DateScalar, { nullable: true }) filedOn: string | null;
  @Field(() => DateScalar, { nullable: true }) adjustedOn: string | null;
}

@ObjectType('FieldChange', {
  description:
    'One changed element: `field` the top-level field, `path` the element by its key (externalFlow.nodes[inv].label, discretion.tiers[2].maxFine, legalBases[《title》].articles)',
})
export class FieldChangeType {
  @Field() field: string;
  @Field() path: string;
  @Field(() => String, { nullable: true }) before: string | null;
  @Field(() => String, { nullable: true }) after: string | null;
}

@ObjectType('PowerContent', {
  description: "A power's content as entered or as it would be (no identity, no validity range)",
})
export class PowerContentType {
  @Field(() => String, { nullable: true }) code: string | null;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => PowerCategoryEnum, { nullable: true }) category: PowerCategory | null;
  @Field(() => Boolean, { nullable: true }) isKey: boolean | null;
  @Field(() => ImplementingSubjectType, { nullable: true }) subject: ImplementingSubjectType | null;
  @Field(() => [LegalBasisType], { nullable: true }) legalBases: LegalBasisType[] | null;
  @Field(() => Int, { nullable: true }) legalTimeLimitDays: number | null;
  @Field(() => Int, { nullable: true }) promisedTimeLimitDays: number | null;
  @Field(() => FlowchartType, { nullable: true }) externalFlow: FlowchartType | null;
  @Field(() => FlowchartType, { nullable: true }) internalFlow: FlowchartType | null;
  @Field(() => DiscretionBenchmarkType, { nullable: true })
  discretion: DiscretionBenchmarkType | null;
}

@ObjectType('Problem')
export class ProblemType {
  @Field() code: string;
  @Field() message: string;
  @Field(() => String, { nullable: true }) path: string | null;
}

export const PowerConnection = connectionOf(PowerType, 'Power');

@ObjectType('ImportResult')
export class ImportResult {
  @Field(() => Int) created: number;
  @Field(() => [PowerType]) powers: PowerType[];
}
