import type { Resolvers } from '../generated/graphql';
import { entryOfKind } from '../services/entries';
import { listTradeoffs } from '../services/tradeoffs';

export const tradeoffResolvers: Resolvers = {
  Query: {
    tradeoff: (_p, args, ctx) => entryOfKind(ctx, 'TRADEOFF', args.slug),
    tradeoffs: (_p, args, ctx) => listTradeoffs(ctx, args.where, args),
  },
};
