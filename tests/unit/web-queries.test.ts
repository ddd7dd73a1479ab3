import { readFileSync } from 'node:fs';
import path from 'node:path';

import { buildSchema, parse, validate } from 'graphql';

import * as queries from '../../web/src/queries';

/** Selections the operations splice in, not operations themselves. */
const FRAGMENTS = new Set(['ME_FIELDS', 'CONTENT_FIELDS']);

const schema = buildSchema(
  readFileSync(path.join(__dirname, '../../schema/schema.graphql'), 'utf8'),
);
const operations = Object.entries(queries).filter(([name]) => !FRAGMENTS.has(name));

describe("the console's operations", () => {
  it('are all there to check', () => {
    expect(operations.length).toBeGreaterThanOrEqual(15);
  });

  it.each(operations)('%s is valid against the emitted schema', (_name, text) => {
    expect(validate(schema, parse(text)).map((e) => e.message)).toEqual([]);
  });
});
