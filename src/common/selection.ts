import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';

/**
 * Whether the client's selection under the field being resolved reaches `path` (field names, under
 * any alias, through fragments), e.g. `selects(info, 'edges', 'node', 'current')`. Lists use it to
 * read a relation in their own statement only when the relation is asked for.
 * graphql-parse-resolve-info (PostGraphile's) does the walking: fragments, aliases, directives.
 */
export function selects(info: GraphQLResolveInfo, ...path: string[]): boolean {
  let level: ResolveTree[] = [parseResolveInfo(info) as ResolveTree];
  for (const name of path) {
    level = level.flatMap((t) =>
      Object.values(t.fieldsByTypeName).flatMap((fields) =>
        Object.values(fields).filter((f) => f.name === name),
      ),
    );
    if (level.length === 0) return false;
  }
  return true;
}
