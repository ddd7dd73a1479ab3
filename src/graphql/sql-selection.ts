import {
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

import { AppError, ErrorCode } from '../errors';

/**
 * The read path's compiler (issue 11): a GraphQL selection over the catalog's hot types becomes
 * one SQL expression that builds the response JSON inside PostgreSQL, the way PostGraphile and
 * Hasura compile a selection (`json_build_object` per object, a correlated sub-select per
 * relation, `json_agg` per list). Only fields that are plain columns, or relations the resolvers
 * load by a foreign key without any further rule, are listed here; a selection with anything
 * else (a field with arguments, a computed field, a directive) does not compile, and the request
 * goes through the resolvers as before.
 */

/** One field of a selection, under its response key; `children` for object fields. */
export interface Sel {
  key: string;
  name: string;
  children: Sel[] | null;
}

type Column = { kind: 'scalar'; sql: (alias: string) => string };
type Relation = {
  kind: 'object' | 'list';
  type: string;
  /** the FROM and WHERE of the related rows, `x` their alias, `a` the parent's */
  from: (x: string, a: string) => string;
  /** a list's order */
  order?: (x: string) => string;
  nullable?: boolean;
};
/** Connection fields, which the list roots build themselves. */
type Virtual = { kind: 'virtual'; type?: string };
export type FieldSpec = Column | Relation | Virtual;

const col = (name: string): Column => ({ kind: 'scalar', sql: (a) => `${a}.${name}` });
/** A timestamptz as DateTimeScalar writes it (`Date.toISOString()`: UTC, milliseconds, `Z`). */
const instant = (name: string): Column => ({
  kind: 'scalar',
  sql: (a) => `to_char(${a}.${name} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
});
const virtual = (type?: string): Virtual => ({ kind: 'virtual', type });

const power = (column: string, nullable = false): Relation => ({
  kind: 'object',
  type: 'Power',
  from: (x, a) => `power ${x} WHERE ${x}.id = ${a}.${column}`,
  nullable,
});
const unit: Relation = {
  kind: 'object',
  type: 'Unit',
  from: (x, a) => `unit ${x} WHERE ${x}.id = ${a}.unit_id`,
};

/** The types and fields the compiler knows, by GraphQL type name. */
export const TYPES: Record<string, Record<string, FieldSpec>> = {
  Power: {
    id: col('id'),
    code: col('code'),
    status: col('status'),
    isKey: col('is_key'),
    unit,
    current: {
      kind: 'object',
      type: 'PowerVersion',
      from: (x, a) => `power_version ${x} WHERE ${x}.id = ${a}.current_version_id`,
    },
  },
  PowerVersion: {
    id: col('id'),
    versionNo: col('version_no'),
    name: col('name'),
    category: col('category'),
    legalTimeLimitDays: col('legal_time_limit_days'),
    promisedTimeLimitDays: col('promised_time_limit_days'),
    validFrom: instant('valid_from'),
    validTo: instant('valid_to'),
    legalBases: {
      kind: 'list',
      type: 'LegalBasis',
      from: (x, a) => `power_version_basis ${x} WHERE ${x}.version_id = ${a}.id`,
      order: (x) => `${x}.ord`,
    },
  },
  LegalBasis: {
    articles: col('articles'),
    excerpt: col('excerpt'),
    document: {
      kind: 'object',
      type: 'LegalDocument',
      from: (x, a) => `legal_document ${x} WHERE ${x}.id = ${a}.document_id`,
    },
  },
  LegalDocument: {
    id: col('id'),
    title: col('title'),
    issuer: col('issuer'),
    level: col('level'),
    promulgatedOn: col('promulgated_on'),
    effectiveOn: col('effective_on'),
    repealedOn: col('repealed_on'),
  },
  Unit: { id: col('id'), code: col('code'), name: col('name') },
  ChangeRequest: {
    id: col('id'),
    kind: col('kind'),
    status: col('status'),
    reason: col('reason'),
    triggeredOn: col('triggered_on'),
    dueOn: col('due_on'),
    late: col('late'),
    submittedAt: instant('submitted_at'),
    decidedAt: instant('decided_at'),
    decisionNote: col('decision_note'),
    createdAt: instant('created_at'),
    power: power('power_id', true),
    unit,
  },
  Obligation: {
    id: col('id'),
    cause: col('cause'),
    triggeredOn: col('triggered_on'),
    dueOn: col('due_on'),
    metOn: col('met_on'),
    power: power('power_id'),
  },
  PowerConnection: {
    edges: virtual('PowerEdge'),
    pageInfo: virtual('PageInfo'),
    totalCount: virtual(),
  },
  PowerEdge: { cursor: virtual(), node: virtual('Power') },
  ChangeRequestConnection: {
    edges: virtual('ChangeRequestEdge'),
    pageInfo: virtual('PageInfo'),
    totalCount: virtual(),
  },
  ChangeRequestEdge: { cursor: virtual(), node: virtual('ChangeRequest') },
  ObligationConnection: {
    edges: virtual('ObligationEdge'),
    pageInfo: virtual('PageInfo'),
    totalCount: virtual(),
  },
  ObligationEdge: { cursor: virtual(), node: virtual('Obligation') },
  PageInfo: { hasNextPage: virtual(), endCursor: virtual() },
};

/** Most keys one `json_build_object` takes (100 arguments). */
const MAX_KEYS = 50;

/**
 * The fields of a selection set on `type`, merged by response key the way GraphQL merges them
 * (fragments inlined; a key selected twice gets the union of its sub-selections); null when any
 * part is not compiled: an unknown field, arguments on a field, a directive.
 */
export function selectionOf(
  type: string,
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
): Sel[] | null {
  const fields = TYPES[type];
  if (!fields) return null;
  const byKey = new Map<string, FieldNode[]>();
  const visit = (selections: readonly SelectionNode[]): boolean => {
    for (const s of selections) {
      if (s.directives?.length) return false;
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        byKey.set(key, [...(byKey.get(key) ?? []), s]);
      } else {
        const frag = s.kind === Kind.INLINE_FRAGMENT ? s : fragments[s.name.value];
        if (!frag) return false;
        if (frag.typeCondition && frag.typeCondition.name.value !== type) return false;
        if (!visit(frag.selectionSet.selections)) return false;
      }
    }
    return true;
  };
  if (!visit(set.selections)) return null;
  if (byKey.size > MAX_KEYS) return null;
  const out: Sel[] = [];
  for (const [key, nodes] of byKey) {
    const name = nodes[0].name.value;
    if (nodes.some((n) => n.arguments?.length)) return null;
    if (name === '__typename') {
      out.push({ key, name, children: null });
      continue;
    }
    const spec = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (!spec) return null;
    const childType = spec.kind === 'scalar' ? undefined : spec.type;
    if (!childType) {
      out.push({ key, name, children: null });
      continue;
    }
    const merged: SelectionSetNode = {
      kind: Kind.SELECTION_SET,
      selections: nodes.flatMap((n) => n.selectionSet?.selections ?? []),
    };
    const children = selectionOf(childType, merged, fragments);
    if (!children) return null;
    out.push({ key, name, children });
  }
  return out;
}

/** A value for a non-null relation that is missing: an error, so the resolvers answer instead. */
const MISSING = `('fast path: missing ' || clock_timestamp())::json`;

/** Names sub-select aliases apart within one statement. */
export class Aliases {
  private n = 0;
  next(): string {
    return `pc${++this.n}`;
  }
}

/** `json_build_object(…)` of a selection on `type` over the row `alias`. */
export function objectSql(type: string, sel: Sel[], alias: string, aliases: Aliases): string {
  const fields = TYPES[type];
  const parts: string[] = [];
  for (const s of sel) {
    parts.push(`'${s.key}'`);
    if (s.name === '__typename') {
      parts.push(`'${type}'::text`);
      continue;
    }
    const spec = fields[s.name];
    if (spec.kind === 'scalar') parts.push(spec.sql(alias));
    else if (spec.kind === 'virtual')
      throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, `${type}.${s.name} is built by its root`);
    else {
      const x = aliases.next();
      const inner = objectSql(spec.type, s.children!, x, aliases);
      if (spec.kind === 'list') {
        parts.push(
          `(SELECT coalesce(json_agg(${inner} ORDER BY ${spec.order!(x)}), '[]'::json) FROM ${spec.from(x, alias)})`,
        );
      } else {
        const one = `(SELECT ${inner} FROM ${spec.from(x, alias)})`;
        parts.push(spec.nullable ? one : `COALESCE(${one}, ${MISSING})`);
      }
    }
  }
  return `json_build_object(${parts.join(', ')})`;
}

/** The SQL of `encodeCursor` (base64url of the key, no padding). */
export function cursorSql(key: string): string {
  return `rtrim(translate(encode(convert_to(${key}::text, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;
}
