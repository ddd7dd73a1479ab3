import { In, type DataSource, type EntityManager } from 'typeorm';

import { writeAudit, type Actor } from '../../common/audit';
import { systemClock, type Clock } from '../../common/clock';
import { countOf, idPageArgs, toConnection } from '../../common/pagination';
import { throwIfInvalid } from '../../common/validation';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  type FieldError,
} from '../../errors';
import {
  requireDraftUnits,
  requireUnitCovered,
  restrictToScope,
  unitInScope,
} from '../access/access';
import { pathWithin, type Scope } from '../access/scope';
import type { User } from '../auth/user.entity';
import type { CalendarService } from '../calendar/calendar.service';
import type { WorkCalendar } from '../calendar/work-calendar';
import type { PowerContent, Problem } from '../catalog/power-content';
import { PowerVersion, PowerVersionBasis } from '../catalog/power-version.entity';
import { Power } from '../catalog/power.entity';
import { draftToContent } from '../catalog/power.service';
import { Region } from '../catalog/region.entity';
import type { ScheduleService } from '../catalog/schedule.service';
import { Unit } from '../catalog/unit.entity';
import { applyChange, latestStatus, requireVersionContent } from '../catalog/versioning';
import { contentIntegrityErrors } from '../flow/integrity';
import { contentOf } from '../flow/problem.service';
import { PROBLEM_CODES, type ProblemCode } from '../flow/problems';

import { ChangeRequest, ChangeRequestObligation, type ChangeKind } from './change-request.entity';
import { chinaDate, mergeDraft, statusAfter, statusRefusal } from './change-rules';
import type {
  ChangeRequestFilter,
  CreateChangeRequestInput,
  UpdateChangeRequestInput,
} from './change.type';
import { Obligation } from './obligation.entity';
import { dueOrNull } from './obligation.service';
import { windowPolicyOf } from './window-policy';
import { orderPage, type WorkOrder } from './work-order';

/** What submission asks of the problem checks: the defects of the content a request results in. */
export interface ContentChecker {
  problemsOf(
    content: PowerContent,
    facts: { unitId: string; powerId: string | null; status: Power['status'] },
  ): Promise<Problem[]>;
}

/** The kinds a unit operator may file; a unit's legal office files any. */
const OPERATOR_KINDS: ChangeKind[] = ['DORMANT', 'ACTIVATE'];

/** A version's content as plain data, with its bases. */
export async function versionContent(m: EntityManager, versionId: string): Promise<PowerContent> {
  const v = await m.findOneByOrFail(PowerVersion, { id: versionId });
  const bases = await m.find(PowerVersionBasis, { where: { versionId }, order: { ord: 'ASC' } });
  return contentOf(v, bases);
}

/**
 * The change workflow (DOMAIN.md, "Changes and their windows"): DRAFT → SUBMITTED → APPROVED or
 * REJECTED, and DRAFT or SUBMITTED → WITHDRAWN. Approval applies the change through the one
 * versioning function in the same transaction. Requests and obligations are timed by the unit's
 * region window policy on the working-day calendar.
 */
export class ChangeRequestService {
  constructor(
    private readonly ds: DataSource,
    private readonly calendar: CalendarService,
    private readonly checker: ContentChecker,
    private readonly clock: Clock = systemClock,
    private readonly schedule?: Pick<ScheduleService, 'noteScheduled'>,
  ) {}

  private async unitWithRegion(
    m: EntityManager,
    unitId: string,
  ): Promise<{ unit: Unit; region: Region }> {
    const unit = await m.findOne(Unit, { where: { id: unitId }, relations: { region: true } });
    if (!unit?.region) throw new NotFoundError(`单位 ${unitId} 不存在`);
    return { unit, region: unit.region };
  }

  /** A request in scope; NOT_FOUND or FORBIDDEN otherwise. Locked FOR UPDATE when `lock`. */
  async load(
    m: EntityManager,
    id: string,
    scope: Scope,
    lock = false,
  ): Promise<{ cr: ChangeRequest; unit: Unit; region: Region }> {
    const qb = m.getRepository(ChangeRequest).createQueryBuilder('cr').where('cr.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    const cr = await qb.getOne();
    if (!cr) throw new NotFoundError(`变更申请 ${id} 不存在`);
    const { unit, region } = await this.unitWithRegion(m, cr.unitId);
    requireUnitCovered(scope, { id: unit.id, regionPath: region.path }, '变更申请');
    return { cr, unit, region };
  }

  async get(id: string, scope: Scope): Promise<ChangeRequest> {
    return (await this.load(this.ds.manager, id, scope)).cr;
  }

  /** Only the unit's own legal office files any kind; its operators file dormant and activate. */
  private assertMayFile(user: User, unitId: string, kind: ChangeKind): void {
    const own = user.unitId === unitId;
    if (user.role === 'UNIT_LEGAL' && own) return;
    if (user.role === 'UNIT_OPERATOR' && own && OPERATOR_KINDS.includes(kind)) return;
    if (user.role === 'UNIT_OPERATOR' && own)
      throw new ForbiddenError('单位经办人员只能申请休眠或激活');
    throw new ForbiddenError('只有本单位的法制机构可以起草和提交变更申请');
  }

  async create(
    input: CreateChangeRequestInput,
    user: User,
    scope: Scope,
    actor: Actor,
  ): Promise<ChangeRequest> {
    const fields: FieldError[] = [];
    if (input.kind === 'ADD') {
      if (!input.unitId) fields.push({ path: 'input.unitId', message: '新增事项必须指定单位' });
      if (input.powerId)
        fields.push({ path: 'input.powerId', message: '新增事项不能指定已有权力事项' });
    } else {
      if (!input.powerId) fields.push({ path: 'input.powerId', message: '必须指定权力事项' });
      if (input.kind !== 'MODIFY' && input.draft)
        fields.push({ path: 'input.draft', message: '状态类变更不带内容' });
      if (input.kind === 'NO_CHANGE' && !input.reason?.trim())
        fields.push({ path: 'input.reason', message: '必须说明无需变更的理由' });
    }
    if (input.draft)
      fields.push(...contentIntegrityErrors(draftToContent(input.draft), 'input.draft'));
    throwIfInvalid(fields);

    return this.ds.transaction(async (m) => {
      let unitId: string;
      let power: Power | null = null;
      if (input.kind === 'ADD') {
        unitId = input.unitId!;
      } else {
        power = await m.findOneBy(Power, { id: input.powerId! });
        if (!power) throw new NotFoundError(`权力事项 ${input.powerId} 不存在`);
        unitId = power.unitId;
      }
      const { unit, region } = await this.unitWithRegion(m, unitId);
      requireUnitCovered(scope, { id: unit.id, regionPath: region.path });
      this.assertMayFile(user, unit.id, input.kind);
      const owner = { unitId: unit.id, regionId: region.id };
      await requireDraftUnits(m, scope, owner, input.draft, 'input.draft');
      if (power) {
        const refusal = statusRefusal(input.kind, power.status);
        if (refusal) throw new ConflictError(refusal);
      }
      const ids = [
        ...(input.obligationId ? [input.obligationId] : []),
        ...(input.obligationIds ?? []),
      ];
      const obligations = await this.answered(
        m,
        scope,
        ids,
        power,
        input.obligationIds?.length ? 'input.obligationIds' : 'input.obligationId',
      );
      if (input.kind === 'NO_CHANGE' && !obligations.length) {
        throw new BadInputError('无需变更的申请必须答复至少一项义务', [
          { path: 'input.obligationIds', message: '必须指定所答复的义务' },
        ]);
      }
      const timing = this.timing(
        await this.calendar.calendar(),
        region,
        input.triggeredOn ?? null,
        obligations,
      );
      const cr = m.create(ChangeRequest, {
        kind: input.kind,
        status: 'DRAFT',
        unitId: unit.id,
        powerId: power?.id ?? null,
        reason: input.reason.trim(),
        obligationId: obligations[0]?.id ?? null,
        ...timing,
        late: false,
        draft: input.draft ? draftToContent(input.draft) : null,
        createdById: user.id,
      });
      await m.save(cr);
      await writeAudit(m, actor, {
        operation: 'createChangeRequest',
        entityIds: [cr.id, unit.id, ...(power ? [power.id] : [])],
        scopePath: region.path,
        after: {
          kind: cr.kind,
          reason: cr.reason,
          draft: cr.draft,
          triggeredOn: cr.triggeredOn,
          dueOn: cr.dueOn,
          obligationIds: obligations.map((o) => o.id),
        },
      });
      await this.linkObligations(m, cr, obligations);
      return cr;
    });
  }

  async update(
    id: string,
    input: UpdateChangeRequestInput,
    user: User,
    scope: Scope,
    actor: Actor,
  ): Promise<ChangeRequest> {
    return this.ds.transaction(async (m) => {
      const { cr, region } = await this.load(m, id, scope, true);
      this.assertMayFile(user, cr.unitId, cr.kind);
      if (cr.status !== 'DRAFT') throw new ConflictError('只有草稿状态的申请可以修改');
      if (input.draft && !['ADD', 'MODIFY'].includes(cr.kind)) {
        throw new BadInputError('状态类变更不带内容', [
          { path: 'input.draft', message: '状态类变更不带内容' },
        ]);
      }
      if (input.draft)
        throwIfInvalid(contentIntegrityErrors(draftToContent(input.draft), 'input.draft'));
      const owner = { unitId: cr.unitId, regionId: region.id };
      await requireDraftUnits(m, scope, owner, input.draft, 'input.draft');
      const before = {
        reason: cr.reason,
        triggeredOn: cr.triggeredOn,
        dueOn: cr.dueOn,
        draft: cr.draft,
      };
      if (input.reason?.trim()) cr.reason = input.reason.trim();
      if (input.draft) cr.draft = draftToContent(input.draft);
      const power = cr.powerId ? await m.findOneByOrFail(Power, { id: cr.powerId }) : null;
      const obligations =
        input.obligationIds !== undefined && input.obligationIds !== null
          ? await this.answered(m, scope, input.obligationIds, power, 'input.obligationIds')
          : await this.obligationsOf(m, cr);
      if (cr.kind === 'NO_CHANGE' && !obligations.length) {
        throw new BadInputError('无需变更的申请必须答复至少一项义务', [
          { path: 'input.obligationIds', message: '必须指定所答复的义务' },
        ]);
      }
      const triggeredOn =
        input.triggeredOn !== undefined
          ? (input.triggeredOn ?? null)
          : obligations.length
            ? null
            : cr.triggeredOn;
      Object.assign(
        cr,
        this.timing(await this.calendar.calendar(), region, triggeredOn, obligations),
      );
      cr.obligationId = obligations[0]?.id ?? null;
      await m.save(cr);
      if (input.obligationIds) await this.linkObligations(m, cr, obligations);
      await writeAudit(m, actor, {
        operation: 'updateChangeRequest',
        entityIds: [cr.id],
        scopePath: region.path,
        before,
        after: {
          reason: cr.reason,
          triggeredOn: cr.triggeredOn,
          dueOn: cr.dueOn,
          draft: cr.draft,
          obligationIds: obligations.map((o) => o.id),
        },
      });
      return cr;
    });
  }

  /**
   * The obligations a request answers, all of its power, neither withdrawn nor met; in the
   * order given, without repeats.
   */
  private async answered(
    m: EntityManager,
    scope: Scope,
    ids: string[],
    power: Power | null,
    path: string,
  ): Promise<Obligation[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    if (!power)
      throw new BadInputError('新增事项不能答复义务', [{ path, message: '新增事项不能答复义务' }]);
    const rows = await m.findBy(Obligation, { id: In(unique) });
    const byId = new Map(rows.map((o) => [o.id, o]));
    const fields: FieldError[] = [];
    unique.forEach((id, i) => {
      const o = byId.get(id);
      if (!o) throw new NotFoundError(`义务 ${id} 不存在`);
      const at = `${path}[${i}]`;
      if (o.powerId !== power.id) fields.push({ path: at, message: '义务不属于该权力事项' });
      else if (o.withdrawnAt) fields.push({ path: at, message: '该义务已撤回' });
      else if (o.metById) fields.push({ path: at, message: '该义务已履行' });
    });
    for (const unitId of new Set(rows.map((o) => o.unitId))) {
      await unitInScope(m, scope, unitId, '义务');
    }
    if (fields.length) throw new BadInputError('所答复的义务不能由本申请答复', fields);
    return unique.map((id) => byId.get(id)!);
  }

  /**
   * When a request is due, known from the start: the earliest due date of the obligations it
   * answers (their window), else its trigger date plus its unit's region policy; null while the
   * calendar lacks a year the window reaches, or without a trigger.
   */
  private timing(
    cal: WorkCalendar,
    region: Region,
    triggeredOn: string | null,
    obligations: Obligation[],
  ): Pick<ChangeRequest, 'triggeredOn' | 'dueOn' | 'policyDays' | 'policyCount' | 'policyMeasure'> {
    if (obligations.length) {
      const known = obligations
        .filter((o) => o.dueOn)
        .sort((a, b) => a.dueOn!.localeCompare(b.dueOn!));
      const lead = known[0] ?? obligations[0]!;
      return {
        triggeredOn: triggeredOn ?? lead.triggeredOn,
        dueOn: lead.dueOn,
        policyDays: lead.policyDays,
        policyCount: lead.policyCount,
        policyMeasure: lead.policyMeasure,
      };
    }
    if (!triggeredOn)
      return { triggeredOn, dueOn: null, policyDays: null, policyCount: null, policyMeasure: null };
    const policy = windowPolicyOf(region);
    return {
      triggeredOn,
      dueOn: dueOrNull(cal, triggeredOn, policy),
      policyDays: policy.days,
      policyCount: policy.count,
      policyMeasure: policy.measure,
    };
  }

  /** Replaces the obligations a request answers (the first one is also `obligationId`). */
  private async linkObligations(
    m: EntityManager,
    cr: ChangeRequest,
    obligations: Obligation[],
  ): Promise<void> {
    await m.delete(ChangeRequestObligation, { changeRequestId: cr.id });
    if (obligations.length)
      await m.insert(
        ChangeRequestObligation,
        obligations.map((o) => ({ changeRequestId: cr.id, obligationId: o.id })),
      );
  }

  /** The obligations a request answers, oldest link first. */
  private async obligationsOf(m: EntityManager, cr: ChangeRequest): Promise<Obligation[]> {
    const links = await m.findBy(ChangeRequestObligation, { changeRequestId: cr.id });
    if (!links.length) return [];
    return m.findBy(Obligation, { id: In(links.map((l) => l.obligationId)) });
  }

  /**
   * Files a draft. The content it results in must be complete and free of problems, and a
   * status kind must suit the power's status; the request's due date and lateness are fixed here
   * when the policy measures filing.
   */
  async submit(id: string, user: User, scope: Scope, actor: Actor): Promise<ChangeRequest> {
    return this.ds.transaction(async (m) => {
      const { cr, region } = await this.load(m, id, scope, true);
      this.assertMayFile(user, cr.unitId, cr.kind);
      if (cr.status !== 'DRAFT') throw new ConflictError('只有草稿状态的申请可以提交');
      const power = cr.powerId ? await m.findOneByOrFail(Power, { id: cr.powerId }) : null;
      if (power) {
        const refusal = statusRefusal(cr.kind, power.status);
        if (refusal) throw new ConflictError(refusal);
      }
      if (cr.kind === 'ADD' || cr.kind === 'MODIFY') {
        if (!cr.draft)
          throw new BadInputError('申请缺少内容', [
            { path: 'draft', message: '新增或变更申请必须填写内容' },
          ]);
        // over the latest version (a scheduled one included), as approval will apply it
        const latest = power
          ? await m.findOneByOrFail(PowerVersion, {
              powerId: power.id,
              versionNo: power.versionCount,
            })
          : null;
        const content = latest
          ? mergeDraft(await versionContent(m, latest.id), cr.draft)
          : cr.draft;
        const missing: FieldError[] = [];
        try {
          requireVersionContent(content, 'draft');
        } catch (err) {
          if (err instanceof BadInputError) missing.push(...err.fields);
          else throw err;
        }
        const problems = await this.checker.problemsOf(content, {
          unitId: cr.unitId,
          powerId: power?.id ?? null,
          status: power?.status ?? 'ACTIVE',
        });
        // approval, publication and filing dates follow the decision: they are not asked of a filing
        const blocking = problems.filter((p) => !PROBLEM_CODES[p.code as ProblemCode]?.procedural);
        const fields = missing.concat(
          blocking.map((p) => ({
            path: p.path ? `draft.${p.path}` : 'draft',
            message: `${p.message}（${p.code}）`,
          })),
        );
        if (fields.length)
          throw new BadInputError(
            `申请内容不完整或有误（${fields.length} 处），请修改后再提交`,
            fields,
          );
        if (cr.kind === 'ADD' && (await m.existsBy(Power, { code: content.code! }))) {
          throw new ConflictError(`权力编码 ${content.code} 已存在`);
        }
      }
      const [{ now }] = (await m.query('SELECT clock_timestamp() AS now')) as { now: Date }[];
      // the window as it stands when filed: the obligations' due dates, or the region's policy
      Object.assign(
        cr,
        this.timing(
          await this.calendar.calendar(),
          region,
          cr.obligationId ? null : cr.triggeredOn,
          await this.obligationsOf(m, cr),
        ),
      );
      cr.status = 'SUBMITTED';
      cr.submittedAt = now;
      cr.late = cr.policyMeasure === 'FILED' && cr.dueOn !== null && chinaDate(now) > cr.dueOn;
      await m.save(cr);
      await writeAudit(m, actor, {
        operation: 'submitChangeRequest',
        entityIds: [cr.id],
        scopePath: region.path,
        before: { status: 'DRAFT' },
        after: { status: cr.status, dueOn: cr.dueOn, late: cr.late },
      });
      return cr;
    });
  }

  /**
   * Marks the obligations an approved request answers as met, unless already met: on the day it
   * was filed under a window that measures filing, else on the day of approval.
   */
  private async meetObligations(m: EntityManager, cr: ChangeRequest, approvedOn: string) {
    const links = await m.findBy(ChangeRequestObligation, { changeRequestId: cr.id });
    if (!links.length) return;
    const filedOn = cr.submittedAt ? chinaDate(cr.submittedAt) : approvedOn;
    await m.query(
      `UPDATE obligation SET met_by_id = $1,
              met_on = CASE WHEN policy_measure = 'FILED' THEN $2::date ELSE $3::date END
        WHERE id = ANY($4) AND met_by_id IS NULL AND withdrawn_at IS NULL`,
      [cr.id, filedOn, approvedOn, links.map((l) => l.obligationId)],
    );
  }

  /** Only a legal reviewer whose region covers the unit decides; never on a request they made. */
  private assertMayDecide(user: User, scope: Scope, cr: ChangeRequest, regionPath: string): void {
    if (user.role !== 'LEGAL_REVIEWER' && user.role !== 'ADMIN')
      throw new ForbiddenError('只有法制机构可以审核变更申请');
    if (scope.kind === 'region' && !pathWithin(regionPath, scope.path))
      throw new ForbiddenError('该申请不在您的审核范围内');
    if (cr.createdById === user.id) throw new ForbiddenError('不能审核自己提交的申请');
  }

  /**
   * Approves a filed request and applies it in the same transaction: ADD creates the power at
   * version 1, MODIFY makes the next version from the latest one plus the draft's fields, the
   * status kinds move the status. Two approvals of one power apply one after the other.
   *
   * `effectiveFrom` (DOMAIN.md, "Scheduled versions"): a later instant the new version or status
   * takes effect at; until then `current` and the status stay what is in force. Earlier than now
   * (the service's clock) is BAD_USER_INPUT; absent, or now, applies at once. An ADD takes effect
   * at approval (a power exists from its first version on), a NO_CHANGE has nothing to schedule.
   */
  async approve(
    id: string,
    note: string | null,
    user: User,
    scope: Scope,
    actor: Actor,
    effectiveFrom: Date | null = null,
  ): Promise<ChangeRequest> {
    const now = this.clock.now();
    if (effectiveFrom && effectiveFrom < now) {
      throw new BadInputError('生效时间不能早于当前时间', [
        { path: 'effectiveFrom', message: `不能早于当前时间 ${now.toISOString()}` },
      ]);
    }
    const scheduled = effectiveFrom && effectiveFrom > now ? effectiveFrom : undefined;
    const cr = await this.ds.transaction(async (m) => {
      const { cr, region } = await this.load(m, id, scope, true);
      this.assertMayDecide(user, scope, cr, region.path);
      if (cr.status !== 'SUBMITTED') throw new ConflictError('只有已提交的申请可以批准');
      if (scheduled && (cr.kind === 'ADD' || cr.kind === 'NO_CHANGE')) {
        throw new BadInputError(
          cr.kind === 'ADD'
            ? '新增事项自批准时生效，不能指定生效时间'
            : '无需变更的申请没有生效时间',
          [{ path: 'effectiveFrom', message: '该类申请不能指定生效时间' }],
        );
      }
      // the units the draft names must be ones this reviewer may name too
      await requireDraftUnits(
        m,
        scope,
        { unitId: cr.unitId, regionId: region.id },
        cr.draft,
        'draft',
      );
      let applied: { power: Power; version: PowerVersion | null; effectiveFrom: Date | null };
      if (cr.kind === 'NO_CHANGE') {
        // the amendment does not touch the power: nothing is applied, the obligations are met
        applied = {
          power: await m.findOneByOrFail(Power, { id: cr.powerId! }),
          version: null,
          effectiveFrom: null,
        };
      } else if (cr.kind === 'ADD') {
        const content = requireVersionContent(cr.draft ?? {}, 'draft');
        applied = await applyChange(m, {
          powerId: null,
          unitId: cr.unitId,
          content,
          status: 'ACTIVE',
          changeRequestId: cr.id,
          actorId: user.id,
        });
      } else {
        // lock the power before reading its current state, so concurrent approvals queue here
        const power = await m
          .getRepository(Power)
          .createQueryBuilder('p')
          .setLock('pessimistic_write')
          .where('p.id = :id', { id: cr.powerId })
          .getOneOrFail();
        // a scheduled change follows the latest status and version, scheduled ones included
        const over = scheduled
          ? ((await latestStatus(m, power.id))?.status ?? power.status)
          : power.status;
        const refusal = statusRefusal(cr.kind, over);
        if (refusal) throw new ConflictError(refusal);
        const latest = await m.findOneByOrFail(PowerVersion, {
          powerId: power.id,
          versionNo: power.versionCount,
        });
        const content =
          cr.kind === 'MODIFY'
            ? requireVersionContent(
                mergeDraft(await versionContent(m, latest.id), cr.draft ?? {}),
                'draft',
              )
            : undefined;
        applied = await applyChange(m, {
          powerId: power.id,
          unitId: power.unitId,
          content,
          status: statusAfter(cr.kind) ?? undefined,
          effectiveFrom: scheduled,
          changeRequestId: cr.id,
          actorId: user.id,
        });
      }
      const [{ now }] = (await m.query('SELECT clock_timestamp() AS now')) as { now: Date }[];
      cr.status = 'APPROVED';
      cr.powerId = applied.power.id;
      cr.decidedAt = now;
      cr.decidedById = user.id;
      cr.decisionNote = note?.trim() || null;
      cr.appliedVersionId = applied.version?.id ?? null;
      cr.effectiveFrom = applied.effectiveFrom;
      if (cr.policyMeasure !== 'FILED') cr.late = cr.dueOn !== null && chinaDate(now) > cr.dueOn;
      await m.save(cr);
      await this.meetObligations(m, cr, chinaDate(now));
      await writeAudit(m, actor, {
        operation: 'approveChangeRequest',
        entityIds: [cr.id, applied.power.id, ...(applied.version ? [applied.version.id] : [])],
        scopePath: region.path,
        before: { status: 'SUBMITTED' },
        after: {
          status: cr.status,
          powerStatus: applied.power.status,
          versionNo: applied.version?.versionNo ?? null,
          effectiveFrom: cr.effectiveFrom,
        },
      });
      return cr;
    });
    if (scheduled) this.schedule?.noteScheduled(scheduled);
    return cr;
  }

  async reject(
    id: string,
    note: string,
    user: User,
    scope: Scope,
    actor: Actor,
  ): Promise<ChangeRequest> {
    if (!note?.trim())
      throw new BadInputError('驳回必须说明理由', [{ path: 'note', message: '不能为空' }]);
    return this.ds.transaction(async (m) => {
      const { cr, region } = await this.load(m, id, scope, true);
      this.assertMayDecide(user, scope, cr, region.path);
      if (cr.status !== 'SUBMITTED') throw new ConflictError('只有已提交的申请可以驳回');
      const [{ now }] = (await m.query('SELECT clock_timestamp() AS now')) as { now: Date }[];
      cr.status = 'REJECTED';
      cr.decidedAt = now;
      cr.decidedById = user.id;
      cr.decisionNote = note.trim();
      await m.save(cr);
      await writeAudit(m, actor, {
        operation: 'rejectChangeRequest',
        entityIds: [cr.id],
        scopePath: region.path,
        before: { status: 'SUBMITTED' },
        after: { status: cr.status, note: cr.decisionNote },
      });
      return cr;
    });
  }

  async withdraw(id: string, user: User, scope: Scope, actor: Actor): Promise<ChangeRequest> {
    return this.ds.transaction(async (m) => {
      const { cr, region } = await this.load(m, id, scope, true);
      this.assertMayFile(user, cr.unitId, cr.kind);
      if (cr.status !== 'DRAFT' && cr.status !== 'SUBMITTED')
        throw new ConflictError('只有草稿或已提交的申请可以撤回');
      const before = cr.status;
      cr.status = 'WITHDRAWN';
      await m.save(cr);
      await writeAudit(m, actor, {
        operation: 'withdrawChangeRequest',
        entityIds: [cr.id],
        scopePath: region.path,
        before: { status: before },
        after: { status: cr.status },
      });
      return cr;
    });
  }

  /**
   * One page of requests in scope, newest first or due soonest first. `overdue` is judged today
   * by the rule of `requestOverdue`.
   */
  async list(
    scope: Scope,
    f: ChangeRequestFilter | null | undefined,
    orderBy: WorkOrder | null | undefined,
    first?: number | null,
    after?: string | null,
  ) {
    const page = idPageArgs(first, after);
    const qb = this.ds
      .getRepository(ChangeRequest)
      .createQueryBuilder('cr')
      .innerJoin('cr.unit', 'u')
      .innerJoin(Region, 'r', 'r.id = u.region_id');
    await restrictToScope(this.ds.manager, qb, scope, f, 'cr.unit_id');
    if (f?.status) qb.andWhere('cr.status = :status', { status: f.status });
    if (f?.kind) qb.andWhere('cr.kind = :kind', { kind: f.kind });
    if (f?.late !== undefined && f?.late !== null) qb.andWhere('cr.late = :late', { late: f.late });
    if (f?.overdue !== undefined && f?.overdue !== null) {
      const overdue = `(cr.due_on IS NOT NULL AND cr.due_on < :today AND (cr.status = 'DRAFT'
        OR (cr.status = 'SUBMITTED' AND cr.policy_measure IS DISTINCT FROM 'FILED')))`;
      qb.andWhere(f.overdue ? overdue : `NOT ${overdue}`, { today: chinaDate(new Date()) });
    }
    if (f?.dueBefore) qb.andWhere('cr.due_on < :dueBefore', { dueBefore: f.dueBefore });
    const total = countOf(qb);
    // each request's unit and power come in the page's own statement
    qb.addSelect('u').leftJoinAndSelect('cr.power', 'p');
    orderPage(qb, 'cr', 'change_request', orderBy ?? 'NEWEST', page.after);
    const rows = await qb.limit(page.first + 1).getMany();
    return toConnection(rows, page.first, (c) => c.id, total);
  }

  /**
   * After a calendar year is added or replaced (inside its transaction, after the obligations):
   * the due dates of live requests (drafts, filed ones waiting for a decision) that the year
   * touches are computed again, each change audited.
   */
  async recomputeDueDates(
    m: EntityManager,
    year: number,
    cal: WorkCalendar,
    actor: Actor,
  ): Promise<number> {
    const live = await m
      .getRepository(ChangeRequest)
      .createQueryBuilder('cr')
      .setLock('pessimistic_write')
      .where(`cr.status IN ('DRAFT', 'SUBMITTED') AND cr.policy_days IS NOT NULL`)
      .andWhere('(cr.due_on IS NULL OR (cr.triggered_on < :end AND cr.due_on >= :start))', {
        start: `${year}-01-01`,
        end: `${year}-12-31`,
      })
      .getMany();
    let changed = 0;
    for (const cr of live) {
      const unit = await m.findOne(Unit, { where: { id: cr.unitId }, relations: { region: true } });
      const obligations = await this.obligationsOf(m, cr);
      const timing = this.timing(
        cal,
        unit!.region!,
        obligations.length ? null : cr.triggeredOn,
        obligations,
      );
      // a filed request keeps the window it was filed under; only the date moves
      const dueOn = obligations.length
        ? timing.dueOn
        : dueOrNull(cal, cr.triggeredOn!, { days: cr.policyDays!, count: cr.policyCount! });
      if (dueOn === cr.dueOn) continue;
      await m.update(ChangeRequest, { id: cr.id }, { dueOn });
      await writeAudit(m, actor, {
        operation: 'recomputeChangeRequestDueOn',
        entityIds: [cr.id],
        before: { dueOn: cr.dueOn },
        after: { dueOn, calendarYear: year },
      });
      changed++;
    }
    return changed;
  }
}
