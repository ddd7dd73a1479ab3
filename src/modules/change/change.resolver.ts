import { IsIn, IsOptional } from 'class-validator';
import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Info,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';

import { DateScalar, DateTimeScalar } from '../../common/scalars';
import { selects } from '../../common/selection';
import { Nested } from '../../common/validation';
import { actorOf, requireUser, type Context } from '../../context';
import { must } from '../../errors';
import { outOfScope } from '../access/access';
import { scopeCoversUnit } from '../access/scope';
import { User } from '../auth/user.entity';
import type { FieldChange } from '../catalog/diff';
import { diffLabels } from '../catalog/diff-labels';
import { LegalDocument } from '../catalog/legal-document.entity';
import type { Problem } from '../catalog/power-content';
import { PowerVersion } from '../catalog/power-version.entity';
import { Power } from '../catalog/power.entity';
import { PageArgs } from '../catalog/power.resolver';
import { toPowerContent } from '../catalog/power.resolver';
import {
  FieldChangeType,
  PowerContentType,
  PowerType,
  PowerVersionType,
  ProblemType,
} from '../catalog/power.type';
import { Region } from '../catalog/region.entity';
import { Unit } from '../catalog/unit.entity';

import { ChangeRequest } from './change-request.entity';
import { chinaDate, obligationState, type ObligationState } from './change-rules';
import {
  ChangeRequestConnection,
  ChangeRequestFilter,
  ChangeRequestType,
  CreateChangeRequestInput,
  DeadlineWarningConnection,
  DeadlineWarningType,
  LegalAmendmentType,
  WarningFilter,
  WarningLevelEnum,
  WorkOrderEnum,
  ObligationConnection,
  ObligationFilter,
  ObligationStateEnum,
  ObligationType,
  RecordAmendmentInput,
  UpdateChangeRequestInput,
} from './change.type';
import { daysLeft, requestOverdue, warningLevel, type WarningLevel } from './deadline-rules';
import { LegalAmendment, Obligation } from './obligation.entity';
import { WindowPolicy, WindowPolicyInput } from './window-policy';
import { WORK_ORDERS, type WorkOrder } from './work-order';

@ArgsType()
class ChangeRequestsArgs extends PageArgs {
  @Field(() => ChangeRequestFilter, { nullable: true })
  @Nested()
  filter?: ChangeRequestFilter | null;
  @Field(() => WorkOrderEnum, { nullable: true, defaultValue: 'NEWEST' })
  @IsOptional()
  @IsIn(WORK_ORDERS, { message: '排序方式无效' })
  orderBy?: WorkOrder | null;
}

@ArgsType()
class ObligationsArgs extends PageArgs {
  @Field(() => ObligationFilter, { nullable: true }) @Nested() filter?: ObligationFilter | null;
  @Field(() => WorkOrderEnum, { nullable: true, defaultValue: 'NEWEST' })
  @IsOptional()
  @IsIn(WORK_ORDERS, { message: '排序方式无效' })
  orderBy?: WorkOrder | null;
}

@ArgsType()
class WarningsArgs extends PageArgs {
  @Field(() => WarningFilter, { nullable: true }) @Nested() filter?: WarningFilter | null;
}

/**
 * What a request holds of a unit's work (its draft, preview, changes, problems) is for those who
 * may read the request: its unit in the caller's scope. FORBIDDEN otherwise, however the
 * request was reached.
 */
async function requireRequestReadable(ctx: Context, cr: ChangeRequest): Promise<void> {
  const { scope } = requireUser(ctx);
  if (scope.kind === 'all') return;
  const unit = must(await ctx.loaders.unit.load(cr.unitId), `unit ${cr.unitId}`);
  const region = must(await ctx.loaders.region.load(unit.regionId), `region ${unit.regionId}`);
  if (!scopeCoversUnit(scope, { id: unit.id, regionPath: region.path })) {
    throw outOfScope('变更申请');
  }
}

const FILERS = ['UNIT_LEGAL', 'UNIT_OPERATOR'] as const;
const DECIDERS = ['LEGAL_REVIEWER', 'ADMIN'] as const;

@Resolver(() => ChangeRequestType)
export class ChangeRequestResolver {
  @Authorized()
  @Query(() => ChangeRequestType, { nullable: true })
  async changeRequest(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<ChangeRequest> {
    return ctx.services.changes.get(id, requireUser(ctx).scope);
  }

  @Authorized()
  @Query(() => ChangeRequestConnection)
  async changeRequests(@Args() args: ChangeRequestsArgs, @Ctx() ctx: Context) {
    return ctx.services.changes.list(
      requireUser(ctx).scope,
      args.filter,
      args.orderBy,
      args.first,
      args.after,
    );
  }

  @Authorized(...FILERS)
  @Mutation(() => ChangeRequestType)
  async createChangeRequest(@Arg('input') input: CreateChangeRequestInput, @Ctx() ctx: Context) {
    const { user, scope } = requireUser(ctx);
    return ctx.services.changes.create(input, user, scope, actorOf(ctx));
  }

  @Authorized(...FILERS)
  @Mutation(() => ChangeRequestType)
  async updateChangeRequest(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateChangeRequestInput,
    @Ctx() ctx: Context,
  ) {
    const { user, scope } = requireUser(ctx);
    return ctx.services.changes.update(id, input, user, scope, actorOf(ctx));
  }

  @Authorized(...FILERS)
  @Mutation(() => ChangeRequestType)
  async submitChangeRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const { user, scope } = requireUser(ctx);
    return ctx.services.changes.submit(id, user, scope, actorOf(ctx));
  }

  @Authorized(...DECIDERS)
  @Mutation(() => ChangeRequestType)
  async approveChangeRequest(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @Arg('note', () => String, { nullable: true }) note?: string,
    @Arg('effectiveFrom', () => DateTimeScalar, {
      nullable: true,
      description: 'now, or a later instant its version or status takes effect at',
    })
    effectiveFrom?: Date,
  ) {
    const { user, scope } = requireUser(ctx);
    return ctx.services.changes.approve(
      id,
      note ?? null,
      user,
      scope,
      actorOf(ctx),
      effectiveFrom ?? null,
    );
  }

  @Authorized(...DECIDERS)
  @Mutation(() => ChangeRequestType)
  async rejectChangeRequest(
    @Arg('id', () => ID) id: string,
    @Arg('note') note: string,
    @Ctx() ctx: Context,
  ) {
    const { user, scope } = requireUser(ctx);
    return ctx.services.changes.reject(id, note, user, scope, actorOf(ctx));
  }

  @Authorized(...FILERS)
  @Mutation(() => ChangeRequestType)
  async withdrawChangeRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const { user, scope } = requireUser(ctx);
    return ctx.services.changes.withdraw(id, user, scope, actorOf(ctx));
  }

  @FieldResolver(() => Unit)
  async unit(@Root() cr: ChangeRequest, @Ctx() ctx: Context): Promise<Unit> {
    if (cr.unit) return cr.unit;
    return must(await ctx.loaders.unit.load(cr.unitId), `unit ${cr.unitId}`);
  }

  @FieldResolver(() => PowerType, {
    nullable: true,
    description: 'null for an ADD until it is approved',
  })
  async power(@Root() cr: ChangeRequest, @Ctx() ctx: Context): Promise<Power | null> {
    if (!cr.powerId) return null;
    return cr.power ?? ctx.loaders.power.load(cr.powerId);
  }

  @FieldResolver(() => ObligationType, {
    nullable: true,
    description: 'the obligation it answers, if any',
  })
  async obligation(@Root() cr: ChangeRequest, @Ctx() ctx: Context): Promise<Obligation | null> {
    return cr.obligationId ? ctx.loaders.obligation.load(cr.obligationId) : null;
  }

  @FieldResolver(() => [ObligationType], { description: 'every obligation it answers' })
  async obligations(@Root() cr: ChangeRequest, @Ctx() ctx: Context): Promise<Obligation[]> {
    return ctx.loaders.obligationsByRequest.load(cr.id);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'counted as the policy counts, from today to dueOn; negative once past',
  })
  async daysLeft(@Root() cr: ChangeRequest, @Ctx() ctx: Context): Promise<number | null> {
    if (!cr.dueOn) return null;
    const cal = await ctx.services.calendar.calendar();
    return daysLeft(cal, chinaDate(new Date()), cr.dueOn, cr.policyCount ?? 'CALENDAR_DAYS');
  }

  @FieldResolver(() => Boolean, {
    description: 'dueOn has passed and it has not yet done what the window measures',
  })
  overdue(@Root() cr: ChangeRequest): boolean {
    return requestOverdue({ ...cr, measure: cr.policyMeasure }, new Date());
  }

  @FieldResolver(() => User, { nullable: true })
  async decidedBy(@Root() cr: ChangeRequest, @Ctx() ctx: Context): Promise<User | null> {
    return cr.decidedById ? ctx.loaders.user.load(cr.decidedById) : null;
  }

  @FieldResolver(() => User)
  async createdBy(@Root() cr: ChangeRequest, @Ctx() ctx: Context): Promise<User> {
    return must(await ctx.loaders.user.load(cr.createdById), `user ${cr.createdById}`);
  }

  @FieldResolver(() => PowerContentType, {
    nullable: true,
    description: 'as the unit entered it (ADD, MODIFY); in a MODIFY a null field is unchanged',
  })
  async draft(@Root() cr: ChangeRequest, @Ctx() ctx: Context): Promise<PowerContentType | null> {
    await requireRequestReadable(ctx, cr);
    return cr.draft && ['ADD', 'MODIFY'].includes(cr.kind) ? toPowerContent(cr.draft) : null;
  }

  @FieldResolver(() => PowerContentType, {
    nullable: true,
    description:
      'what approval would make the power: the current version with the draft applied (after approval: the version it made)',
  })
  async preview(@Root() cr: ChangeRequest, @Ctx() ctx: Context): Promise<PowerContentType | null> {
    await requireRequestReadable(ctx, cr);
    const { preview } = await ctx.services.reviews.review(cr);
    return preview ? toPowerContent(preview) : null;
  }

  @FieldResolver(() => [FieldChangeType], {
    description: 'what approval would change (after approval: what it changed), element by element',
  })
  async changes(@Root() cr: ChangeRequest, @Ctx() ctx: Context): Promise<FieldChange[]> {
    await requireRequestReadable(ctx, cr);
    const r = await ctx.services.reviews.review(cr);
    return ctx.services.reviews.changes(cr, await diffLabels(ctx.loaders, [r.base, r.preview]));
  }

  @FieldResolver(() => [ProblemType], {
    description: 'the problems the previewed content would have',
  })
  async problems(@Root() cr: ChangeRequest, @Ctx() ctx: Context): Promise<Problem[]> {
    await requireRequestReadable(ctx, cr);
    return ctx.services.reviews.problems(cr);
  }

  @FieldResolver(() => PowerVersionType, { nullable: true })
  async appliedVersion(
    @Root() cr: ChangeRequest,
    @Ctx() ctx: Context,
  ): Promise<PowerVersion | null> {
    return cr.appliedVersionId ? ctx.loaders.version.load(cr.appliedVersionId) : null;
  }
}

@Resolver(() => ObligationType)
export class ObligationResolver {
  @Authorized()
  @Query(() => ObligationConnection)
  async obligations(
    @Args() args: ObligationsArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ctx.services.obligations.list(
      requireUser(ctx).scope,
      args.filter,
      args.orderBy,
      args.first,
      args.after,
      { current: selects(info, 'edges', 'node', 'power', 'current') },
    );
  }

  @Authorized()
  @Query(() => DeadlineWarningConnection, {
    description: 'warnings in your scope today, most pressing first',
  })
  async deadlineWarnings(@Args() args: WarningsArgs, @Ctx() ctx: Context) {
    return ctx.services.deadlines.warnings(
      requireUser(ctx).scope,
      args.filter,
      args.first,
      args.after,
    );
  }

  @Authorized(...DECIDERS)
  @Mutation(() => [ObligationType])
  async recordUnitAdjustment(
    @Arg('unitId', () => ID) unitId: string,
    @Arg('decidedOn', () => DateScalar) decidedOn: string,
    @Arg('note') note: string,
    @Ctx() ctx: Context,
  ): Promise<Obligation[]> {
    return ctx.services.obligations.recordUnitAdjustment(
      unitId,
      decidedOn,
      note,
      requireUser(ctx).scope,
      actorOf(ctx),
    );
  }

  @FieldResolver(() => PowerType)
  async power(@Root() o: Obligation, @Ctx() ctx: Context): Promise<Power> {
    if (o.power) return o.power;
    return must(await ctx.loaders.power.load(o.powerId), `power ${o.powerId}`);
  }

  @FieldResolver(() => LegalAmendmentType, { nullable: true })
  async amendment(@Root() o: Obligation, @Ctx() ctx: Context): Promise<LegalAmendment | null> {
    return o.amendmentId ? ctx.loaders.amendment.load(o.amendmentId) : null;
  }

  @FieldResolver(() => WindowPolicy)
  policy(@Root() o: Obligation): WindowPolicy {
    return { days: o.policyDays, count: o.policyCount, measure: o.policyMeasure };
  }

  @FieldResolver(() => Int, { nullable: true })
  async daysLeft(@Root() o: Obligation, @Ctx() ctx: Context): Promise<number | null> {
    if (!o.dueOn) return null;
    const cal = await ctx.services.calendar.calendar();
    return daysLeft(cal, chinaDate(new Date()), o.dueOn, o.policyCount);
  }

  @FieldResolver(() => WarningLevelEnum, {
    nullable: true,
    description: 'null before the reminder point',
  })
  async warning(@Root() o: Obligation, @Ctx() ctx: Context): Promise<WarningLevel | null> {
    const cal = await ctx.services.calendar.calendar();
    const done = o.metOn !== null || o.withdrawnAt !== null;
    return warningLevel(
      cal,
      {
        triggeredOn: o.triggeredOn,
        dueOn: o.dueOn,
        days: o.policyDays,
        count: o.policyCount,
        done,
      },
      chinaDate(new Date()),
    );
  }

  @FieldResolver(() => ObligationStateEnum, { description: 'today when asOf is not given' })
  state(
    @Root() o: Obligation,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string,
  ): ObligationState {
    return obligationState(o, asOf ?? chinaDate(new Date()));
  }

  @FieldResolver(() => ChangeRequestType, { nullable: true })
  async metBy(@Root() o: Obligation, @Ctx() ctx: Context): Promise<ChangeRequest | null> {
    return o.metById ? ctx.loaders.changeRequest.load(o.metById) : null;
  }
}

@Resolver(() => LegalAmendmentType)
export class LegalAmendmentResolver {
  @Authorized(...DECIDERS)
  @Mutation(() => LegalAmendmentType)
  async recordAmendment(
    @Arg('input') input: RecordAmendmentInput,
    @Ctx() ctx: Context,
  ): Promise<LegalAmendment> {
    const { scope } = requireUser(ctx);
    return (await ctx.services.obligations.recordAmendment(input, scope, actorOf(ctx))).amendment;
  }

  @Authorized(...DECIDERS)
  @Mutation(() => LegalAmendmentType, {
    description: 'its open obligations in your scope become WITHDRAWN; met ones keep their history',
  })
  async retractAmendment(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: Context,
  ): Promise<LegalAmendment> {
    const { scope } = requireUser(ctx);
    return ctx.services.obligations.retractAmendment(id, reason, scope, actorOf(ctx));
  }

  @FieldResolver(() => User, { nullable: true })
  async recordedBy(@Root() a: LegalAmendment, @Ctx() ctx: Context): Promise<User | null> {
    return a.createdById ? ctx.loaders.user.load(a.createdById) : null;
  }

  @FieldResolver(() => LegalDocument)
  async document(@Root() a: LegalAmendment, @Ctx() ctx: Context): Promise<LegalDocument> {
    return must(await ctx.loaders.document.load(a.documentId), `document ${a.documentId}`);
  }

  @FieldResolver(() => [ObligationType], {
    description: 'the obligations it opened, in your scope',
  })
  async obligations(@Root() a: LegalAmendment, @Ctx() ctx: Context): Promise<Obligation[]> {
    const scope = requireUser(ctx).scope;
    const all = await ctx.loaders.obligationsByAmendment.load(a.id);
    if (scope.kind === 'all') return all;
    const units = await ctx.loaders.unit.loadMany([...new Set(all.map((o) => o.unitId))]);
    const regions = await ctx.loaders.region.loadMany(
      units.filter((u): u is Unit => u instanceof Unit).map((u) => u.regionId),
    );
    const pathOf = new Map<string, string>();
    units.forEach((u) => {
      if (!(u instanceof Unit)) return;
      const r = regions.find((x): x is Region => x instanceof Region && x.id === u.regionId);
      if (r) pathOf.set(u.id, r.path);
    });
    return all.filter((o) =>
      scopeCoversUnit(scope, { id: o.unitId, regionPath: pathOf.get(o.unitId) ?? '' }),
    );
  }
}

@Resolver(() => LegalDocument)
export class LegalDocumentAmendmentsResolver {
  @FieldResolver(() => [LegalAmendmentType])
  async amendments(@Root() d: LegalDocument, @Ctx() ctx: Context): Promise<LegalAmendment[]> {
    return ctx.loaders.amendmentsByDocument.load(d.id);
  }
}

@Resolver(() => PowerType)
export class PowerChangesResolver {
  @FieldResolver(() => [ChangeRequestType])
  async changeRequests(@Root() p: Power, @Ctx() ctx: Context): Promise<ChangeRequest[]> {
    return ctx.loaders.changeRequestsByPower.load(p.id);
  }

  @FieldResolver(() => [ObligationType])
  async obligations(
    @Root() p: Power,
    @Ctx() ctx: Context,
    @Arg('state', () => ObligationStateEnum, { nullable: true }) state?: ObligationState,
  ): Promise<Obligation[]> {
    const all = await ctx.loaders.obligationsByPower.load(p.id);
    if (!state) return all;
    const today = chinaDate(new Date());
    return all.filter((o) => obligationState(o, today) === state);
  }
}

@Resolver(() => PowerVersionType)
export class PowerVersionChangeResolver {
  @FieldResolver(() => ChangeRequestType, {
    nullable: true,
    description: 'null for imported first versions',
  })
  async changeRequest(@Root() v: PowerVersion, @Ctx() ctx: Context): Promise<ChangeRequest | null> {
    return v.changeRequestId ? ctx.loaders.changeRequest.load(v.changeRequestId) : null;
  }
}

@Resolver(() => Region)
export class WindowPolicyResolver {
  @Authorized('ADMIN', 'LEGAL_REVIEWER')
  @Mutation(() => Region)
  async setWindowPolicy(
    @Arg('regionId', () => ID) regionId: string,
    @Arg('policy', () => WindowPolicyInput) policy: WindowPolicyInput,
    @Ctx() ctx: Context,
  ): Promise<Region> {
    return ctx.services.regions.setWindowPolicy(
      regionId,
      policy,
      requireUser(ctx).scope,
      actorOf(ctx),
    );
  }
}

@Resolver(() => DeadlineWarningType)
export class DeadlineWarningResolver {
  @FieldResolver(() => Unit)
  async unit(@Root() w: DeadlineWarningType, @Ctx() ctx: Context): Promise<Unit> {
    return must(await ctx.loaders.unit.load(w.unitId), `unit ${w.unitId}`);
  }

  @FieldResolver(() => PowerType, { nullable: true })
  async power(@Root() w: DeadlineWarningType, @Ctx() ctx: Context): Promise<Power | null> {
    return w.powerId ? ctx.loaders.power.load(w.powerId) : null;
  }

  @FieldResolver(() => ObligationType, { nullable: true })
  async obligation(
    @Root() w: DeadlineWarningType,
    @Ctx() ctx: Context,
  ): Promise<Obligation | null> {
    return w.obligationId ? ctx.loaders.obligation.load(w.obligationId) : null;
  }

  @FieldResolver(() => ChangeRequestType, { nullable: true })
  async changeRequest(
    @Root() w: DeadlineWarningType,
    @Ctx() ctx: Context,
  ): Promise<ChangeRequest | null> {
    return w.changeRequestId ? ctx.loaders.changeRequest.load(w.changeRequestId) : null;
  }
}
