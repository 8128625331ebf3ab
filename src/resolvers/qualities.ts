import type { QualityFilter, Resolvers } from '../generated/graphql';
import type { Context } from '../server/context';
import type { EntryRow } from '../services/types';
import { detailOf, entriesByIds, entryFields, listOf, lookupOf } from './shared';

const quality = (entry: EntryRow, ctx: Context) => detailOf(ctx.loaders.quality, entry);

export const qualityResolvers: Resolvers = {
  Query: {
    quality: lookupOf('QUALITY'),
    qualities: listOf('QUALITY', async (_ctx, where: QualityFilter) => [
      {
        quality: {
          is: {
            ...(where.category && { category: where.category }),
            ...(where.polarity && { polarity: where.polarity }),
          },
        },
      },
    ]),
  },
  Quality: {
    ...entryFields,
    category: async (e, _a, ctx) => (await quality(e, ctx)).category,
    polarity: async (e, _a, ctx) => (await quality(e, ctx)).polarity,
    measurement: async (e, _a, ctx) => (await quality(e, ctx)).measurement,
    ratings: (e, _a, ctx) => ctx.loaders.ratingsByQuality.load(e.id),
    effects: async (e, args, ctx) => {
      const effects = await ctx.loaders.effectsByQuality.load(e.id);
      return args.effect ? effects.filter((x) => x.effect === args.effect) : effects;
    },
    tradeoffs: async (e, _a, ctx) => entriesByIds(ctx, await ctx.loaders.tradeoffsByQuality.load(e.id)),
  },
};
