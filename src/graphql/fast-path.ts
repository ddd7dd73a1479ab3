import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

import type { NextFunction, Request, Response } from 'express';
import {
  getArgumentValues,
  getVariableValues,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

import { variableProblems } from '../common/input-guard';
import { idPageArgs, pageArgs } from '../common/pagination';
import { scopeSql } from '../modules/access/access';
import type { Scope } from '../modules/access/scope';
import type { AuthService } from '../modules/auth/auth.service';

import { Aliases, cursorSql, objectSql, selectionOf, type Sel } from './sql-selection';

/**
 * The lean execution path for the hot reads (issue 11): a query whose every field compiles
 * (src/graphql/sql-selection.ts) is answered by one SQL statement that builds the response JSON
 * (two when `totalCount` is selected, run side by side), with no resolvers and no per-request
 * Apollo machinery. Anything else — a mutation, a field that needs a resolver, a filter, an
 * argument out of range, a missing or refused token, a power out of scope, any error at all —
 * goes on to Apollo untouched (`next()`), so errors, messages, auth and limits stay Apollo's.
 *
 * A document is parsed and validated once per distinct text (an LRU by text): with graphql-js's
 * own rules, the same armor limits as Apollo (depth, cost, aliases, directives, tokens) and, when
 * introspection is off, the rule Apollo adds. An invalid document is never answered here. The
 * caller's scope is a condition inside the statement (scopeSql, the one the services use).
 */

export interface FastPathOptions {
  schema: GraphQLSchema;
  ds: DataSource;
  auth: Pick<AuthService, 'authenticate'>;
  /** every rule Apollo validates with beyond graphql-js's specified rules */
  validationRules: readonly ValidationRule[];
  maxTokens: number;
  /** distinct documents kept compiled */
  cacheSize?: number;
}

/** Distinct statement texts this path prepares by name (per process, so per connection too). */
export const MAX_NAMED = 200;

/** The middleware, with the counter tests read and the answer the bare front calls. */
export interface FastPath {
  (req: Request, res: Response, next: NextFunction): void;
  /** how many requests this path answered */
  answered: number;
  answer(
    body: unknown,
    headers: IncomingHttpHeaders,
    res: ServerResponse,
    requestId?: string,
  ): Promise<boolean>;
}

/** A root field this path answers, with its coerced arguments, as SQL. */
interface Statement {
  sql: string;
  params: unknown[];
  /** the `totalCount` statement, when selected */
  count?: { sql: string; params: unknown[] };
  /** a point look-up with no row answers nothing here (Apollo says NOT_FOUND or FORBIDDEN) */
  point: boolean;
  /** the connection's fields, in order, by how each is written */
  parts?: { key: string; from: 'column' | 'count' | 'typename'; typename?: string }[];
}

type RootCompiler = (sel: Sel[], args: Record<string, unknown>, scope: Scope) => Statement | null;

interface Compiled {
  operation: OperationDefinitionNode;
  /** the response keys of the root, in order */
  roots: {
    key: string;
    typename?: true;
    field?: GraphQLField<unknown, unknown>;
    node?: FieldNode;
    sel?: Sel[];
    compile?: RootCompiler;
    /** its statements by caller's scope and variables (the SQL text is built once) */
    statements?: Map<string, Statement | null>;
  }[];
}

/** Statements one compiled root keeps (a cursor makes each page's its own: then it starts over). */
const STATEMENTS_PER_ROOT = 64;

/** The list roots: their table, order and cursor (as the services order and page them). */
interface ListSpec {
  connection: string;
  node: string;
  table: string;
  /**
   * ORDER BY and the cursor's condition over the alias `t` (or `s` where the rows come in that
   * order from power_scope), and the row's cursor key (over `t`, the selected rows)
   */
  order: (
    args: Record<string, unknown>,
    alias: 't' | 's',
  ) => { by: string; key: string; after: string };
  page: (first: unknown, after: unknown) => { first: number; after: string | null };
  /** argument names besides first/after/filter that may be given */
  extra?: string[];
}

const NEWEST_OR_DUE = (table: string) => (args: Record<string, unknown>) =>
  args.orderBy === 'DUE_SOONEST'
    ? {
        by: `COALESCE(t.due_on, 'infinity'::date) ASC, t.id ASC`,
        key: 't.id',
        after: `(COALESCE(t.due_on, 'infinity'::date), t.id) > (SELECT COALESCE(c2.due_on, 'infinity'::date), c2.id FROM ${table} c2 WHERE c2.id = $AFTER)`,
      }
    : {
        by: 't.created_at DESC, t.id DESC',
        key: 't.id',
        after: `(t.created_at, t.id) < (SELECT c2.created_at, c2.id FROM ${table} c2 WHERE c2.id = $AFTER)`,
      };

const LISTS: Record<string, ListSpec> = {
  powers: {
    connection: 'PowerConnection',
    node: 'Power',
    table: 'power',
    order: (_args, a) => ({ by: `${a}.code ASC`, key: 't.code', after: `${a}.code > $AFTER` }),
    page: (first, after) => pageArgs(first as number, after as string),
  },
  changeRequests: {
    connection: 'ChangeRequestConnection',
    node: 'ChangeRequest',
    table: 'change_request',
    order: NEWEST_OR_DUE('change_request'),
    page: (first, after) => idPageArgs(first as number, after as string),
    extra: ['orderBy'],
  },
  obligations: {
    connection: 'ObligationConnection',
    node: 'Obligation',
    table: 'obligation',
    order: NEWEST_OR_DUE('obligation'),
    page: (first, after) => idPageArgs(first as number, after as string),
    extra: ['orderBy'],
  },
};

/** FROM and WHERE of the rows of `table` (alias `t`) in the scope. */
function scoped(table: string, scope: Scope, params: unknown[]): { from: string; where: string } {
  const where = scopeSql(scope, { unit: 't.unit_id', region: 'r' }, params);
  const from =
    scope.kind === 'region'
      ? `${table} t JOIN unit u ON u.id = t.unit_id JOIN region r ON r.id = u.region_id`
      : `${table} t`;
  return { from, where };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A region scope's powers as a range of `power_scope` (alias `s`: the powers whose unit lies in
 * the region's subtree, by code; the migration's triggers keep it), with the region's id written
 * into the text: the statement then has no parameter for PostgreSQL to plan around, so it is
 * planned once per connection, and the plan (that range of the index, in code order) is the
 * same for a county, a city and the province. The `path LIKE` form's plan depended on how much of
 * the catalog the prefix covers: planned for each request, and still a scan of 12,000 rows of
 * the code index for a city. Null when the id is not a UUID (never, from a user's region).
 */
function powersInRegion(scope: Scope): { from: string; where: string } | null {
  if (scope.kind !== 'region' || !UUID.test(scope.regionId)) return null;
  return {
    from: `power_scope s JOIN power t ON t.id = s.power_id`,
    where: `s.region_id = '${scope.regionId.toLowerCase()}'::uuid`,
  };
}

function listCompiler(spec: ListSpec): RootCompiler {
  return (sel, args, scope) => {
    if (args.filter !== undefined && args.filter !== null) return null;
    for (const name of Object.keys(args)) {
      if (!['first', 'after', 'filter', ...(spec.extra ?? [])].includes(name)) return null;
    }
    let page: { first: number; after: string | null };
    try {
      page = spec.page(args.first, args.after);
    } catch {
      return null;
    }
    const params: unknown[] = [];
    const region = spec.table === 'power' ? powersInRegion(scope) : null;
    const { from, where } = region ?? scoped(spec.table, scope, params);
    // the rows are ordered by the index's own column (power_scope's code is the power's)
    const order = spec.order(args, region ? 's' : 't');
    const conds = [where];
    if (page.after !== null) {
      params.push(page.after);
      conds.push(order.after.replace('$AFTER', `$${params.length}`));
    }
    const countParams = params.slice(0, params.length - (page.after !== null ? 1 : 0));
    const aliases = new Aliases();
    const cursor = cursorSql(order.key);
    const columns: string[] = [];
    const parts: NonNullable<Statement['parts']> = [];
    let count: Statement['count'];
    for (const s of sel) {
      if (s.name === '__typename') {
        parts.push({ key: s.key, from: 'typename', typename: spec.connection });
      } else if (s.name === 'totalCount') {
        parts.push({ key: s.key, from: 'count' });
        count = {
          // power_scope alone: each of its rows is one power (its key holds the power)
          sql: `SELECT count(*)::int AS n FROM ${region ? 'power_scope s' : from} WHERE ${where}`,
          params: countParams,
        };
      } else if (s.name === 'edges') {
        const edge: string[] = [];
        for (const e of s.children!) {
          edge.push(`'${e.key}'`);
          if (e.name === '__typename')
            edge.push(`'${spec.connection.replace('Connection', 'Edge')}'::text`);
          else if (e.name === 'cursor') edge.push(cursor);
          else edge.push(objectSql(spec.node, e.children!, 't', aliases));
        }
        columns.push(
          `coalesce(json_agg(json_build_object(${edge.join(', ')}) ORDER BY t.pc_rn) FILTER (WHERE t.pc_rn <= ${page.first}), '[]'::json)::text`,
        );
        parts.push({ key: s.key, from: 'column' });
      } else {
        const info: string[] = [];
        for (const p of s.children!) {
          info.push(`'${p.key}'`);
          if (p.name === '__typename') info.push(`'PageInfo'::text`);
          else if (p.name === 'hasNextPage') info.push(`count(*) > ${page.first}`);
          else
            info.push(
              `(array_agg(${cursor} ORDER BY t.pc_rn DESC) FILTER (WHERE t.pc_rn <= ${page.first}))[1]`,
            );
        }
        columns.push(`json_build_object(${info.join(', ')})::text`);
        parts.push({ key: s.key, from: 'column' });
      }
    }
    const sql = columns.length
      ? `SELECT ${columns.map((c, i) => `${c} AS c${i}`).join(', ')} FROM (
           SELECT t.*, row_number() OVER (ORDER BY ${order.by}) AS pc_rn
             FROM ${from} WHERE ${conds.join(' AND ')}
            ORDER BY ${order.by} LIMIT ${page.first + 1}) t`
      : '';
    return { sql, params, count, point: false, parts };
  };
}

const powerCompiler: RootCompiler = (sel, args, scope) => {
  const id = args.id ?? null;
  const code = args.code ?? null;
  if ((id === null) === (code === null)) return null;
  const params: unknown[] = [];
  const { from, where } = scoped('power', scope, params);
  params.push(id ?? code);
  const by = id !== null ? `t.id = $${params.length}` : `t.code = $${params.length}`;
  const body = objectSql('Power', sel, 't', new Aliases());
  return {
    sql: `SELECT ${body}::text AS c0 FROM ${from} WHERE ${by} AND ${where}`,
    params,
    point: true,
  };
};

const ROOTS: Record<string, { type: string; compile: RootCompiler }> = {
  power: { type: 'Power', compile: powerCompiler },
  ...Object.fromEntries(
    Object.entries(LISTS).map(([name, spec]) => [
      name,
      { type: spec.connection, compile: listCompiler(spec) },
    ]),
  ),
};

/** Compiles a document for this path; null when Apollo must answer it. */
export function compileDocument(
  schema: GraphQLSchema,
  text: string,
  operationName: string | null,
  rules: readonly ValidationRule[],
  maxTokens: number,
): Compiled | null {
  let doc: DocumentNode;
  try {
    doc = parse(text, { maxTokens, noLocation: false });
  } catch {
    return null;
  }
  const operations = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation || operation.operation !== 'query') return null;
  if (validate(schema, doc, [...specifiedRules, ...rules]).length) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;

  // the root: __typename and exactly one field this path knows, no fragments or directives
  const query = schema.getQueryType() as GraphQLObjectType;
  const roots: Compiled['roots'] = [];
  for (const s of operation.selectionSet.selections) {
    if (s.kind !== Kind.FIELD || s.directives?.length) return null;
    const key = s.alias?.value ?? s.name.value;
    if (roots.some((r) => r.key === key)) return null;
    if (s.name.value === '__typename') {
      roots.push({ key, typename: true });
      continue;
    }
    const root = ROOTS[s.name.value];
    if (!root || !s.selectionSet) return null;
    const sel = selectionOf(root.type, s.selectionSet, fragments);
    if (!sel) return null;
    roots.push({
      key,
      field: query.getFields()[s.name.value],
      node: s,
      sel,
      compile: root.compile,
    });
  }
  if (roots.filter((r) => r.compile).length !== 1) return null;
  return { operation, roots };
}

/**
 * The middleware: answers what it compiled, passes everything else on. Put it after
 * `express.json()` and before Apollo's middleware on the same path.
 */
export function fastPath(opts: FastPathOptions): FastPath {
  const size = opts.cacheSize ?? 1000;
  const cache = new Map<string, Compiled | null>();
  const compiled = (text: string, operationName: string | null): Compiled | null => {
    const key = `${operationName ?? ''}\n${text}`;
    if (cache.has(key)) {
      const hit = cache.get(key)!;
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const c = compileDocument(
      opts.schema,
      text,
      operationName,
      opts.validationRules,
      opts.maxTokens,
    );
    cache.set(key, c);
    if (cache.size > size) cache.delete(cache.keys().next().value!);
    return c;
  };

  // Straight to the pool, with what TypeORM's query runner would log: every statement counted,
  // slow ones and errors. Each distinct statement text runs as a named prepared statement
  // (PostgreSQL parses and plans it once per connection, not on every request: pg-pool calls the
  // client with a callback, which PreparingClient leaves unnamed); at most MAX_NAMED texts get a
  // name, later ones run unnamed, so a client sending ever new documents cannot grow every
  // connection's prepared statements. The JSON comes back as the text PostgreSQL wrote
  // (`::text`), not parsed and written again.
  const pool = (opts.ds.driver as unknown as { master: Pool }).master;
  const logger = opts.ds.logger;
  const slow = opts.ds.options.maxQueryExecutionTime;
  const names = new Map<string, string>();
  const query = async (sql: string, params: unknown[]): Promise<Record<string, string>[]> => {
    logger.logQuery(sql, params);
    let name = names.get(sql);
    if (name === undefined && names.size < MAX_NAMED) {
      // by the text, so servers sharing a pool (tests) cannot give one name two texts
      name = 'pc_fast_' + createHash('sha1').update(sql).digest('base64url').slice(0, 24);
      names.set(sql, name);
    }
    const started = Date.now();
    try {
      const r = await pool.query<Record<string, string>>(
        name === undefined ? { text: sql, values: params } : { name, text: sql, values: params },
      );
      const took = Date.now() - started;
      if (slow && took > slow) logger.logQuerySlow(took, sql, params);
      return r.rows;
    } catch (err) {
      logger.logQueryError(err as Error, sql, params);
      throw err;
    }
  };

  /**
   * Answers a parsed body when it compiles and the caller may see it; false (nothing written)
   * when Apollo must. `requestId`, when given, is written as x-request-id (the bare front, which
   * sets no header before); through express it is already set.
   */
  async function answer(
    body: unknown,
    headers: IncomingHttpHeaders,
    res: ServerResponse,
    requestId?: string,
  ): Promise<boolean> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
    const {
      query: text,
      operationName = null,
      variables = null,
      extensions = null,
    } = body as Record<string, unknown>;
    if (typeof text !== 'string' || extensions !== null) return false;
    if (operationName !== null && typeof operationName !== 'string') return false;
    if (variables !== null && (typeof variables !== 'object' || Array.isArray(variables)))
      return false;
    const header = headers.authorization;
    if (!header) return false;
    const plan = compiled(text, operationName);
    if (!plan) return false;

    let scope: Scope;
    try {
      const who = await opts.auth.authenticate(header.replace(/^Bearer\s+/i, ''));
      if (!who.user || !who.scope) return false;
      scope = who.scope;
    } catch {
      return false;
    }
    const coerced = getVariableValues(
      opts.schema,
      plan.operation.variableDefinitions ?? [],
      (variables ?? {}) as Record<string, unknown>,
    );
    if (coerced.errors) return false;
    // the input guard's per-request half, as Apollo's plugin runs it: a bad text goes to Apollo
    if (variableProblems(opts.schema, plan.operation, variables as Record<string, unknown>).length)
      return false;

    // the response's pieces, written as they are: a page's JSON text is never copied into one
    // string (nor a Buffer) of its own
    const out: string[] = ['{"data":{'];
    const variablesKey = JSON.stringify(variables ?? {});
    for (const root of plan.roots) {
      if (out.length > 1) out.push(',');
      if (root.typename) {
        out.push(`${JSON.stringify(root.key)}:"Query"`);
        continue;
      }
      // the same scope and variables make the same statement: built once, then reused
      const memo = (root.statements ??= new Map<string, Statement | null>());
      const key = `${JSON.stringify(scope)}\u0000${variablesKey}`;
      let st = memo.get(key);
      if (st === undefined) {
        let args: Record<string, unknown>;
        try {
          args = getArgumentValues(root.field!, root.node!, coerced.coerced);
        } catch {
          return false;
        }
        st = root.compile!(root.sel!, args, scope);
        if (memo.size >= STATEMENTS_PER_ROOT) memo.clear();
        memo.set(key, st);
      }
      if (!st) return false;
      const [rows, counted] = await Promise.all([
        st.sql ? query(st.sql, st.params) : Promise.resolve([{} as Record<string, string>]),
        st.count ? query(st.count.sql, st.count.params) : Promise.resolve(null),
      ]);
      if (st.point) {
        if (rows.length !== 1) return false;
        out.push(`${JSON.stringify(root.key)}:`, rows[0].c0);
        continue;
      }
      out.push(`${JSON.stringify(root.key)}:{`);
      let column = 0;
      st.parts!.forEach((p, i) => {
        out.push(`${i ? ',' : ''}${JSON.stringify(p.key)}:`);
        out.push(
          p.from === 'typename'
            ? JSON.stringify(p.typename)
            : p.from === 'count'
              ? String(Number(counted![0].n))
              : rows[0][`c${column++}`],
        );
      });
      out.push('}');
    }
    out.push('}}\n');
    // the headers Apollo sends (no ETag: nothing revalidates a POST); status, headers and the
    // pieces leave in one write (corked until end)
    let length = 0;
    for (const piece of out) length += Buffer.byteLength(piece, 'utf8');
    const head = [
      'content-type',
      'application/json; charset=utf-8',
      'cache-control',
      'no-store',
      'content-length',
      String(length),
    ];
    res.cork();
    res.writeHead(200, requestId === undefined ? head : ['x-request-id', requestId, ...head]);
    for (let i = 0; i < out.length - 1; i++) res.write(out[i], 'utf8');
    res.end(out[out.length - 1], 'utf8');
    return true;
  }

  const handler = (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || !acceptsJson(req.headers)) {
      next();
      return;
    }
    answer(req.body, req.headers, res).then(
      (done) => {
        if (done) handler.answered++;
        else next();
      },
      () => {
        if (!res.headersSent) next();
      },
    );
  };
  /** how many requests this path answered (tests read it) */
  handler.answered = 0;
  handler.answer = answer;
  return handler;
}

/**
 * Whether Apollo would answer `application/json`: no `accept`, or one naming it (or a wildcard)
 * without weights, the GraphQL response type or multipart; anything subtler goes to Apollo.
 */
export function acceptsJson(headers: IncomingHttpHeaders): boolean {
  const accept = headers.accept;
  if (!accept) return true;
  if (/multipart|graphql-response|;\s*q=/i.test(accept)) return false;
  return /application\/json|application\/\*|\*\/\*/i.test(accept);
}
