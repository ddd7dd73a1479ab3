import {
  GraphQLID,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  GraphQLSchema,
  Kind,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isInputType,
  isObjectType,
  isInterfaceType,
  typeFromAST,
  type ASTNode,
  type ASTVisitor,
  type GraphQLInputType,
  type GraphQLType,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

import { BadInputError, type FieldError } from '../errors';

/**
 * The one guard of what a request may carry, at the schema (not in any resolver):
 * - every `ID` is a UUID: `IdScalar` takes the place of GraphQL's ID in the whole schema
 *   (`withUuidIds`), so any executor of the schema coerces ids through it;
 * - every `String` is text PostgreSQL can store and a person wrote: no NUL or other control
 *   character (tab, newline and carriage return aside), no unpaired surrogate.
 * Literals in the document are checked by the validation rule `InputLiteralsRule` (named by
 * argument path, `input.draft.subject.unitId`), variables by `variableProblems` once per request
 * (named by the variable, as the argument it usually is: `input.draft.name`); both answer BAD_USER_INPUT with `fields`, before any resolver runs.
 */

/** The form of every id the service hands out: a UUID (any version, either case). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ID_MESSAGE = '编号格式无效，应为服务返回的 UUID';
const TEXT_MESSAGE = '含有不允许的字符（控制字符或不成对的代理项）';

// C0 controls but tab, newline and carriage return; DEL and the C1 controls
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a text may be stored: no control characters but tab/newline/CR, no lone surrogates. */
export function isCleanText(s: string): boolean {
  return !CONTROL.test(s) && !LONE_SURROGATE.test(s);
}

/**
 * Literals already reported by `InputLiteralsRule` with their argument's name: the scalar then
 * lets validation go on instead of reporting the same literal a second time, unnamed. A document
 * with a reported literal fails validation, so it never executes.
 */
const named = new WeakSet<ValueNode>();

export const IdScalar = new GraphQLScalarType<string, string>({
  name: 'ID',
  description: GraphQLID.description,
  serialize: (value) => GraphQLID.serialize(value),
  parseValue(value) {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new BadInputError(`${ID_MESSAGE}，收到 ${JSON.stringify(value)?.slice(0, 80)}`);
    }
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING && UUID.test(ast.value)) return ast.value;
    if (named.has(ast)) return '';
    throw new BadInputError(ID_MESSAGE);
  },
});

/** The schema with `IdScalar` wherever GraphQL's built-in ID was (fields, arguments, inputs). */
export function withUuidIds(schema: GraphQLSchema): GraphQLSchema {
  const swap = <T extends GraphQLType>(type: T): T => {
    if (isNonNullType(type)) return new GraphQLNonNull(swap(type.ofType)) as T;
    if (isListType(type)) return new GraphQLList(swap(type.ofType)) as T;
    return (type === GraphQLID ? IdScalar : type) as T;
  };
  const types = Object.values(schema.getTypeMap()).filter(
    (t) => !t.name.startsWith('__') && t !== GraphQLID,
  );
  for (const type of types) {
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        field.type = swap(field.type);
        for (const arg of field.args) arg.type = swap(arg.type);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) field.type = swap(field.type);
    }
  }
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, types: [...types, IdScalar] });
}

/** What is wrong with one input value of `type` at `path`, appended to `out`. */
function walkValue(type: GraphQLInputType, value: unknown, path: string, out: FieldError[]): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return walkValue(type.ofType, value, path, out);
  if (isListType(type)) {
    const items = Array.isArray(value) ? value : [value];
    items.forEach((v, i) => walkValue(type.ofType, v, `${path}[${i}]`, out));
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return;
    const fields = type.getFields();
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const f = fields[key];
      if (f) walkValue(f.type, v, `${path}.${key}`, out);
    }
    return;
  }
  if (typeof value !== 'string') return;
  if (type === IdScalar || type === GraphQLID) {
    if (!UUID.test(value)) out.push({ path, message: ID_MESSAGE });
  } else if (!isCleanText(value)) {
    out.push({ path, message: TEXT_MESSAGE });
  }
}

/** A literal's problems; every literal that is a bad ID is remembered in `named`. */
function walkLiteral(
  type: GraphQLInputType,
  node: ValueNode,
  path: string,
  out: FieldError[],
): void {
  if (isNonNullType(type)) return walkLiteral(type.ofType, node, path, out);
  if (isListType(type)) {
    if (node.kind === Kind.LIST) {
      node.values.forEach((v, i) => walkLiteral(type.ofType, v, `${path}[${i}]`, out));
    } else walkLiteral(type.ofType, node, `${path}[0]`, out);
    return;
  }
  if (isInputObjectType(type)) {
    if (node.kind !== Kind.OBJECT) return;
    const fields = type.getFields();
    for (const f of node.fields) {
      const def = fields[f.name.value];
      if (def) walkLiteral(def.type, f.value, `${path}.${f.name.value}`, out);
    }
    return;
  }
  const named_ = getNamedType(type);
  if (named_ === IdScalar || named_ === GraphQLID) {
    if (node.kind === Kind.STRING && UUID.test(node.value)) return;
    if (node.kind === Kind.STRING || node.kind === Kind.INT) {
      named.add(node);
      out.push({ path, message: ID_MESSAGE });
    }
  } else if (node.kind === Kind.STRING && !isCleanText(node.value)) {
    out.push({ path, message: TEXT_MESSAGE });
  }
}

/** One BAD_USER_INPUT listing every bad field (HTTP 400: the request is refused whole). */
export function inputError(fields: FieldError[], nodes?: readonly ASTNode[]): BadInputError {
  const head = fields
    .slice(0, 3)
    .map((f) => `${f.path}：${f.message}`)
    .join('；');
  return new BadInputError(
    `输入有误（${fields.length} 处）：${head}${fields.length > 3 ? '…' : ''}`,
    fields,
    { nodes, http: 400 },
  );
}

/**
 * Validation rule: every ID and String literal of every argument (nested inputs and lists too)
 * is checked, and a bad one is BAD_USER_INPUT naming the argument's path.
 */
export function InputLiteralsRule(context: ValidationContext): ASTVisitor {
  return {
    Argument(node) {
      const arg = context.getArgument();
      if (!arg) return;
      const out: FieldError[] = [];
      walkLiteral(arg.type, node.value, node.name.value, out);
      if (out.length) context.reportError(inputError(out, [node]));
    },
  };
}

/** The problems of a request's variables, by their declared types; [] when all are clean. */
export function variableProblems(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): FieldError[] {
  if (!variables) return [];
  const out: FieldError[] = [];
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type);
    if (type && isInputType(type)) walkValue(type, variables[name], name, out);
  }
  return out;
}
