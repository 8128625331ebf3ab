// The executable schema: the SDL files of src/schema with the resolvers of src/resolvers.
import fs from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { SCHEMA_DIR } from '../paths';
import { resolvers } from '../resolvers';

export function loadTypeDefs(): string[] {
  return fs
    .readdirSync(SCHEMA_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8'));
}

/**
 * Connections count lazily (`EntryPage.totalCount` is a getter returning a promise). A field
 * without a resolver is read as a plain property by the compiled executor, which does not wait
 * for a promise there: `totalCount` gets a resolver that reads the property, so it is awaited.
 */
function resolveLazyCounts(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const field = type.getFields().totalCount;
    if (field && !field.resolve) field.resolve = (parent: { totalCount: unknown }) => parent.totalCount;
  }
}

export function buildSchema(): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs: loadTypeDefs(),
    resolvers,
    inheritResolversFromInterfaces: true,
  });
  resolveLazyCounts(schema);
  return schema;
}
