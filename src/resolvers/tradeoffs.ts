import type { Resolvers } from '../generated/graphql';
import type { Context } from '../server/context';
import { checkLimit } from '../services/pagination';
import { tradeoffEnds } from '../services/recommendation/architecture';
import { listTradeoffs } from '../services/tradeoffs';
import type { EntryRow } from '../services/types';
import { detailOf, entriesByIds, entryFields, lookupOf } from './shared';

const tradeoff = (entry: EntryRow, ctx: Context) => detailOf(ctx.loaders.tradeoff, entry);

export const tradeoffResolvers: Resolvers = {
  Query: {
    tradeoff: lookupOf('TRADEOFF'),
    tradeoffs: (_p, args, ctx) => listTradeoffs(ctx, args.where, args),
  },
  Tradeoff: {
    ...entryFields,
    qualities: async (e, _a, ctx) => {
      const t = await tradeoff(e, ctx);
      return entriesByIds(ctx, [t.firstQualityId, t.secondQualityId]);
    },
    tension: async (e, _a, ctx) => (await tradeoff(e, ctx)).tension,
    examples: async (e, _a, ctx) => (await tradeoff(e, ctx)).examples,
    ends: async (e, args, ctx) => {
      const t = await tradeoff(e, ctx);
      return tradeoffEnds(ctx, t.firstQualityId, t.secondQualityId, checkLimit(args.first ?? 5, ['first']));
    },
  },
};
