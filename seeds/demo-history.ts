import { randomUUID } from 'node:crypto';

import type { DataSource, EntityManager } from 'typeorm';

import type { Actor } from '../src/common/audit';
import { addDays } from '../src/modules/calendar/iso-date';
import type { PowerContent } from '../src/modules/catalog/power-content';
import { applyChange, createPowers, type VersionContent } from '../src/modules/catalog/versioning';
import {
  ChangeRequest,
  ChangeRequestObligation,
  type ChangeKind,
} from '../src/modules/change/change-request.entity';
import { LegalAmendment } from '../src/modules/change/obligation.entity';
import type { Services } from '../src/services';

import type { DemoData, DemoPower } from './demo-catalog';

/** An instant on a China Standard Time day. */
const at = (date: string, hour: number) =>
  new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);

/** The content with its charts and benchmark approved, filed and adjusted again on `date`. */
function redated(c: VersionContent, date: string): VersionContent {
  const ext = c.externalFlow;
  const int = c.internalFlow;
  const disc = c.discretion;
  return {
    ...c,
    externalFlow: ext && {
      ...ext,
      approvedOn: ext.approvedOn && date,
      publishedOn: ext.publishedOn && date,
    },
    internalFlow: int && { ...int, filedOn: int.filedOn && date },
    discretion: disc && {
      ...disc,
      filedOn: disc.filedOn && date,
      adjustedOn: disc.adjustedOn && date,
    },
  };
}

export interface HistoryIds {
  unitIds: ReadonlyMap<string, string>;
  lawIds: ReadonlyMap<string, string>;
  /** username -> id of the demo users */
  userIds: ReadonlyMap<string, string>;
  /** unit code -> the codes of its region and the regions above, nearest first */
  regionChain: ReadonlyMap<string, string[]>;
}

/**
 * Writes the demo powers of `powers` with their past (see `DemoPower`): each enters the catalog
 * on its day with the content it had then; an earlier revision is approved on its day; the past
 * amendments are recorded through the obligation service, which opens their obligations and
 * dates them by each region's window; the units answer them in time, late or not at all, each
 * answer an approved request that re-approves the charts and benchmark; a power not active now
 * was moved by an approved request. Every change goes through `applyChange` at the instant it
 * happened, so versions stay contiguous, never overlap, and one is in force.
 */
export async function writeDemoHistory(
  ds: DataSource,
  services: Services,
  data: DemoData,
  powers: DemoPower[],
  contentOf: (p: DemoPower) => VersionContent,
  ids: HistoryIds,
  actor: Actor,
): Promise<void> {
  if (!powers.length) return;
  const scope = { kind: 'all' } as const;
  const people = (unitCode: string) => {
    const candidates = [
      `fg_${unitCode}`,
      ...ids.regionChain.get(unitCode)!.map((r) => `fz_${r}`),
      'fz_320400',
    ].filter((u) => ids.userIds.has(u));
    const filer = candidates[0];
    const decider = candidates.find((u) => u !== filer && u.startsWith('fz_'))!;
    return { filer: ids.userIds.get(filer)!, decider: ids.userIds.get(decider)! };
  };
  const powerIds = new Map<string, string>();

  /** An approved request of a power, decided on `decidedOn`, and the change it made. */
  const approved = async (
    m: EntityManager,
    p: DemoPower,
    r: {
      kind: ChangeKind;
      reason: string;
      submittedOn: string;
      decidedOn: string;
      draft?: PowerContent;
      content?: VersionContent;
      status?: DemoPower['status'];
      obligation?: {
        id: string;
        triggeredOn: string;
        dueOn: string;
        days: number;
        count: string;
        measure: string;
      };
    },
  ) => {
    const { filer, decider } = people(p.unitCode);
    const o = r.obligation;
    const late = o ? (o.measure === 'FILED' ? r.submittedOn : r.decidedOn) > o.dueOn : false;
    const submittedAt = at(r.submittedOn, 10);
    const decidedAt = at(r.decidedOn, 15);
    const cr = m.create(ChangeRequest, {
      id: randomUUID(),
      kind: r.kind,
      status: 'APPROVED',
      unitId: ids.unitIds.get(p.unitCode)!,
      powerId: powerIds.get(p.content.code!)!,
      reason: r.reason,
      obligationId: o?.id ?? null,
      triggeredOn: o?.triggeredOn ?? null,
      dueOn: o?.dueOn ?? null,
      policyDays: o?.days ?? null,
      policyCount: (o?.count ?? null) as ChangeRequest['policyCount'],
      policyMeasure: (o?.measure ?? null) as ChangeRequest['policyMeasure'],
      late,
      draft: r.draft ?? null,
      submittedAt,
      decidedAt,
      decidedById: decider,
      decisionNote: '同意',
      appliedVersionId: null,
      createdById: filer,
      createdAt: at(addDays(r.submittedOn, -1), 16),
      updatedAt: decidedAt,
      rowVersion: 1,
    });
    await m.insert(ChangeRequest, cr);
    const applied = await applyChange(m, {
      powerId: cr.powerId,
      unitId: cr.unitId,
      content: r.content,
      status: r.status,
      changeRequestId: cr.id,
      actorId: decider,
      at: decidedAt,
    });
    if (applied.version) {
      await m.update(ChangeRequest, { id: cr.id }, { appliedVersionId: applied.version.id });
    }
    if (o) {
      await m.insert(ChangeRequestObligation, { changeRequestId: cr.id, obligationId: o.id });
      await m.query(`UPDATE obligation SET met_by_id = $1, met_on = $2 WHERE id = $3`, [
        cr.id,
        o.measure === 'FILED' ? r.submittedOn : r.decidedOn,
        o.id,
      ]);
    }
  };

  // the catalog as it was entered, and the revisions before the amendments
  await ds.transaction(async (m) => {
    const created = await createPowers(
      m,
      powers.map((p) => {
        const content = contentOf(p);
        return {
          unitId: ids.unitIds.get(p.unitCode)!,
          status: 'ACTIVE' as const,
          content: p.revision ? { ...content, ...p.revision.before } : content,
          since: at(p.enteredOn, 9),
        };
      }),
      actor.userId,
    );
    for (const c of created) powerIds.set(c.code, c.id);
    for (const p of powers.filter((x) => x.revision)) {
      const { on, reason, before } = p.revision!;
      const content = contentOf(p);
      const draft = Object.fromEntries(
        Object.keys(before).map((k) => [k, content[k as keyof VersionContent]]),
      ) as PowerContent;
      await approved(m, p, {
        kind: 'MODIFY',
        reason,
        submittedOn: addDays(on, -6),
        decidedOn: on,
        draft,
        content,
      });
    }
  });

  // the amendments, each recorded once (through the service, which opens and dates the
  // obligations); the past ones answered as each power's plan says
  const byId = new Map(powers.map((p) => [powerIds.get(p.content.code!)!, p]));
  const record = async (a: DemoData['amendments'][number]) => {
    const documentId = ids.lawIds.get(a.lawKey)!;
    if (await ds.getRepository(LegalAmendment).existsBy({ documentId, amendedOn: a.amendedOn })) {
      return [];
    }
    const { obligations } = await services.obligations.recordAmendment(
      { documentId, amendedOn: a.amendedOn, note: a.note, repeal: false },
      scope,
      actor,
    );
    return obligations;
  };
  for (const a of data.amendments.filter((x) => x.answered)) {
    const obligations = await record(a);
    await ds.transaction(async (m) => {
      for (const o of obligations) {
        const p = byId.get(o.powerId);
        if (!p || p.answer === 'OPEN' || !o.dueOn) continue;
        const onTime = p.answer === 'ON_TIME';
        const submittedOn = onTime ? addDays(o.triggeredOn, 3) : addDays(o.dueOn, 4);
        const decidedOn = onTime ? addDays(o.triggeredOn, 7) : addDays(o.dueOn, 9);
        const content = redated(contentOf(p), decidedOn);
        await approved(m, p, {
          kind: 'MODIFY',
          reason: `${o.cause}，重新审定流程图和裁量基准`,
          submittedOn,
          decidedOn,
          draft: {
            externalFlow: content.externalFlow,
            internalFlow: content.internalFlow,
            discretion: content.discretion,
          },
          content,
          obligation: {
            id: o.id,
            triggeredOn: o.triggeredOn,
            dueOn: o.dueOn,
            days: o.policyDays,
            count: o.policyCount,
            measure: o.policyMeasure,
          },
        });
      }
    });
  }

  // the powers not active now, each moved by an approved request
  const moves: Record<string, { kind: ChangeKind; reason: string }> = {
    DORMANT: { kind: 'DORMANT', reason: '连续两年无办件，申请休眠' },
    SUSPENDED: { kind: 'SUSPEND', reason: '上位法修改，暂停实施，申请挂起' },
    CANCELLED: { kind: 'CANCEL', reason: '职能划出，申请取消' },
  };
  await ds.transaction(async (m) => {
    for (const p of powers.filter((x) => x.statusChangedOn)) {
      const move = moves[p.status];
      await approved(m, p, {
        ...move,
        submittedOn: addDays(p.statusChangedOn!, -5),
        decidedOn: p.statusChangedOn!,
        status: p.status,
      });
    }
  });

  // the recent amendments, not answered yet
  for (const a of data.amendments.filter((x) => !x.answered)) await record(a);
}
