import type { Detector } from '../detector';

/**
 * District item 26 (规范性文件): each normative document of the period (dated by its publication,
 * else its drafting, planning or filing) whose planning, drafting, publication or filing for
 * review was not done online.
 */
export const normativeDocuments: Detector = async ({ m, unitIds, from, to }) => {
  const rows: {
    id: string;
    unit_id: string;
    title: string;
    on: string;
    handled_online: boolean;
  }[] = await m.query(
    `SELECT id, unit_id, title, handled_online,
            coalesce(published_on, drafted_on, planned_on, filed_on)::text AS on
       FROM normative_document
      WHERE unit_id = ANY($1) AND coalesce(published_on, drafted_on, planned_on, filed_on) BETWEEN $2 AND $3
      ORDER BY 5, id`,
    [unitIds, from, to],
  );
  const applicable = new Map<string, number>();
  for (const r of rows) applicable.set(r.unit_id, (applicable.get(r.unit_id) ?? 0) + 1);
  return {
    applicable,
    cases: rows
      .filter((r) => !r.handled_online)
      .map((r) => ({
        unitId: r.unit_id,
        recordId: r.id,
        occurredOn: r.on,
        reason: `规范性文件《${r.title}》的制定计划、起草、发布或备案审查未通过网上运行`,
      })),
  };
};
