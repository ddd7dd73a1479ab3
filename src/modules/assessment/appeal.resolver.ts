import { IsIn, IsOptional } from 'class-validator';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';

import { DateScalar } from '../../common/scalars';
import { Pattern, Text } from '../../common/validation';
import { actorOf, requireUser, type Context } from '../../context';
import { must } from '../../errors';
import { User } from '../auth/user.entity';
import { Unit } from '../catalog/unit.entity';

import { APPEAL_STATUSES, AppealStatusEnum, AppealType, FindingType } from './appeal.type';
import type { Appeal, Finding } from './assessment.entity';
import type { AppealStatus } from './scorecard.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@InputType('AppealInput')
class AppealInput {
  @Field() @Text(32) scheme: string;
  @Field(() => ID) @Pattern(UUID, '单位 ID 无效') unitId: string;
  @Field(() => DateScalar) @Text(10) from: string;
  @Field(() => DateScalar) @Text(10) to: string;
  @Field(() => ID) @Pattern(UUID, '扣分 ID 无效') deductionId: string;
  @Field() @Text(2000) reason: string;
}

@InputType('AppealFilter')
class AppealFilter {
  @Field(() => ID, { nullable: true }) @Pattern(UUID, '单位 ID 无效', true) unitId?: string;
  @Field(() => ID, { nullable: true }) @Pattern(UUID, '地区 ID 无效', true) regionId?: string;
  @Field(() => AppealStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(APPEAL_STATUSES, { message: '申诉状态无效' })
  status?: AppealStatus;
}

/** Findings (listed, withdrawn) and appeals (filed by a unit, decided by an assessor). */
@Resolver()
export class AppealResolver {
  @Authorized()
  @Query(() => [FindingType], {
    description:
      'The findings of a scheme on a unit or a region in the period, withdrawn ones included',
  })
  async findings(
    @Arg('scheme') scheme: string,
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
    @Ctx() ctx: Context,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
    @Arg('regionId', () => ID, { nullable: true }) regionId?: string,
  ): Promise<Finding[]> {
    return ctx.services.assessment.findings(requireUser(ctx).scope, {
      scheme,
      unitId,
      regionId,
      from,
      to,
    });
  }

  @Authorized('ADMIN', 'ASSESSOR')
  @Mutation(() => FindingType, { description: 'Kept and marked, never deleted; no longer scored' })
  async withdrawFinding(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: Context,
  ): Promise<Finding> {
    return ctx.services.assessment.withdrawFinding(
      requireUser(ctx).scope,
      id,
      reason,
      actorOf(ctx),
    );
  }

  @Authorized()
  @Query(() => [AppealType], { description: 'The appeals in scope, newest first' })
  async appeals(
    @Ctx() ctx: Context,
    @Arg('filter', () => AppealFilter, { nullable: true }) filter?: AppealFilter,
  ): Promise<Appeal[]> {
    return ctx.services.assessment.appeals(requireUser(ctx).scope, filter ?? {});
  }

  @Authorized('UNIT_LEGAL')
  @Mutation(() => AppealType, { description: "The unit's legal office, for its own unit" })
  async fileAppeal(@Arg('input') input: AppealInput, @Ctx() ctx: Context): Promise<Appeal> {
    return ctx.services.assessment.fileAppeal(requireUser(ctx).scope, input, actorOf(ctx));
  }

  @Authorized('ADMIN', 'ASSESSOR')
  @Mutation(() => AppealType, { description: 'An assessor in scope; the note is required' })
  async decideAppeal(
    @Arg('id', () => ID) id: string,
    @Arg('overturn') overturn: boolean,
    @Arg('note') note: string,
    @Ctx() ctx: Context,
  ): Promise<Appeal> {
    return ctx.services.assessment.decideAppeal(
      requireUser(ctx).scope,
      id,
      overturn,
      note,
      actorOf(ctx),
    );
  }
}

@Resolver(() => FindingType)
export class FindingFieldsResolver {
  @FieldResolver(() => Unit)
  async unit(@Root() f: Finding, @Ctx() ctx: Context): Promise<Unit> {
    return must(await ctx.loaders.unit.load(f.unitId), `unit ${f.unitId}`);
  }

  @FieldResolver(() => User)
  async recordedBy(@Root() f: Finding, @Ctx() ctx: Context): Promise<User> {
    return must(
      f.createdById ? await ctx.loaders.user.load(f.createdById) : null,
      `user of finding ${f.id}`,
    );
  }

  @FieldResolver(() => Date)
  recordedAt(@Root() f: Finding): Date {
    return f.createdAt;
  }
}

@Resolver(() => AppealType)
export class AppealFieldsResolver {
  @FieldResolver(() => Unit)
  async unit(@Root() a: Appeal, @Ctx() ctx: Context): Promise<Unit> {
    return must(await ctx.loaders.unit.load(a.unitId), `unit ${a.unitId}`);
  }

  @FieldResolver(() => User)
  async filedBy(@Root() a: Appeal, @Ctx() ctx: Context): Promise<User> {
    return must(await ctx.loaders.user.load(a.filedById), `user ${a.filedById}`);
  }

  @FieldResolver(() => User, { nullable: true })
  async decidedBy(@Root() a: Appeal, @Ctx() ctx: Context): Promise<User | null> {
    return a.decidedById ? ctx.loaders.user.load(a.decidedById) : null;
  }
}
