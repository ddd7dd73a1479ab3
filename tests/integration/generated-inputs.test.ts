import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

import { getSchema } from '../../src/schema';
import { makeWorld, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Every query and mutation of the emitted schema gets generated arguments (random text with NUL
 * bytes, control characters and lone surrogates, random and real ids, any 32-bit integer, nulls,
 * unknown enum values, impossible dates), anonymously and with a token: no answer is ever an
 * INTERNAL_SERVER_ERROR or an HTTP 5xx. Bounded: a few runs per operation and role.
 */

let t: TestApp;
let w: World;
let schema: GraphQLSchema;
beforeAll(async () => {
  t = await startTestApp({ production: true });
  w = await makeWorld(t);
  schema = await getSchema();
});
afterAll(() => t.close());

/** Text of any code unit: NUL, controls, lone surrogates and all. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 12 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\ud800',
      'a\udc00',
      '2026-02-30',
      '%',
      "'; --",
      '第十二条',
      'ALL',
      'DISTRICT_SANHEYI',
    ),
  },
);

function ids(): fc.Arbitrary<string> {
  const real = [w.unit.id, w.otherUnit.id, w.county.id, w.province.id, w.law.id, w.cityUnit.id];
  return fc.oneof(fc.uuid(), fc.constantFrom(...real), text);
}

const dates = fc.oneof(
  fc
    .date({ min: new Date('1900-01-01'), max: new Date('2200-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('2026-01-01', '2026-12-31', '9999-12-31', '0001-01-01'),
  text,
);
const instants = fc.oneof(
  fc
    .date({ min: new Date('1900-01-01'), max: new Date('2200-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  text,
);

/** A value of an input type, or something close to it: what a careless client sends. */
function valueOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueOf(type.ofType, depth);
  const orNull = (a: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 5, arbitrary: a }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) {
    return orNull(fc.array(valueOf(type.ofType, depth + 1), { maxLength: depth > 2 ? 1 : 3 }));
  }
  if (isInputObjectType(type)) {
    if (depth > 4) return fc.constant(null);
    const fields = Object.values(type.getFields());
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of fields) record[f.name] = valueOf(f.type, depth + 1);
    const required = fields.filter((f) => isNonNullType(f.type)).map((f) => f.name);
    return orNull(fc.record(record, { requiredKeys: required }));
  }
  if (isEnumType(type)) {
    return orNull(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.constantFrom(...type.getValues().map((v) => v.value as string)),
        },
        { weight: 1, arbitrary: text },
      ),
    );
  }
  switch (type.name) {
    case 'ID':
      return orNull(ids());
    case 'String':
      return orNull(text);
    case 'Int':
      return orNull(
        fc.oneof(fc.integer({ min: -3, max: 120 }), fc.integer(), fc.constantFrom(2026, 0, -1)),
      );
    case 'Float':
      return orNull(fc.double({ noNaN: true, noDefaultInfinity: true }));
    case 'Boolean':
      return orNull(fc.boolean());
    case 'Date':
      return orNull(dates);
    case 'DateTime':
      return orNull(instants);
    default:
      return orNull(text);
  }
}

/** `query($a: T, …) { field(a: $a, …) { __typename } }` for one root field. */
function operationOf(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a: GraphQLArgument) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${kind}${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

function variablesOf(field: GraphQLField<unknown, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const a of field.args) record[a.name] = valueOf(a.type);
  return fc.record(record);
}

// runs per operation and role: ~50 root fields × 3 callers × RUNS requests in all
const RUNS = 10;

it('answers every query and mutation with generated arguments without an internal error or a 5xx', async () => {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  const seen: string[] = [];
  let sent = 0;
  let ran = 0;
  for (const [kind, root] of roots) {
    for (const field of Object.values(root!.getFields())) {
      // these would end the token every later case uses
      if (field.name === 'logout' || field.name === 'changePassword') continue;
      const query = operationOf(kind, field);
      for (const token of [undefined, w.tokens.admin, w.tokens.countyReviewer]) {
        await fc.assert(
          fc.asyncProperty(variablesOf(field), async (variables) => {
            const r = await t.gql(query, variables, token);
            sent += 1;
            if (r.body && 'data' in r.body) ran += 1;
            const codes = (r.errors ?? []).map((e) => e.extensions?.code);
            if (r.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR')) {
              throw new Error(
                `${field.name} answered ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`,
              );
            }
          }),
          { numRuns: RUNS, endOnFailure: true },
        );
      }
      seen.push(field.name);
    }
  }
  expect(seen.length).toBeGreaterThan(45);
  // most generated requests got past the guards and ran (not all refused up front)
  expect(ran / sent).toBeGreaterThan(0.3);
});
