import type { Resolvers } from '../generated/graphql';
import { entryById, entryOfKind } from '../services/entries';
import { levelFromNumber } from '../services/levels';
import { listAlgorithms } from '../services/listings';

export const algorithmResolvers: Resolvers = {
  Query: {
    algorithm: (_p, args, ctx) => entryOfKind(ctx, 'ALGORITHM', args.slug),
    algorithms: (_p, args, ctx) => listAlgorithms(ctx, args.where, args),
  },
  QualityRating: {
    algorithm: (r, _a, ctx) => entryById(ctx, r.algorithmId),
    quality: (r, _a, ctx) => entryById(ctx, r.qualityId),
    level: (r) => levelFromNumber(r.level),
    citations: (r, _a, ctx) => ctx.loaders.citationsByRating.load(r.id),
  },
};
