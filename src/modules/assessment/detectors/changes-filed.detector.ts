import type { DetectedCase } from '../detector';
import {
  alone,
  inUnits,
  listsCases,
  perUnitResult,
  type EventDetector,
  type Rows,
} from '../event-statement';

/**
 * District item 5, provincial 43, municipal 47 (按规定申请变更): each obligation due in the period
 * that was met late or is still open past its due date as of `asOf` (one due that day or later is
 * not yet a case, nor counted unless already met); each request that answers no obligation and
 * was, as it stood at `asOf`, filed (or completed) after its window, or still undone past it
 * (`judgeRequestAt`, here in SQL), counted in the period of its due date (or of its entry, when
 * entered after it) — a late request answering an obligation is already counted as that
 * obligation, once. SQL reads each record once, judges it and counts per unit the judged records
 * and the cases; only the listed units' cases (`listsCases`) come to Node, for their evidence.
 */
export const changesFiledEvents: EventDetector = {
  parts(input, bind) {
    const { unitIds, from, to, asOf, asOfDate, through } = input;
    const ofUnits = inUnits(bind, unitIds);
    const [f, t, at, atDate, thru] = [
      bind(from, 'date'),
      bind(to, 'date'),
      bind(asOf, 'timestamptz'),
      bind(asOfDate, 'date'),
      bind(through, 'date'),
    ];
    // an obligation is judged once met (by `through`) or once its due date has passed at asOf
    const obligations = `
      SELECT o.id, o.unit_id, o.power_id, o.cause, o.due_on, o.met_by_id,
             CASE WHEN o.met_on <= ${thru} THEN o.met_on END AS met_on
        FROM obligation o
       WHERE ${ofUnits('o.unit_id')} AND o.due_on BETWEEN ${f} AND ${t}
         AND (o.withdrawn_at IS NULL OR o.met_on IS NOT NULL) -- a retracted amendment's obligation is no case
         AND (o.met_on <= ${thru} OR o.due_on < ${atDate})`;
    // `requestStatusAt`, `requestDoneBy` and `requestOverdue` over the timestamps as Node reads
    // them (to the millisecond, truncated: x <= asOf - 1 ms there is x < asOf here)
    const statusAt = `CASE WHEN cr.status = 'WITHDRAWN' AND cr.updated_at < ${at} THEN 'WITHDRAWN'
                           WHEN cr.decided_at < ${at} AND cr.status IN ('APPROVED', 'REJECTED') THEN cr.status
                           WHEN cr.submitted_at < ${at} THEN 'SUBMITTED'
                           ELSE 'DRAFT' END`;
    const requests = `
      SELECT r.*,
             CASE WHEN r.done THEN ((CASE WHEN r.measure = 'FILED' THEN r.submitted_at ELSE r.decided_at END)
                                    AT TIME ZONE 'Asia/Shanghai')::date END AS done_on,
             NOT r.done AND ${atDate} > r.due_on AND r.status_at NOT IN ('REJECTED', 'WITHDRAWN')
               AND NOT coalesce(CASE WHEN r.measure = 'FILED'
                                     THEN r.status_at <> 'WITHDRAWN' AND r.submitted_at < ${at} + interval '1 millisecond'
                                     ELSE r.status_at = 'APPROVED' AND r.decided_at < ${at} + interval '1 millisecond' END,
                                false) AS overdue
        FROM (SELECT s.*,
                     coalesce(CASE WHEN s.measure = 'FILED' THEN s.status_at <> 'WITHDRAWN' AND s.submitted_at < ${at}
                                   ELSE s.status_at = 'APPROVED' AND s.decided_at < ${at} END, false) AS done
                FROM (SELECT cr.id, cr.unit_id, cr.power_id, cr.due_on, cr.policy_measure AS measure,
                             cr.created_at, cr.submitted_at, cr.decided_at, ${statusAt} AS status_at
                        FROM change_request cr
                       WHERE ${ofUnits('cr.unit_id')} AND cr.obligation_id IS NULL AND cr.due_on IS NOT NULL
                         AND cr.created_at < ${at}
                         AND greatest(cr.due_on, (cr.created_at AT TIME ZONE 'Asia/Shanghai')::date) BETWEEN ${f} AND ${t}) s) r`;
    // each record read once, with whether it is a case and whether its unit's cases are listed
    const listed = (alias: string) => listsCases(input, bind, 'changes-filed', `${alias}.unit_id`);
    return {
      all: `
        WITH o AS MATERIALIZED (
          SELECT o.*, o.met_on IS NULL OR o.met_on > o.due_on AS is_case, ${listed('o')} AS listed
            FROM (${obligations}) o
        ), r AS MATERIALIZED (
          SELECT r.*, r.overdue OR r.done_on > r.due_on AS is_case, ${listed('r')} AS listed
            FROM (${requests}) r WHERE r.done OR r.overdue
        )
        SELECT
          (SELECT coalesce(json_agg(json_build_object('unitId', j.unit_id, 'n', j.n, 'c', j.c, 'listed', j.listed)), '[]')
             FROM (SELECT unit_id, count(*)::int AS n, count(*) FILTER (WHERE is_case)::int AS c,
                          bool_or(listed) AS listed
                     FROM (SELECT unit_id, is_case, listed FROM o
                           UNION ALL SELECT unit_id, is_case, listed FROM r) x
                    GROUP BY unit_id) j) AS units,
          -- the cases of the listed units, with their power's code looked up for them alone
          (SELECT coalesce(json_agg(json_build_object('id', o.id, 'unitId', o.unit_id, 'powerId', o.power_id,
                                    'code', (SELECT p.code FROM power p WHERE p.id = o.power_id),
                                    'cause', o.cause, 'dueOn', o.due_on, 'metOn', o.met_on, 'metById', o.met_by_id)
                                    ORDER BY o.due_on, o.id), '[]')
             FROM o WHERE o.is_case AND o.listed) AS obligations,
          (SELECT coalesce(json_agg(json_build_object('id', r.id, 'unitId', r.unit_id, 'powerId', r.power_id,
                                    'dueOn', r.due_on, 'measure', r.measure, 'doneOn', r.done_on,
                                    'caseOn', greatest(r.due_on, (r.created_at AT TIME ZONE 'Asia/Shanghai')::date))
                                    ORDER BY r.due_on, r.created_at, r.id), '[]')
             FROM r WHERE r.is_case AND r.listed) AS requests`,
    };
  },

  judge(rows, { through }) {
    const [all] = rows.all as { units: Rows; obligations: Rows; requests: Rows }[];
    const cases: DetectedCase[] = [];
    for (const o of all.obligations as {
      id: string;
      unitId: string;
      powerId: string;
      code: string;
      cause: string;
      dueOn: string;
      metOn: string | null;
      metById: string | null;
    }[]) {
      const metLate = o.metOn !== null;
      cases.push({
        unitId: o.unitId,
        powerId: o.powerId,
        obligationId: o.id,
        changeRequestId: metLate ? o.metById : null,
        occurredOn: metLate ? o.metOn : o.dueOn,
        reason: metLate
          ? `权力事项 ${o.code} 未按期变更：应于 ${o.dueOn} 前完成，实际于 ${o.metOn} 完成（${o.cause}）`
          : `权力事项 ${o.code} 逾期未变更：应于 ${o.dueOn} 前完成，至 ${through} 仍未完成（${o.cause}）`,
      });
    }
    for (const r of all.requests as {
      id: string;
      unitId: string;
      powerId: string | null;
      dueOn: string;
      measure: string | null;
      doneOn: string | null;
      caseOn: string;
    }[]) {
      const verb = r.measure === 'FILED' ? '提交' : '办结';
      cases.push({
        unitId: r.unitId,
        powerId: r.powerId,
        changeRequestId: r.id,
        occurredOn: r.doneOn ?? r.caseOn,
        reason: r.doneOn
          ? `变更申请超过时限：应于 ${r.dueOn} 前${verb}，实际于 ${r.doneOn} ${verb}`
          : `变更申请逾期：应于 ${r.dueOn} 前${verb}，至 ${through} 仍未${verb}`,
      });
    }
    return perUnitResult(all.units, cases);
  },
};

export const changesFiled = alone(changesFiledEvents);
