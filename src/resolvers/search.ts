import type { Resolvers } from '../generated/graphql';
import { searchEntries } from '../services/search';

export const searchResolvers: Resolvers = {
  Query: {
    search: (_parent, args, ctx) => searchEntries(ctx.db, args),
  },
  SearchConnection: {
    edges: (page) => page.hits,
    nodes: (page) => page.hits.map((hit) => hit.entry),
  },
  SearchEdge: {
    node: (hit) => hit.entry,
    highlight: (hit) => hit.highlight.snippet,
    highlightField: (hit) => hit.highlight.field,
  },
};
