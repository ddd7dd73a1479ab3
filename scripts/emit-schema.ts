/** Writes schema/schema.graphql from the code (`npm run schema`); a test fails when it is stale. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { printSchemaText } from '../src/schema-print';

async function main(): Promise<void> {
  const file = path.join(__dirname, '..', 'schema', 'schema.graphql');
  writeFileSync(file, await printSchemaText());
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

void main();
