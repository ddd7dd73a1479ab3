import type { DataSource, EntityManager } from 'typeorm';

import { writeAudit, type Actor } from '../../common/audit';
import { joinLeanVersion } from '../../common/loaders';
import { countOf, idPageArgs, toConnection } from '../../common/pagination';
import { BadInputError, NotFoundError } from '../../errors';
import { restrictToScope, scopeSql, unitInScope } from '../access/access';
import type { Scope } from '../access/scope';
import type { CalendarService } from '../calendar/calendar.service';
import { LegalDocument } from '../catalog/legal-document.entity';
import { Region } from '../catalog/region.entity';

import { chinaDate, type ObligationState } from './change-rules';
import type { ObligationFilter, RecordAmendmentInput } from './change.type';
import { LegalAmendment, Obligation, UnitAdjustment } from './obligation.entity';
import { windowPolicyOf } from './window-policy';

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
  switch (state) {
    case 'MET':
      return `(${metBy} AND ${alias}.met_on <= ${alias}.due_on)`;
    case 'MET_LATE':
      return `(${metBy} AND ${alias}.met_on > ${alias}.due_on)`;
    case 'OVERDUE':
      return `(NOT ${metBy} AND :asOf > ${alias}.due_on)`;
    case 'OPEN':
      return `(NOT ${metBy} AND :asOf <= ${alias}.due_on)`;
  }
}

/**
 * Obligations (DOMAIN.md): an amended or repealed law opens one on every live power whose current
 * version cites it; a unit's adjustment on every live power of the unit. Each is due by the owning
 * unit's region policy from the event's date, frozen when it opens.
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
        dueOn: cal.deadline(event.on, policy.days, policy.count),
        policyDays: policy.days,
        policyCount: policy.count,
        policyMeasure: policy.measure,
        metById: null,
        metOn: null,
      });
    });
    if (rows.length) await m.insert(Obligation, rows);
    return rows;
  }

  /**
   * Records a law's amendment or repeal and opens the obligations it causes, on the powers in the
   * recorder's scope only (DOMAIN.md, "Scope is a boundary").
   */
  async recordAmendment(
    input: RecordAmendmentInput,
    scope: Scope,
    actor: Actor,
  ): Promise<{ amendment: LegalAmendment; obligations: Obligation[] }> {
    return this.ds.transaction(async (m) => {
      const doc = await m.findOneBy(LegalDocument, { id: input.documentId });
      if (!doc) throw new NotFoundError(`法律文件 ${input.documentId} 不存在`);
      if (input.amendedOn < doc.promulgatedOn) {
        throw new BadInputError('修改日期不能早于公布日期', [
          { path: 'input.amendedOn', message: '不能早于公布日期' },
        ]);
      }
      if (doc.repealedOn)
        throw new BadInputError(`《${doc.title}》已于 ${doc.repealedOn} 废止`, [
          { path: 'input.documentId', message: '该文件已废止' },
        ]);
      const amendment = m.create(LegalAmendment, {
        documentId: doc.id,
        amendedOn: input.amendedOn,
        repeal: input.repeal ?? false,
        note: input.note.trim(),
        createdById: actor.userId,
      });
      await m.insert(LegalAmendment, amendment);
      if (amendment.repeal)
        await m.update(LegalDocument, { id: doc.id }, { repealedOn: input.amendedOn });
      const params: unknown[] = [doc.id];
      const inScope = scopeSql(scope, { unit: 'p.unit_id', region: 'r' }, params);
      const affected: Affected[] = await m.query(
        `SELECT DISTINCT p.id AS power_id, p.unit_id, r.level, r.window_days, r.window_count, r.window_measure
           FROM power p
           JOIN power_version_basis b ON b.version_id = p.current_version_id
           JOIN unit u ON u.id = p.unit_id JOIN region r ON r.id = u.region_id
          WHERE b.document_id = $1 AND p.status <> 'CANCELLED' AND ${inScope}`,
        params,
      );
      const cause = `《${doc.title}》于 ${input.amendedOn} ${amendment.repeal ? '废止' : '修改'}：${amendment.note}`;
      const obligations = await this.open(m, affected, {
        on: input.amendedOn,
        cause,
        amendmentId: amendment.id,
      });
      await writeAudit(m, actor, {
        operation: 'recordAmendment',
        entityIds: [amendment.id, doc.id, ...obligations.map((o) => o.id)],
        after: {
          amendedOn: amendment.amendedOn,
          repeal: amendment.repeal,
          note: amendment.note,
          obligations: obligations.length,
        },
      });
      return { amendment, obligations };
    });
  }

  /** Records an adjustment of a unit's functions and opens an obligation on each live power. */
  async recordUnitAdjustment(
    unitId: string,
    decidedOn: string,
    note: string,
    scope: Scope,
    actor: Actor,
  ): Promise<Obligation[]> {
    if (!note?.trim())
      throw new BadInputError('请说明职能调整的内容', [{ path: 'note', message: '不能为空' }]);
    return this.ds.transaction(async (m) => {
      const { unit } = await unitInScope(m, scope, unitId);
      const adjustment = m.create(UnitAdjustment, {
        unitId,
        decidedOn,
        note: note.trim(),
        createdById: actor.userId,
      });
      await m.insert(UnitAdjustment, adjustment);
      const affected: Affected[] = await m.query(
        `SELECT p.id AS power_id, p.unit_id, r.level, r.window_days, r.window_count, r.window_measure
           FROM power p JOIN unit u ON u.id = p.unit_id JOIN region r ON r.id = u.region_id
          WHERE p.unit_id = $1 AND p.status <> 'CANCELLED' ORDER BY p.code`,
        [unitId],
      );
      const cause = `${unit.name}于 ${decidedOn} 职能调整：${adjustment.note}`;
      const obligations = await this.open(m, affected, {
        on: decidedOn,
        cause,
        adjustmentId: adjustment.id,
      });
      await writeAudit(m, actor, {
        operation: 'recordUnitAdjustment',
        entityIds: [adjustment.id, unit.id, ...obligations.map((o) => o.id)],
        scopePath: unit.region!.path,
        after: { decidedOn, note: adjustment.note, obligations: obligations.length },
      });
      return obligations;
    });
  }

  /** One page of obligations in scope, by due date; a state filter is judged as of `asOf` (today). */
  async list(
    scope: Scope,
    f: ObligationFilter | null | undefined,
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
    const total = countOf(qb);
    // each obligation's power (and, when asked for, its current version, lean) in the same statement
    qb.innerJoinAndSelect('o.power', 'p');
    if (read.current)
      joinLeanVersion(this.ds, qb, 'p.current', 'cv', 'cv.id = p.current_version_id');
    if (page.after) {
      qb.andWhere(
        '(o.due_on, o.id) > (SELECT o2.due_on, o2.id FROM obligation o2 WHERE o2.id = :cid)',
        { cid: page.after },
      );
    }
    const rows = await qb
      .orderBy('o.due_on', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .limit(page.first + 1)
      .getMany();
    return toConnection(rows, page.first, (o) => o.id, total);
  }
}
