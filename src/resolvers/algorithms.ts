import type { Resolvers } from '../generated/graphql';
import type { Context } from '../server/context';
import { algorithmWhere, ratingFor } from '../services/algorithms';
import { levelFromNumber } from '../services/levels';
import type { EntryRow } from '../services/types';
import { detailOf, entryById, entryFields, listOf, lookupOf } from './shared';

const algorithm = (entry: EntryRow, ctx: Context) => detailOf(ctx.loaders.algorithm, entry);

export const algorithmResolvers: Resolvers = {
  Query: {
    algorithm: lookupOf('ALGORITHM'),
    algorithms: listOf('ALGORITHM', async (ctx, where: Parameters<typeof algorithmWhere>[1]) => [
      await algorithmWhere(ctx, where),
    ]),
  },
  Algorithm: {
    ...entryFields,
    family: async (e, _a, ctx) => (await algorithm(e, ctx)).family,
    tasks: async (e, _a, ctx) => (await algorithm(e, ctx)).tasks,
    advantages: async (e, _a, ctx) => (await algorithm(e, ctx)).advantages,
    drawbacks: async (e, _a, ctx) => (await algorithm(e, ctx)).drawbacks,
    ratings: (e, _a, ctx) => ctx.loaders.ratingsByAlgorithm.load(e.id),
    rating: (e, args, ctx) => ratingFor(ctx, e.id, args.quality),
  },
  QualityRating: {
    algorithm: (r, _a, ctx) => entryById(ctx, r.algorithmId),
    quality: (r, _a, ctx) => entryById(ctx, r.qualityId),
    level: (r) => levelFromNumber(r.level),
    citations: (r, _a, ctx) => ctx.loaders.citationsByRating.load(r.id),
  },
};
