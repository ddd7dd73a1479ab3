import { IsBoolean, IsIn, IsNumber, IsOptional, IsUUID, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';

import {
  CircumstanceKindEnum,
  FlowNodeKindEnum,
  LegalLevelEnum,
  PowerCategoryEnum,
  PowerStatusEnum,
  RiskLevelEnum,
  SubjectTypeEnum,
} from '../../common/enums';
import { DateScalar } from '../../common/scalars';
import { Nested, OptionalText, Pattern, Text, WholeNumber } from '../../common/validation';

import {
  CIRCUMSTANCE_KINDS,
  FLOW_NODE_KINDS,
  LEGAL_LEVELS,
  POWER_CATEGORIES,
  POWER_STATUSES,
  RISK_LEVELS,
  SUBJECT_TYPES,
  type CircumstanceKind,
  type FlowNodeKind,
  type LegalLevel,
  type PowerCategory,
  type PowerStatus,
  type RiskLevel,
  type SubjectType,
} from './power-content';

const uuid = (message: string) => IsUUID('all', { message });
const optionalDate = () => IsOptional();

@InputType('ImplementingSubjectInput')
export class ImplementingSubjectInput {
  @Field(() => ID) @uuid('实施主体单位 ID 无效') unitId: string;
  @Field(() => SubjectTypeEnum) @IsIn(SUBJECT_TYPES, { message: '主体类型无效' }) type: SubjectType;
  @Field(() => String, { nullable: true }) @OptionalText(200) entrustingParty?: string | null;
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsUUID('all', { each: true, message: '共同实施主体 ID 无效' })
  coImplementerIds?: string[] | null;
}

@InputType('LegalBasisInput')
export class LegalBasisInput {
  @Field(() => ID) @uuid('法律文件 ID 无效') documentId: string;
  /** may be empty in a catalog as entered: the checks report it */
  @Field() @OptionalText(2000) articles: string;
  @Field(() => String, { nullable: true }) @OptionalText(20000) excerpt?: string | null;
}

@InputType('RiskPointInput')
export class RiskPointInput {
  @Field() @Text(1000) description: string;
  @Field(() => RiskLevelEnum) @IsIn(RISK_LEVELS, { message: '风险等级无效' }) level: RiskLevel;
  @Field() @OptionalText(2000) measures: string;
}

@InputType('FlowNodeInput')
export class FlowNodeInput {
  @Field() @Text(64) key: string;
  @Field(() => FlowNodeKindEnum)
  @IsIn(FLOW_NODE_KINDS, { message: '节点类型无效' })
  kind: FlowNodeKind;
  @Field() @Text(200) label: string;
  @Field(() => String, { nullable: true }) @OptionalText(100) post?: string | null;
  @Field(() => String, { nullable: true }) @OptionalText(1000) duty?: string | null;
  @Field(() => Int, { nullable: true }) @WholeNumber(0, 3650) timeLimitDays?: number | null;
  @Field(() => String, { nullable: true }) @OptionalText(64) externalKey?: string | null;
  @Field(() => [RiskPointInput], { nullable: true }) @Nested() riskPoints?: RiskPointInput[] | null;
}

@InputType('FlowEdgeInput')
export class FlowEdgeInput {
  @Field() @Text(64) from: string;
  @Field() @Text(64) to: string;
  @Field(() => String, { nullable: true }) @OptionalText(100) label?: string | null;
}

@InputType('FlowchartInput')
export class FlowchartInput {
  @Field(() => [FlowNodeInput]) @Nested(false) nodes: FlowNodeInput[];
  @Field(() => [FlowEdgeInput]) @Nested(false) edges: FlowEdgeInput[];
  @Field(() => String, { nullable: true }) @OptionalText(5000) supervision?: string | null;
  @Field(() => String, { nullable: true }) @OptionalText(5000) counterpartyRights?: string | null;
  @Field(() => String, { nullable: true }) @OptionalText(5000) complaintChannel?: string | null;
  @Field(() => DateScalar, { nullable: true }) @optionalDate() approvedOn?: string | null;
  @Field(() => DateScalar, { nullable: true }) @optionalDate() publishedOn?: string | null;
  @Field(() => DateScalar, { nullable: true }) @optionalDate() filedOn?: string | null;
}

@InputType('DiscretionTierInput')
export class DiscretionTierInput {
  @Field() @Text(50) level: string;
  @Field() @OptionalText(5000) conditions: string;
  @Field() @OptionalText(2000) sanction: string;
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '必须是数字' })
  @Min(0, { message: '罚款金额不能为负数' })
  minFine?: number | null;
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '必须是数字' })
  @Min(0, { message: '罚款金额不能为负数' })
  maxFine?: number | null;
}

@InputType('DiscretionCircumstanceInput')
export class DiscretionCircumstanceInput {
  @Field(() => CircumstanceKindEnum)
  @IsIn(CIRCUMSTANCE_KINDS, { message: '情节类型无效' })
  kind: CircumstanceKind;
  @Field() @Text(5000) description: string;
}

@InputType('DiscretionBenchmarkInput')
export class DiscretionBenchmarkInput {
  @Field(() => [DiscretionTierInput]) @Nested(false) tiers: DiscretionTierInput[];
  @Field(() => [DiscretionCircumstanceInput])
  @Nested(false)
  circumstances: DiscretionCircumstanceInput[];
  @Field(() => String, { nullable: true }) @OptionalText(20000) applicationRules?: string | null;
  @Field(() => DateScalar, { nullable: true }) @optionalDate() filedOn?: string | null;
  @Field(() => DateScalar, { nullable: true }) @optionalDate() adjustedOn?: string | null;
}

/**
 * The content of a power. In a draft every field may be missing; a filed ADD needs all that the
 * category requires; a filed MODIFY holds only the fields it changes.
 */
@InputType('PowerDraftInput')
export class PowerDraftInput {
  @Field(() => String, { nullable: true })
  @Pattern(/^[0-9A-Za-z-]{1,64}$/, '编码只能由字母、数字和连字符组成，最长 64 位', true)
  code?: string | null;
  @Field(() => String, { nullable: true }) @OptionalText(200) name?: string | null;
  @Field(() => PowerCategoryEnum, { nullable: true })
  @IsOptional()
  @IsIn(POWER_CATEGORIES, { message: '权力类别无效' })
  category?: PowerCategory | null;
  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean({ message: '必须是布尔值' })
  isKey?: boolean | null;
  @Field(() => ImplementingSubjectInput, { nullable: true })
  @Nested()
  subject?: ImplementingSubjectInput | null;
  @Field(() => [LegalBasisInput], { nullable: true }) @Nested() legalBases?:
    LegalBasisInput[] | null;
  @Field(() => Int, { nullable: true }) @WholeNumber(0, 3650) legalTimeLimitDays?: number | null;
  @Field(() => Int, { nullable: true }) @WholeNumber(0, 3650) promisedTimeLimitDays?: number | null;
  @Field(() => FlowchartInput, { nullable: true }) @Nested() externalFlow?: FlowchartInput | null;
  @Field(() => FlowchartInput, { nullable: true }) @Nested() internalFlow?: FlowchartInput | null;
  @Field(() => DiscretionBenchmarkInput, { nullable: true })
  @Nested()
  discretion?: DiscretionBenchmarkInput | null;
}

/** An existing, already reviewed catalog entered in bulk: each entry becomes version 1 of a power. */
@InputType('ImportPowerInput')
export class ImportPowerInput {
  @Field(() => ID) @uuid('单位 ID 无效') unitId: string;
  @Field(() => PowerStatusEnum, { nullable: true, defaultValue: 'ACTIVE' })
  @IsIn(POWER_STATUSES, { message: '运行状态无效' })
  status: PowerStatus;
  @Field(() => PowerDraftInput) @Nested(false) draft: PowerDraftInput;
}

@InputType('PowerFilter')
export class PowerFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @uuid('单位 ID 无效') unitId?: string | null;
  @Field(() => ID, { nullable: true, description: 'the region and everything under it' })
  @IsOptional()
  @uuid('地区 ID 无效')
  regionId?: string | null;
  @Field(() => PowerCategoryEnum, { nullable: true })
  @IsOptional()
  @IsIn(POWER_CATEGORIES, { message: '权力类别无效' })
  category?: PowerCategory | null;
  @Field(() => PowerStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(POWER_STATUSES, { message: '运行状态无效' })
  status?: PowerStatus | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() isKey?: boolean | null;
  @Field(() => String, {
    nullable: true,
    description: 'matches code or name, Chinese text included',
  })
  @OptionalText(100)
  search?: string | null;
}

@InputType('CreateLegalDocumentInput')
export class CreateLegalDocumentInput {
  @Field() @Text(300) title: string;
  @Field() @Text(200) issuer: string;
  @Field(() => LegalLevelEnum)
  @IsIn(LEGAL_LEVELS, { message: '法律文件位阶无效' })
  level: LegalLevel;
  @Field(() => DateScalar) @Text(10) promulgatedOn: string;
  @Field(() => DateScalar, { nullable: true }) @optionalDate() effectiveOn?: string | null;
}
