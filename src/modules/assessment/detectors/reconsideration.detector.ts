import type { DetectedCase } from '../detector';
import { alone, countsByUnit, inUnits, type EventDetector } from '../event-statement';

const ZH: Record<string, string> = {
  RECONSIDERATION: '行政复议',
  LITIGATION: '行政应诉',
  BEING_RECONSIDERED: '被复议',
};

/**
 * District item 29 (行政复议、行政应诉): each reconsideration or litigation case received in the
 * period not handled or registered online; each such case whose periodic report is missing (no
 * report date recorded by the period's end). SQL counts the period's cases per unit and returns
 * those with a fault.
 */
export const reconsiderationEvents: EventDetector = {
  parts({ unitIds, from, to, through }, bind) {
    const received = `
      SELECT id, unit_id, kind, received_on, handled_online,
             reported_on IS NULL OR reported_on > ${bind(through, 'date')} AS unreported
        FROM reconsideration_case
       WHERE ${inUnits(bind, unitIds)('unit_id')} AND received_on BETWEEN ${bind(from, 'date')} AND ${bind(to, 'date')}`;
    return {
      counts: `SELECT unit_id AS "unitId", count(*)::int AS n FROM (${received}) r GROUP BY unit_id`,
      cases: `SELECT id, unit_id AS "unitId", kind, received_on AS "receivedOn",
                     handled_online AS "handledOnline", unreported
                FROM (${received}) r WHERE NOT handled_online OR unreported
               ORDER BY received_on, id`,
    };
  },

  judge(rows) {
    const cases: DetectedCase[] = [];
    for (const r of rows.cases as {
      id: string;
      unitId: string;
      kind: string;
      receivedOn: string;
      handledOnline: boolean;
      unreported: boolean;
    }[]) {
      const what = `${ZH[r.kind] ?? r.kind}案件（${r.receivedOn} 收到）`;
      if (!r.handledOnline)
        cases.push({
          unitId: r.unitId,
          recordId: r.id,
          key: 'online',
          occurredOn: r.receivedOn,
          reason: `${what}未通过网上办理或登记`,
        });
      if (r.unreported)
        cases.push({
          unitId: r.unitId,
          recordId: r.id,
          key: 'report',
          occurredOn: r.receivedOn,
          reason: `${what}未按期报送统计报告`,
        });
    }
    return { cases, applicable: countsByUnit(rows.counts) };
  },
};

export const reconsideration = alone(reconsiderationEvents);
