import type { DetectedCase, Detector } from '../detector';

/**
 * District item 9 (休眠、激活): each status change in the period made without an approved change
 * request (a power's first status, set when it entered the catalog, is not a change); each use of
 * a power recorded in the period while it was dormant or suspended. A status change scheduled
 * after `asOf` (a later `effectiveFrom`) has not happened yet.
 */
export const dormantActive: Detector = async ({ m, unitIds, from, to, asOf }) => {
  const changes: {
    id: string;
    power_id: string;
    unit_id: string;
    code: string;
    status: string;
    on: string;
  }[] = await m.query(
    `SELECT s.id, s.power_id, p.unit_id, p.code, s.status,
            to_char(s.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS on
       FROM power_status_change s JOIN power p ON p.id = s.power_id
      WHERE p.unit_id = ANY($1)
        AND (s.at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2 AND $3 AND s.at < $4
        AND (s.change_request_id IS NULL
             OR NOT EXISTS (SELECT 1 FROM change_request cr WHERE cr.id = s.change_request_id AND cr.status = 'APPROVED'))
        AND s.at > (SELECT min(f.at) FROM power_status_change f WHERE f.power_id = s.power_id)
      ORDER BY s.at`,
    [unitIds, from, to, asOf],
  );
  const usages: {
    id: string;
    power_id: string;
    unit_id: string;
    code: string;
    year: number;
    status_at_record: string;
    on: string;
  }[] = await m.query(
    `SELECT pu.id, pu.power_id, p.unit_id, p.code, pu.year, pu.status_at_record,
              to_char(pu.recorded_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS on
         FROM power_usage pu JOIN power p ON p.id = pu.power_id
        WHERE p.unit_id = ANY($1) AND pu.cases > 0
          AND pu.status_at_record IN ('DORMANT', 'SUSPENDED')
          AND (pu.recorded_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2 AND $3 AND pu.recorded_at < $4
        ORDER BY pu.recorded_at`,
    [unitIds, from, to, asOf],
  );
  const zh: Record<string, string> = {
    ACTIVE: '在用',
    DORMANT: '休眠',
    SUSPENDED: '挂起',
    CANCELLED: '已取消',
  };
  const cases: DetectedCase[] = [
    ...changes.map((c) => ({
      unitId: c.unit_id,
      powerId: c.power_id,
      recordId: c.id,
      occurredOn: c.on,
      reason: `权力事项 ${c.code} 于 ${c.on} 变为「${zh[c.status] ?? c.status}」，未经批准的变更申请`,
    })),
    ...usages.map((u) => ({
      unitId: u.unit_id,
      powerId: u.power_id,
      recordId: u.id,
      occurredOn: u.on,
      reason: `权力事项 ${u.code} 处于「${zh[u.status_at_record]}」状态时仍记录了 ${u.year} 年的办件`,
    })),
  ];
  const applicable = new Map<string, number>();
  for (const c of cases) applicable.set(c.unitId, (applicable.get(c.unitId) ?? 0) + 1);
  return { cases, applicable };
};
