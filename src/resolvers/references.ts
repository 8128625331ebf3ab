import type { Resolvers } from '../generated/graphql';
import { entryOfKind } from '../services/entries';
import { listReferences } from '../services/listings';

export const referenceResolvers: Resolvers = {
  Query: {
    reference: (_p, args, ctx) => entryOfKind(ctx, 'REFERENCE', args.slug),
    references: (_p, args, ctx) => listReferences(ctx, args.where, args),
  },
};
