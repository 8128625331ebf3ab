import type { Resolvers } from '../generated/graphql';
import { entryOfKind } from '../services/entries';
import { listDecisionRecords } from '../services/listings';

export const decisionRecordResolvers: Resolvers = {
  Query: {
    decisionRecord: (_p, args, ctx) => entryOfKind(ctx, 'DECISION_RECORD', args.slug),
    decisionRecords: (_p, args, ctx) => listDecisionRecords(ctx, args.where, args),
  },
};
