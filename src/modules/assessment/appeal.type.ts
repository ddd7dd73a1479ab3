import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';

import { enumObject } from '../../common/enums';
import { DateScalar, DateTimeScalar } from '../../common/scalars';

import type { AppealStatus } from './scorecard.types';

export const APPEAL_STATUSES = [
  'OPEN',
  'UPHELD',
  'OVERTURNED',
] as const satisfies readonly AppealStatus[];
export const AppealStatusEnum = enumObject(APPEAL_STATUSES);
registerEnumType(AppealStatusEnum, { name: 'AppealStatus' });

/** An assessor's finding on a manual item; withdrawn ones are kept and marked. */
@ObjectType('Finding')
export class FindingType {
  @Field(() => ID) id: string;
  @Field() scheme: string;
  @Field() itemCode: string;
  @Field(() => Float, { description: '0: assessed, nothing to deduct' }) points: number;
  @Field() reason: string;
  @Field(() => DateScalar) occurredOn: string;
  @Field(() => DateTimeScalar, { nullable: true }) withdrawnAt: Date | null;
  @Field(() => String, { nullable: true }) withdrawReason: string | null;
  unitId: string;
  createdById: string | null;
  createdAt: Date;
}

/** A unit's appeal (申诉) against a deduction, and the assessor's decision (复核). */
@ObjectType('Appeal')
export class AppealType {
  @Field(() => ID) id: string;
  @Field() scheme: string;
  @Field(() => ID) deductionId: string;
  @Field() itemCode: string;
  @Field() reason: string;
  @Field(() => AppealStatusEnum) status: AppealStatus;
  @Field(() => DateTimeScalar) filedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) decisionNote: string | null;
  @Field(() => DateScalar, { description: 'the period of the scorecard it was filed from' })
  periodFrom: string;
  @Field(() => DateScalar) periodTo: string;
  unitId: string;
  filedById: string;
  decidedById: string | null;
}
