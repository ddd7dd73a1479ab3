import type { DetectedCase } from '../detector';
import { alone, dayStart, inUnits, type EventDetector } from '../event-statement';

const ZH: Record<string, string> = {
  ACTIVE: '在用',
  DORMANT: '休眠',
  SUSPENDED: '挂起',
  CANCELLED: '已取消',
};

/**
 * District item 9 (休眠、激活): each status change in the period made without an approved change
 * request (a power's first status, set when it entered the catalog, is not a change); each use of
 * a power recorded in the period while it was dormant or suspended. A status change scheduled
 * after `asOf` (a later `effectiveFrom`) has not happened yet. The period's days are ranges of
 * instants (China Standard Time), so the indexes on (power, at) and (unit, recorded_at) serve.
 */
export const dormantActiveEvents: EventDetector = {
  parts({ unitIds, from, to, asOf }, bind) {
    const ofUnits = inUnits(bind, unitIds);
    const start = dayStart(bind(from, 'date'));
    const end = dayStart(`${bind(to, 'date')} + 1`);
    const at = bind(asOf, 'timestamptz');
    return {
      changes: `
        SELECT s.id, s.power_id AS "powerId", p.unit_id AS "unitId", p.code, s.status,
               to_char(s.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS on
          FROM power_status_change s JOIN power p ON p.id = s.power_id
         WHERE ${ofUnits('p.unit_id')}
           AND s.at >= ${start} AND s.at < ${end} AND s.at < ${at}
           AND (s.change_request_id IS NULL
                OR NOT EXISTS (SELECT 1 FROM change_request cr WHERE cr.id = s.change_request_id AND cr.status = 'APPROVED'))
           AND s.at > (SELECT min(f.at) FROM power_status_change f WHERE f.power_id = s.power_id)
         ORDER BY s.at, s.id`,
      // a use is recorded under the power's own unit (recordPowerUsage)
      usages: `
        SELECT pu.id, pu.power_id AS "powerId", p.unit_id AS "unitId", p.code, pu.year,
               pu.status_at_record AS status,
               to_char(pu.recorded_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS on
          FROM power_usage pu JOIN power p ON p.id = pu.power_id
         WHERE ${ofUnits('pu.unit_id')} AND pu.cases > 0
           AND pu.status_at_record IN ('DORMANT', 'SUSPENDED')
           AND pu.recorded_at >= ${start} AND pu.recorded_at < ${end} AND pu.recorded_at < ${at}
         ORDER BY pu.recorded_at, pu.id`,
    };
  },

  judge(rows) {
    type Row = {
      id: string;
      powerId: string;
      unitId: string;
      code: string;
      status: string;
      on: string;
      year?: number;
    };
    const cases: DetectedCase[] = [
      ...(rows.changes as Row[]).map((c) => ({
        unitId: c.unitId,
        powerId: c.powerId,
        recordId: c.id,
        occurredOn: c.on,
        reason: `权力事项 ${c.code} 于 ${c.on} 变为「${ZH[c.status] ?? c.status}」，未经批准的变更申请`,
      })),
      ...(rows.usages as Row[]).map((u) => ({
        unitId: u.unitId,
        powerId: u.powerId,
        recordId: u.id,
        occurredOn: u.on,
        reason: `权力事项 ${u.code} 处于「${ZH[u.status]}」状态时仍记录了 ${u.year} 年的办件`,
      })),
    ];
    const applicable = new Map<string, number>();
    for (const c of cases) applicable.set(c.unitId, (applicable.get(c.unitId) ?? 0) + 1);
    return { cases, applicable };
  },
};

export const dormantActive = alone(dormantActiveEvents);
