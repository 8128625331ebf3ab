import type { Resolvers } from '../generated/graphql';
import { entryOfKind } from '../services/entries';
import { levelOptions } from '../services/levels';
import { listQualities } from '../services/listings';

export const qualityResolvers: Resolvers = {
  Query: {
    quality: (_p, args, ctx) => entryOfKind(ctx, 'QUALITY', args.slug),
    qualities: (_p, args, ctx) => listQualities(ctx, args.where, args),
    levels: () => levelOptions(),
  },
};
