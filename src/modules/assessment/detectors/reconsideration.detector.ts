import type { DetectedCase, Detector } from '../detector';

/**
 * District item 29 (行政复议、行政应诉): each reconsideration or litigation case received in the
 * period not handled or registered online; each such case whose periodic report is missing (no
 * report date recorded by the period's end).
 */
export const reconsideration: Detector = async ({ m, unitIds, from, to, through }) => {
  const rows: {
    id: string;
    unit_id: string;
    kind: string;
    received_on: string;
    handled_online: boolean;
    reported_on: string | null;
  }[] = await m.query(
    `SELECT id, unit_id, kind, received_on::text, handled_online, reported_on::text FROM reconsideration_case
        WHERE unit_id = ANY($1) AND received_on BETWEEN $2 AND $3 ORDER BY received_on, id`,
    [unitIds, from, to],
  );
  const zh: Record<string, string> = {
    RECONSIDERATION: '行政复议',
    LITIGATION: '行政应诉',
    BEING_RECONSIDERED: '被复议',
  };
  const cases: DetectedCase[] = [];
  const applicable = new Map<string, number>();
  for (const r of rows) {
    applicable.set(r.unit_id, (applicable.get(r.unit_id) ?? 0) + 1);
    const what = `${zh[r.kind] ?? r.kind}案件（${r.received_on} 收到）`;
    if (!r.handled_online)
      cases.push({
        unitId: r.unit_id,
        recordId: r.id,
        key: 'online',
        occurredOn: r.received_on,
        reason: `${what}未通过网上办理或登记`,
      });
    if (!r.reported_on || r.reported_on > through) {
      cases.push({
        unitId: r.unit_id,
        recordId: r.id,
        key: 'report',
        occurredOn: r.received_on,
        reason: `${what}未按期报送统计报告`,
      });
    }
  }
  return { cases, applicable };
};
