import type { Resolvers } from '../generated/graphql';
import { scenarioRowResolvers } from '../kinds/scenario';
import { entryOfKind, listOfKind } from '../services/entries';

export const scenarioResolvers: Resolvers = {
  Query: {
    scenario: (_p, args, ctx) => entryOfKind(ctx, 'SCENARIO', args.slug),
    scenarios: (_p, args, ctx) => listOfKind(ctx, 'SCENARIO', [], args),
  },
  ...scenarioRowResolvers,
};
