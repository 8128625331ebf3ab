// The root schema (schema.graphql): node lookups, entries of any kind, and the fields every entry
// has (resolved once on the Entry interface and inherited by every entry type).
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type { MlModelResolvers, Resolvers } from '../generated/graphql';
import { KIND_LABEL, TYPE_OF_KIND } from '../kinds';
import { entryKindOptions } from '../services/entry-kinds';
import {
  entriesByIds,
  entryById,
  entryBySlug,
  listEntriesOfKinds,
  nodeById,
  nodesByIds,
  permalink,
} from '../services/entries';
import { toGlobalId } from '../services/ids';
import { entryMarkdown } from '../services/markdown';
import { relatedRows } from '../services/relations';

function parseDate(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError('DateTime must be an ISO 8601 string such as 2026-01-31T12:00:00Z.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return date;
}

export const dateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant in time, as an ISO 8601 string in UTC.',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString();
    return parseDate(value).toISOString();
  },
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : null),
});

/**
 * Resolvers of the fields every entry type shares, set on the Entry interface (every entry type
 * inherits them: `inheritResolversFromInterfaces`). MlModel has exactly the Entry fields.
 */
export const entryInterfaceFields: MlModelResolvers = {
  id: (entry) => toGlobalId(entry.kind, entry.id),
  url: (entry, _args, ctx) => permalink(ctx.publicUrl, entry.slug),
  kindLabel: (entry) => KIND_LABEL[entry.kind],
  searchTerms: (entry) => entry.searchPhrases,
  markdown: (entry, args, ctx) => entryMarkdown(ctx, entry, args.variant),
  citations: (entry, _args, ctx) => ctx.loaders.citationsByEntry.load(entry.id),
  references: async (entry, _args, ctx) =>
    entriesByIds(
      ctx,
      (await ctx.loaders.referenceIdsByEntry.load(entry.id)).map((row) => row.reference_id),
    ),
  related: (entry, args, ctx) => relatedRows(ctx, entry.id, args.kind ? [args.kind] : null),
  facts: (entry, _args, ctx) => ctx.loaders.factsByEntry.load(entry.id),
};

export const schemaResolvers: Resolvers = {
  DateTime: dateTimeScalar,
  Query: {
    node: (_parent, args, ctx) => nodeById(ctx, args.id, ['id']),
    nodes: (_parent, args, ctx) => nodesByIds(ctx, args.ids),
    entry: (_parent, args, ctx) => entryBySlug(ctx, args.slug),
    entries: (_parent, args, ctx) => listEntriesOfKinds(ctx, args.kinds, args),
    entryKinds: (_parent, _args, ctx) => entryKindOptions(ctx),
  },
  Node: { __resolveType: (entry) => TYPE_OF_KIND[entry.kind] },
  Entry: { __resolveType: (entry) => TYPE_OF_KIND[entry.kind] },
  RelatedEntry: {
    entry: (row, _args, ctx) => entryById(ctx, row.entryId),
  },
  Citation: {
    reference: (citation, _args, ctx) => entryById(ctx, citation.referenceId),
  },
  Fact: {
    citations: (fact, _args, ctx) => ctx.loaders.citationsByFact.load(fact.id),
  },
};
