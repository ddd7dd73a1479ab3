import { ArrayMaxSize, IsIn, IsOptional, IsUUID } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

import { enumObject } from '../../common/enums';
import { connectionOf } from '../../common/pagination';
import { DateScalar, DateTimeScalar } from '../../common/scalars';
import { Nested, OptionalText, Text } from '../../common/validation';
import { PowerDraftInput } from '../catalog/power.input';

import {
  CHANGE_KINDS,
  CHANGE_REQUEST_STATUSES,
  type ChangeKind,
  type ChangeRequestStatus,
} from './change-request.entity';
import { OBLIGATION_STATES, type ObligationState } from './change-rules';
import { WARNING_LEVELS, type WarningLevel } from './deadline-rules';
import { WORK_ORDERS } from './work-order';

export const ChangeKindEnum = enumObject(CHANGE_KINDS);
export const ChangeRequestStatusEnum = enumObject(CHANGE_REQUEST_STATUSES);
export const ObligationStateEnum = enumObject(OBLIGATION_STATES);
export const WarningLevelEnum = enumObject(WARNING_LEVELS);
export const WorkOrderEnum = enumObject(WORK_ORDERS);
registerEnumType(ChangeKindEnum, { name: 'ChangeKind' });
registerEnumType(ChangeRequestStatusEnum, { name: 'ChangeRequestStatus' });
registerEnumType(ObligationStateEnum, { name: 'ObligationState' });
registerEnumType(WarningLevelEnum, {
  name: 'WarningLevel',
  description:
    '提醒 half the window used; 预警 four fifths used; 逾期 past the due date, not yet done',
});
registerEnumType(WorkOrderEnum, { name: 'WorkOrder' });

@ObjectType('ChangeRequest')
export class ChangeRequestType {
  @Field(() => ID) id: string;
  @Field(() => ChangeKindEnum) kind: ChangeKind;
  @Field(() => ChangeRequestStatusEnum) status: ChangeRequestStatus;
  @Field() reason: string;
  @Field(() => DateScalar, { nullable: true, description: 'the event the window runs from' })
  triggeredOn: string | null;
  @Field(() => DateScalar, {
    nullable: true,
    description:
      "when it must be filed or completed, per the region's policy; known from the start",
  })
  dueOn: string | null;
  @Field({ description: 'filed (or completed) after dueOn' }) late: boolean;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'when its version takes (or took) effect',
  })
  effectiveFrom: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) submittedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) decisionNote: string | null;
  @Field(() => DateTimeScalar) createdAt: Date;
}

@ObjectType('Obligation')
export class ObligationType {
  @Field(() => ID) id: string;
  @Field({ description: "what opened it: a law's amendment, a unit's adjustment" }) cause: string;
  @Field(() => DateScalar) triggeredOn: string;
  @Field(() => DateScalar, {
    nullable: true,
    description:
      'null while the calendar lacks a year the window reaches; filled in when it arrives',
  })
  dueOn: string | null;
  @Field(() => DateScalar, { nullable: true }) metOn: string | null;
}

@ObjectType('LegalAmendment')
export class LegalAmendmentType {
  @Field(() => ID) id: string;
  @Field(() => DateScalar) amendedOn: string;
  @Field(() => DateScalar, {
    nullable: true,
    description: 'when the amended text takes effect, if later',
  })
  effectiveOn: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'the articles changed ("第十二条、第三十条"); null: the whole document',
  })
  articles: string | null;
  @Field() repeal: boolean;
  @Field() note: string;
  @Field(() => DateTimeScalar, { nullable: true }) retractedAt: Date | null;
  @Field(() => String, { nullable: true }) retractReason: string | null;
}

@ObjectType('DeadlineWarning')
export class DeadlineWarningType {
  @Field(() => WarningLevelEnum) level: WarningLevel;
  @Field(() => DateScalar) dueOn: string;
  @Field(() => Int) daysLeft: number;
  unitId: string;
  powerId: string | null;
  obligationId: string | null;
  changeRequestId: string | null;
}

export const DeadlineWarningConnection = connectionOf(DeadlineWarningType, 'DeadlineWarning');

@InputType('WarningFilter')
export class WarningFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: '单位 ID 无效' })
  unitId?: string | null;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: '地区 ID 无效' })
  regionId?: string | null;
  @Field(() => WarningLevelEnum, { nullable: true })
  @IsOptional()
  @IsIn(WARNING_LEVELS, { message: '预警级别无效' })
  level?: WarningLevel | null;
}

@InputType('CreateChangeRequestInput')
export class CreateChangeRequestInput {
  @Field(() => ChangeKindEnum) @IsIn(CHANGE_KINDS, { message: '变更类型无效' }) kind: ChangeKind;
  @Field(() => ID, { nullable: true, description: 'all kinds but ADD' })
  @IsOptional()
  @IsUUID('all', { message: '权力事项 ID 无效' })
  powerId?: string | null;
  @Field(() => ID, { nullable: true, description: 'ADD' })
  @IsOptional()
  @IsUUID('all', { message: '单位 ID 无效' })
  unitId?: string | null;
  @Field() @Text(2000) reason: string;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: '义务 ID 无效' })
  obligationId?: string | null;
  @Field(() => [ID], { nullable: true, description: 'several obligations of the same power' })
  @IsOptional()
  @ArrayMaxSize(100, { message: '一次最多答复 100 项义务' })
  @IsUUID('all', { each: true, message: '义务 ID 无效' })
  obligationIds?: string[] | null;
  @Field(() => DateScalar, { nullable: true }) @IsOptional() triggeredOn?: string | null;
  @Field(() => PowerDraftInput, { nullable: true, description: 'ADD and MODIFY' })
  @Nested()
  draft?: PowerDraftInput | null;
}

@InputType('UpdateChangeRequestInput')
export class UpdateChangeRequestInput {
  @Field(() => String, { nullable: true }) @OptionalText(2000) reason?: string | null;
  @Field(() => DateScalar, { nullable: true }) @IsOptional() triggeredOn?: string | null;
  @Field(() => PowerDraftInput, { nullable: true }) @Nested() draft?: PowerDraftInput | null;
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100, { message: '一次最多答复 100 项义务' })
  @IsUUID('all', { each: true, message: '义务 ID 无效' })
  obligationIds?: string[] | null;
}

@InputType('RecordAmendmentInput')
export class RecordAmendmentInput {
  @Field(() => ID) @IsUUID('all', { message: '法律文件 ID 无效' }) documentId: string;
  @Field(() => DateScalar) @Text(10) amendedOn: string;
  @Field() @Text(2000) note: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) @IsOptional() repeal?: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'only powers whose bases cite one of these articles are affected',
  })
  @OptionalText(500)
  articles?: string | null;
  @Field(() => DateScalar, { nullable: true }) @IsOptional() effectiveOn?: string | null;
}

@InputType('ChangeRequestFilter')
export class ChangeRequestFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: '单位 ID 无效' })
  unitId?: string | null;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: '地区 ID 无效' })
  regionId?: string | null;
  @Field(() => ChangeRequestStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(CHANGE_REQUEST_STATUSES, { message: '状态无效' })
  status?: ChangeRequestStatus | null;
  @Field(() => ChangeKindEnum, { nullable: true })
  @IsOptional()
  @IsIn(CHANGE_KINDS, { message: '变更类型无效' })
  kind?: ChangeKind | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() late?: boolean | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() overdue?: boolean | null;
  @Field(() => DateScalar, { nullable: true }) @IsOptional() dueBefore?: string | null;
}

@InputType('ObligationFilter')
export class ObligationFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: '单位 ID 无效' })
  unitId?: string | null;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: '地区 ID 无效' })
  regionId?: string | null;
  @Field(() => ObligationStateEnum, { nullable: true })
  @IsOptional()
  @IsIn(OBLIGATION_STATES, { message: '义务状态无效' })
  state?: ObligationState | null;
  @Field(() => DateScalar, { nullable: true }) @IsOptional() asOf?: string | null;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: '权力事项 ID 无效' })
  powerId?: string | null;
  @Field(() => DateScalar, { nullable: true }) @IsOptional() dueBefore?: string | null;
}

export const ChangeRequestConnection = connectionOf(ChangeRequestType, 'ChangeRequest');

export const ObligationConnection = connectionOf(ObligationType, 'Obligation');
