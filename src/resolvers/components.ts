import type { Resolvers } from '../generated/graphql';
import { entryOfKind, listOfKind } from '../services/entries';

export const componentResolvers: Resolvers = {
  Query: {
    component: (_p, args, ctx) => entryOfKind(ctx, 'COMPONENT', args.slug),
    components: (_p, args, ctx) => listOfKind(ctx, 'COMPONENT', [], args),
  },
};
