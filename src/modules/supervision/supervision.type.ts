import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

import { enumObject } from '../../common/enums';
import { DateScalar } from '../../common/scalars';
import { Text, WholeNumber } from '../../common/validation';

import {
  OFFICER_STATUSES,
  RECONSIDERATION_KINDS,
  REPORT_PERIODS,
  type OfficerStatus,
  type ReconsiderationKind,
  type ReportPeriod,
} from './supervision.entity';

export const OfficerStatusEnum = enumObject(OFFICER_STATUSES);
export const ReportPeriodEnum = enumObject(REPORT_PERIODS);
export const ReconsiderationKindEnum = enumObject(RECONSIDERATION_KINDS);
registerEnumType(OfficerStatusEnum, { name: 'OfficerStatus' });
registerEnumType(ReportPeriodEnum, { name: 'ReportPeriod' });
registerEnumType(ReconsiderationKindEnum, { name: 'ReconsiderationKind' });

/** The earliest and latest year a report or a power's use may be recorded for. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

const unitId = () => IsUUID('all', { message: '单位 ID 无效' });
const flag = () => IsBoolean({ message: '必须是布尔值' });
/** a required date: the Date scalar has checked its form, this that it is there */
const requiredDate = () => Text(10);
const optionalDate = () => IsOptional();

// The GraphQL shapes of the records. Resolvers return the entities; `unit` and `power` are field
// resolvers (supervision.resolver.ts).

@ObjectType('NormativeDocument')
export class NormativeDocumentType {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field(() => DateScalar, { nullable: true }) plannedOn: string | null;
  @Field(() => DateScalar, { nullable: true }) draftedOn: string | null;
  @Field(() => DateScalar, { nullable: true }) publishedOn: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'filed for review (备案审查)' })
  filedOn: string | null;
  @Field({ description: 'planning, drafting, publication and filing all done online' })
  handledOnline: boolean;
  unitId: string;
}

@ObjectType('EnforcementOfficer')
export class EnforcementOfficerType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() certificateNo: string;
  @Field(() => OfficerStatusEnum) status: OfficerStatus;
  @Field(() => DateScalar, { nullable: true, description: 'when the personnel change happened' })
  changedOn: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'when the platform reflected it' })
  updatedOn: string | null;
  @Field({ description: 'certificate application or registration made through the platform' })
  viaPlatform: boolean;
  unitId: string;
}

@ObjectType('MajorPenaltyFiling')
export class MajorPenaltyFilingType {
  @Field(() => ID) id: string;
  @Field() caseName: string;
  @Field(() => DateScalar) decidedOn: string;
  @Field(() => DateScalar, { nullable: true }) filedOn: string | null;
  @Field({ description: 'filed in the required form' }) formCompliant: boolean;
  unitId: string;
}

@ObjectType('EnforcementReport')
export class EnforcementReportType {
  @Field(() => ID) id: string;
  @Field(() => Int) year: number;
  @Field(() => ReportPeriodEnum) period: ReportPeriod;
  @Field(() => DateScalar, { nullable: true }) submittedOn: string | null;
  unitId: string;
}

@ObjectType('SupervisedCase')
export class SupervisedCaseType {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field(() => DateScalar) issuedOn: string;
  @Field(() => DateScalar) dueOn: string;
  @Field(() => DateScalar, { nullable: true, description: 'handled and answered' })
  answeredOn: string | null;
  unitId: string;
}

@ObjectType('ReconsiderationCase')
export class ReconsiderationCaseType {
  @Field(() => ID) id: string;
  @Field(() => ReconsiderationKindEnum) kind: ReconsiderationKind;
  @Field(() => DateScalar) receivedOn: string;
  @Field({ description: 'handled or registered online' }) handledOnline: boolean;
  @Field(() => DateScalar, { nullable: true, description: 'its periodic report made' })
  reportedOn: string | null;
  unitId: string;
}

@ObjectType('PowerUsage')
export class PowerUsageType {
  @Field(() => Int) year: number;
  @Field(() => Int, { description: 'cases handled in the year (办件量)' }) cases: number;
  powerId: string;
}

@InputType('NormativeDocumentInput')
export class NormativeDocumentInput {
  @Field(() => ID) @unitId() unitId: string;
  @Field() @Text(300) title: string;
  @Field(() => DateScalar, { nullable: true }) @optionalDate() plannedOn?: string | null;
  @Field(() => DateScalar, { nullable: true }) @optionalDate() draftedOn?: string | null;
  @Field(() => DateScalar, { nullable: true }) @optionalDate() publishedOn?: string | null;
  @Field(() => DateScalar, { nullable: true }) @optionalDate() filedOn?: string | null;
  @Field() @flag() handledOnline: boolean;
}

@InputType('EnforcementOfficerInput')
export class EnforcementOfficerInput {
  @Field(() => ID) @unitId() unitId: string;
  @Field() @Text(100) name: string;
  @Field() @Text(64) certificateNo: string;
  @Field(() => OfficerStatusEnum)
  @IsIn(OFFICER_STATUSES, { message: '人员状态无效' })
  status: OfficerStatus;
  @Field(() => DateScalar, { nullable: true }) @optionalDate() changedOn?: string | null;
  @Field(() => DateScalar, { nullable: true }) @optionalDate() updatedOn?: string | null;
  @Field() @flag() viaPlatform: boolean;
}

@InputType('MajorPenaltyFilingInput')
export class MajorPenaltyFilingInput {
  @Field(() => ID) @unitId() unitId: string;
  @Field() @Text(300) caseName: string;
  @Field(() => DateScalar) @requiredDate() decidedOn: string;
  @Field(() => DateScalar, { nullable: true }) @optionalDate() filedOn?: string | null;
  @Field() @flag() formCompliant: boolean;
}

@InputType('EnforcementReportInput')
export class EnforcementReportInput {
  @Field(() => ID) @unitId() unitId: string;
  @Field(() => Int) @WholeNumber(FIRST_YEAR, LAST_YEAR, true) year: number;
  @Field(() => ReportPeriodEnum)
  @IsIn(REPORT_PERIODS, { message: '报告期间无效' })
  period: ReportPeriod;
  @Field(() => DateScalar, { nullable: true }) @optionalDate() submittedOn?: string | null;
}

@InputType('SupervisedCaseInput')
export class SupervisedCaseInput {
  @Field(() => ID) @unitId() unitId: string;
  @Field() @Text(300) title: string;
  @Field(() => DateScalar) @requiredDate() issuedOn: string;
  @Field(() => DateScalar) @requiredDate() dueOn: string;
  @Field(() => DateScalar, { nullable: true }) @optionalDate() answeredOn?: string | null;
}

@InputType('ReconsiderationCaseInput')
export class ReconsiderationCaseInput {
  @Field(() => ID) @unitId() unitId: string;
  @Field(() => ReconsiderationKindEnum)
  @IsIn(RECONSIDERATION_KINDS, { message: '案件类型无效' })
  kind: ReconsiderationKind;
  @Field(() => DateScalar) @requiredDate() receivedOn: string;
  @Field() @flag() handledOnline: boolean;
  @Field(() => DateScalar, { nullable: true }) @optionalDate() reportedOn?: string | null;
}

@InputType('PowerUsageInput')
export class PowerUsageInput {
  @Field(() => ID) @IsUUID('all', { message: '权力事项 ID 无效' }) powerId: string;
  @Field(() => Int) @WholeNumber(FIRST_YEAR, LAST_YEAR, true) year: number;
  @Field(() => Int) @WholeNumber(0, 100_000_000, true) cases: number;
}
