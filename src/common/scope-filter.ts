import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import { ForbiddenError, NotFoundError } from '../errors';
import { scopeCoversRegion, scopeCoversUnit, type Scope } from '../modules/auth/scope';
import { Region } from '../modules/catalog/region.entity';
import { Unit } from '../modules/catalog/unit.entity';

/**
 * Restricts a list to what a scope covers, and to an optional unit or region (its whole subtree).
 * A unit or region named outside the scope is FORBIDDEN; otherwise the list silently holds only
 * what the scope covers. The query must join the owning unit's region as `r`; `unitColumn` is the
 * list's unit column (`p.unit_id`).
 */
export async function restrictToScope<T extends ObjectLiteral>(
  ds: DataSource,
  qb: SelectQueryBuilder<T>,
  scope: Scope,
  filter: { unitId?: string | null; regionId?: string | null } | null | undefined,
  unitColumn: string,
): Promise<void> {
  const subtree = (name: string, path: string) =>
    qb.andWhere(`(r.path = :${name} OR r.path LIKE :${name}Sub)`, {
      [name]: path,
      [`${name}Sub`]: `${path}/%`,
    });
  if (scope.kind === 'unit') qb.andWhere(`${unitColumn} = :scopeUnit`, { scopeUnit: scope.unitId });
  if (scope.kind === 'region') subtree('scopePath', scope.path);
  if (filter?.unitId) {
    const unit = await ds
      .getRepository(Unit)
      .findOne({ where: { id: filter.unitId }, relations: { region: true } });
    if (!unit?.region) throw new NotFoundError(`单位 ${filter.unitId} 不存在`);
    if (!scopeCoversUnit(scope, { id: unit.id, regionPath: unit.region.path })) {
      throw new ForbiddenError('该单位不在您的管辖范围内');
    }
    qb.andWhere(`${unitColumn} = :filterUnit`, { filterUnit: unit.id });
  }
  if (filter?.regionId) {
    const region = await ds.getRepository(Region).findOneBy({ id: filter.regionId });
    if (!region) throw new NotFoundError(`地区 ${filter.regionId} 不存在`);
    if (scope.kind !== 'unit' && !scopeCoversRegion(scope, region.path)) {
      throw new ForbiddenError('该地区不在您的管辖范围内');
    }
    subtree('filterPath', region.path);
  }
}
