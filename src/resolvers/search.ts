import type { Resolvers } from '../generated/graphql';
import { KIND_LABEL } from '../kinds';
import { searchEntries } from '../services/search';
import { suggestEntries } from '../services/suggest';

export const searchResolvers: Resolvers = {
  Query: {
    search: async (_parent, args, ctx) => searchEntries(ctx.db, args, await ctx.loaders.contentRevision()),
    suggest: async (_parent, args, ctx) => suggestEntries(ctx.db, args, await ctx.loaders.contentRevision()),
  },
  SearchConnection: {
    edges: (page) => page.hits,
    nodes: (page) => page.hits.map((hit) => hit.entry),
  },
  SearchFacet: { kindLabel: (facet) => KIND_LABEL[facet.kind] },
  Suggestion: {
    kindLabel: (suggestion) => KIND_LABEL[suggestion.kind],
    entry: async (suggestion, _args, ctx) => {
      const entry = await ctx.loaders.entryBySlug.load(suggestion.slug);
      if (!entry) throw new Error(`suggested entry ${suggestion.slug} has gone`);
      return entry;
    },
  },
  SearchEdge: {
    node: (hit) => hit.entry,
    highlight: (hit) => hit.highlight.snippet,
    highlightField: (hit) => hit.highlight.field,
  },
};
