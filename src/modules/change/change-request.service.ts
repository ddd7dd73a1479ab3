import type { DataSource, EntityManager } from 'typeorm';

import { writeAudit, type Actor } from '../../common/audit';
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
import type { PowerContent, Problem } from '../catalog/power-content';
import { PowerVersion, PowerVersionBasis } from '../catalog/power-version.entity';
import { Power } from '../catalog/power.entity';
import { draftToContent } from '../catalog/power.service';
import { Region } from '../catalog/region.entity';
import { Unit } from '../catalog/unit.entity';
import { applyChange, requireVersionContent } from '../catalog/versioning';
import { contentIntegrityErrors } from '../flow/integrity';
import { contentOf } from '../flow/problem.service';
import { PROBLEM_CODES, type ProblemCode } from '../flow/problems';

import { ChangeRequest, type ChangeKind } from './change-request.entity';
import { chinaDate, mergeDraft, statusAfter, statusRefusal } from './change-rules';
import type {
  ChangeRequestFilter,
  CreateChangeRequestInput,
  UpdateChangeRequestInput,
} from './change.type';
import { Obligation } from './obligation.entity';
import { windowPolicyOf, type WindowPolicy } from './window-policy';

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
      let triggeredOn = input.triggeredOn ?? null;
      if (input.obligationId) {
        const ob = await m.findOneBy(Obligation, { id: input.obligationId });
        if (!ob) throw new NotFoundError(`义务 ${input.obligationId} 不存在`);
        await unitInScope(m, scope, ob.unitId, '义务');
        if (ob.powerId !== power?.id) {
          throw new BadInputError('所答复的义务不属于该权力事项', [
            { path: 'input.obligationId', message: '义务不属于该权力事项' },
          ]);
        }
        triggeredOn ??= ob.triggeredOn;
      }
      const cr = m.create(ChangeRequest, {
        kind: input.kind,
        status: 'DRAFT',
        unitId: unit.id,
        powerId: power?.id ?? null,
        reason: input.reason.trim(),
        obligationId: input.obligationId ?? null,
        triggeredOn,
        dueOn: null,
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
          triggeredOn,
          obligationId: cr.obligationId,
        },
      });
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
      const before = { reason: cr.reason, triggeredOn: cr.triggeredOn, draft: cr.draft };
      if (input.reason?.trim()) cr.reason = input.reason.trim();
      if (input.triggeredOn !== undefined) cr.triggeredOn = input.triggeredOn ?? null;
      if (input.draft) cr.draft = draftToContent(input.draft);
      await m.save(cr);
      await writeAudit(m, actor, {
        operation: 'updateChangeRequest',
        entityIds: [cr.id],
        scopePath: region.path,
        before,
        after: { reason: cr.reason, triggeredOn: cr.triggeredOn, draft: cr.draft },
      });
      return cr;
    });
  }

  /** The due date of a request from its trigger, per its unit's region policy. */
  private async dueOf(triggeredOn: string | null, policy: WindowPolicy): Promise<string | null> {
    return triggeredOn ? this.calendar.deadline(triggeredOn, policy.days, policy.count) : null;
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
        const content = power
          ? mergeDraft(await versionContent(m, power.currentVersionId!), cr.draft)
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
      const policy = windowPolicyOf(region);
      const [{ now }] = (await m.query('SELECT clock_timestamp() AS now')) as { now: Date }[];
      cr.status = 'SUBMITTED';
      cr.submittedAt = now;
      cr.dueOn = await this.dueOf(cr.triggeredOn, policy);
      cr.late = policy.measure === 'FILED' && cr.dueOn !== null && chinaDate(now) > cr.dueOn;
      await m.save(cr);
      if (policy.measure === 'FILED') await this.meetObligation(m, cr, chinaDate(now));
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

  /** Marks the obligation the request answers as met on a date, unless already met. */
  private async meetObligation(m: EntityManager, cr: ChangeRequest, on: string): Promise<void> {
    if (!cr.obligationId) return;
    await m
      .createQueryBuilder()
      .update(Obligation)
      .set({ metById: cr.id, metOn: on })
      .where('id = :id AND met_by_id IS NULL', { id: cr.obligationId })
      .execute();
  }

  /** A filing that is rejected or withdrawn no longer meets its obligation. */
  private async unmeetObligation(m: EntityManager, cr: ChangeRequest): Promise<void> {
    if (!cr.obligationId) return;
    await m
      .createQueryBuilder()
      .update(Obligation)
      .set({ metById: null, metOn: null })
      .where('id = :id AND met_by_id = :cr', { id: cr.obligationId, cr: cr.id })
      .execute();
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
   * version 1, MODIFY makes the next version from the current one plus the draft's fields, the
   * status kinds move the status. Two approvals of one power apply one after the other.
   */
  async approve(
    id: string,
    note: string | null,
    user: User,
    scope: Scope,
    actor: Actor,
  ): Promise<ChangeRequest> {
    return this.ds.transaction(async (m) => {
      const { cr, region } = await this.load(m, id, scope, true);
      this.assertMayDecide(user, scope, cr, region.path);
      if (cr.status !== 'SUBMITTED') throw new ConflictError('只有已提交的申请可以批准');
      // the units the draft names must be ones this reviewer may name too
      await requireDraftUnits(
        m,
        scope,
        { unitId: cr.unitId, regionId: region.id },
        cr.draft,
        'draft',
      );
      let applied;
      if (cr.kind === 'ADD') {
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
        const refusal = statusRefusal(cr.kind, power.status);
        if (refusal) throw new ConflictError(refusal);
        const content =
          cr.kind === 'MODIFY'
            ? requireVersionContent(
                mergeDraft(await versionContent(m, power.currentVersionId!), cr.draft ?? {}),
                'draft',
              )
            : undefined;
        applied = await applyChange(m, {
          powerId: power.id,
          unitId: power.unitId,
          content,
          status: statusAfter(cr.kind) ?? undefined,
          changeRequestId: cr.id,
          actorId: user.id,
        });
      }
      const policy = windowPolicyOf(region);
      const [{ now }] = (await m.query('SELECT clock_timestamp() AS now')) as { now: Date }[];
      cr.status = 'APPROVED';
      cr.powerId = applied.power.id;
      cr.decidedAt = now;
      cr.decidedById = user.id;
      cr.decisionNote = note?.trim() || null;
      cr.appliedVersionId = applied.version?.id ?? null;
      if (policy.measure === 'COMPLETED') {
        cr.dueOn ??= await this.dueOf(cr.triggeredOn, policy);
        cr.late = cr.dueOn !== null && chinaDate(now) > cr.dueOn;
        await this.meetObligation(m, cr, chinaDate(now));
      }
      await m.save(cr);
      await writeAudit(m, actor, {
        operation: 'approveChangeRequest',
        entityIds: [cr.id, applied.power.id, ...(applied.version ? [applied.version.id] : [])],
        scopePath: region.path,
        before: { status: 'SUBMITTED' },
        after: {
          status: cr.status,
          powerStatus: applied.power.status,
          versionNo: applied.version?.versionNo ?? null,
        },
      });
      return cr;
    });
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
      await this.unmeetObligation(m, cr);
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
      await this.unmeetObligation(m, cr);
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

  /** One page of requests in scope, newest first. */
  async list(
    scope: Scope,
    f: ChangeRequestFilter | null | undefined,
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
    const total = countOf(qb);
    // each request's unit and power come in the page's own statement
    qb.addSelect('u').leftJoinAndSelect('cr.power', 'p');
    // cursor: the last request's id; the page continues after its (created_at, id), newest first
    if (page.after) {
      qb.andWhere(
        '(cr.created_at, cr.id) < (SELECT c2.created_at, c2.id FROM change_request c2 WHERE c2.id = :cid)',
        {
          cid: page.after,
        },
      );
    }
    const rows = await qb
      .orderBy('cr.created_at', 'DESC')
      .addOrderBy('cr.id', 'DESC')
      .limit(page.first + 1)
      .getMany();
    return toConnection(rows, page.first, (c) => c.id, total);
  }
}
