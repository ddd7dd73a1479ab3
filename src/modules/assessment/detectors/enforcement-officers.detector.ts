import type { DetectedCase, Detector } from '../detector';

/**
 * District item 27 (执法人员): each personnel change in the period not reflected within
 * `officerUpdateDays` (or not at all, once those days have passed at `asOf`; an update dated after
 * `asOf` was not yet made); each officer whose certificate
 * application or registration was not made through the platform, counted in the period of the
 * change it records (or of its entry, when it records none).
 */
export const enforcementOfficers: Detector = async ({
  m,
  unitIds,
  from,
  to,
  asOfDate,
  through,
  param,
}) => {
  const days = param('officerUpdateDays', 30);
  const rows: {
    id: string;
    unit_id: string;
    name: string;
    changed_on: string | null;
    on: string;
    updated_on: string | null;
    via_platform: boolean;
    late: boolean;
  }[] = await m.query(
    `SELECT id, unit_id, name, changed_on::text, updated_on::text, via_platform, on_date::text AS on,
            changed_on IS NOT NULL AND ((updated_on IS NULL AND changed_on + $4::int < $5::date)
                                        OR updated_on > changed_on + $4::int) AS late
       FROM (SELECT id, unit_id, name, changed_on, via_platform,
                    -- an update recorded after the instant judged was not yet made then
                    CASE WHEN updated_on <= $6::date THEN updated_on END AS updated_on,
                    coalesce(changed_on, (created_at AT TIME ZONE 'Asia/Shanghai')::date) AS on_date
               FROM enforcement_officer WHERE unit_id = ANY($1)) o
      WHERE on_date BETWEEN $2 AND $3
      ORDER BY on_date, id`,
    [unitIds, from, to, days, asOfDate, through],
  );
  const cases: DetectedCase[] = [];
  const applicable = new Map<string, number>();
  for (const r of rows) {
    applicable.set(r.unit_id, (applicable.get(r.unit_id) ?? 0) + 1);
    if (r.late) {
      cases.push({
        unitId: r.unit_id,
        recordId: r.id,
        key: 'late',
        occurredOn: r.on,
        reason: `执法人员${r.name}于 ${r.changed_on} 发生变动，${r.updated_on ? `至 ${r.updated_on} 才更新` : '未及时更新'}（应在 ${days} 日内）`,
      });
    }
    if (!r.via_platform) {
      cases.push({
        unitId: r.unit_id,
        recordId: r.id,
        key: 'platform',
        occurredOn: r.on,
        reason: `执法人员${r.name}的执法证件申领或注册未通过平台办理`,
      });
    }
  }
  return { cases, applicable };
};
