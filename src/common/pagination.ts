import assert from 'node:assert/strict';

import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
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

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

const connections = new Map<ClassType, { name: string; type: ClassType<Connection<unknown>> }>();

/**
 * The `<name>Connection` and `<name>Edge` object types for a list of `Node` (what
 * `toConnection` returns): `edges { cursor node }`, `pageInfo`, `totalCount`. Made once per node
 * class, so every list of the same node shares one GraphQL type; a second name for the same node
 * is a mistake and throws.
 */
export function connectionOf<T extends object>(
  Node: ClassType<T>,
  name: string,
): ClassType<Connection<T>> {
  const made = connections.get(Node);
  if (made) {
    assert.equal(name, made.name, `connectionOf: ${Node.name} already has ${made.name}Connection`);
    return made.type as ClassType<Connection<T>>;
  }

  @ObjectType(`${name}Edge`)
  class EdgeType implements Edge<T> {
    @Field() cursor: string;
    @Field(() => Node) node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType implements Connection<T> {
    @Field(() => [EdgeType]) edges: EdgeType[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int) totalCount: number;
  }

  connections.set(Node, { name, type: ConnectionType });
  return ConnectionType;
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
