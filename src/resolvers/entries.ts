import type { Resolvers } from '../generated/graphql';
import { entryBySlug, listEntries, nodeById, nodesByIds } from '../services/entries';
import { TYPE_OF_KIND } from './shared';

export const entryResolvers: Resolvers = {
  Query: {
    node: (_parent, args, ctx) => nodeById(ctx, args.id, ['id']),
    nodes: (_parent, args, ctx) => nodesByIds(ctx, args.ids),
    entry: (_parent, args, ctx) => entryBySlug(ctx, args.slug),
    entries: (_parent, args, ctx) =>
      listEntries(ctx, args.kinds?.length ? { kind: { in: args.kinds } } : {}, args),
  },
  Node: { __resolveType: (entry) => TYPE_OF_KIND[entry.kind] as never },
  Entry: { __resolveType: (entry) => TYPE_OF_KIND[entry.kind] as never },
  RelatedEntry: {
    entry: (row, _args, ctx) =>
      ctx.loaders.entryById
        .load(row.entryId)
        .then((e) => e ?? Promise.reject(new Error(`dangling relation to ${row.entryId}`))),
  },
  Citation: {
    reference: async (citation, _args, ctx) => {
      const entry = await ctx.loaders.entryById.load(citation.referenceId);
      if (!entry) throw new Error(`citation ${citation.id} points to a missing reference`);
      return entry;
    },
  },
  Fact: {
    citations: (fact, _args, ctx) => ctx.loaders.citationsByFact.load(fact.id),
  },
};
