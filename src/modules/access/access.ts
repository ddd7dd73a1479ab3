import { In, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';

import { BadInputError, ForbiddenError, NotFoundError, type FieldError } from '../../errors';
import type { PowerContent } from '../catalog/power-content';
import { Power } from '../catalog/power.entity';
import { Region } from '../catalog/region.entity';
import { Unit } from '../catalog/unit.entity';

import {
  pathWithin,
  scopeCoversRegion,
  scopeCoversUnit,
  scopeSeesRegion,
  type Scope,
} from './scope';

/**
 * The one place that answers "may this caller touch this unit / region / power / request /
 * record" (STYLE.md, "Access in one place"; DOMAIN.md, "Scope is a boundary"). Resolvers,
 * services, loaders and HTTP routes call these helpers; nothing else writes a scope check or a
 * subtree `LIKE` by hand. Every helper answers NOT_FOUND for an id that does not exist and
 * FORBIDDEN for one outside the scope, with the same Chinese messages everywhere.
 */

/** What a thing is called in the messages. */
export type Kind = '单位' | '地区' | '权力事项' | '变更申请' | '义务' | '记录';

export function outOfScope(kind: Kind): ForbiddenError {
  return new ForbiddenError(`该${kind}不在您的管辖范围内`);
}

let seq = 0;

/**
 * SQL for "the region path of `alias` is `path` or below it", with its own parameter names.
 * `alias` is a region alias (its `path` column is used) or a full column such as `a.scope_path`.
 */
export function subtreeWhere(
  alias: string,
  path: string,
): { sql: string; params: Record<string, string> } {
  const column = alias.includes('.') ? alias : `${alias}.path`;
  const p = `subtree${++seq % 1_000_000}`;
  return {
    sql: `(${column} = :${p} OR ${column} LIKE :${p}s)`,
    params: { [p]: path, [`${p}s`]: `${path}/%` },
  };
}

/** Adds `subtreeWhere` to a query. */
export function whereInSubtree<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  path: string,
): SelectQueryBuilder<T> {
  const { sql, params } = subtreeWhere(alias, path);
  return qb.andWhere(sql, params);
}

/**
 * For a raw SQL query with positional parameters: the condition that a row (its unit column and
 * its owning unit's region alias) is in the scope. The values are appended to `params`.
 */
export function scopeSql(
  scope: Scope,
  columns: { unit: string; region: string },
  params: unknown[],
): string {
  if (scope.kind === 'all') return 'TRUE';
  if (scope.kind === 'unit') {
    params.push(scope.unitId);
    return `${columns.unit} = $${params.length}`;
  }
  params.push(scope.path, `${scope.path}/%`);
  const column = `${columns.region}.path`;
  return `(${column} = $${params.length - 1} OR ${column} LIKE $${params.length})`;
}

/** FORBIDDEN unless the scope covers the unit (already loaded with its region path). */
export function requireUnitCovered(
  scope: Scope,
  unit: { id: string; regionPath: string },
  kind: Kind = '单位',
): void {
  if (!scopeCoversUnit(scope, unit)) throw outOfScope(kind);
}

/** A unit in the caller's scope, with its region; NOT_FOUND or FORBIDDEN otherwise. */
export async function unitInScope(
  m: EntityManager,
  scope: Scope,
  id: string,
  kind: Kind = '单位',
): Promise<{ unit: Unit; region: Region }> {
  const unit = await m.findOne(Unit, { where: { id }, relations: { region: true } });
  if (!unit?.region) throw new NotFoundError(`单位 ${id} 不存在`);
  requireUnitCovered(scope, { id: unit.id, regionPath: unit.region.path }, kind);
  return { unit, region: unit.region };
}

/**
 * A region the caller may read (`read`: its subtree, or a unit user's own region) or manage
 * (`manage`: its subtree only; a unit scope manages none). NOT_FOUND or FORBIDDEN otherwise.
 */
export async function regionInScope(
  m: EntityManager,
  scope: Scope,
  id: string,
  mode: 'read' | 'manage',
  lock = false,
): Promise<Region> {
  const region = await m.findOne(Region, {
    where: { id },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!region) throw new NotFoundError(`地区 ${id} 不存在`);
  const ok =
    mode === 'read' ? scopeSeesRegion(scope, region) : scopeCoversRegion(scope, region.path);
  if (!ok) throw outOfScope('地区');
  return region;
}

/** A power (by id or code) in the caller's scope, with its unit and region. */
export async function powerInScope(
  m: EntityManager,
  scope: Scope,
  by: { id?: string | null; code?: string | null },
): Promise<Power> {
  const power = await m.findOne(Power, {
    where: by.id ? { id: by.id } : { code: by.code! },
    relations: { unit: { region: true } },
  });
  if (!power?.unit?.region) throw new NotFoundError(`权力事项 ${by.id ?? by.code} 不存在`);
  requireUnitCovered(scope, { id: power.unitId, regionPath: power.unit.region.path }, '权力事项');
  return power;
}

/**
 * Restricts a list to what a scope covers, and to an optional unit or region (its whole subtree).
 * A unit or region named outside the scope is FORBIDDEN; otherwise the list silently holds only
 * what the scope covers. `regionAlias` is the alias of the owning unit's region in the query,
 * `unitColumn` the list's unit column (`p.unit_id`).
 */
export async function restrictToScope<T extends ObjectLiteral>(
  m: EntityManager,
  qb: SelectQueryBuilder<T>,
  scope: Scope,
  filter: { unitId?: string | null; regionId?: string | null } | null | undefined,
  unitColumn: string,
  regionAlias = 'r',
): Promise<void> {
  if (scope.kind === 'unit') qb.andWhere(`${unitColumn} = :scopeUnit`, { scopeUnit: scope.unitId });
  if (scope.kind === 'region') whereInSubtree(qb, regionAlias, scope.path);
  if (filter?.unitId) {
    const { unit } = await unitInScope(m, scope, filter.unitId);
    qb.andWhere(`${unitColumn} = :filterUnit`, { filterUnit: unit.id });
  }
  if (filter?.regionId) {
    // a unit user may name a region their unit is in (their own or above it)
    const region =
      scope.kind === 'unit'
        ? await regionInScope(m, { kind: 'all' }, filter.regionId, 'read')
        : await regionInScope(m, scope, filter.regionId, 'manage');
    if (scope.kind === 'unit' && !pathWithin(scope.path, region.path)) throw outOfScope('地区');
    whereInSubtree(qb, regionAlias, region.path);
  }
}

/** The unit ids a draft names: its subject and co-implementers. */
export function draftUnitIds(draft: Pick<PowerContent, 'subject'> | null | undefined): string[] {
  const s = draft?.subject;
  return s ? [s.unitId, ...(s.coImplementerIds ?? [])] : [];
}

/**
 * The units a draft names, checked (DOMAIN.md, "Scope is a boundary"): the implementing subject
 * is the owning unit itself; each co-implementer is a unit of the owning unit's own region (the
 * same government) or of a region inside the caller's scope. A unit that does not exist is a
 * field error; one the caller may not name is FORBIDDEN, with no name in the message, so a draft
 * cannot be used to read other units. `units` holds the named units (with their regions) that
 * exist; `path` is the draft's path in the input (`input.draft`). Returns the field errors, for
 * the caller to report with its own.
 */
export function draftUnitProblems(
  scope: Scope,
  owner: { unitId: string; regionId: string },
  draft: Pick<PowerContent, 'subject'>,
  units: ReadonlyMap<string, Unit>,
  path: string,
): FieldError[] {
  const s = draft.subject;
  if (!s) return [];
  const covers = (u: Unit) => scopeCoversUnit(scope, { id: u.id, regionPath: u.region!.path });
  const fields: FieldError[] = [];
  const subject = units.get(s.unitId);
  if (!subject) fields.push({ path: `${path}.subject.unitId`, message: '实施主体单位不存在' });
  else if (subject.id !== owner.unitId) {
    if (!covers(subject)) throw outOfScope('单位');
    fields.push({ path: `${path}.subject.unitId`, message: '实施主体必须是事项所属单位本身' });
  }
  (s.coImplementerIds ?? []).forEach((id, j) => {
    const u = units.get(id);
    if (!u) {
      fields.push({
        path: `${path}.subject.coImplementerIds[${j}]`,
        message: '共同实施主体单位不存在',
      });
    } else if (u.regionId !== owner.regionId && !covers(u)) {
      throw outOfScope('单位');
    }
  });
  return fields;
}

/** The units of these ids that exist, with their regions, by id (one query). */
export async function unitsById(m: EntityManager, ids: string[]): Promise<Map<string, Unit>> {
  if (!ids.length) return new Map();
  const units = await m.find(Unit, { where: { id: In(ids) }, relations: { region: true } });
  return new Map(units.map((u) => [u.id, u]));
}

/** `draftUnitProblems` of one draft, thrown as BAD_USER_INPUT when there are any. */
export async function requireDraftUnits(
  m: EntityManager,
  scope: Scope,
  owner: { unitId: string; regionId: string },
  draft: Pick<PowerContent, 'subject'> | null | undefined,
  path: string,
): Promise<void> {
  if (!draft?.subject) return;
  const fields = draftUnitProblems(
    scope,
    owner,
    draft,
    await unitsById(m, draftUnitIds(draft)),
    path,
  );
  if (fields.length) throw new BadInputError('实施主体有误', fields);
}
