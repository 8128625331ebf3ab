// The public schema as one SDL document: committed as schema.graphql, served at /schema.graphql,
// and compared between revisions by `npm run schema:check`.
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';

/** The schema printed with types and fields in alphabetical order, so diffs show real changes. */
export function printContract(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
