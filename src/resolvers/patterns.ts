import type { Resolvers } from '../generated/graphql';
import { entryById, entryOfKind } from '../services/entries';
import { listPatterns } from '../services/listings';

export const patternResolvers: Resolvers = {
  Query: {
    pattern: (_p, args, ctx) => entryOfKind(ctx, 'PATTERN', args.slug),
    patterns: (_p, args, ctx) => listPatterns(ctx, args.where, args),
  },
  QualityEffect: {
    quality: (x, _a, ctx) => entryById(ctx, x.qualityId),
    source: (x, _a, ctx) => (x.entryId ? entryById(ctx, x.entryId) : null),
    decision: (x, _a, ctx) => (x.decisionId ? ctx.loaders.decisionById.load(x.decisionId) : null),
    citations: (x, _a, ctx) => ctx.loaders.citationsByEffect.load(x.id),
  },
};
