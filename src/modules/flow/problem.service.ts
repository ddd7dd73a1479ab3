import { In, type DataSource, type EntityManager } from 'typeorm';

import { must } from '../../errors';
import type { LegalBasisData, PowerContent, PowerStatus, Problem } from '../catalog/power-content';
import { PowerVersion } from '../catalog/power-version.entity';
import { Power } from '../catalog/power.entity';
import { Unit } from '../catalog/unit.entity';
import { chinaDate } from '../change/change-rules';

import { loadProblemContexts } from './problem-context';
import { problemsOf, type NamedPower } from './problems';

/** The legal bases of these versions, each in its order, by version id: one statement. */
export async function basesOfVersions(
  m: EntityManager | DataSource,
  versionIds: readonly string[],
): Promise<Map<string, LegalBasisData[]>> {
  const out = new Map<string, LegalBasisData[]>();
  if (!versionIds.length) return out;
  const rows: (LegalBasisData & { versionId: string })[] = await m.query(
    `SELECT version_id AS "versionId", document_id AS "documentId", articles, excerpt
       FROM power_version_basis WHERE version_id = ANY($1) ORDER BY version_id, ord`,
    [versionIds],
  );
  for (const { versionId, ...basis } of rows) {
    const list = out.get(versionId);
    if (list) list.push(basis);
    else out.set(versionId, [basis]);
  }
  return out;
}

/** A version's content as plain data, given its bases. */
export function contentOf(v: PowerVersion, bases: readonly LegalBasisData[]): PowerContent {
  return {
    code: v.code,
    name: v.name,
    category: v.category,
    isKey: v.isKey,
    subject: {
      unitId: v.subjectUnitId,
      type: v.subjectType,
      entrustingParty: v.entrustingParty,
      coImplementerIds: v.coImplementerIds,
    },
    legalBases: bases.map((b) => ({
      documentId: b.documentId,
      articles: b.articles,
      excerpt: b.excerpt,
    })),
    legalTimeLimitDays: v.legalTimeLimitDays,
    promisedTimeLimitDays: v.promisedTimeLimitDays,
    externalFlow: v.externalFlow,
    internalFlow: v.internalFlow,
    discretion: v.discretion,
  };
}

/**
 * Loads what the pure problem checks (`problems.ts`) need from the database, for one draft or for
 * a whole page of powers at a fixed number of statements.
 */
export class ProblemService {
  constructor(private readonly ds: DataSource) {}

  private async units(unitIds: string[]): Promise<Map<string, Unit>> {
    const units = await this.ds
      .getRepository(Unit)
      .find({ where: { id: In(unitIds) }, relations: { region: true } });
    return new Map(units.map((u) => [u.id, u]));
  }

  /** Every live power of these units, by name: what the duplicate-name check compares against. */
  private async liveNames(unitIds: string[]): Promise<NamedPower[]> {
    const rows = await this.ds.getRepository(Power).find({
      where: { unitId: In(unitIds) },
      select: { id: true, unitId: true, name: true, status: true, code: true },
    });
    return rows.map((p) => ({
      powerId: p.id,
      unitId: p.unitId,
      name: p.name,
      status: p.status,
      code: p.code,
    }));
  }

  /** The problems of content a request would result in (a draft is checked against its unit). */
  async problemsOf(
    content: PowerContent,
    facts: { unitId: string; powerId: string | null; status: PowerStatus },
  ): Promise<Problem[]> {
    const units = await this.units([facts.unitId]);
    const unit = units.get(facts.unitId)!;
    const contexts = await loadProblemContexts(this.ds, {
      documentIds: (content.legalBases ?? []).map((b) => b.documentId),
      asOf: chinaDate(new Date()),
      names: await this.liveNames([facts.unitId]),
      mode: 'draft',
    });
    return problemsOf(
      {
        powerId: facts.powerId ?? 'new-power',
        unitId: facts.unitId,
        unitCode: unit.code,
        status: facts.status,
        content,
      },
      contexts.forRegion(must(unit.region, 'region of unit').path),
    );
  }

  /**
   * The problems of the current versions of many powers: seven statements whatever their number
   * (powers, versions, bases, units with regions, names of their units, documents with their
   * amendments, regions' coding rules).
   */
  async forPowers(powerIds: readonly string[], asOf = chinaDate(new Date())): Promise<Problem[][]> {
    const powers = await this.ds.getRepository(Power).findBy({ id: In([...powerIds]) });
    const versionIds = powers.map((p) => p.currentVersionId).filter((id): id is string => !!id);
    const versions = versionIds.length
      ? await this.ds.getRepository(PowerVersion).findBy({ id: In(versionIds) })
      : [];
    const basesByVersion = await basesOfVersions(this.ds, versionIds);
    const unitIds = [...new Set(powers.map((p) => p.unitId))];
    const units = await this.units(unitIds);
    const contexts = await loadProblemContexts(this.ds, {
      documentIds: [...basesByVersion.values()].flat().map((b) => b.documentId),
      asOf,
      names: await this.liveNames(unitIds),
      mode: 'catalog',
    });
    const versionById = new Map(versions.map((v) => [v.id, v]));
    const byId = new Map(powers.map((p) => [p.id, p]));

    return powerIds.map((id) => {
      const power = byId.get(id);
      const version = power?.currentVersionId ? versionById.get(power.currentVersionId) : undefined;
      if (!power || !version) return [];
      const unit = units.get(power.unitId)!;
      return problemsOf(
        {
          powerId: power.id,
          unitId: power.unitId,
          unitCode: unit.code,
          status: power.status,
          content: contentOf(version, basesByVersion.get(version.id) ?? []),
        },
        contexts.forRegion(must(unit.region, 'region of unit').path),
      );
    });
  }
}
