import type { Resolvers } from '../generated/graphql';
import { entryById } from '../services/entries';
import { familyOptions, taskOptions } from '../services/facets';
import { LEVEL_LABELS, levelFromNumber } from '../services/levels';
import { listAlgorithms } from '../services/listings';
import { algorithmBySlug, ratingGoodness } from '../services/algorithms';
import { selectsField } from './selection';

export const algorithmResolvers: Resolvers = {
  Query: {
    algorithm: (_p, args, ctx, info) => algorithmBySlug(ctx, args.slug, selectsField(info, 'ratings')),
    algorithms: (_p, args, ctx) => listAlgorithms(ctx, args.where, args),
    tasks: (_p, _a, ctx) => taskOptions(ctx),
    algorithmFamilies: (_p, _a, ctx) => familyOptions(ctx),
  },
  QualityRating: {
    algorithm: (r, _a, ctx) => entryById(ctx, r.algorithmId),
    quality: (r, _a, ctx) => entryById(ctx, r.qualityId),
    level: (r) => levelFromNumber(r.level),
    value: (r) => r.level,
    levelLabel: (r) => LEVEL_LABELS[levelFromNumber(r.level)],
    goodness: (r, _a, ctx) => ratingGoodness(ctx, r),
    citations: (r, _a, ctx) => ctx.loaders.citationsByRating.load(r.id),
  },
};
