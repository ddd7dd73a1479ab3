import { alone, countsByUnit, inUnits, type EventDetector } from '../event-statement';

/**
 * District item 26 (规范性文件): each normative document of the period (dated by its publication,
 * else its drafting, planning or filing) whose planning, drafting, publication or filing for
 * review was not done online. SQL counts the period's documents per unit and returns the cases.
 */
export const normativeDocumentsEvents: EventDetector = {
  parts({ unitIds, from, to }, bind) {
    const documents = `
      SELECT id, unit_id, title, handled_online,
             coalesce(published_on, drafted_on, planned_on, filed_on) AS on_date
        FROM normative_document
       WHERE ${inUnits(bind, unitIds)('unit_id')}
         AND coalesce(published_on, drafted_on, planned_on, filed_on) BETWEEN ${bind(from, 'date')} AND ${bind(to, 'date')}`;
    return {
      counts: `SELECT unit_id AS "unitId", count(*)::int AS n FROM (${documents}) d GROUP BY unit_id`,
      cases: `SELECT id, unit_id AS "unitId", title, on_date AS on FROM (${documents}) d
               WHERE NOT handled_online ORDER BY on_date, id`,
    };
  },

  judge(rows) {
    return {
      applicable: countsByUnit(rows.counts),
      cases: (rows.cases as { id: string; unitId: string; title: string; on: string }[]).map(
        (r) => ({
          unitId: r.unitId,
          recordId: r.id,
          occurredOn: r.on,
          reason: `规范性文件《${r.title}》的制定计划、起草、发布或备案审查未通过网上运行`,
        }),
      ),
    };
  },
};

export const normativeDocuments = alone(normativeDocumentsEvents);
