import { lexicographicSortSchema, printSchema } from 'graphql';

import { getSchema } from './schema';

/** The schema as committed in schema/schema.graphql: sorted, so diffs show only real changes. */
export async function printSchemaText(): Promise<string> {
  const header = '# Emitted from the code by `npm run schema`. Do not edit by hand.\n\n';
  return header + printSchema(lexicographicSortSchema(await getSchema())) + '\n';
}
