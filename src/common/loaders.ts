import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral, type EntityTarget } from 'typeorm';

import { User } from '../modules/auth/user.entity';
import { codingRulesInForce } from '../modules/catalog/coding-rules';
import { LegalDocument } from '../modules/catalog/legal-document.entity';
import { PowerVersion, PowerVersionBasis } from '../modules/catalog/power-version.entity';
import { Power } from '../modules/catalog/power.entity';
import { Region } from '../modules/catalog/region.entity';
import { Unit } from '../modules/catalog/unit.entity';
import { ChangeRequest } from '../modules/change/change-request.entity';
import { LegalAmendment, Obligation } from '../modules/change/obligation.entity';
import { ProblemService } from '../modules/flow/problem.service';
import { codingRuleFor } from '../modules/flow/problems';

/** A loader of rows by id: one `WHERE id IN (…)` per batch, `null` for ids not found. */
function byId<T extends ObjectLiteral & { id: string }>(
  ds: DataSource,
  entity: EntityTarget<T>,
): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await ds.getRepository(entity).findBy({ id: In([...ids]) } as never);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/** A loader of the rows that point at each key through `column`, in `order`. */
function manyBy<T extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  column: keyof T & string,
  order: Partial<Record<keyof T & string, 'ASC' | 'DESC'>>,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await ds
      .getRepository(entity)
      .find({ where: { [column]: In([...keys]) } as never, order: order as never });
    const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const r of rows) groups.get(r[column] as string)?.push(r);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/**
 * The per-request loaders: every relation a list can reach goes through one of these, so a page
 * of results costs a fixed number of statements whatever its size.
 */
export function createLoaders(ds: DataSource) {
  return {
    region: byId(ds, Region),
    unit: byId(ds, Unit),
    user: byId(ds, User),
    document: byId(ds, LegalDocument),
    power: byId(ds, Power),
    version: byId(ds, PowerVersion),
    versionsByPower: manyBy(ds, PowerVersion, 'powerId', { versionNo: 'ASC' }),
    basesByVersion: manyBy(ds, PowerVersionBasis, 'versionId', { ord: 'ASC' }),
    childRegions: manyBy(ds, Region, 'parentId', { code: 'ASC' }),
    unitsByRegion: manyBy(ds, Unit, 'regionId', { code: 'ASC' }),
    changeRequest: byId(ds, ChangeRequest),
    obligation: byId(ds, Obligation),
    amendment: byId(ds, LegalAmendment),
    changeRequestsByPower: manyBy(ds, ChangeRequest, 'powerId', { createdAt: 'ASC' }),
    obligationsByPower: manyBy(ds, Obligation, 'powerId', { dueOn: 'ASC' }),
    obligationsByAmendment: manyBy(ds, Obligation, 'amendmentId', { dueOn: 'ASC' }),
    amendmentsByDocument: manyBy(ds, LegalAmendment, 'documentId', { amendedOn: 'ASC' }),
    problems: new DataLoader((ids: readonly string[]) => new ProblemService(ds).forPowers(ids)),
    /** the coding rule in force by region path: one statement for any number of regions */
    codingRule: new DataLoader(async (paths: readonly string[]) => {
      const ruled = await codingRulesInForce(ds);
      return paths.map((p) => codingRuleFor(p, ruled));
    }),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
