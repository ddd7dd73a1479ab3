import type { DataSource } from 'typeorm';

import { writeAudit, type Actor } from '../../common/audit';
import { BadInputError, ConflictError, NotFoundError } from '../../errors';
import { regionInScope, unitInScope, whereInSubtree } from '../access/access';
import type { Scope } from '../access/scope';
import { windowPolicyOf, type WindowPolicy } from '../change/window-policy';
import { codingRuleErrors } from '../flow/problems';

import type { CreateRegionInput, CreateUnitInput } from './catalog.input';
import { Region } from './region.entity';
import { Unit } from './unit.entity';

const PARENT_LEVEL = { PROVINCE: null, CITY: 'PROVINCE', COUNTY: 'CITY' } as const;

/** Regions and units: the places and bodies the catalog is kept for. */
export class RegionService {
  constructor(private readonly ds: DataSource) {}

  /** The regions a scope may read, by code: a subtree, or a unit user's own region. */
  async list(scope: Scope): Promise<Region[]> {
    const qb = this.ds.getRepository(Region).createQueryBuilder('r').orderBy('r.path', 'ASC');
    if (scope.kind === 'region') {
      whereInSubtree(qb, 'r', scope.path);
    } else if (scope.kind === 'unit') {
      qb.where('r.id = :id', { id: scope.regionId });
    }
    return qb.getMany();
  }

  async get(id: string, scope: Scope): Promise<Region> {
    return regionInScope(this.ds.manager, scope, id, 'read');
  }

  async getUnit(id: string, scope: Scope): Promise<{ unit: Unit; region: Region }> {
    return unitInScope(this.ds.manager, scope, id);
  }

  /** Creates a region under its parent: a province has none, a city a province, a county a city. */
  async createRegion(input: CreateRegionInput, actor: Actor): Promise<Region> {
    return this.ds.transaction(async (m) => {
      const wantParent = PARENT_LEVEL[input.level];
      let parent: Region | null = null;
      if (input.parentId) {
        parent = await m.findOneBy(Region, { id: input.parentId });
        if (!parent) throw new NotFoundError(`上级地区 ${input.parentId} 不存在`);
      }
      if (wantParent === null && parent) {
        throw new BadInputError('省级地区不能有上级地区', [
          { path: 'input.parentId', message: '省级地区不能有上级' },
        ]);
      }
      if (wantParent !== null && parent?.level !== wantParent) {
        const msg = `${input.level === 'CITY' ? '市级' : '县级'}地区的上级必须是${wantParent === 'PROVINCE' ? '省级' : '市级'}地区`;
        throw new BadInputError(msg, [{ path: 'input.parentId', message: msg }]);
      }
      if (await m.existsBy(Region, { code: input.code })) {
        throw new ConflictError(`地区代码 ${input.code} 已存在`);
      }
      const region = m.create(Region, {
        code: input.code,
        name: input.name.trim(),
        level: input.level,
        parentId: parent?.id ?? null,
        path: parent ? `${parent.path}/${input.code}` : input.code,
        windowDays: input.windowPolicy?.days ?? null,
        windowCount: input.windowPolicy?.count ?? null,
        windowMeasure: input.windowPolicy?.measure ?? null,
      });
      await m.insert(Region, region);
      await writeAudit(m, actor, {
        operation: 'createRegion',
        entityIds: [region.id],
        scopePath: region.path,
        after: {
          code: region.code,
          name: region.name,
          level: region.level,
          parentId: region.parentId,
        },
      });
      return region;
    });
  }

  /** Sets a region's window policy: an admin anywhere, a legal office for its own subtree. */
  async setWindowPolicy(
    regionId: string,
    policy: WindowPolicy,
    scope: Scope,
    actor: Actor,
  ): Promise<Region> {
    return this.ds.transaction(async (m) => {
      const region = await regionInScope(m, scope, regionId, 'manage');
      const before = windowPolicyOf(region);
      region.windowDays = policy.days;
      region.windowCount = policy.count;
      region.windowMeasure = policy.measure;
      await m.update(
        Region,
        { id: region.id },
        { windowDays: policy.days, windowCount: policy.count, windowMeasure: policy.measure },
      );
      await writeAudit(m, actor, {
        operation: 'setWindowPolicy',
        entityIds: [region.id],
        scopePath: region.path,
        before,
        after: { days: policy.days, count: policy.count, measure: policy.measure },
      });
      return region;
    });
  }

  /**
   * Sets a region's coding rule (null: clears it, so the region follows its nearest ancestor's or
   * the default): an admin anywhere, a legal office for its own subtree. Codes already in the
   * catalog are not rewritten; those that break the new rule show as problems. The change is kept
   * in `region_coding_rule`, so a past period is still judged by the rule it had.
   */
  async setCodingRule(
    regionId: string,
    pattern: string | null,
    scope: Scope,
    actor: Actor,
  ): Promise<Region> {
    const rule = pattern === null ? null : pattern.trim();
    if (rule !== null) {
      const errors =
        rule.length === 0
          ? ['编码规则不能为空；要改用上级地区的规则，请传 null']
          : rule.length > 100
            ? ['编码规则不能超过 100 个字符']
            : codingRuleErrors(rule);
      if (errors.length)
        throw new BadInputError(
          '编码规则无效',
          errors.map((message) => ({ path: 'pattern', message })),
        );
    }
    return this.ds.transaction(async (m) => {
      // locked, so the history of one region is written in order
      const region = await regionInScope(m, scope, regionId, 'manage', true);
      const [last]: { pattern: string | null }[] = await m.query(
        `SELECT pattern FROM region_coding_rule WHERE region_id = $1 ORDER BY valid_from DESC LIMIT 1`,
        [region.id],
      );
      const before = last?.pattern ?? null;
      await m.query(
        `INSERT INTO region_coding_rule (region_id, pattern, valid_from, set_by_id)
         VALUES ($1, $2, clock_timestamp(), $3)`,
        [region.id, rule, actor.userId],
      );
      await writeAudit(m, actor, {
        operation: 'setCodingRule',
        entityIds: [region.id],
        scopePath: region.path,
        before: { codingRule: before },
        after: { codingRule: rule },
      });
      return region;
    });
  }

  async createUnit(input: CreateUnitInput, actor: Actor): Promise<Unit> {
    return this.ds.transaction(async (m) => {
      const region = await m.findOneBy(Region, { id: input.regionId });
      if (!region) throw new NotFoundError(`地区 ${input.regionId} 不存在`);
      if (await m.existsBy(Unit, { code: input.code })) {
        throw new ConflictError(`单位编码 ${input.code} 已存在`);
      }
      const unit = m.create(Unit, {
        code: input.code,
        name: input.name.trim(),
        regionId: region.id,
      });
      await m.insert(Unit, unit);
      await writeAudit(m, actor, {
        operation: 'createUnit',
        entityIds: [unit.id, region.id],
        scopePath: region.path,
        after: { code: unit.code, name: unit.name, regionId: unit.regionId },
      });
      return unit;
    });
  }
}
