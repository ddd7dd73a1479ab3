import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

export const WORK_ORDERS = ['DUE_SOONEST', 'NEWEST'] as const;
export type WorkOrder = (typeof WORK_ORDERS)[number];

/**
 * Orders a page of work (change requests, obligations) and continues it after the row `after`
 * (its id): NEWEST by (created_at, id) descending; DUE_SOONEST by (due_on, id) ascending, the
 * rows whose due date is not known yet last.
 */
export function orderPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  table: 'change_request' | 'obligation',
  order: WorkOrder,
  after: string | null | undefined,
): void {
  if (order === 'DUE_SOONEST') {
    const key = (a: string) => `COALESCE(${a}.due_on, 'infinity'::date)`;
    if (after) {
      qb.andWhere(
        `(${key(alias)}, ${alias}.id) > (SELECT ${key('c2')}, c2.id FROM ${table} c2 WHERE c2.id = :cursorId)`,
        { cursorId: after },
      );
    }
    qb.orderBy(key(alias), 'ASC').addOrderBy(`${alias}.id`, 'ASC');
    return;
  }
  if (after) {
    qb.andWhere(
      `(${alias}.created_at, ${alias}.id) < (SELECT c2.created_at, c2.id FROM ${table} c2 WHERE c2.id = :cursorId)`,
      { cursorId: after },
    );
  }
  qb.orderBy(`${alias}.created_at`, 'DESC').addOrderBy(`${alias}.id`, 'DESC');
}
