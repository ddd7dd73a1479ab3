import { IsNumber } from 'class-validator';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';

import { DateScalar, DateTimeScalar } from '../../common/scalars';
import { Pattern, Text } from '../../common/validation';
import { actorOf, requireUser, type Context } from '../../context';
import { must } from '../../errors';
import { PowerVersion } from '../catalog/power-version.entity';
import { Power } from '../catalog/power.entity';
import { PowerType, PowerVersionType } from '../catalog/power.type';
import { Region } from '../catalog/region.entity';
import { Unit } from '../catalog/unit.entity';
import { ChangeRequest } from '../change/change-request.entity';
import { ChangeRequestType, ObligationType } from '../change/change.type';
import { Obligation } from '../change/obligation.entity';

import { AppealType, FindingType } from './appeal.type';
import type { Appeal, Finding } from './assessment.entity';
import type { SchemeData } from './scheme';
import type { AppealRef, DeductionData, ScorecardData, UnitScoreData } from './scorecard.types';

@ObjectType('SchemeItem')
class SchemeItemType {
  @Field() code: string;
  @Field(() => Int) no: number;
  @Field() requirement: string;
  @Field(() => String, { nullable: true, description: '评分说明, where the table gives one' })
  scoring: string | null;
  @Field(() => Float) maxPoints: number;
  @Field(() => Float, { nullable: true, description: 'district table: points per case' }) perCase:
    number | null;
  @Field({ description: "scored from the records by a detector; otherwise by assessors' findings" })
  derived: boolean;
  @Field(() => String, { nullable: true }) detector: string | null;
}

@ObjectType('SchemeSection')
class SchemeSectionType {
  @Field() code: string;
  @Field() name: string;
  @Field(() => Float) maxPoints: number;
  @Field(() => [SchemeItemType]) items: SchemeItemType[];
}

@ObjectType('AssessmentScheme')
class AssessmentSchemeType {
  @Field() code: string;
  @Field() name: string;
  @Field(() => Float) maxPoints: number;
  @Field(() => [SchemeSectionType]) sections: SchemeSectionType[];
}

@ObjectType('Deduction')
class DeductionType {
  @Field(() => ID, { description: 'stable while its evidence is the same' }) id: string;
  @Field() itemCode: string;
  @Field(() => Float) points: number;
  @Field({ description: 'a sentence a unit can act on, in Chinese' }) reason: string;
  @Field(() => DateScalar, { nullable: true }) occurredOn: string | null;
  @Field(() => ID, { nullable: true, description: 'a legal supervision record' }) recordId:
    string | null;
  @Field({ description: 'entered by an assessor' }) manual: boolean;
  unitId: string;
  powerId: string | null;
  versionId: string | null;
  changeRequestId: string | null;
  obligationId: string | null;
  findingId: string | null;
  appeal: AppealRef | null;
}

@ObjectType('ItemScore')
class ItemScoreType {
  @Field() code: string;
  @Field(() => Int) no: number;
  @Field(() => Float) maxPoints: number;
  @Field(() => Float) deducted: number;
  @Field(() => Float, {
    description:
      'what the item adds to the total: its points less the deductions; a bonus (加分) row the points given, a penalty (减分) row minus the points taken',
  })
  score: number;
  @Field({ description: "the deductions found exceed the item's points" }) capped: boolean;
  @Field(() => Int) cases: number;
  @Field({ description: "scored from the records; otherwise by assessors' findings" })
  derived: boolean;
  @Field({
    description:
      'derived items always; a manual item once an assessor has a finding on it in the period',
  })
  assessed: boolean;
  @Field(() => Int, { nullable: true, description: 'weighted schemes: records judged' })
  applicable: number | null;
  @Field(() => Int, { nullable: true, description: 'weighted schemes: records that comply' })
  compliant: number | null;
  @Field(() => [DeductionType], { description: 'their points add up exactly to `deducted`' })
  deductions: DeductionType[];
}

@ObjectType('SectionScore')
class SectionScoreType {
  @Field() code: string;
  @Field() name: string;
  @Field(() => Float) maxPoints: number;
  @Field(() => Float) score: number;
  @Field(() => [ItemScoreType]) items: ItemScoreType[];
}

@ObjectType('Scorecard')
class ScorecardType {
  @Field(() => DateScalar) from: string;
  @Field(() => DateScalar) to: string;
  @Field(() => Float, { description: 'of the items scored here' }) maxPoints: number;
  @Field(() => Float) score: number;
  @Field(() => Float) deducted: number;
  @Field(() => DateTimeScalar, {
    description: "the instant the catalog was judged at: the period's end, or now while it runs",
  })
  asOf: Date;
  @Field({ description: 'the period has not ended yet' }) provisional: boolean;
  @Field({ description: 'every manual item has been assessed' }) complete: boolean;
  @Field(() => [SectionScoreType]) sections: SectionScoreType[];
  schemeCode: string;
  unitId: string | null;
  regionId: string | null;
}

@ObjectType('UnitScore')
class UnitScoreType {
  @Field(() => Float) score: number;
  @Field(() => Float) deducted: number;
  @Field(() => Int) rank: number;
  unitId: string;
}

@InputType('FindingInput')
class FindingInput {
  @Field() @Text(32) scheme: string;
  @Field() @Pattern(/^[0-9A-Z]{1,16}$/, '考核项编号无效') itemCode: string;
  @Field(() => ID) @Pattern(/^[0-9a-f-]{36}$/i, '单位 ID 无效') unitId: string;
  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '必须是数字' })
  points: number;
  @Field() @Text(2000) reason: string;
  @Field(() => DateScalar) @Text(10) occurredOn: string;
}

const toSchemeType = (s: SchemeData): AssessmentSchemeType => ({
  code: s.code,
  name: s.name,
  maxPoints: s.maxPoints,
  sections: s.sections.map((sec) => ({
    code: sec.code,
    name: sec.name,
    maxPoints: sec.maxPoints,
    items: sec.items.map((i) => ({
      code: i.code,
      no: i.no,
      requirement: i.requirement,
      scoring: i.scoring,
      maxPoints: i.maxPoints,
      perCase: i.perCase,
      derived: i.derived,
      detector: i.detector,
    })),
  })),
});

@Resolver(() => ScorecardType)
export class AssessmentResolver {
  @Authorized()
  @Query(() => [AssessmentSchemeType])
  async assessmentSchemes(@Ctx() ctx: Context): Promise<AssessmentSchemeType[]> {
    return (await ctx.services.assessment.schemes()).map(toSchemeType);
  }

  @Authorized()
  @Query(() => ScorecardType, {
    description: 'A unit, or a region taken as one whole: exactly one of unitId and regionId',
  })
  async scorecard(
    @Arg('scheme') scheme: string,
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
    @Ctx() ctx: Context,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
    @Arg('regionId', () => ID, { nullable: true }) regionId?: string,
  ): Promise<ScorecardData> {
    return ctx.services.assessment.scorecard(requireUser(ctx).scope, {
      scheme,
      unitId,
      regionId,
      from,
      to,
    });
  }

  @Authorized('ADMIN', 'LEGAL_REVIEWER', 'ASSESSOR')
  @Query(() => [UnitScoreType], {
    description: 'Every unit under the region, best first; ties share a rank',
  })
  async ranking(
    @Arg('scheme') scheme: string,
    @Arg('regionId', () => ID) regionId: string,
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
    @Ctx() ctx: Context,
  ): Promise<UnitScoreData[]> {
    return ctx.services.assessment.ranking(requireUser(ctx).scope, scheme, regionId, from, to);
  }

  @Authorized('ADMIN', 'ASSESSOR')
  @Mutation(() => DeductionType, {
    description: 'manual items only; 0 points: assessed, nothing to deduct',
  })
  async recordFinding(
    @Arg('input') input: FindingInput,
    @Ctx() ctx: Context,
  ): Promise<DeductionData> {
    return ctx.services.assessment.recordFinding(requireUser(ctx).scope, input, actorOf(ctx));
  }

  @FieldResolver(() => AssessmentSchemeType)
  async scheme(@Root() card: ScorecardData, @Ctx() ctx: Context): Promise<AssessmentSchemeType> {
    return toSchemeType(await ctx.services.assessment.scheme(card.schemeCode));
  }

  @FieldResolver(() => Unit, { nullable: true })
  async unit(@Root() card: ScorecardData, @Ctx() ctx: Context): Promise<Unit | null> {
    return card.unitId ? ctx.loaders.unit.load(card.unitId) : null;
  }

  @FieldResolver(() => Region, { nullable: true })
  async region(@Root() card: ScorecardData, @Ctx() ctx: Context): Promise<Region | null> {
    return card.regionId ? ctx.loaders.region.load(card.regionId) : null;
  }
}

@Resolver(() => DeductionType)
export class DeductionResolver {
  @FieldResolver(() => Unit)
  async unit(@Root() d: DeductionData, @Ctx() ctx: Context): Promise<Unit> {
    return must(await ctx.loaders.unit.load(d.unitId), `unit ${d.unitId}`);
  }

  @FieldResolver(() => PowerType, { nullable: true })
  async power(@Root() d: DeductionData, @Ctx() ctx: Context): Promise<Power | null> {
    return d.powerId ? ctx.loaders.power.load(d.powerId) : null;
  }

  @FieldResolver(() => PowerVersionType, { nullable: true })
  async version(@Root() d: DeductionData, @Ctx() ctx: Context): Promise<PowerVersion | null> {
    return d.versionId ? ctx.loaders.version.load(d.versionId) : null;
  }

  @FieldResolver(() => ChangeRequestType, { nullable: true })
  async changeRequest(
    @Root() d: DeductionData,
    @Ctx() ctx: Context,
  ): Promise<ChangeRequest | null> {
    return d.changeRequestId ? ctx.loaders.changeRequest.load(d.changeRequestId) : null;
  }

  @FieldResolver(() => ObligationType, { nullable: true })
  async obligation(@Root() d: DeductionData, @Ctx() ctx: Context): Promise<Obligation | null> {
    return d.obligationId ? ctx.loaders.obligation.load(d.obligationId) : null;
  }

  @FieldResolver(() => FindingType, {
    nullable: true,
    description: 'the finding behind a manual deduction',
  })
  async finding(@Root() d: DeductionData, @Ctx() ctx: Context): Promise<Finding | null> {
    return d.findingId ? ctx.loaders.finding.load(d.findingId) : null;
  }

  @FieldResolver(() => AppealType, { nullable: true, description: 'the latest appeal against it' })
  async appeal(@Root() d: DeductionData, @Ctx() ctx: Context): Promise<Appeal | null> {
    return d.appeal ? ctx.loaders.appeal.load(d.appeal.id) : null;
  }
}

@Resolver(() => UnitScoreType)
export class UnitScoreResolver {
  @FieldResolver(() => Unit)
  async unit(@Root() s: UnitScoreData, @Ctx() ctx: Context): Promise<Unit> {
    return must(await ctx.loaders.unit.load(s.unitId), `unit ${s.unitId}`);
  }
}
