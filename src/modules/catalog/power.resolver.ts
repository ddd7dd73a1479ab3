import { IsInt, IsOptional, IsString } from 'class-validator';
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

import { PowerStatusEnum } from '../../common/enums';
import { DateTimeScalar } from '../../common/scalars';
import { selects } from '../../common/selection';
import { Nested } from '../../common/validation';
import { actorOf, requireUser, type Context } from '../../context';
import { BadInputError, NotFoundError, must } from '../../errors';

import { diffContents } from './diff';
import { diffLabels } from './diff-labels';
import { LegalDocument } from './legal-document.entity';
import type {
  DiscretionBenchmarkData,
  FlowchartData,
  PowerContent,
  PowerStatus,
} from './power-content';
import { PowerVersion } from './power-version.entity';
import { Power } from './power.entity';
import { ImportPowerInput, PowerFilter } from './power.input';
import {
  DiscretionBenchmarkType,
  FieldChangeType,
  FlowchartType,
  ImplementingSubjectType,
  ImportResult,
  LegalBasisType,
  PowerConnection,
  PowerContentType,
  PowerType,
  PowerVersionType,
} from './power.type';
import { Unit } from './unit.entity';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20 })
  @IsOptional()
  @IsInt({ message: '必须是整数' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString({ message: '必须是字符串' })
  after?: string | null;
}

@ArgsType()
class PowersArgs extends PageArgs {
  @Field(() => PowerFilter, { nullable: true }) @Nested() filter?: PowerFilter | null;
}

/** A stored chart as the GraphQL shape: absent optional parts become null and []. */
export function toFlowchart(
  chart: FlowchartData | null,
  kind: 'external' | 'internal',
): FlowchartType | null {
  if (!chart) return null;
  return {
    kind,
    nodes: chart.nodes.map((n) => ({
      key: n.key,
      kind: n.kind,
      label: n.label,
      post: n.post ?? null,
      duty: n.duty ?? null,
      timeLimitDays: n.timeLimitDays ?? null,
      externalKey: n.externalKey ?? null,
      riskPoints: n.riskPoints ?? [],
    })),
    edges: chart.edges.map((e) => ({ from: e.from, to: e.to, label: e.label ?? null })),
    supervision: chart.supervision ?? null,
    counterpartyRights: chart.counterpartyRights ?? null,
    complaintChannel: chart.complaintChannel ?? null,
    approvedOn: chart.approvedOn ?? null,
    publishedOn: chart.publishedOn ?? null,
    filedOn: chart.filedOn ?? null,
  };
}

/** A stored benchmark as the GraphQL shape: absent optional parts become null. */
export function toDiscretion(d: DiscretionBenchmarkData | null): DiscretionBenchmarkType | null {
  if (!d) return null;
  return {
    tiers: d.tiers.map((t) => ({ ...t, minFine: t.minFine ?? null, maxFine: t.maxFine ?? null })),
    circumstances: d.circumstances,
    applicationRules: d.applicationRules ?? null,
    filedOn: d.filedOn ?? null,
    adjustedOn: d.adjustedOn ?? null,
  };
}

/** Plain content (a draft, a preview) as the GraphQL PowerContent: absent parts become null. */
export function toPowerContent(c: PowerContent): PowerContentType {
  return {
    code: c.code ?? null,
    name: c.name ?? null,
    category: c.category ?? null,
    isKey: c.isKey ?? null,
    subject: c.subject
      ? {
          unitId: c.subject.unitId,
          type: c.subject.type,
          entrustingParty: c.subject.entrustingParty ?? null,
          coImplementerIds: c.subject.coImplementerIds ?? [],
        }
      : null,
    legalBases: c.legalBases
      ? c.legalBases.map((b) => ({
          documentId: b.documentId,
          articles: b.articles,
          excerpt: b.excerpt ?? null,
        }))
      : null,
    legalTimeLimitDays: c.legalTimeLimitDays ?? null,
    promisedTimeLimitDays: c.promisedTimeLimitDays ?? null,
    externalFlow: toFlowchart(c.externalFlow ?? null, 'external'),
    internalFlow: toFlowchart(c.internalFlow ?? null, 'internal'),
    discretion: toDiscretion(c.discretion ?? null),
  };
}

@Resolver(() => PowerType)
export class PowerResolver {
  @Authorized()
  @Query(() => PowerType, { nullable: true, description: 'A power by id or by code' })
  async power(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('code', () => String, { nullable: true }) code?: string,
  ): Promise<Power> {
    return ctx.services.powers.get(
      requireUser(ctx).scope,
      { id, code },
      { current: selects(info, 'current') },
    );
  }

  @Authorized()
  @Query(() => PowerConnection)
  async powers(@Args() args: PowersArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.powers.list(requireUser(ctx).scope, args.filter, args.first, args.after, {
      current: selects(info, 'edges', 'node', 'current'),
    });
  }

  @Authorized('ADMIN', 'LEGAL_REVIEWER')
  @Mutation(() => ImportResult)
  async importPowers(
    @Arg('input', () => [ImportPowerInput]) input: ImportPowerInput[],
    @Ctx() ctx: Context,
  ): Promise<ImportResult> {
    const powers = await ctx.services.powers.importPowers(
      requireUser(ctx).scope,
      input,
      actorOf(ctx),
    );
    return { created: powers.length, powers };
  }

  @FieldResolver(() => Unit)
  async unit(@Root() power: Power, @Ctx() ctx: Context): Promise<Unit> {
    if (power.unit) return power.unit;
    return must(await ctx.loaders.unit.load(power.unitId), `unit of power ${power.id}`);
  }

  @FieldResolver(() => PowerVersionType)
  async current(@Root() power: Power, @Ctx() ctx: Context): Promise<PowerVersion> {
    const id = must(power.currentVersionId, `current version of power ${power.id}`);
    if (power.current?.id === id) return power.current;
    return must(await ctx.loaders.version.load(id), `version ${id}`);
  }

  @FieldResolver(() => [PowerVersionType], {
    description: 'approved versions that take effect later, soonest first',
  })
  async scheduled(@Root() power: Power, @Ctx() ctx: Context): Promise<PowerVersion[]> {
    const versions = await ctx.loaders.versionsByPower.load(power.id);
    const current = versions.find((v) => v.id === power.currentVersionId);
    return versions.filter((v) => v.versionNo > (current?.versionNo ?? 0));
  }

  @FieldResolver(() => [PowerVersionType], { description: 'oldest first, scheduled ones included' })
  async versions(@Root() power: Power, @Ctx() ctx: Context): Promise<PowerVersion[]> {
    return ctx.loaders.versionsByPower.load(power.id);
  }

  @FieldResolver(() => PowerVersionType, {
    nullable: true,
    description: 'the version in force at that instant; null before the first',
  })
  async asOf(@Root() power: Power, @Arg('at', () => DateTimeScalar) at: Date, @Ctx() ctx: Context) {
    return ctx.services.powers.versionAt(power.id, at);
  }

  @FieldResolver(() => PowerStatusEnum, {
    nullable: true,
    description: 'the status at that instant; null before the power existed',
  })
  async statusAsOf(
    @Root() power: Power,
    @Arg('at', () => DateTimeScalar) at: Date,
    @Ctx() ctx: Context,
  ): Promise<PowerStatus | null> {
    return ctx.services.powers.statusAt(power.id, at);
  }

  @FieldResolver(() => [FieldChangeType])
  async diff(
    @Root() power: Power,
    @Arg('fromVersion', () => Int) fromVersion: number,
    @Arg('toVersion', () => Int) toVersion: number,
    @Ctx() ctx: Context,
  ) {
    const versions = await ctx.loaders.versionsByPower.load(power.id);
    const pick = (no: number, path: string) => {
      const v = versions.find((x) => x.versionNo === no);
      if (!v) {
        throw new BadInputError(`权力 ${power.code} 没有第 ${no} 版`, [
          { path, message: `没有第 ${no} 版（共 ${versions.length} 版）` },
        ]);
      }
      return v;
    };
    const a = pick(fromVersion, 'fromVersion');
    const b = pick(toVersion, 'toVersion');
    const [from, to] = await ctx.services.powers.contentsOf([a, b]);
    return diffContents(from!, to!, await diffLabels(ctx.loaders, [from!, to!]));
  }
}

/** A version's flowcharts and benchmark: its own when it was read whole, else from the loader. */
async function content(
  v: PowerVersion,
  ctx: Context,
): Promise<Pick<PowerVersion, 'externalFlow' | 'internalFlow' | 'discretion'>> {
  return v.externalFlow === undefined ? ctx.loaders.versionContent.load(v.id) : v;
}

@Resolver(() => PowerVersionType)
export class PowerVersionResolver {
  @FieldResolver(() => ImplementingSubjectType)
  subject(@Root() v: PowerVersion): ImplementingSubjectType {
    return {
      unitId: v.subjectUnitId,
      type: v.subjectType,
      entrustingParty: v.entrustingParty,
      coImplementerIds: v.coImplementerIds,
    };
  }

  @FieldResolver(() => [LegalBasisType])
  async legalBases(@Root() v: PowerVersion, @Ctx() ctx: Context): Promise<LegalBasisType[]> {
    const rows = await ctx.loaders.basesByVersion.load(v.id);
    return rows.map((b) => ({
      documentId: b.documentId,
      articles: b.articles,
      excerpt: b.excerpt,
    }));
  }

  @FieldResolver(() => FlowchartType, { nullable: true })
  async externalFlow(@Root() v: PowerVersion, @Ctx() ctx: Context): Promise<FlowchartType | null> {
    return toFlowchart((await content(v, ctx)).externalFlow, 'external');
  }

  @FieldResolver(() => FlowchartType, { nullable: true })
  async internalFlow(@Root() v: PowerVersion, @Ctx() ctx: Context): Promise<FlowchartType | null> {
    return toFlowchart((await content(v, ctx)).internalFlow, 'internal');
  }

  @FieldResolver(() => DiscretionBenchmarkType, { nullable: true })
  async discretion(
    @Root() v: PowerVersion,
    @Ctx() ctx: Context,
  ): Promise<DiscretionBenchmarkType | null> {
    return toDiscretion((await content(v, ctx)).discretion);
  }
}

@Resolver(() => ImplementingSubjectType)
export class ImplementingSubjectResolver {
  @FieldResolver(() => Unit)
  async unit(@Root() s: ImplementingSubjectType, @Ctx() ctx: Context): Promise<Unit> {
    return must(await ctx.loaders.unit.load(s.unitId), `subject unit ${s.unitId}`);
  }

  @FieldResolver(() => [Unit])
  async coImplementers(@Root() s: ImplementingSubjectType, @Ctx() ctx: Context): Promise<Unit[]> {
    const units = await ctx.loaders.unit.loadMany(s.coImplementerIds);
    return units.filter((u): u is Unit => u instanceof Unit);
  }
}

@Resolver(() => LegalBasisType)
export class LegalBasisResolver {
  @FieldResolver(() => LegalDocument)
  async document(@Root() b: LegalBasisType, @Ctx() ctx: Context): Promise<LegalDocument> {
    const doc = await ctx.loaders.document.load(b.documentId);
    if (!doc) throw new NotFoundError(`法律文件 ${b.documentId} 不存在`);
    return doc;
  }
}

@Resolver(() => Unit)
export class UnitPowersResolver {
  @FieldResolver(() => PowerConnection)
  async powers(
    @Root() unit: Unit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => PowerFilter, { nullable: true }) filter?: PowerFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return ctx.services.powers.list(
      requireUser(ctx).scope,
      { ...filter, unitId: unit.id },
      first,
      after,
      { current: selects(info, 'edges', 'node', 'current') },
    );
  }
}
