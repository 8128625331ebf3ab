import type { Resolvers } from '../generated/graphql';
import { entryOfKind, listOfKind } from '../services/entries';

export const challengeResolvers: Resolvers = {
  Query: {
    designChallenge: (_p, args, ctx) => entryOfKind(ctx, 'CHALLENGE', args.slug),
    designChallenges: (_p, args, ctx) => listOfKind(ctx, 'CHALLENGE', [], args),
  },
};
