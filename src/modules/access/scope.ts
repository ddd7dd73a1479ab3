import type { Role } from '../../common/enums';

/**
 * What a user may see and touch (DOMAIN.md, "Who uses it"): everything (admin), a region's subtree
 * (reviewers, assessors), or one unit (the unit's legal office and staff).
 */
export type Scope =
  | { kind: 'all' }
  | { kind: 'region'; regionId: string; path: string }
  | { kind: 'unit'; unitId: string; regionId: string; path: string };

/** A region path is inside a subtree when it is the subtree's root or below it. */
export function pathWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(root + '/');
}

/** Whether the scope covers a unit (by its id and its region's path). */
export function scopeCoversUnit(scope: Scope, unit: { id: string; regionPath: string }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'region':
      return pathWithin(unit.regionPath, scope.path);
    case 'unit':
      return scope.unitId === unit.id;
  }
}

/** Whether the scope covers a whole region (a unit scope covers none). */
export function scopeCoversRegion(scope: Scope, regionPath: string): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'region') return pathWithin(regionPath, scope.path);
  return false;
}

/** Whether the scope may read a region: its subtree, or a unit user's own region. */
export function scopeSeesRegion(scope: Scope, region: { id: string; path: string }): boolean {
  if (scope.kind === 'unit') return region.id === scope.regionId;
  return scopeCoversRegion(scope, region.path);
}

export const UNIT_ROLES: readonly Role[] = ['UNIT_LEGAL', 'UNIT_OPERATOR'];
export const REGION_ROLES: readonly Role[] = ['LEGAL_REVIEWER', 'ASSESSOR'];
