import { createHash } from 'node:crypto';

import { Client } from 'pg';

/** Statements with more parameters than this (bulk inserts) stay unnamed. */
const MAX_PARAMETERS = 64;
/** Distinct statements one connection keeps prepared; later ones run unnamed. */
const MAX_PREPARED = 500;

/**
 * The pool's client (TypeORM passes `extra.Client` to pg's Pool): every parameterised statement
 * runs as a named prepared statement, named by a hash of its text, so PostgreSQL parses and plans
 * it once per connection instead of on every request (planning a four-way join costs more than
 * running it). Statements without parameters (DDL, migrations, `SET`) are sent as they are.
 */
export class PreparingClient extends Client {
  private readonly prepared = new Set<string>();

  override query(...args: unknown[]): never {
    const [text, values, callback] = args;
    if (
      typeof text === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      values.length <= MAX_PARAMETERS &&
      callback === undefined
    ) {
      const name = 'pc_' + createHash('sha1').update(text).digest('base64url').slice(0, 24);
      if (this.prepared.has(name) || this.prepared.size < MAX_PREPARED) {
        this.prepared.add(name);
        return (super.query as (...a: unknown[]) => never)({ name, text, values });
      }
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}
