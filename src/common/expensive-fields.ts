import {
  GraphQLError,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type ASTVisitor,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/**
 * Fields that compute much more than they read (a scorecard judges a whole catalog, a ranking
 * every unit's), by `Type.field`, in units of EXPENSIVE_BUDGET. The HTTP exports are bounded by
 * the operation gate instead.
 */
export const EXPENSIVE_FIELDS: Readonly<Record<string, number>> = {
  'Query.ranking': 10,
  'Query.scorecard': 5,
};

/** What one operation may spend on EXPENSIVE_FIELDS: one ranking, or two scorecards. */
export const EXPENSIVE_BUDGET = 10;

/** The expensive cost of a selection set, fragments expanded (each spread counts). */
function costOf(
  context: ValidationContext,
  set: SelectionSetNode,
  parent: GraphQLNamedType | undefined,
  seen: Set<string>,
): number {
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      const fields =
        parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields() : {};
      const def = fields[sel.name.value];
      cost += (parent && EXPENSIVE_FIELDS[`${parent.name}.${sel.name.value}`]) ?? 0;
      if (sel.selectionSet && def)
        cost += costOf(context, sel.selectionSet, getNamedType(def.type), seen);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const on = sel.typeCondition
        ? context.getSchema().getType(sel.typeCondition.name.value)
        : parent;
      cost += costOf(context, sel.selectionSet, on ?? undefined, seen);
    } else {
      const name = sel.name.value;
      const fragment = context.getFragment(name);
      // a fragment cycle is refused by graphql's own rule
      if (!fragment || seen.has(name)) continue;
      seen.add(name);
      const on = context.getSchema().getType(fragment.typeCondition.name.value);
      cost += costOf(context, fragment.selectionSet, on ?? undefined, seen);
      seen.delete(name);
    }
  }
  return cost;
}

/**
 * Validation rule: an operation whose expensive fields (aliases and fragments counted) cost more
 * than EXPENSIVE_BUDGET is refused before it runs (HTTP 400), so 20 aliases of `ranking` cannot
 * pass the general cost limit.
 */
export function ExpensiveFieldsRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      const root =
        node.operation === 'query'
          ? context.getSchema().getQueryType()
          : node.operation === 'mutation'
            ? context.getSchema().getMutationType()
            : context.getSchema().getSubscriptionType();
      const cost = costOf(context, node.selectionSet, root ?? undefined, new Set());
      if (cost > EXPENSIVE_BUDGET) {
        context.reportError(
          new GraphQLError(
            `查询开销过大：排名、评分表等计算量大的字段合计 ${cost}，每次请求上限 ${EXPENSIVE_BUDGET}（一个排名或两个评分表），请分开请求`,
            { nodes: [node], extensions: { cost, maxCost: EXPENSIVE_BUDGET } },
          ),
        );
      }
      return false;
    },
  };
}
