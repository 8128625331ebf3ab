import type { Resolvers } from '../generated/graphql';
import { entryBySlug, listEntriesOfKinds, nodeById, nodesByIds } from '../services/entries';
import { entryById, TYPE_OF_KIND } from './shared';

export const entryResolvers: Resolvers = {
  Query: {
    node: (_parent, args, ctx) => nodeById(ctx, args.id, ['id']),
    nodes: (_parent, args, ctx) => nodesByIds(ctx, args.ids),
    entry: (_parent, args, ctx) => entryBySlug(ctx, args.slug),
    entries: (_parent, args, ctx) => listEntriesOfKinds(ctx, args.kinds, args),
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
