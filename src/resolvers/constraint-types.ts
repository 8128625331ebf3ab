import type { Resolvers } from '../generated/graphql';
import { entryOfKind, listOfKind } from '../services/entries';

export const constraintTypeResolvers: Resolvers = {
  Query: {
    constraintType: (_p, args, ctx) => entryOfKind(ctx, 'CONSTRAINT_TYPE', args.slug),
    constraintTypes: (_p, args, ctx) => listOfKind(ctx, 'CONSTRAINT_TYPE', [], args),
  },
};
