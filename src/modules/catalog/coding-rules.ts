import type { DataSource, EntityManager } from 'typeorm';

import type { RuledRegion } from '../flow/problems';

/**
 * The regions whose own coding rule is in force now, or just before the instant `before` (an
 * assessment passes the first instant after its period), read from the
 * append-only history `region_coding_rule`: the latest setting of each region before that instant,
 * cleared ones left out. Few rows: provinces publish rules, and `codingRuleFor` resolves a
 * region's path against them.
 */
export function codingRulesInForce(
  m: EntityManager | DataSource,
  before?: Date,
): Promise<RuledRegion[]> {
  return m.query(codingRulesInForceSql('$1'), [before ?? null]);
}

/**
 * The statement of `codingRulesInForce`, its instant the parameter `before` (null: now), for a
 * statement that reads the rules with other things.
 */
export function codingRulesInForceSql(before: string): string {
  return `SELECT r.id, r.path, h.pattern AS "codingRule"
       FROM (SELECT DISTINCT ON (region_id) region_id, pattern FROM region_coding_rule
              WHERE CASE WHEN ${before}::timestamptz IS NULL THEN valid_from <= clock_timestamp()
                         ELSE valid_from < ${before} END
              ORDER BY region_id, valid_from DESC) h
       JOIN region r ON r.id = h.region_id
      WHERE h.pattern IS NOT NULL`;
}
