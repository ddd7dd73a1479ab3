import type { DetectedCase, Detector } from '../detector';
import { judgeRequestAt, requestCaseDate, type RequestHistory } from '../request-lateness-rules';

/**
 * District item 5, provincial 43, municipal 47 (按规定申请变更): each obligation due in the period
 * that was met late or is still open past its due date as of `asOf` (one due that day or later is
 * not yet a case, nor counted unless already met); each request that answers no obligation and
 * was, as it stood at `asOf`, filed (or completed) after its window, or still undone past it
 * (`judgeRequestAt`), counted in the period of its due date (or of its entry, when entered after
 * it) — a late request answering an obligation is already counted as that obligation, once.
 */
export const changesFiled: Detector = async ({ m, unitIds, from, to, asOf, asOfDate, through }) => {
  const obligations: {
    id: string;
    unit_id: string;
    power_id: string;
    code: string;
    cause: string;
    due_on: string;
    met_on: string | null;
    met_by_id: string | null;
  }[] = await m.query(
    `SELECT o.id, o.unit_id, o.power_id, p.code, o.cause, o.due_on::text, o.met_on::text, o.met_by_id
       FROM obligation o JOIN power p ON p.id = o.power_id
      WHERE o.unit_id = ANY($1) AND o.due_on BETWEEN $2 AND $3
        AND (o.withdrawn_at IS NULL OR o.met_on IS NOT NULL) -- a retracted amendment's obligation is no case
      ORDER BY o.due_on, o.id`,
    [unitIds, from, to],
  );
  const requests: (RequestHistory & { id: string; unit_id: string; power_id: string | null })[] =
    await m.query(
      `SELECT cr.id, cr.unit_id, cr.power_id, cr.status, cr.due_on::text AS "dueOn",
              cr.policy_measure AS measure, cr.created_at AS "createdAt",
              cr.submitted_at AS "submittedAt", cr.decided_at AS "decidedAt",
              cr.updated_at AS "updatedAt"
         FROM change_request cr
        WHERE cr.unit_id = ANY($1) AND cr.obligation_id IS NULL AND cr.due_on IS NOT NULL
          AND cr.created_at < $4
          AND greatest(cr.due_on, (cr.created_at AT TIME ZONE 'Asia/Shanghai')::date) BETWEEN $2 AND $3
        ORDER BY cr.due_on, cr.created_at, cr.id`,
      [unitIds, from, to, asOf],
    );
  const cases: DetectedCase[] = [];
  const applicable = new Map<string, number>();
  const count = (unit: string) => applicable.set(unit, (applicable.get(unit) ?? 0) + 1);
  for (const o of obligations) {
    const met = o.met_on !== null && o.met_on <= through;
    // not yet due at asOf, and not yet met: nothing to judge
    if (!met && o.due_on >= asOfDate) continue;
    count(o.unit_id);
    const metInTime = met && o.met_on! <= o.due_on;
    if (metInTime) continue;
    const metLate = met;
    cases.push({
      unitId: o.unit_id,
      powerId: o.power_id,
      obligationId: o.id,
      changeRequestId: metLate ? o.met_by_id : null,
      occurredOn: metLate ? o.met_on : o.due_on,
      reason: metLate
        ? `权力事项 ${o.code} 未按期变更：应于 ${o.due_on} 前完成，实际于 ${o.met_on} 完成（${o.cause}）`
        : `权力事项 ${o.code} 逾期未变更：应于 ${o.due_on} 前完成，至 ${through} 仍未完成（${o.cause}）`,
    });
  }
  for (const r of requests) {
    const j = judgeRequestAt(r, asOf);
    if (!j.judged) continue;
    count(r.unit_id);
    if (!j.late) continue;
    const verb = r.measure === 'FILED' ? '提交' : '办结';
    cases.push({
      unitId: r.unit_id,
      powerId: r.power_id,
      changeRequestId: r.id,
      occurredOn: j.doneOn ?? requestCaseDate(r),
      reason: j.doneOn
        ? `变更申请超过时限：应于 ${r.dueOn} 前${verb}，实际于 ${j.doneOn} ${verb}`
        : `变更申请逾期：应于 ${r.dueOn} 前${verb}，至 ${through} 仍未${verb}`,
    });
  }
  return { cases, applicable };
};
