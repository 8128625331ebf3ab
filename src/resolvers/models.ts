import type { Resolvers } from '../generated/graphql';
import { entryOfKind, listOfKind } from '../services/entries';

export const modelResolvers: Resolvers = {
  Query: {
    mlModel: (_p, args, ctx) => entryOfKind(ctx, 'MODEL', args.slug),
    mlModels: (_p, args, ctx) => listOfKind(ctx, 'MODEL', [], args),
  },
};
