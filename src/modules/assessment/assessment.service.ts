import { QueryFailedError, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

import { writeAudit, type Actor } from '../../common/audit';
import { systemClock, type Clock } from '../../common/clock';
import { BadInputError, ConflictError, InternalError, must, NotFoundError } from '../../errors';
import {
  regionInScope,
  requireUnitCovered,
  restrictToScope,
  unitInScope,
  whereInSubtree,
} from '../access/access';
import type { Scope } from '../access/scope';
import { Region } from '../catalog/region.entity';
import { Unit } from '../catalog/unit.entity';
import { chinaDate } from '../change/change-rules';
import { ensureContentChecks } from '../flow/content-checks';

import { Appeal, Finding } from './assessment.entity';
import { allRead, stateResults, unitJudges } from './catalog-snapshot';
import { isStateDetector, type DetectorInput, type DetectorResult } from './detector';
import { DETECTORS, EVENT_DETECTORS } from './detectors';
import { inUnits, runEventDetectors, type EventDetector } from './event-statement';
import { isDetectorId, schemeItems, type DetectorId, type SchemeData } from './scheme';
import { SchemeStore } from './scheme-store';
import {
  assessmentPeriod,
  composeCard,
  rankUnits,
  splitByUnit,
  type AssessmentPeriod,
  type Evaluation,
} from './scorecard-rules';
import type {
  AppealRef,
  AppealStatus,
  DeductionData,
  ScorecardData,
  UnitScoreData,
} from './scorecard.types';
import { round2 } from './scoring';

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

export interface AppealArgs {
  scheme: string;
  unitId: string;
  from: string;
  to: string;
  deductionId: string;
  reason: string;
}

export interface AppealFilterArgs {
  unitId?: string | null;
  regionId?: string | null;
  status?: AppealStatus | null;
}

const UNIQUE_VIOLATION = '23505';

/**
 * How a card or ranking of many units spreads its statements over connections sharing one
 * snapshot (`readSnapshot`). From `besideUnits` units it takes up to `beside` more connections:
 * the event statement runs on the first while the units are split in parts (of at least
 * `stateUnits`) over the others and the first connection, each part's state statement then its
 * evidence on its own, judged in Node while the other parts still run. A unit's card costs no
 * more statements. The figures are what a city's card (74 units) and the province's ranking
 * gained most from on 2 cores (issue 11); tests set them low to run the split on a few units.
 */
export interface AssessmentSplit {
  besideUnits: number;
  beside: number;
  stateUnits: number;
}

export const ASSESSMENT_SPLIT: AssessmentSplit = {
  besideUnits: 50,
  beside: 2,
  stateUnits: 30,
};

/** A required free text argument: not blank, at most 2000 characters; BAD_USER_INPUT otherwise. */
function requiredText(value: string, path: string, blank: string): void {
  if (!value.trim()) throw new BadInputError(blank, [{ path, message: '不能为空' }]);
  if (value.length > 2000)
    throw new BadInputError(`${path} 不能超过 2000 个字符`, [
      { path, message: '不能超过 2000 个字符' },
    ]);
}

/**
 * Scorecards (DOMAIN.md, "Scoring" and "Revision 2"): orchestrates the scheme store, the as-of
 * catalog snapshot, the detectors (each derived item's once over the whole scope, set-based) and
 * the pure composition of `scorecard-rules.ts`; records and withdraws findings, files and decides
 * appeals. A ranking costs the same statements as one scorecard, whatever the number of units.
 */
export class AssessmentService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock = systemClock,
    readonly schemeStore: SchemeStore = new SchemeStore(ds),
    private readonly split: AssessmentSplit = ASSESSMENT_SPLIT,
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

  private period(from: string, to: string): AssessmentPeriod {
    return assessmentPeriod(from, to, this.clock.now());
  }

  /**
   * Stores the content checks of the versions the snapshot reads that have none yet, or whose
   * code was judged under another rule or unit code, in short transactions of their own.
   */
  private async fillContentChecks(unitIds: string[], at: Date): Promise<number> {
    return ensureContentChecks(this.ds, unitIds, at, await unitJudges(this.ds, unitIds, at));
  }

  /**
   * Runs every detector the scheme names once over the units, and reads findings and appeals.
   * `evidence` (a scorecard): every case is listed with its reason; `scores` (a ranking): the
   * state-based items' cases are only counted, in SQL, except for the units with an appeal
   * overturned on such an item, whose cases are listed so the appeal is honoured.
   *
   * The content checks are read as stored: when some are missing (versions written by bulk SQL)
   * or a code was judged under another rule, they are filled in transactions of their own and
   * the evaluation runs again, which then takes what is still missing from the versions.
   */
  private async evaluate(
    scheme: SchemeData,
    unitIds: string[],
    period: AssessmentPeriod,
    mode: 'evidence' | 'scores' = 'evidence',
  ): Promise<Evaluation> {
    const ids = [
      ...new Set(
        schemeItems(scheme)
          .map((i) => i.detector)
          .filter((d): d is string => !!d),
      ),
    ];
    for (const id of ids) if (!isDetectorId(id)) throw new InternalError(`unknown detector ${id}`);
    for (let attempt = 0; ; attempt++) {
      const ev = await this.evaluateOnce(
        scheme,
        unitIds,
        period,
        mode,
        ids as DetectorId[],
        attempt > 0,
      );
      if (ev) return ev;
      await this.fillContentChecks(unitIds, period.asOf);
    }
  }

  /** One evaluation in one snapshot; null when content checks are to be filled first. */
  private async evaluateOnce(
    scheme: SchemeData,
    unitIds: string[],
    period: AssessmentPeriod,
    mode: 'evidence' | 'scores',
    ids: DetectorId[],
    reference: boolean,
  ): Promise<Evaluation | null> {
    const { from, to, asOf, asOfDate, through } = period;
    return this.readSnapshot(unitIds.length, async (m, beside) => {
      const stateRead = stateResults(
        {
          managers: [m, ...beside.slice(1)],
          units: this.split.stateUnits,
        },
        {
          scheme,
          detectors: ids.filter(isStateDetector),
          unitIds,
          asOf,
          through,
          evidenceUnits: mode === 'evidence' ? unitIds : [],
          // a ranking lists the cases of the units that won an appeal on a state-based item
          appealed:
            mode === 'scores'
              ? schemeItems(scheme)
                  .filter((i) => i.detector && isStateDetector(i.detector))
                  .map((i) => i.code)
              : [],
          reference,
        },
      );
      // the event detectors, the findings and the appeals: one statement, on the second
      // connection while the state-based statement runs on the first (same snapshot)
      const events = new Map<string, EventDetector>();
      for (const id of ids) {
        const event = EVENT_DETECTORS[id];
        if (event) events.set(id, event);
      }
      let state: Awaited<typeof stateRead> | undefined = undefined;
      const input: DetectorInput = {
        m: beside[0] ?? m,
        scheme,
        unitIds,
        from,
        to,
        asOf,
        asOfDate,
        through,
        mode,
        state: (id) => must(state?.results.get(id), `state detector ${id}`),
        param: <T extends number | string | string[]>(name: string, fallback: T) =>
          (scheme.parameters[name]?.value as T | undefined) ?? fallback,
      };
      const readEvents = () =>
        runEventDetectors(input, events, (bind) => {
          const [code, ofUnits] = [bind(scheme.code, 'text'), inUnits(bind, unitIds)];
          return {
            findings: `SELECT id, unit_id AS "unitId", points::float8 AS points, reason,
                            occurred_on AS "occurredOn", item_code AS "itemCode"
                       FROM finding
                      WHERE scheme = ${code} AND ${ofUnits('unit_id')}
                        AND occurred_on BETWEEN ${bind(from, 'date')} AND ${bind(to, 'date')}
                        AND withdrawn_at IS NULL
                      ORDER BY occurred_on, created_at, id`,
            appeals: `SELECT id, deduction_id AS "deductionId", status FROM appeal
                     WHERE scheme = ${code} AND ${ofUnits('unit_id')}`,
          };
        });
      const eventRead = beside.length
        ? readEvents()
        : stateRead.then((x) => (x.unchecked ? null : readEvents()));
      // both read before either's failure is thrown, so no statement runs after the rollback
      const [stateDone, eventsDone] = await Promise.allSettled([stateRead, eventRead]);
      if (stateDone.status === 'rejected') throw stateDone.reason;
      if (eventsDone.status === 'rejected') throw eventsDone.reason;
      state = stateDone.value;
      if (state.unchecked || !eventsDone.value) return null;
      const { results, extra } = eventsDone.value;
      const found = new Map<string, DetectorResult>();
      for (const id of ids) if (!events.has(id)) found.set(id, await DETECTORS[id](input));
      const byDetector = new Map<string, DetectorResult>(
        ids.map((id) => [id, found.get(id) ?? results.get(id)!]),
      );
      const appeals = (extra.appeals ?? []) as {
        id: string;
        deductionId: string;
        status: AppealStatus;
      }[];
      return {
        byDetector,
        findings: (extra.findings ?? []) as unknown as Evaluation['findings'],
        appeals: new Map<string, AppealRef>(
          appeals.map((a) => [a.deductionId, { id: a.id, status: a.status }]),
        ),
      };
    });
  }

  /**
   * Runs `work` in one REPEATABLE READ transaction (every read of a card from one snapshot),
   * opened in one statement. A plan cached for a unit's card is wrong for a province's: a card of
   * several units plans every statement for its units (custom plans); a unit's card takes the
   * generic plans (index look-ups, planned once per connection: custom planning cost more than
   * running, the event statement's 3–4 ms against its 1.6 ms to run), its event statement
   * written for one unit (`inUnits`) so that its generic plan is estimated for one. From
   * `split.besideUnits` units `work` also gets up to `split.beside` more connections whose
   * transactions import the first one's snapshot (`pg_export_snapshot`, `SET TRANSACTION
   * SNAPSHOT`), so statements run at once on several backends and still read one snapshot: the
   * event statement on the first of them, the state statement and the evidence in parts on the
   * others and the first connection. Only those the pool has free right away (a reader never
   * waits for another connection while holding its first); none, else.
   */
  private async readSnapshot<T>(
    units: number,
    work: (m: EntityManager, beside: EntityManager[]) => Promise<T>,
  ): Promise<T> {
    const open =
      // work_mem: the state-based items' joins and aggregates over a province's 100,000 powers
      // fit in memory (the default 4 MB spills them to disk)
      `SET LOCAL plan_cache_mode = ${units === 1 ? 'force_generic_plan' : 'force_custom_plan'}; SET LOCAL work_mem = '32MB'`;
    const qr = this.ds.createQueryRunner();
    const beside: QueryRunner[] = [];
    await qr.connect();
    try {
      await qr.query(`START TRANSACTION ISOLATION LEVEL REPEATABLE READ; ${open}`);
      if (units >= this.split.besideUnits && this.poolHasRoom()) {
        const [{ id }]: { id: string }[] = await qr.query('SELECT pg_export_snapshot() AS id');
        if (!/^[0-9A-F-]+$/i.test(id)) throw new InternalError(`snapshot id ${id}`);
        for (let i = 0; i < this.split.beside && (i === 0 || this.poolHasRoom()); i++)
          beside.push(this.ds.createQueryRunner());
        await allRead(
          beside.map(async (b) => {
            await b.connect();
            await b.query(
              `START TRANSACTION ISOLATION LEVEL REPEATABLE READ; SET TRANSACTION SNAPSHOT '${id}'; ${open}`,
            );
          }),
        );
      }
      const out = await work(
        qr.manager,
        beside.map((b) => b.manager),
      );
      for (const b of beside) await b.query('COMMIT');
      await qr.query('COMMIT');
      return out;
    } catch (err) {
      for (const b of beside) await b.query('ROLLBACK').catch(() => undefined);
      await qr.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      for (const b of beside) await b.release();
      await qr.release();
    }
  }

  /** Whether the pool can hand out one more connection without waiting. */
  private poolHasRoom(): boolean {
    const pool = (this.ds.driver as PostgresDriver).master as
      | { idleCount: number; totalCount: number; waitingCount: number; options: { max: number } }
      | undefined;
    if (!pool) return false;
    return pool.waitingCount === 0 && (pool.idleCount > 0 || pool.totalCount < pool.options.max);
  }

  /** Units of a region's subtree. */
  private async unitsUnder(region: Region): Promise<Unit[]> {
    const qb = this.ds
      .getRepository(Unit)
      .createQueryBuilder('u')
      .innerJoin(Region, 'r', 'r.id = u.region_id');
    return whereInSubtree(qb, 'r', region.path).orderBy('u.code').getMany();
  }

  /** The units a card of a unit or a region covers, checked against the scope. */
  private async subject(
    scope: Scope,
    args: { unitId?: string | null; regionId?: string | null },
  ): Promise<{ unitIds: string[]; name: string }> {
    if (!args.unitId === !args.regionId) {
      throw new BadInputError('请且仅请指定 unitId 或 regionId 之一', [
        { path: 'unitId', message: '与 regionId 二选一' },
        { path: 'regionId', message: '与 unitId 二选一' },
      ]);
    }
    if (args.unitId) {
      // unitInScope's check, in one statement instead of TypeORM's two for a unit with its region
      const [unit]: { id: string; name: string; regionPath: string }[] = await this.ds.query(
        `SELECT u.id, u.name, r.path AS "regionPath" FROM unit u JOIN region r ON r.id = u.region_id
          WHERE u.id = $1`,
        [args.unitId],
      );
      if (!unit) throw new NotFoundError(`单位 ${args.unitId} 不存在`);
      requireUnitCovered(scope, unit);
      return { unitIds: [unit.id], name: unit.name };
    }
    const region = await regionInScope(this.ds.manager, scope, args.regionId!, 'manage');
    return { unitIds: (await this.unitsUnder(region)).map((u) => u.id), name: region.name };
  }

  /** A scorecard of a unit, or of a region taken as one whole; exactly one of the two. */
  async scorecard(scope: Scope, args: ScorecardArgs): Promise<ScorecardData> {
    const period = this.period(args.from, args.to);
    const scheme = await this.scheme(args.scheme);
    const { unitIds, name } = await this.subject(scope, args);
    const card = composeCard(scheme, await this.evaluate(scheme, unitIds, period));
    return {
      schemeCode: scheme.code,
      schemeName: scheme.name,
      unitId: args.unitId ?? null,
      regionId: args.regionId ?? null,
      subjectName: name,
      from: args.from,
      to: args.to,
      asOf: period.asOf,
      provisional: period.provisional,
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
    return (await this.rankingCards(scope, schemeCode, regionId, from, to)).map(
      ({ unitId, score, deducted, rank }) => ({ unitId, score, deducted, rank }),
    );
  }

  /** The ranking with each unit's card (sections, completeness): what the ranking workbook lays out. */
  async rankingCards(scope: Scope, schemeCode: string, regionId: string, from: string, to: string) {
    const period = this.period(from, to);
    const scheme = await this.scheme(schemeCode);
    const region = await regionInScope(this.ds.manager, scope, regionId, 'manage');
    const units = await this.unitsUnder(region);
    const ids = units.map((u) => u.id);
    const ev = splitByUnit(await this.evaluate(scheme, ids, period, 'scores'), ids);
    const ranked = rankUnits(
      units.map((u) => {
        const card = composeCard(scheme, ev.get(u.id)!);
        return {
          unitId: u.id,
          code: u.code,
          name: u.name,
          score: card.score,
          deducted: card.deducted,
          card,
        };
      }),
    );
    return Object.assign(ranked, { scheme, region, period });
  }

  /**
   * Records an assessor's finding on a manual item of a scheme, for a unit in scope: 0 points
   * means "checked, nothing to deduct" and marks the item assessed. Derived items take no
   * findings: their records are the evidence.
   */
  async recordFinding(scope: Scope, args: FindingArgs, actor: Actor): Promise<DeductionData> {
    const scheme = await this.schemeStore.scheme(args.scheme, 'input.scheme');
    const item = schemeItems(scheme).find((i) => i.code === args.itemCode);
    if (!item)
      throw new BadInputError(`考核方案 ${scheme.code} 没有第 ${args.itemCode} 项`, [
        { path: 'input.itemCode', message: '考核项不存在' },
      ]);
    if (item.derived)
      throw new BadInputError(
        `第 ${item.code} 项由系统根据记录计分，不能录入人工扣分；如有异议请通过申诉处理`,
        [{ path: 'input.itemCode', message: '该项由系统计分' }],
      );
    if (!(args.points >= 0) || args.points > item.maxPoints) {
      throw new BadInputError(`分值应在 0 到该项分值 ${item.maxPoints} 之间`, [
        { path: 'input.points', message: `应在 0 到 ${item.maxPoints} 之间` },
      ]);
    }
    const today = chinaDate(this.clock.now());
    if (args.occurredOn > today)
      throw new BadInputError(`发生日期 ${args.occurredOn} 晚于今天`, [
        { path: 'input.occurredOn', message: '不能晚于今天' },
      ]);
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
        withdrawnAt: null,
        withdrawReason: null,
        withdrawnById: null,
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
        id: f.id,
        itemCode: f.itemCode,
        points: f.points,
        reason: f.reason,
        occurredOn: f.occurredOn,
        unitId: f.unitId,
        powerId: null,
        versionId: null,
        changeRequestId: null,
        obligationId: null,
        recordId: null,
        manual: true,
        findingId: f.id,
        appeal: null,
      };
    });
  }

  /** The findings of a scheme on a unit or a region's units in the period, withdrawn ones included. */
  async findings(scope: Scope, args: ScorecardArgs): Promise<Finding[]> {
    if (args.from > args.to)
      throw new BadInputError('考核期间的开始日期不能晚于结束日期', [
        { path: 'from', message: '不能晚于 to' },
      ]);
    const scheme = await this.scheme(args.scheme);
    const { unitIds } = await this.subject(scope, args);
    if (!unitIds.length) return [];
    return this.ds
      .getRepository(Finding)
      .createQueryBuilder('f')
      .where(
        'f.scheme = :scheme AND f.unit_id = ANY(:units) AND f.occurred_on BETWEEN :from AND :to',
        { scheme: scheme.code, units: unitIds, from: args.from, to: args.to },
      )
      .orderBy('f.occurred_on')
      .addOrderBy('f.created_at')
      .addOrderBy('f.id')
      .getMany();
  }

  /** Withdraws a finding with a reason: it is kept, marked, audited, and no longer scored. */
  async withdrawFinding(scope: Scope, id: string, reason: string, actor: Actor): Promise<Finding> {
    requiredText(reason, 'reason', '撤回必须说明理由');
    return this.ds.transaction(async (m) => {
      const f = await m.findOne(Finding, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!f) throw new NotFoundError(`考核发现 ${id} 不存在`);
      const { region } = await unitInScope(m, scope, f.unitId);
      if (f.withdrawnAt) throw new ConflictError('该考核发现已撤回');
      const [{ now }] = (await m.query('SELECT clock_timestamp() AS now')) as { now: Date }[];
      f.withdrawnAt = now;
      f.withdrawReason = reason.trim();
      f.withdrawnById = actor.userId;
      await m.save(f);
      await writeAudit(m, actor, {
        operation: 'withdrawFinding',
        entityIds: [f.id, f.unitId],
        scopePath: region.path,
        before: { withdrawnAt: null },
        after: { withdrawnAt: f.withdrawnAt, withdrawReason: f.withdrawReason },
      });
      return f;
    });
  }

  /**
   * A unit's legal office appeals a deduction of its own unit's scorecard with a reason (申诉):
   * the deduction is found by its id on the card of the period; one appeal per deduction.
   */
  async fileAppeal(scope: Scope, args: AppealArgs, actor: Actor): Promise<Appeal> {
    // the resolver admits the unit's legal office only, whose scope is its own unit
    const card = await this.scorecard(scope, {
      scheme: args.scheme,
      unitId: args.unitId,
      from: args.from,
      to: args.to,
    });
    const d = card.sections
      .flatMap((s) => s.items.flatMap((i) => i.deductions))
      .find((x) => x.id === args.deductionId);
    if (!d) throw new NotFoundError(`评分表中没有扣分 ${args.deductionId}`);
    try {
      return await this.ds.transaction(async (m) => {
        const { unit, region } = await unitInScope(m, scope, args.unitId);
        const a = m.create(Appeal, {
          scheme: card.schemeCode,
          deductionId: d.id,
          itemCode: d.itemCode,
          unitId: unit.id,
          periodFrom: args.from,
          periodTo: args.to,
          deduction: {
            points: d.points,
            reason: d.reason,
            occurredOn: d.occurredOn,
            powerId: d.powerId,
            versionId: d.versionId,
            changeRequestId: d.changeRequestId,
            obligationId: d.obligationId,
            recordId: d.recordId,
            manual: d.manual,
          },
          reason: args.reason.trim(),
          status: 'OPEN',
          filedById: actor.userId!,
          decidedById: null,
          decidedAt: null,
          decisionNote: null,
        });
        await m.save(a);
        await writeAudit(m, actor, {
          operation: 'fileAppeal',
          entityIds: [a.id, d.id, unit.id],
          scopePath: region.path,
          after: {
            scheme: a.scheme,
            deductionId: a.deductionId,
            itemCode: a.itemCode,
            points: d.points,
            reason: a.reason,
          },
        });
        return a;
      });
    } catch (err) {
      if (
        err instanceof QueryFailedError &&
        (err.driverError as { code?: string }).code === UNIQUE_VIOLATION
      )
        throw new ConflictError('该扣分已提出过申诉');
      throw err;
    }
  }

  /**
   * An assessor in scope decides an open appeal with a note (复核): upheld, the deduction stands;
   * overturned, it no longer counts in that scheme (the card lists it with 0 points).
   */
  async decideAppeal(
    scope: Scope,
    id: string,
    overturn: boolean,
    note: string,
    actor: Actor,
  ): Promise<Appeal> {
    requiredText(note, 'note', '复核必须写明意见');
    return this.ds.transaction(async (m) => {
      const a = await m.findOne(Appeal, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!a) throw new NotFoundError(`申诉 ${id} 不存在`);
      const { region } = await unitInScope(m, scope, a.unitId);
      if (a.status !== 'OPEN') throw new ConflictError('该申诉已复核，不能再次决定');
      const [{ now }] = (await m.query('SELECT clock_timestamp() AS now')) as { now: Date }[];
      a.status = overturn ? 'OVERTURNED' : 'UPHELD';
      a.decidedById = actor.userId;
      a.decidedAt = now;
      a.decisionNote = note.trim();
      await m.save(a);
      await writeAudit(m, actor, {
        operation: 'decideAppeal',
        entityIds: [a.id, a.deductionId, a.unitId],
        scopePath: region.path,
        before: { status: 'OPEN' },
        after: { status: a.status, decisionNote: a.decisionNote },
      });
      return a;
    });
  }

  /** The appeals in scope, newest first: a unit's own, or a region's units'. */
  async appeals(scope: Scope, filter: AppealFilterArgs = {}): Promise<Appeal[]> {
    const q = this.ds
      .getRepository(Appeal)
      .createQueryBuilder('a')
      .innerJoin(Unit, 'u', 'u.id = a.unit_id')
      .innerJoin(Region, 'r', 'r.id = u.region_id');
    await restrictToScope(this.ds.manager, q, scope, filter, 'a.unit_id', 'r');
    if (filter.status) q.andWhere('a.status = :status', { status: filter.status });
    return q.orderBy('a.filed_at', 'DESC').addOrderBy('a.id').getMany();
  }
}
