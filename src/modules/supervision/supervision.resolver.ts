import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { ClassType } from 'type-graphql';

import { actorOf, requireUser, type Context } from '../../context';
import { must } from '../../errors';
import { Power } from '../catalog/power.entity';
import { PowerType } from '../catalog/power.type';
import { Unit } from '../catalog/unit.entity';

import {
  EnforcementOfficer,
  EnforcementReport,
  MajorPenaltyFiling,
  NormativeDocument,
  PowerUsage,
  ReconsiderationCase,
  SupervisedCase,
} from './supervision.entity';
import {
  EnforcementOfficerInput,
  EnforcementOfficerType,
  EnforcementReportInput,
  EnforcementReportType,
  MajorPenaltyFilingInput,
  MajorPenaltyFilingType,
  NormativeDocumentInput,
  NormativeDocumentType,
  PowerUsageInput,
  PowerUsageType,
  ReconsiderationCaseInput,
  ReconsiderationCaseType,
  SupervisedCaseInput,
  SupervisedCaseType,
} from './supervision.type';

/**
 * Who records: the unit's own legal office and staff, reviewers and admins over the unit (the
 * service checks the scope). Assessors read records, never write them.
 */
const RECORDERS = ['UNIT_LEGAL', 'UNIT_OPERATOR', 'LEGAL_REVIEWER', 'ADMIN'] as const;

/** The seven `record…` mutations of the legal supervision records. */
@Resolver()
export class SupervisionResolver {
  @Authorized(...RECORDERS)
  @Mutation(() => NormativeDocumentType)
  async recordNormativeDocument(
    @Arg('input') input: NormativeDocumentInput,
    @Ctx() ctx: Context,
  ): Promise<NormativeDocument> {
    return ctx.services.supervision.recordNormativeDocument(
      input,
      requireUser(ctx).scope,
      actorOf(ctx),
    );
  }

  @Authorized(...RECORDERS)
  @Mutation(() => EnforcementOfficerType)
  async recordEnforcementOfficer(
    @Arg('input') input: EnforcementOfficerInput,
    @Ctx() ctx: Context,
  ): Promise<EnforcementOfficer> {
    return ctx.services.supervision.recordEnforcementOfficer(
      input,
      requireUser(ctx).scope,
      actorOf(ctx),
    );
  }

  @Authorized(...RECORDERS)
  @Mutation(() => MajorPenaltyFilingType)
  async recordMajorPenaltyFiling(
    @Arg('input') input: MajorPenaltyFilingInput,
    @Ctx() ctx: Context,
  ): Promise<MajorPenaltyFiling> {
    return ctx.services.supervision.recordMajorPenaltyFiling(
      input,
      requireUser(ctx).scope,
      actorOf(ctx),
    );
  }

  @Authorized(...RECORDERS)
  @Mutation(() => EnforcementReportType, {
    description: 'One per unit, year and period: recording it again updates it',
  })
  async recordEnforcementReport(
    @Arg('input') input: EnforcementReportInput,
    @Ctx() ctx: Context,
  ): Promise<EnforcementReport> {
    return ctx.services.supervision.recordEnforcementReport(
      input,
      requireUser(ctx).scope,
      actorOf(ctx),
    );
  }

  @Authorized(...RECORDERS)
  @Mutation(() => SupervisedCaseType)
  async recordSupervisedCase(
    @Arg('input') input: SupervisedCaseInput,
    @Ctx() ctx: Context,
  ): Promise<SupervisedCase> {
    return ctx.services.supervision.recordSupervisedCase(
      input,
      requireUser(ctx).scope,
      actorOf(ctx),
    );
  }

  @Authorized(...RECORDERS)
  @Mutation(() => ReconsiderationCaseType)
  async recordReconsiderationCase(
    @Arg('input') input: ReconsiderationCaseInput,
    @Ctx() ctx: Context,
  ): Promise<ReconsiderationCase> {
    return ctx.services.supervision.recordReconsiderationCase(
      input,
      requireUser(ctx).scope,
      actorOf(ctx),
    );
  }

  @Authorized(...RECORDERS)
  @Mutation(() => PowerUsageType, {
    description:
      "One per power and year, with the power's status now: recording it again replaces it",
  })
  async recordPowerUsage(
    @Arg('input') input: PowerUsageInput,
    @Ctx() ctx: Context,
  ): Promise<PowerUsage> {
    return ctx.services.supervision.recordPowerUsage(input, requireUser(ctx).scope, actorOf(ctx));
  }
}

/** A resolver of `unit` for a record type, through the per-request loader. */
function unitFieldResolver(type: ClassType) {
  @Resolver(() => type)
  class RecordUnitResolver {
    @FieldResolver(() => Unit)
    async unit(@Root() record: { unitId: string }, @Ctx() ctx: Context): Promise<Unit> {
      return must(await ctx.loaders.unit.load(record.unitId), `unit ${record.unitId}`);
    }
  }
  return RecordUnitResolver;
}

export const NormativeDocumentResolver = unitFieldResolver(NormativeDocumentType);
export const EnforcementOfficerResolver = unitFieldResolver(EnforcementOfficerType);
export const MajorPenaltyFilingResolver = unitFieldResolver(MajorPenaltyFilingType);
export const EnforcementReportResolver = unitFieldResolver(EnforcementReportType);
export const SupervisedCaseResolver = unitFieldResolver(SupervisedCaseType);
export const ReconsiderationCaseResolver = unitFieldResolver(ReconsiderationCaseType);

@Resolver(() => PowerUsageType)
export class PowerUsageResolver {
  @FieldResolver(() => PowerType)
  async power(@Root() usage: PowerUsage, @Ctx() ctx: Context): Promise<Power> {
    return must(await ctx.loaders.power.load(usage.powerId), `power ${usage.powerId}`);
  }
}
