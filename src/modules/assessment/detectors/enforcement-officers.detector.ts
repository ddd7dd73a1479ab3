import type { DetectedCase } from '../detector';
import { alone, countsByUnit, inUnits, type EventDetector } from '../event-statement';

/**
 * District item 27 (执法人员): each personnel change in the period not reflected within
 * `officerUpdateDays` (or not at all, once those days have passed at `asOf`; an update dated after
 * `asOf` was not yet made); each officer whose certificate
 * application or registration was not made through the platform, counted in the period of the
 * change it records (or of its entry, when it records none). SQL judges and counts the period's
 * officers per unit and returns those with a fault.
 */
export const enforcementOfficersEvents: EventDetector = {
  parts({ unitIds, from, to, asOfDate, through, param }, bind) {
    const days = bind(param('officerUpdateDays', 30), 'int');
    const officers = `
      SELECT id, unit_id, name, changed_on, updated_on, via_platform, on_date,
             changed_on IS NOT NULL AND ((updated_on IS NULL AND changed_on + ${days} < ${bind(asOfDate, 'date')})
                                         OR updated_on > changed_on + ${days}) AS late
        FROM (SELECT id, unit_id, name, changed_on, via_platform,
                     -- an update recorded after the instant judged was not yet made then
                     CASE WHEN updated_on <= ${bind(through, 'date')} THEN updated_on END AS updated_on,
                     coalesce(changed_on, (created_at AT TIME ZONE 'Asia/Shanghai')::date) AS on_date
                FROM enforcement_officer WHERE ${inUnits(bind, unitIds)('unit_id')}) o
       WHERE on_date BETWEEN ${bind(from, 'date')} AND ${bind(to, 'date')}`;
    return {
      counts: `SELECT unit_id AS "unitId", count(*)::int AS n FROM (${officers}) o GROUP BY unit_id`,
      cases: `SELECT id, unit_id AS "unitId", name, changed_on AS "changedOn", updated_on AS "updatedOn",
                     via_platform AS "viaPlatform", on_date AS on, late
                FROM (${officers}) o WHERE late OR NOT via_platform
               ORDER BY on_date, id`,
    };
  },

  judge(rows, { param }) {
    const days = param('officerUpdateDays', 30);
    const cases: DetectedCase[] = [];
    for (const r of rows.cases as {
      id: string;
      unitId: string;
      name: string;
      changedOn: string | null;
      updatedOn: string | null;
      viaPlatform: boolean;
      on: string;
      late: boolean;
    }[]) {
      if (r.late) {
        cases.push({
          unitId: r.unitId,
          recordId: r.id,
          key: 'late',
          occurredOn: r.on,
          reason: `执法人员${r.name}于 ${r.changedOn} 发生变动，${r.updatedOn ? `至 ${r.updatedOn} 才更新` : '未及时更新'}（应在 ${days} 日内）`,
        });
      }
      if (!r.viaPlatform) {
        cases.push({
          unitId: r.unitId,
          recordId: r.id,
          key: 'platform',
          occurredOn: r.on,
          reason: `执法人员${r.name}的执法证件申领或注册未通过平台办理`,
        });
      }
    }
    return { cases, applicable: countsByUnit(rows.counts) };
  },
};

export const enforcementOfficers = alone(enforcementOfficersEvents);
