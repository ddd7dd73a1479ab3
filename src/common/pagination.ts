import { Field, ObjectType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import { BadInputError } from '../errors';

import { isCleanText } from './input-guard';

export const MAX_PAGE = 100;

@ObjectType('PageInfo')
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/** Checks `first` (1 to 100) and decodes `after`; BAD_USER_INPUT otherwise. */
export function pageArgs(first: number | null | undefined, after: string | null | undefined) {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) {
    throw new BadInputError(`first 必须在 1 到 ${MAX_PAGE} 之间`, [
      { path: 'first', message: `必须在 1 到 ${MAX_PAGE} 之间` },
    ]);
  }
  return { first: size, after: after ? decodeCursor(after) : null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks `first` and an `after` cursor that holds a row id. */
export function idPageArgs(first: number | null | undefined, after: string | null | undefined) {
  const page = pageArgs(first, after);
  if (page.after && !UUID.test(page.after)) {
    throw new BadInputError('after 游标无效', [{ path: 'after', message: '游标无效' }]);
  }
  return page;
}

/** Cursors are opaque: the sort key, base64url-encoded. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const key = cursor.length <= 1024 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!key || encodeCursor(key) !== cursor || !isCleanText(key)) {
    throw new BadInputError('after 游标无效', [{ path: 'after', message: '游标无效' }]);
  }
  return key;
}

/**
 * Builds a connection from one over-fetched page (`first + 1` rows tell whether more follow).
 * `totalCount` is a count function, run only when the field is read (selected): a page that does
 * not ask for it never counts the catalog.
 */
export function toConnection<T>(
  rows: T[],
  first: number,
  key: (row: T) => string,
  count: () => Promise<number>,
) {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(key(node)), node }));
  let counted: Promise<number> | null = null;
  return {
    edges,
    get totalCount(): Promise<number> {
      counted ??= count();
      return counted;
    },
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/**
 * The number of rows a list query matches, without its order or page: `count(*)` over the same
 * joins and conditions (the joins are to-one, so no row repeats and nothing needs de-duplicating).
 */
export function countOf(qb: SelectQueryBuilder<ObjectLiteral>): () => Promise<number> {
  const q = qb.clone().select('count(*)::int', 'n').orderBy().offset(undefined).limit(undefined);
  return async () => Number((await q.getRawOne<{ n: number }>())?.n ?? 0);
}
