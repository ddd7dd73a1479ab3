import DataLoader from 'dataloader';
import {
  type DataSource,
  type EntityTarget,
  type ObjectLiteral,
  type SelectQueryBuilder,
} from 'typeorm';

import { Appeal, Finding } from '../modules/assessment/assessment.entity';
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

type VersionContent = Pick<PowerVersion, 'externalFlow' | 'internalFlow' | 'discretion'>;
const NO_CONTENT: VersionContent = { externalFlow: null, internalFlow: null, discretion: null };

/** The heavy JSON columns of a version, which lists and look-ups leave out unless asked for. */
export const VERSION_CONTENT_COLUMNS = ['externalFlow', 'internalFlow', 'discretion'] as const;

/** The properties of a version a lean read selects: all but its flowcharts and benchmark. */
function leanColumns(ds: DataSource, alias: string): string[] {
  return ds
    .getMetadata(PowerVersion)
    .columns.filter((c) => !(VERSION_CONTENT_COLUMNS as readonly string[]).includes(c.propertyName))
    .map((c) => `${alias}.${c.propertyName}`);
}

/**
 * A query of versions without their flowcharts and benchmark (tens of kB a version): those
 * properties stay `undefined` and the fields that show them read `versionContent`.
 */
export function leanVersions(ds: DataSource, alias = 'v') {
  return ds.getRepository(PowerVersion).createQueryBuilder(alias).select(leanColumns(ds, alias));
}

/** Joins a version, lean, into another query, mapped onto `property` (`p.current`). */
export function joinLeanVersion<T extends ObjectLiteral>(
  ds: DataSource,
  qb: SelectQueryBuilder<T>,
  property: string,
  alias: string,
  condition: string,
): void {
  qb.leftJoinAndMapOne(property, PowerVersion, alias, condition);
  qb.expressionMap.selects = qb.expressionMap.selects.filter((s) => s.selection !== alias);
  qb.addSelect(leanColumns(ds, alias));
}

/**
 * A loader of rows by id: one `WHERE id = ANY($1)` per batch (one array parameter, so the statement
 * text is the same for any batch and stays prepared), `null` for ids not found.
 */
function byId<T extends ObjectLiteral & { id: string }>(
  ds: DataSource,
  entity: EntityTarget<T>,
): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await ds
      .getRepository(entity)
      .createQueryBuilder('x')
      .where('x.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
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
    const qb = ds
      .getRepository(entity)
      .createQueryBuilder('x')
      .where(`x.${column} = ANY(:keys)`, { keys: [...keys] });
    for (const [property, direction] of Object.entries(order)) {
      qb.addOrderBy(`x.${property}`, direction as 'ASC' | 'DESC');
    }
    const rows = await qb.getMany();
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
  const document = byId(ds, LegalDocument);
  return {
    region: byId(ds, Region),
    unit: byId(ds, Unit),
    user: byId(ds, User),
    document,
    power: byId(ds, Power),
    /** versions without their flowcharts and benchmark (see `leanVersions`) */
    version: new DataLoader<string, PowerVersion | null>(async (ids) => {
      const rows = await leanVersions(ds)
        .where('v.id = ANY(:ids)', { ids: [...ids] })
        .getMany();
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    /** the JSON content of versions read lean: flowcharts and the discretion benchmark */
    versionContent: new DataLoader<string, VersionContent>(async (ids) => {
      const rows = await ds
        .getRepository(PowerVersion)
        .createQueryBuilder('v')
        .select(['v.id', 'v.externalFlow', 'v.internalFlow', 'v.discretion'])
        .where('v.id = ANY(:ids)', { ids: [...ids] })
        .getMany();
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? NO_CONTENT);
    }),
    versionsByPower: manyBy(ds, PowerVersion, 'powerId', { versionNo: 'ASC' }),
    /** a version's bases with their documents in one statement; the documents fill `document` */
    basesByVersion: new DataLoader<string, PowerVersionBasis[]>(async (keys) => {
      const rows = await ds
        .getRepository(PowerVersionBasis)
        .createQueryBuilder('b')
        .innerJoinAndMapOne('b.document', LegalDocument, 'd', 'd.id = b.document_id')
        .where('b.version_id = ANY(:keys)', { keys: [...keys] })
        .orderBy('b.ord', 'ASC')
        .getMany();
      const groups = new Map<string, PowerVersionBasis[]>(keys.map((k) => [k, []]));
      for (const r of rows) {
        if (r.document) document.prime(r.document.id, r.document);
        groups.get(r.versionId)?.push(r);
      }
      return keys.map((k) => groups.get(k) ?? []);
    }),
    childRegions: manyBy(ds, Region, 'parentId', { code: 'ASC' }),
    unitsByRegion: manyBy(ds, Unit, 'regionId', { code: 'ASC' }),
    changeRequest: byId(ds, ChangeRequest),
    obligation: byId(ds, Obligation),
    amendment: byId(ds, LegalAmendment),
    finding: byId(ds, Finding),
    appeal: byId(ds, Appeal),
    changeRequestsByPower: manyBy(ds, ChangeRequest, 'powerId', { createdAt: 'ASC' }),
    obligationsByPower: manyBy(ds, Obligation, 'powerId', { dueOn: 'ASC' }),
    obligationsByAmendment: manyBy(ds, Obligation, 'amendmentId', { dueOn: 'ASC' }),
    /** the obligations each change request answers, by due date */
    obligationsByRequest: new DataLoader(async (ids: readonly string[]) => {
      const rows: (Obligation & { answeredBy?: string })[] = await ds
        .getRepository(Obligation)
        .createQueryBuilder('o')
        .innerJoin('change_request_obligation', 'l', 'l.obligation_id = o.id')
        .addSelect('l.change_request_id', 'by')
        .where('l.change_request_id = ANY(:ids)', { ids: [...ids] })
        .orderBy('o.due_on', 'ASC', 'NULLS LAST')
        .addOrderBy('o.id', 'ASC')
        .getRawAndEntities()
        .then(({ raw, entities }) =>
          entities.map((e, i) => Object.assign(e, { answeredBy: (raw[i] as { by: string }).by })),
        );
      return ids.map((id) => rows.filter((o) => o.answeredBy === id));
    }),
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
