import type { Resolvers } from '../generated/graphql';
import { entryOfKind } from '../services/entries';
import { listStyles } from '../services/listings';

export const styleResolvers: Resolvers = {
  Query: {
    style: (_p, args, ctx) => entryOfKind(ctx, 'STYLE', args.slug),
    styles: (_p, args, ctx) => listStyles(ctx, args.where, args),
  },
};
