import type { DataSource } from 'typeorm';

import { writeAudit, type Actor } from '../../common/audit';
import { BadInputError, InternalError } from '../../errors';
import { regionInScope, unitInScope, whereInSubtree } from '../access/access';
import type { Scope } from '../access/scope';
import { addDays } from '../calendar/iso-date';
import { Region } from '../catalog/region.entity';
import { Unit } from '../catalog/unit.entity';
import { ensureContentChecks } from '../flow/content-checks';

import { Finding } from './assessment.entity';
import { catalogSnapshot } from './catalog-snapshot';
import type { DetectorInput, DetectorResult } from './detector';
import { DETECTORS } from './detectors';
import { isDetectorId, schemeItems, type SchemeData } from './scheme';
import { SchemeStore } from './scheme-store';
import { composeCard, rankUnits, splitByUnit, type Evaluation } from './scorecard-rules';
import type { DeductionData, ScorecardData, UnitScoreData } from './scorecard.types';
import { round2, type FindingCase } from './scoring';

export interface ScorecardArgs {
  scheme: string;
  unitId?: string | null;
  regionId?: string | null;
  from: string;
  to: string;
}

export interface FindingArgs {
  scheme: string;
  itemCode: string;
  unitId: string;
  points: number;
  reason: string;
  occurredOn: string;
}

/** The first instant after a period ending on `to` (a China Standard Time date). */
export function periodEnd(to: string): Date {
  return new Date(`${addDays(to, 1)}T00:00:00+08:00`);
}

/**
 * Scorecards (DOMAIN.md, "Scoring"): runs each derived item's detector once over the whole scope
 * with set-based queries — the catalog as of the period's end, events inside the period — and
 * scores every item of the scheme, each point with its evidence. A ranking costs the same
 * statements as one scorecard, whatever the number of units.
 */
export class AssessmentService {
  constructor(
    private readonly ds: DataSource,
    readonly schemeStore: SchemeStore = new SchemeStore(ds),
  ) {}

  /** The seed step: stores the schemes of `seeds/schemes/`; loading twice changes nothing. */
  ensureSchemes(): Promise<number> {
    return this.schemeStore.ensureSchemes();
  }

  /** The schemes as stored by the seed step. */
  schemes(): Promise<SchemeData[]> {
    return this.schemeStore.schemes();
  }

  scheme(code: string): Promise<SchemeData> {
    return this.schemeStore.scheme(code);
  }

  private checkPeriod(from: string, to: string): void {
    if (from > to)
      throw new BadInputError('考核期间的开始日期不能晚于结束日期', [
        { path: 'from', message: '不能晚于 to' },
      ]);
  }

  /**
   * Stores the content checks of the versions the snapshot will read that have none yet, in short
   * transactions of their own; a version written after this is checked by the snapshot itself.
   */
  private fillContentChecks(unitIds: string[], end: Date): Promise<number> {
    return ensureContentChecks(this.ds, unitIds, end);
  }

  /** Runs every detector the scheme names once over the units, and reads their findings. */
  private async evaluate(
    scheme: SchemeData,
    unitIds: string[],
    from: string,
    to: string,
  ): Promise<Evaluation> {
    const end = periodEnd(to);
    if (unitIds.length) await this.fillContentChecks(unitIds, end);
    return this.ds.transaction('REPEATABLE READ', async (m) => {
      const { powers: snapshot, documents } = await catalogSnapshot(m, unitIds, end, to);
      const input: DetectorInput = {
        m,
        scheme,
        unitIds,
        from,
        to,
        end,
        snapshot,
        documents,
        param: <T extends number | string | string[]>(name: string, fallback: T) =>
          (scheme.parameters[name]?.value as T | undefined) ?? fallback,
      };
      const byDetector = new Map<string, DetectorResult>();
      const ids = [
        ...new Set(
          schemeItems(scheme)
            .map((i) => i.detector)
            .filter((d): d is string => !!d),
        ),
      ];
      for (const id of ids) {
        if (!isDetectorId(id)) throw new InternalError(`unknown detector ${id}`);
        byDetector.set(id, await DETECTORS[id](input));
      }
      const findings: (FindingCase & { itemCode: string })[] = unitIds.length
        ? (
            await m
              .getRepository(Finding)
              .createQueryBuilder('f')
              .where(
                'f.scheme = :scheme AND f.unit_id = ANY(:units) AND f.occurred_on BETWEEN :from AND :to',
                {
                  scheme: scheme.code,
                  units: unitIds,
                  from,
                  to,
                },
              )
              .orderBy('f.occurred_on')
              .getMany()
          ).map((f) => ({
            id: f.id,
            unitId: f.unitId,
            points: f.points,
            reason: f.reason,
            occurredOn: f.occurredOn,
            itemCode: f.itemCode,
          }))
        : [];
      return { byDetector, findings };
    });
  }

  /** Units of a region's subtree. */
  private async unitsUnder(region: Region): Promise<Unit[]> {
    const qb = this.ds
      .getRepository(Unit)
      .createQueryBuilder('u')
      .innerJoin(Region, 'r', 'r.id = u.region_id');
    return whereInSubtree(qb, 'r', region.path).orderBy('u.code').getMany();
  }

  /** A scorecard of a unit, or of a region taken as one whole; exactly one of the two. */
  async scorecard(scope: Scope, args: ScorecardArgs): Promise<ScorecardData> {
    if (!args.unitId === !args.regionId) {
      throw new BadInputError('请且仅请指定 unitId 或 regionId 之一', [
        { path: 'unitId', message: '与 regionId 二选一' },
        { path: 'regionId', message: '与 unitId 二选一' },
      ]);
    }
    this.checkPeriod(args.from, args.to);
    const scheme = await this.scheme(args.scheme);
    let unitIds: string[];
    let subjectName: string;
    if (args.unitId) {
      const { unit } = await unitInScope(this.ds.manager, scope, args.unitId);
      unitIds = [unit.id];
      subjectName = unit.name;
    } else {
      const region = await regionInScope(this.ds.manager, scope, args.regionId!, 'manage');
      unitIds = (await this.unitsUnder(region)).map((u) => u.id);
      subjectName = region.name;
    }
    const ev = await this.evaluate(scheme, unitIds, args.from, args.to);
    const card = composeCard(scheme, ev);
    return {
      schemeCode: scheme.code,
      schemeName: scheme.name,
      unitId: args.unitId ?? null,
      regionId: args.regionId ?? null,
      subjectName,
      from: args.from,
      to: args.to,
      ...card,
    };
  }

  /** Every unit under the region, best first; ties share a rank (1, 1, 3). */
  async ranking(
    scope: Scope,
    schemeCode: string,
    regionId: string,
    from: string,
    to: string,
  ): Promise<UnitScoreData[]> {
    this.checkPeriod(from, to);
    const scheme = await this.scheme(schemeCode);
    const region = await regionInScope(this.ds.manager, scope, regionId, 'manage');
    const units = await this.unitsUnder(region);
    const ev = splitByUnit(
      await this.evaluate(
        scheme,
        units.map((u) => u.id),
        from,
        to,
      ),
      units.map((u) => u.id),
    );
    return rankUnits(
      units.map((u) => {
        const c = composeCard(scheme, ev.get(u.id)!);
        return { unitId: u.id, code: u.code, score: c.score, deducted: c.deducted };
      }),
    ).map(({ unitId, score, deducted, rank }) => ({ unitId, score, deducted, rank }));
  }

  /** Records an assessor's finding on an item of a scheme, for a unit in scope. */
  async recordFinding(scope: Scope, args: FindingArgs, actor: Actor): Promise<DeductionData> {
    const scheme = await this.scheme(args.scheme);
    const item = schemeItems(scheme).find((i) => i.code === args.itemCode);
    if (!item)
      throw new BadInputError(`考核方案 ${scheme.code} 没有第 ${args.itemCode} 项`, [
        { path: 'input.itemCode', message: '考核项不存在' },
      ]);
    if (!(args.points > 0) || args.points > item.maxPoints) {
      throw new BadInputError(`分值应大于 0 且不超过该项分值 ${item.maxPoints}`, [
        { path: 'input.points', message: `应在 0 到 ${item.maxPoints} 之间` },
      ]);
    }
    return this.ds.transaction(async (m) => {
      const { unit, region } = await unitInScope(m, scope, args.unitId);
      const f = m.create(Finding, {
        scheme: scheme.code,
        itemCode: item.code,
        unitId: unit.id,
        points: round2(args.points),
        reason: args.reason.trim(),
        occurredOn: args.occurredOn,
        createdById: actor.userId,
      });
      await m.save(f);
      await writeAudit(m, actor, {
        operation: 'recordFinding',
        entityIds: [f.id, unit.id],
        scopePath: region.path,
        after: {
          scheme: f.scheme,
          itemCode: f.itemCode,
          points: f.points,
          reason: f.reason,
          occurredOn: f.occurredOn,
        },
      });
      return {
        itemCode: f.itemCode,
        points: f.points,
        reason: f.reason,
        occurredOn: f.occurredOn,
        unitId: f.unitId,
        powerId: null,
        versionId: null,
        changeRequestId: null,
        obligationId: null,
        recordId: f.id,
        manual: true,
      };
    });
  }
}
