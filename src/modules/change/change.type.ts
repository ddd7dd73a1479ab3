import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

import { enumObject } from '../../common/enums';
import { PageInfo } from '../../common/pagination';
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

export const ChangeKindEnum = enumObject(CHANGE_KINDS);
export const ChangeRequestStatusEnum = enumObject(CHANGE_REQUEST_STATUSES);
export const ObligationStateEnum = enumObject(OBLIGATION_STATES);
registerEnumType(ChangeKindEnum, { name: 'ChangeKind' });
registerEnumType(ChangeRequestStatusEnum, { name: 'ChangeRequestStatus' });
registerEnumType(ObligationStateEnum, { name: 'ObligationState' });

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
    description: "when it had to be filed or completed, per the region's policy",
  })
  dueOn: string | null;
  @Field({ description: 'filed (or completed) after dueOn' }) late: boolean;
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
  @Field(() => DateScalar) dueOn: string;
  @Field(() => DateScalar, { nullable: true }) metOn: string | null;
}

@ObjectType('LegalAmendment')
export class LegalAmendmentType {
  @Field(() => ID) id: string;
  @Field(() => DateScalar) amendedOn: string;
  @Field() repeal: boolean;
  @Field() note: string;
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
}

@InputType('RecordAmendmentInput')
export class RecordAmendmentInput {
  @Field(() => ID) @IsUUID('all', { message: '法律文件 ID 无效' }) documentId: string;
  @Field(() => DateScalar) @Text(10) amendedOn: string;
  @Field() @Text(2000) note: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) @IsOptional() repeal?: boolean;
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
}

@ObjectType('ChangeRequestEdge')
export class ChangeRequestEdge {
  @Field() cursor: string;
  @Field(() => ChangeRequestType) node: ChangeRequestType;
}

@ObjectType('ChangeRequestConnection')
export class ChangeRequestConnection {
  @Field(() => [ChangeRequestEdge]) edges: ChangeRequestEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@ObjectType('ObligationEdge')
export class ObligationEdge {
  @Field() cursor: string;
  @Field(() => ObligationType) node: ObligationType;
}

@ObjectType('ObligationConnection')
export class ObligationConnection {
  @Field(() => [ObligationEdge]) edges: ObligationEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}
