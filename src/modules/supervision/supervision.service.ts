import type { DataSource, DeepPartial, EntityManager, FindOptionsWhere } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

import { writeAudit, type Actor } from '../../common/audit';
import { throwIfInvalid } from '../../common/validation';
import { NotFoundError, must } from '../../errors';
import { requireUnitCovered, unitInScope } from '../access/access';
import type { Scope } from '../access/scope';
import { Power } from '../catalog/power.entity';
import { Unit } from '../catalog/unit.entity';

import {
  enforcementOfficerErrors,
  enforcementReportErrors,
  majorPenaltyFilingErrors,
  normativeDocumentErrors,
  reconsiderationCaseErrors,
  supervisedCaseErrors,
} from './supervision-rules';
import {
  EnforcementOfficer,
  EnforcementReport,
  MajorPenaltyFiling,
  NormativeDocument,
  PowerUsage,
  ReconsiderationCase,
  SupervisedCase,
} from './supervision.entity';
import type {
  EnforcementOfficerInput,
  EnforcementReportInput,
  MajorPenaltyFilingInput,
  NormativeDocumentInput,
  PowerUsageInput,
  ReconsiderationCaseInput,
  SupervisedCaseInput,
} from './supervision.type';

/** A record of a unit: what `append` writes. */
type UnitRecord = { id: string; unitId: string; createdById: string | null };

/**
 * The legal supervision records a unit keeps (DOMAIN.md, "Legal supervision": district items
 * 26–29) and the yearly use of its powers, which the assessment detectors read. Each record is
 * checked in itself (supervision-rules.ts), written for a unit in the caller's scope, and audited
 * in the same transaction. Most are appended; an enforcement report (per unit, year and period)
 * and a power's use (per power and year) are recorded once and updated when recorded again.
 */
export class SupervisionService {
  constructor(private readonly ds: DataSource) {}

  /** 规范性文件 (item 26). */
  async recordNormativeDocument(
    input: NormativeDocumentInput,
    scope: Scope,
    actor: Actor,
  ): Promise<NormativeDocument> {
    throwIfInvalid(normativeDocumentErrors(input));
    return this.append('recordNormativeDocument', NormativeDocument, input.unitId, scope, actor, {
      title: input.title.trim(),
      plannedOn: input.plannedOn ?? null,
      draftedOn: input.draftedOn ?? null,
      publishedOn: input.publishedOn ?? null,
      filedOn: input.filedOn ?? null,
      handledOnline: input.handledOnline,
    });
  }

  /** 执法人员 (item 27): one personnel change of an officer. */
  async recordEnforcementOfficer(
    input: EnforcementOfficerInput,
    scope: Scope,
    actor: Actor,
  ): Promise<EnforcementOfficer> {
    throwIfInvalid(enforcementOfficerErrors(input));
    return this.append('recordEnforcementOfficer', EnforcementOfficer, input.unitId, scope, actor, {
      name: input.name.trim(),
      certificateNo: input.certificateNo.trim(),
      status: input.status,
      changedOn: input.changedOn ?? null,
      updatedOn: input.updatedOn ?? null,
      viaPlatform: input.viaPlatform,
    });
  }

  /** 重大行政处罚备案 (item 28). */
  async recordMajorPenaltyFiling(
    input: MajorPenaltyFilingInput,
    scope: Scope,
    actor: Actor,
  ): Promise<MajorPenaltyFiling> {
    throwIfInvalid(majorPenaltyFilingErrors(input));
    return this.append('recordMajorPenaltyFiling', MajorPenaltyFiling, input.unitId, scope, actor, {
      caseName: input.caseName.trim(),
      decidedOn: input.decidedOn,
      filedOn: input.filedOn ?? null,
      formCompliant: input.formCompliant,
    });
  }

  /** 督办案件 (item 28). */
  async recordSupervisedCase(
    input: SupervisedCaseInput,
    scope: Scope,
    actor: Actor,
  ): Promise<SupervisedCase> {
    throwIfInvalid(supervisedCaseErrors(input));
    return this.append('recordSupervisedCase', SupervisedCase, input.unitId, scope, actor, {
      title: input.title.trim(),
      issuedOn: input.issuedOn,
      dueOn: input.dueOn,
      answeredOn: input.answeredOn ?? null,
    });
  }

  /** 行政复议、行政应诉 (item 29). */
  async recordReconsiderationCase(
    input: ReconsiderationCaseInput,
    scope: Scope,
    actor: Actor,
  ): Promise<ReconsiderationCase> {
    throwIfInvalid(reconsiderationCaseErrors(input));
    return this.append(
      'recordReconsiderationCase',
      ReconsiderationCase,
      input.unitId,
      scope,
      actor,
      {
        kind: input.kind,
        receivedOn: input.receivedOn,
        handledOnline: input.handledOnline,
        reportedOn: input.reportedOn ?? null,
      },
    );
  }

  /**
   * 行政执法情况报告 (item 28): one per unit, year and period. Recording it again sets its
   * submission date (null clears it); the audit entry holds the date before and after.
   */
  async recordEnforcementReport(
    input: EnforcementReportInput,
    scope: Scope,
    actor: Actor,
  ): Promise<EnforcementReport> {
    throwIfInvalid(enforcementReportErrors(input));
    return this.ds.transaction(async (m) => {
      const { unit, region } = await unitInScope(m, scope, input.unitId);
      const key = { unitId: unit.id, year: input.year, period: input.period };
      const submittedOn = input.submittedOn ?? null;
      const { row, before } = await this.upsert(m, EnforcementReport, key, {
        insert: { submittedOn, createdById: actor.userId },
        update: { submittedOn },
        snapshot: (r) => ({ submittedOn: r.submittedOn }),
      });
      await writeAudit(m, actor, {
        operation: 'recordEnforcementReport',
        entityIds: [row.id, unit.id],
        scopePath: region.path,
        before: before && { ...key, ...before },
        after: { ...key, submittedOn: row.submittedOn },
      });
      return row;
    });
  }

  /**
   * A power's cases in a year (办件量), with the power's status at this moment: the unit users of
   * the power's unit, reviewers over it, or an admin. Recording a year again replaces the figure,
   * the status and the time. The power row is held (FOR SHARE) so its status cannot change
   * between being read and being stored.
   */
  async recordPowerUsage(input: PowerUsageInput, scope: Scope, actor: Actor): Promise<PowerUsage> {
    return this.ds.transaction(async (m) => {
      const power = await m
        .getRepository(Power)
        .createQueryBuilder('p')
        .setLock('pessimistic_read')
        .where('p.id = :id', { id: input.powerId })
        .getOne();
      if (!power) throw new NotFoundError(`权力事项 ${input.powerId} 不存在`);
      const unit = await m.findOne(Unit, {
        where: { id: power.unitId },
        relations: { region: true },
      });
      const region = must(unit?.region, `region of unit ${power.unitId}`);
      requireUnitCovered(scope, { id: power.unitId, regionPath: region.path }, '权力事项');
      const key = { powerId: power.id, year: input.year };
      const values = { unitId: power.unitId, cases: input.cases, statusAtRecord: power.status };
      const { row, before } = await this.upsert(m, PowerUsage, key, {
        insert: { ...values, createdById: actor.userId },
        update: { ...values, recordedAt: () => 'now()' },
        snapshot: (r) => ({
          cases: r.cases,
          statusAtRecord: r.statusAtRecord,
          recordedAt: r.recordedAt,
        }),
      });
      await writeAudit(m, actor, {
        operation: 'recordPowerUsage',
        entityIds: [row.id, power.id, power.unitId],
        scopePath: region.path,
        before: before && { ...key, ...before },
        after: { ...key, cases: row.cases, statusAtRecord: row.statusAtRecord },
      });
      return row;
    });
  }

  /** Appends one record of a unit in scope, audited with its values. */
  private async append<T extends UnitRecord>(
    operation: string,
    target: new () => T,
    unitId: string,
    scope: Scope,
    actor: Actor,
    values: DeepPartial<T>,
  ): Promise<T> {
    return this.ds.transaction(async (m) => {
      const { unit, region } = await unitInScope(m, scope, unitId);
      const row = m.create(target, { ...values, unitId: unit.id, createdById: actor.userId });
      await m.insert(target, row as never);
      await writeAudit(m, actor, {
        operation,
        entityIds: [row.id, unit.id],
        scopePath: region.path,
        after: { unitId: unit.id, ...values },
      });
      return row;
    });
  }

  /**
   * The row of a unique key, inserted or updated: the insert skips a conflict (so two first
   * recordings at once do not fail), then the row is locked and updated. `before` is the
   * snapshot of the row as it was, null when it is new.
   */
  private async upsert<T extends { id: string }, S>(
    m: EntityManager,
    target: new () => T,
    key: FindOptionsWhere<T> & QueryDeepPartialEntity<T>,
    how: {
      insert: QueryDeepPartialEntity<T>;
      update: QueryDeepPartialEntity<T>;
      snapshot: (row: T) => S;
    },
  ): Promise<{ row: T; before: S | null }> {
    const inserted = await m
      .createQueryBuilder()
      .insert()
      .into(target)
      .values({ ...key, ...how.insert })
      .orIgnore()
      .execute();
    const found = await m
      .getRepository(target)
      .findOne({ where: key, lock: { mode: 'pessimistic_write' } });
    const existing = must(found, 'row after upsert');
    if (inserted.raw.length) return { row: existing, before: null };
    const before = how.snapshot(existing);
    await m.update(target, { id: existing.id } as FindOptionsWhere<T>, how.update);
    const row = must(await m.getRepository(target).findOneBy(key), 'row after update');
    return { row, before };
  }
}
