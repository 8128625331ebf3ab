import type { Resolvers } from '../generated/graphql';
import { entryOfKind, listOfKind } from '../services/entries';

export const conceptResolvers: Resolvers = {
  Query: {
    concept: (_p, args, ctx) => entryOfKind(ctx, 'CONCEPT', args.slug),
    concepts: (_p, args, ctx) => listOfKind(ctx, 'CONCEPT', [], args),
  },
};
