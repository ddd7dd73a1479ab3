import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';

import { actorOf, requireUser, type Context } from '../../context';
import { must } from '../../errors';
import { scopeCoversUnit, scopeSeesRegion } from '../access/scope';
import { WindowPolicy, windowPolicyOf } from '../change/window-policy';

import { CreateRegionInput, CreateUnitInput } from './catalog.input';
import { CodingRuleView } from './coding-rule.type';
import { Region } from './region.entity';
import { Unit } from './unit.entity';

@Resolver(() => Region)
export class RegionResolver {
  @Authorized()
  @Query(() => [Region], { description: 'The regions in your scope, province first' })
  async regions(@Ctx() ctx: Context): Promise<Region[]> {
    return ctx.services.regions.list(requireUser(ctx).scope);
  }

  @Authorized()
  @Query(() => Region, { nullable: true })
  async region(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Region> {
    return ctx.services.regions.get(id, requireUser(ctx).scope);
  }

  @Authorized('ADMIN')
  @Mutation(() => Region)
  async createRegion(@Arg('input') input: CreateRegionInput, @Ctx() ctx: Context): Promise<Region> {
    return ctx.services.regions.createRegion(input, actorOf(ctx));
  }

  @FieldResolver(() => Region, { nullable: true })
  async parent(@Root() region: Region, @Ctx() ctx: Context): Promise<Region | null> {
    if (!region.parentId) return null;
    const parent = await ctx.loaders.region.load(region.parentId);
    // Above one's scope, the parent is not shown.
    return parent && scopeSeesRegion(requireUser(ctx).scope, parent) ? parent : null;
  }

  @FieldResolver(() => [Region])
  async children(@Root() region: Region, @Ctx() ctx: Context): Promise<Region[]> {
    const scope = requireUser(ctx).scope;
    const children = await ctx.loaders.childRegions.load(region.id);
    return children.filter((c) => scopeSeesRegion(scope, c));
  }

  @FieldResolver(() => [Unit])
  async units(@Root() region: Region, @Ctx() ctx: Context): Promise<Unit[]> {
    const scope = requireUser(ctx).scope;
    const units = await ctx.loaders.unitsByRegion.load(region.id);
    return units.filter((u) => scopeCoversUnit(scope, { id: u.id, regionPath: region.path }));
  }

  @FieldResolver(() => WindowPolicy)
  windowPolicy(@Root() region: Region): WindowPolicy {
    return windowPolicyOf(region);
  }

  @FieldResolver(() => CodingRuleView, {
    description:
      'the coding rule its powers’ codes must follow (its own or its nearest ancestor’s)',
  })
  async codingRule(@Root() region: Region, @Ctx() ctx: Context): Promise<CodingRuleView> {
    const rule = await ctx.loaders.codingRule.load(region.path);
    return { pattern: rule.pattern, isDefault: rule.definedIn === null, definedIn: rule.definedIn };
  }

  @Authorized('ADMIN', 'LEGAL_REVIEWER')
  @Mutation(() => Region, {
    description:
      'Sets the coding rule of a region and the regions under it that set none; null goes back to the inherited rule',
  })
  async setCodingRule(
    @Arg('regionId', () => ID) regionId: string,
    @Arg('pattern', () => String, { nullable: true }) pattern: string | null,
    @Ctx() ctx: Context,
  ): Promise<Region> {
    return ctx.services.regions.setCodingRule(
      regionId,
      pattern,
      requireUser(ctx).scope,
      actorOf(ctx),
    );
  }
}

@Resolver(() => CodingRuleView)
export class CodingRuleResolver {
  @FieldResolver(() => Region, {
    nullable: true,
    description: 'the region that sets this rule; null for the default, or when above your scope',
  })
  async definedIn(@Root() rule: CodingRuleView, @Ctx() ctx: Context): Promise<Region | null> {
    if (!rule.definedIn) return null;
    const region = await ctx.loaders.region.load(rule.definedIn.id);
    return region && scopeSeesRegion(requireUser(ctx).scope, region) ? region : null;
  }
}

@Resolver(() => Unit)
export class UnitResolver {
  @Authorized()
  @Query(() => Unit, { nullable: true })
  async unit(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Unit> {
    return (await ctx.services.regions.getUnit(id, requireUser(ctx).scope)).unit;
  }

  @Authorized('ADMIN')
  @Mutation(() => Unit)
  async createUnit(@Arg('input') input: CreateUnitInput, @Ctx() ctx: Context): Promise<Unit> {
    return ctx.services.regions.createUnit(input, actorOf(ctx));
  }

  @FieldResolver(() => Region)
  async region(@Root() unit: Unit, @Ctx() ctx: Context): Promise<Region> {
    return must(await ctx.loaders.region.load(unit.regionId), `region of unit ${unit.id}`);
  }
}
