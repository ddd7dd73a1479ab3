import type { DataSource, EntityManager } from 'typeorm';

import { writeAudit, type Actor } from '../../common/audit';
import { joinLeanVersion } from '../../common/loaders';
import { countOf, idPageArgs, toConnection } from '../../common/pagination';
import { BadInputError, CalendarMissingError, ConflictError, NotFoundError } from '../../errors';
import { powerInScope, restrictToScope, scopeSql, unitInScope } from '../access/access';
import type { Scope } from '../access/scope';
import type { CalendarService } from '../calendar/calendar.service';
import type { WorkCalendar } from '../calendar/work-calendar';
import { LegalDocument } from '../catalog/legal-document.entity';
import { Region } from '../catalog/region.entity';

import { basisAffected, parseArticles } from './article-rules';
import { chinaDate, type ObligationState } from './change-rules';
import type { ObligationFilter, RecordAmendmentInput } from './change.type';
import { LegalAmendment, Obligation, UnitAdjustment } from './obligation.entity';
import { windowPolicyOf } from './window-policy';
import { orderPage, type WorkOrder } from './work-order';

/** A live power affected by an event, with its region's policy. */
interface Affected {
  power_id: string;
  unit_id: string;
  level: Region['level'];
  window_days: number | null;
  window_count: Region['windowCount'];
  window_measure: Region['windowMeasure'];
}

/** SQL for a state as of :asOf, the same rule as `obligationState`. */
export function stateCondition(alias: string, state: ObligationState): string {
  const metBy = `(${alias}.met_on IS NOT NULL AND ${alias}.met_on <= :asOf)`;
  const withdrawn = `(${alias}.withdrawn_at IS NOT NULL AND (${alias}.withdrawn_at AT TIME ZONE 'Asia/Shanghai')::date <= :asOf)`;
  const pending = `(NOT ${metBy} AND NOT ${withdrawn})`;
  switch (state) {
    case 'MET':
      return `(${metBy} AND (${alias}.due_on IS NULL OR ${alias}.met_on <= ${alias}.due_on))`;
    case 'MET_LATE':
      return `(${metBy} AND ${alias}.met_on > ${alias}.due_on)`;
    case 'WITHDRAWN':
      return `(NOT ${metBy} AND ${withdrawn})`;
    case 'OVERDUE':
      return `(${pending} AND ${alias}.due_on IS NOT NULL AND :asOf > ${alias}.due_on)`;
    case 'OPEN':
      return `(${pending} AND (${alias}.due_on IS NULL OR :asOf <= ${alias}.due_on))`;
  }
}

/** The rows of a raw UPDATE … RETURNING (the driver answers [rows, count]). */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

/** The due date of a window, or null while the calendar lacks a year it reaches. */
export function dueOrNull(
  cal: WorkCalendar,
  on: string,
  policy: { days: number; count: Obligation['policyCount'] },
): string | null {
  try {
    return cal.deadline(on, policy.days, policy.count);
  } catch (err) {
    if (err instanceof CalendarMissingError) return null;
    throw err;
  }
}

/**
 * Obligations (DOMAIN.md, "Law amendments", "Calendar years"): an amendment is one fact per
 * document and date; each legal office applies it to its own scope, opening one obligation on each
 * live power there whose current version cites the document (and one of the amended articles,
 * when given). A unit's adjustment, one per unit and date, opens one on each live power of the
 * unit. Each is due by the owning unit's region policy from the event's date, frozen when it
 * opens; while the calendar lacks a year the window reaches, its due date waits for the year.
 */
export class ObligationService {
  constructor(
    private readonly ds: DataSource,
    private readonly calendar: CalendarService,
  ) {}

  private async open(
    m: EntityManager,
    affected: Affected[],
    event: { on: string; cause: string; amendmentId?: string; adjustmentId?: string },
  ) {
    const cal = await this.calendar.calendar();
    const rows = affected.map((a) => {
      const policy = windowPolicyOf({
        level: a.level,
        windowDays: a.window_days,
        windowCount: a.window_count,
        windowMeasure: a.window_measure,
      });
      return m.create(Obligation, {
        powerId: a.power_id,
        unitId: a.unit_id,
        cause: event.cause,
        amendmentId: event.amendmentId ?? null,
        adjustmentId: event.adjustmentId ?? null,
        triggeredOn: event.on,
        dueOn: dueOrNull(cal, event.on, policy),
        policyDays: policy.days,
        policyCount: policy.count,
        policyMeasure: policy.measure,
        metById: null,
        metOn: null,
        withdrawnAt: null,
      });
    });
    if (rows.length) await m.insert(Obligation, rows);
    return rows;
  }

  /** An event's date: a real date, not after today (China Standard Time). */
  private static requirePast(date: string, path: string): void {
    if (date > chinaDate(new Date())) {
      throw new BadInputError(`日期 ${date} 晚于今天`, [{ path, message: '不能晚于今天' }]);
    }
  }

  /**
   * Records a law's amendment or repeal, once per document and date, and opens the obligations
   * it causes in the recorder's scope. Recording it again (another office, or the same one after
   * new powers cite the document) opens obligations only where none exist yet, and is CONFLICT
   * where nothing is new. A repeal sets the document's repealedOn.
   */
  async recordAmendment(
    input: RecordAmendmentInput,
    scope: Scope,
    actor: Actor,
  ): Promise<{ amendment: LegalAmendment; obligations: Obligation[] }> {
    ObligationService.requirePast(input.amendedOn, 'input.amendedOn');
    const articles = input.articles?.trim() || null;
    if (articles && !parseArticles(articles)) {
      throw new BadInputError(`无法识别修改的条款：${articles}`, [
        { path: 'input.articles', message: '应写作 第十二条、第12条 或 第十二条至第十五条' },
      ]);
    }
    if (input.effectiveOn && input.effectiveOn < input.amendedOn) {
      throw new BadInputError('施行日期不能早于修改日期', [
        { path: 'input.effectiveOn', message: '不能早于修改日期' },
      ]);
    }
    return this.ds.transaction(async (m) => {
      const doc = await m.findOneBy(LegalDocument, { id: input.documentId });
      if (!doc) throw new NotFoundError(`法律文件 ${input.documentId} 不存在`);
      if (input.amendedOn < doc.promulgatedOn) {
        throw new BadInputError('修改日期不能早于公布日期', [
          { path: 'input.amendedOn', message: '不能早于公布日期' },
        ]);
      }
      // one amendment per document and date: the first recording makes it, later ones find it
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(LegalAmendment)
        .values({
          documentId: doc.id,
          amendedOn: input.amendedOn,
          repeal: input.repeal ?? false,
          note: input.note.trim(),
          articles,
          effectiveOn: input.effectiveOn ?? null,
          createdById: actor.userId,
        })
        .orIgnore()
        .execute();
      const amendment = await m
        .getRepository(LegalAmendment)
        .createQueryBuilder('a')
        .setLock('pessimistic_write')
        .where('a.document_id = :doc AND a.amended_on = :on', {
          doc: doc.id,
          on: input.amendedOn,
        })
        .getOneOrFail();
      const first = (inserted.raw as unknown[]).length > 0;
      if (amendment.retractedAt) {
        throw new ConflictError(
          `《${doc.title}》${input.amendedOn} 的修改已于 ${chinaDate(amendment.retractedAt)} 撤销`,
        );
      }
      if (doc.repealedOn && doc.repealedOn < amendment.amendedOn) {
        throw new BadInputError(`《${doc.title}》已于 ${doc.repealedOn} 废止`, [
          { path: 'input.documentId', message: '该文件已废止' },
        ]);
      }
      if (amendment.repeal && doc.repealedOn !== amendment.amendedOn) {
        await m.update(LegalDocument, { id: doc.id }, { repealedOn: amendment.amendedOn });
      }
      const params: unknown[] = [doc.id, amendment.id];
      const rows: (Affected & { articles: string })[] = await m.query(
        `SELECT p.id AS power_id, p.unit_id, r.level, r.window_days, r.window_count, r.window_measure,
                b.articles
           FROM power p
           JOIN power_version_basis b ON b.version_id = p.current_version_id
           JOIN unit u ON u.id = p.unit_id JOIN region r ON r.id = u.region_id
          WHERE b.document_id = $1 AND p.status <> 'CANCELLED'
            AND NOT EXISTS (SELECT 1 FROM obligation o WHERE o.amendment_id = $2 AND o.power_id = p.id)
            AND ${scopeSql(scope, { unit: 'p.unit_id', region: 'r' }, params)}
          ORDER BY p.code`,
        params,
      );
      const amended = parseArticles(amendment.articles);
      const seen = new Set<string>();
      const affected = rows.filter((row) => {
        if (seen.has(row.power_id) || !basisAffected(amended, row.articles)) return false;
        seen.add(row.power_id);
        return true;
      });
      if (!affected.length && !first) {
        throw new ConflictError(
          `《${doc.title}》${amendment.amendedOn} 的修改已记录，没有新的受影响事项`,
        );
      }
      const verb = amendment.repeal ? '废止' : '修改';
      const cause = `《${doc.title}》于 ${amendment.amendedOn} ${verb}${amendment.articles ? `（${amendment.articles}）` : ''}：${amendment.note}`;
      const obligations = await this.open(m, affected, {
        on: amendment.amendedOn,
        cause,
        amendmentId: amendment.id,
      });
      await writeAudit(m, actor, {
        operation: 'recordAmendment',
        entityIds: [amendment.id, doc.id, ...obligations.map((o) => o.id)],
        scopePath: scope.kind === 'all' ? null : scope.path,
        after: {
          amendedOn: amendment.amendedOn,
          repeal: amendment.repeal,
          note: amendment.note,
          articles: amendment.articles,
          obligations: obligations.length,
        },
      });
      return { amendment, obligations };
    });
  }

  /**
   * Retracts a mistaken amendment with a reason: its obligations in the caller's scope that are
   * not yet met (open or overdue) become WITHDRAWN; met ones keep their history. CONFLICT when
   * nothing in scope is left to withdraw and it is already retracted.
   */
  async retractAmendment(
    id: string,
    reason: string,
    scope: Scope,
    actor: Actor,
  ): Promise<LegalAmendment> {
    if (!reason?.trim())
      throw new BadInputError('撤销必须说明理由', [{ path: 'reason', message: '不能为空' }]);
    return this.ds.transaction(async (m) => {
      const amendment = await m
        .getRepository(LegalAmendment)
        .createQueryBuilder('a')
        .setLock('pessimistic_write')
        .where('a.id = :id', { id })
        .getOne();
      if (!amendment) throw new NotFoundError(`法律修改记录 ${id} 不存在`);
      const [{ now }] = (await m.query('SELECT clock_timestamp() AS now')) as { now: Date }[];
      const params: unknown[] = [amendment.id, now];
      const withdrawn = rowsOf<{ id: string }>(
        await m.query(
          `UPDATE obligation o SET withdrawn_at = $2
           FROM unit u JOIN region r ON r.id = u.region_id
          WHERE u.id = o.unit_id AND o.amendment_id = $1 AND o.met_on IS NULL AND o.withdrawn_at IS NULL
            AND ${scopeSql(scope, { unit: 'o.unit_id', region: 'r' }, params)}
          RETURNING o.id`,
          params,
        ),
      );
      if (amendment.retractedAt && !withdrawn.length) {
        throw new ConflictError('该修改记录已撤销，没有待撤回的义务');
      }
      if (!amendment.retractedAt) {
        amendment.retractedAt = now;
        amendment.retractReason = reason.trim();
        amendment.retractedById = actor.userId;
        await m.update(
          LegalAmendment,
          { id: amendment.id },
          { retractedAt: now, retractReason: amendment.retractReason, retractedById: actor.userId },
        );
      }
      await writeAudit(m, actor, {
        operation: 'retractAmendment',
        entityIds: [amendment.id, ...withdrawn.map((o) => o.id)],
        scopePath: scope.kind === 'all' ? null : scope.path,
        after: { reason: reason.trim(), withdrawn: withdrawn.length },
      });
      return amendment;
    });
  }

  /**
   * Records an adjustment of a unit's functions, once per unit and date, and opens an obligation
   * on each live power of the unit that has none from it yet (CONFLICT when none is new).
   */
  async recordUnitAdjustment(
    unitId: string,
    decidedOn: string,
    note: string,
    scope: Scope,
    actor: Actor,
  ): Promise<Obligation[]> {
    if (!note?.trim())
      throw new BadInputError('请说明职能调整的内容', [{ path: 'note', message: '不能为空' }]);
    ObligationService.requirePast(decidedOn, 'decidedOn');
    return this.ds.transaction(async (m) => {
      const { unit, region } = await unitInScope(m, scope, unitId);
      await m
        .createQueryBuilder()
        .insert()
        .into(UnitAdjustment)
        .values({ unitId, decidedOn, note: note.trim(), createdById: actor.userId })
        .orIgnore()
        .execute();
      const adjustment = await m
        .getRepository(UnitAdjustment)
        .createQueryBuilder('a')
        .setLock('pessimistic_write')
        .where('a.unit_id = :unitId AND a.decided_on = :decidedOn', { unitId, decidedOn })
        .getOneOrFail();
      const affected: Affected[] = await m.query(
        `SELECT p.id AS power_id, p.unit_id, r.level, r.window_days, r.window_count, r.window_measure
           FROM power p JOIN unit u ON u.id = p.unit_id JOIN region r ON r.id = u.region_id
          WHERE p.unit_id = $1 AND p.status <> 'CANCELLED'
            AND NOT EXISTS (SELECT 1 FROM obligation o WHERE o.adjustment_id = $2 AND o.power_id = p.id)
          ORDER BY p.code`,
        [unitId, adjustment.id],
      );
      if (!affected.length && (await m.existsBy(Obligation, { adjustmentId: adjustment.id }))) {
        throw new ConflictError(`${unit.name} ${decidedOn} 的职能调整已记录，没有新的受影响事项`);
      }
      const cause = `${unit.name}于 ${decidedOn} 职能调整：${adjustment.note}`;
      const obligations = await this.open(m, affected, {
        on: decidedOn,
        cause,
        adjustmentId: adjustment.id,
      });
      await writeAudit(m, actor, {
        operation: 'recordUnitAdjustment',
        entityIds: [adjustment.id, unit.id, ...obligations.map((o) => o.id)],
        scopePath: region.path,
        after: { decidedOn, note: adjustment.note, obligations: obligations.length },
      });
      return obligations;
    });
  }

  /**
   * After a calendar year is added or replaced (inside its transaction, with the new calendar):
   * the due dates still open that the year touches are computed again, those waiting for the
   * year filled in. Each change is audited. Returns the obligations changed.
   */
  async recomputeDueDates(
    m: EntityManager,
    year: number,
    cal: WorkCalendar,
    actor: Actor,
  ): Promise<number> {
    const open: Obligation[] = await m
      .getRepository(Obligation)
      .createQueryBuilder('o')
      .setLock('pessimistic_write')
      .where('o.met_on IS NULL AND o.withdrawn_at IS NULL')
      .andWhere('(o.due_on IS NULL OR (o.triggered_on < :end AND o.due_on >= :start))', {
        start: `${year}-01-01`,
        end: `${year}-12-31`,
      })
      .getMany();
    let changed = 0;
    for (const o of open) {
      const dueOn = dueOrNull(cal, o.triggeredOn, { days: o.policyDays, count: o.policyCount });
      if (dueOn === o.dueOn) continue;
      await m.update(Obligation, { id: o.id }, { dueOn });
      await writeAudit(m, actor, {
        operation: 'recomputeObligationDueOn',
        entityIds: [o.id, o.powerId],
        before: { dueOn: o.dueOn },
        after: { dueOn, calendarYear: year },
      });
      changed++;
    }
    return changed;
  }

  /**
   * One page of obligations in scope, newest first or due soonest first (those waiting for their
   * due date last); a state filter is judged as of `asOf` (today).
   */
  async list(
    scope: Scope,
    f: ObligationFilter | null | undefined,
    orderBy: WorkOrder | null | undefined,
    first?: number | null,
    after?: string | null,
    read: { current?: boolean } = {},
  ) {
    const page = idPageArgs(first, after);
    const asOf = f?.asOf ?? chinaDate(new Date());
    const qb = this.ds
      .getRepository(Obligation)
      .createQueryBuilder('o')
      .innerJoin('o.unit', 'u')
      .innerJoin(Region, 'r', 'r.id = u.region_id')
      .setParameter('asOf', asOf);
    await restrictToScope(this.ds.manager, qb, scope, f, 'o.unit_id');
    if (f?.state) qb.andWhere(stateCondition('o', f.state));
    if (f?.powerId) {
      await powerInScope(this.ds.manager, scope, { id: f.powerId });
      qb.andWhere('o.power_id = :powerId', { powerId: f.powerId });
    }
    if (f?.dueBefore) qb.andWhere('o.due_on < :dueBefore', { dueBefore: f.dueBefore });
    const total = countOf(qb);
    // each obligation's power (and, when asked for, its current version, lean) in the same statement
    qb.innerJoinAndSelect('o.power', 'p');
    if (read.current)
      joinLeanVersion(this.ds, qb, 'p.current', 'cv', 'cv.id = p.current_version_id');
    orderPage(qb, 'o', 'obligation', orderBy ?? 'NEWEST', page.after);
    const rows = await qb.limit(page.first + 1).getMany();
    return toConnection(rows, page.first, (o) => o.id, total);
  }
}
