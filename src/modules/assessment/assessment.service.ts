import type { DataSource, EntityManager } from 'typeorm';

import { writeAudit, type Actor } from '../../common/audit';
import { BadInputError, ForbiddenError, InternalError, NotFoundError, must } from '../../errors';
import { scopeCoversRegion, scopeCoversUnit, type Scope } from '../auth/scope';
import { addDays } from '../calendar/iso-date';
import { codingRulesInForce } from '../catalog/coding-rules';
import type { LegalDocumentFacts, PowerCategory, PowerStatus } from '../catalog/power-content';
import { Region } from '../catalog/region.entity';
import { Unit } from '../catalog/unit.entity';
import { ensureContentChecks, loadVersionContents } from '../flow/content-checks';
import { basesOfVersions } from '../flow/problem.service';
import {
  CONTENT_CHECKS_REVISION,
  codingRuleFor,
  contentProblems,
  findDuplicateNames,
  problemsOf,
  type ContentProblems,
} from '../flow/problems';

import { AssessmentSchemeRecord, Finding } from './assessment.entity';
import type { DetectedCase, DetectorInput, PowerSnapshot, SnapshotContent } from './detector';
import { DETECTORS } from './detectors';
import { isDetectorId, loadSchemes, schemeItems, validateScheme, type SchemeData } from './scheme';
import type {
  DeductionData,
  ScorecardData,
  SectionScoreData,
  UnitScoreData,
} from './scorecard.types';
import { round2, scoreItem, type FindingCase } from './scoring';

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

/** What the detectors found for a set of units, per detector. */
interface Evaluation {
  byDetector: Map<string, { cases: DetectedCase[]; applicable: Map<string, number> }>;
  findings: (FindingCase & { itemCode: string })[];
}

interface SnapshotRow {
  power_id: string;
  unit_id: string;
  unit_code: string;
  region_path: string;
  created_at: Date;
  version_id: string;
  version_no: number;
  valid_from: Date;
  code: string;
  name: string;
  category: PowerCategory;
  is_key: boolean;
  has_external_flow: boolean;
  external_approved_on: string | null;
  has_discretion: boolean;
  discretion_adjusted_on: string | null;
  discretion_filed_on: string | null;
  content_problems: ContentProblems | null;
  status: PowerStatus;
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
  private cache: Promise<SchemeData[]> | null = null;

  constructor(private readonly ds: DataSource) {}

  /** The seed step: stores the schemes of `seeds/schemes/`; loading twice changes nothing. */
  async ensureSchemes(): Promise<number> {
    const schemes = loadSchemes();
    for (const s of schemes) {
      const problems = validateScheme(s);
      if (problems.length) throw new InternalError(`scheme ${s.code}: ${problems.join('; ')}`);
    }
    const existing = await this.ds.getRepository(AssessmentSchemeRecord).find();
    const same = new Map(existing.map((e) => [e.code, JSON.stringify(e.data)]));
    const changed = schemes.filter((s) => same.get(s.code) !== JSON.stringify(s));
    if (changed.length) {
      await this.ds.getRepository(AssessmentSchemeRecord).upsert(
        changed.map((s) => ({ code: s.code, data: s, loadedAt: new Date() })),
        ['code'],
      );
    }
    this.cache = null;
    return changed.length;
  }

  /** The schemes as stored by the seed step. */
  async schemes(): Promise<SchemeData[]> {
    this.cache ??= this.ds
      .getRepository(AssessmentSchemeRecord)
      .find({ order: { code: 'ASC' } })
      .then((rows) => rows.map((r) => r.data));
    return this.cache;
  }

  async scheme(code: string): Promise<SchemeData> {
    const s = (await this.schemes()).find((x) => x.code === code);
    if (!s) {
      const known = (await this.schemes()).map((x) => x.code).join('、');
      throw new BadInputError(`没有考核方案 ${code}（可用：${known}）`, [
        { path: 'scheme', message: '考核方案不存在' },
      ]);
    }
    return s;
  }

  private checkPeriod(from: string, to: string): void {
    if (from > to)
      throw new BadInputError('考核期间的开始日期不能晚于结束日期', [
        { path: 'from', message: '不能晚于 to' },
      ]);
  }

  /**
   * The catalog as it stood at `end`: live powers, the version then in force, its problems. The
   * content checks come stored with each version (power_version_check, filled beforehand by
   * `ensureContentChecks`), so the flowcharts and benchmarks are not read here; the checks that
   * need the catalog around a power (duplicate names, coding rule, documents) run over the page.
   */
  private async snapshot(m: EntityManager, unitIds: string[], end: Date, asOf: string) {
    const rows: SnapshotRow[] = await m.query(
      `SELECT p.id AS power_id, p.unit_id, u.code AS unit_code, r.path AS region_path, p.created_at,
              v.id AS version_id, v.version_no, v.valid_from, v.code, v.name, v.category, v.is_key,
              v.external_flow IS NOT NULL AS has_external_flow,
              v.external_flow->>'approvedOn' AS external_approved_on,
              v.discretion IS NOT NULL AS has_discretion,
              v.discretion->>'adjustedOn' AS discretion_adjusted_on,
              v.discretion->>'filedOn' AS discretion_filed_on,
              c.problems AS content_problems,
              s.status
         FROM power p
         JOIN unit u ON u.id = p.unit_id
         JOIN region r ON r.id = u.region_id
         JOIN power_version v ON v.power_id = p.id AND v.valid_from < $2 AND (v.valid_to IS NULL OR v.valid_to >= $2)
         LEFT JOIN power_version_check c ON c.version_id = v.id AND c.revision = $3
         JOIN LATERAL (SELECT sc.status FROM power_status_change sc
                        WHERE sc.power_id = p.id AND sc.at < $2 ORDER BY sc.at DESC LIMIT 1) s ON true
        WHERE p.unit_id = ANY($1) AND s.status <> 'CANCELLED'`,
      [unitIds, end, CONTENT_CHECKS_REVISION],
    );
    // by code, compared as the service compares strings everywhere (not the database's collation)
    rows.sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
    // A version written after `ensureContentChecks` ran by anything but applyChange (bulk SQL):
    // checked here, from its content, and not stored (this transaction only reads).
    const unchecked = rows.filter((r) => r.content_problems === null).map((r) => r.version_id);
    const late = unchecked.length ? await loadVersionContents(m, unchecked) : new Map();
    const basesOf = await basesOfVersions(
      m,
      rows.map((r) => r.version_id),
    );
    const docIds = [...new Set([...basesOf.values()].flat().map((b) => b.documentId))];
    const docs: LegalDocumentFacts[] = docIds.length
      ? await m.query(
          `SELECT id, title, issuer, level, promulgated_on::text AS "promulgatedOn",
                  CASE WHEN repealed_on <= $2 THEN repealed_on::text END AS "repealedOn"
             FROM legal_document WHERE id = ANY($1)`,
          [docIds, asOf],
        )
      : [];
    const documents = new Map(docs.map((d) => [d.id, d]));
    // the coding rules in force at the period's end, not today's
    const ruled = await codingRulesInForce(m, end);
    const duplicateNames = findDuplicateNames(
      rows.map((r) => ({
        powerId: r.power_id,
        unitId: r.unit_id,
        name: r.name,
        status: r.status,
        code: r.code,
      })),
    );
    const snapshot: PowerSnapshot[] = rows.map((r) => {
      const legalBases = basesOf.get(r.version_id) ?? [];
      const content: SnapshotContent = {
        code: r.code,
        name: r.name,
        category: r.category,
        isKey: r.is_key,
        legalBases,
        externalFlow: r.has_external_flow ? { approvedOn: r.external_approved_on } : null,
        discretion: r.has_discretion
          ? { adjustedOn: r.discretion_adjusted_on, filedOn: r.discretion_filed_on }
          : null,
      };
      const own =
        r.content_problems ?? contentProblems(must(late.get(r.version_id), 'version content'));
      return {
        powerId: r.power_id,
        unitId: r.unit_id,
        code: r.code,
        versionId: r.version_id,
        versionNo: r.version_no,
        validFrom: r.valid_from,
        status: r.status,
        createdAt: r.created_at,
        content,
        problems: problemsOf(
          {
            powerId: r.power_id,
            unitId: r.unit_id,
            unitCode: r.unit_code,
            status: r.status,
            content: { code: r.code, name: r.name, category: r.category, legalBases },
          },
          {
            documents,
            asOf,
            codingRule: codingRuleFor(r.region_path, ruled),
            duplicateNames,
          },
          own,
        ),
      };
    });
    return { snapshot, documents };
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
      const { snapshot, documents } = unitIds.length
        ? await this.snapshot(m, unitIds, end, to)
        : { snapshot: [], documents: new Map() };
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
      const byDetector = new Map<
        string,
        { cases: DetectedCase[]; applicable: Map<string, number> }
      >();
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

  /** Scores the scheme for the units an evaluation covers, taken as one whole. */
  private card(scheme: SchemeData, ev: Evaluation) {
    let max = 0;
    let total = 0;
    const sections: SectionScoreData[] = scheme.sections.map((s) => {
      const items = s.items.map((item) => {
        const found = item.detector ? ev.byDetector.get(item.detector) : undefined;
        let applicable = 0;
        for (const n of found?.applicable.values() ?? []) applicable += n;
        const findings = ev.findings.filter((f) => f.itemCode === item.code);
        return scoreItem(scheme, item, found?.cases ?? [], applicable, findings);
      });
      const score = round2(items.reduce((a, i) => a + i.score, 0));
      if (s.kind === 'BASE') max += s.maxPoints;
      total += score;
      return { code: s.code, name: s.name, maxPoints: s.maxPoints, score, items };
    });
    const score = round2(total);
    return { sections, maxPoints: round2(max), score, deducted: round2(Math.max(0, max - score)) };
  }

  /** Splits an evaluation of many units into one per unit, in one pass over the cases. */
  private byUnit(ev: Evaluation, unitIds: string[]): Map<string, Evaluation> {
    const out = new Map<string, Evaluation>(
      unitIds.map((u) => [u, { byDetector: new Map(), findings: [] }]),
    );
    for (const [id, found] of ev.byDetector) {
      for (const u of unitIds) out.get(u)!.byDetector.set(id, { cases: [], applicable: new Map() });
      for (const c of found.cases) out.get(c.unitId)?.byDetector.get(id)!.cases.push(c);
      for (const [u, n] of found.applicable) out.get(u)?.byDetector.get(id)!.applicable.set(u, n);
    }
    for (const f of ev.findings) out.get(f.unitId)?.findings.push(f);
    return out;
  }

  /** Units of a region's subtree. */
  private async unitsUnder(region: Region): Promise<Unit[]> {
    return this.ds
      .getRepository(Unit)
      .createQueryBuilder('u')
      .innerJoin(Region, 'r', 'r.id = u.region_id')
      .where('(r.path = :p OR r.path LIKE :sub)', { p: region.path, sub: `${region.path}/%` })
      .orderBy('u.code')
      .getMany();
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
      const unit = await this.ds
        .getRepository(Unit)
        .findOne({ where: { id: args.unitId }, relations: { region: true } });
      if (!unit?.region) throw new NotFoundError(`单位 ${args.unitId} 不存在`);
      if (!scopeCoversUnit(scope, { id: unit.id, regionPath: unit.region.path }))
        throw new ForbiddenError('该单位不在您的管辖范围内');
      unitIds = [unit.id];
      subjectName = unit.name;
    } else {
      const region = await this.ds.getRepository(Region).findOneBy({ id: args.regionId! });
      if (!region) throw new NotFoundError(`地区 ${args.regionId} 不存在`);
      if (!scopeCoversRegion(scope, region.path))
        throw new ForbiddenError('该地区不在您的管辖范围内');
      unitIds = (await this.unitsUnder(region)).map((u) => u.id);
      subjectName = region.name;
    }
    const ev = await this.evaluate(scheme, unitIds, args.from, args.to);
    const card = this.card(scheme, ev);
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
    const region = await this.ds.getRepository(Region).findOneBy({ id: regionId });
    if (!region) throw new NotFoundError(`地区 ${regionId} 不存在`);
    if (!scopeCoversRegion(scope, region.path))
      throw new ForbiddenError('该地区不在您的管辖范围内');
    const units = await this.unitsUnder(region);
    const ev = this.byUnit(
      await this.evaluate(
        scheme,
        units.map((u) => u.id),
        from,
        to,
      ),
      units.map((u) => u.id),
    );
    const scores = units
      .map((u) => {
        const c = this.card(scheme, ev.get(u.id)!);
        return { unitId: u.id, code: u.code, score: c.score, deducted: c.deducted };
      })
      .sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
    let rank = 0;
    return scores.map((s, i) => {
      if (i === 0 || s.score !== scores[i - 1].score) rank = i + 1;
      return { unitId: s.unitId, score: s.score, deducted: s.deducted, rank };
    });
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
      const unit = await m.findOne(Unit, {
        where: { id: args.unitId },
        relations: { region: true },
      });
      if (!unit?.region) throw new NotFoundError(`单位 ${args.unitId} 不存在`);
      if (!scopeCoversUnit(scope, { id: unit.id, regionPath: unit.region.path }))
        throw new ForbiddenError('该单位不在您的管辖范围内');
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
        scopePath: unit.region.path,
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
