// Trade-offs: two qualities in tension, why, and examples; the algorithms at either end.
import { z } from 'zod';
import type { TradeoffResolvers } from '../generated/graphql';
import type { ServiceContext } from '../services/context';
import { entriesByIds } from '../services/entries';
import { checkLimit } from '../services/pagination';
import { tradeoffEnds } from '../services/recommendation/architecture';
import type { EntryRow } from '../services/types';
import { base, slugSchema, text, textList } from './content';
import { columns, defineKind, detailOf, detailTable } from './define';
import type { Tradeoff } from '../generated/prisma/client';

const schema = z.strictObject({
  kind: z.literal('tradeoff'),
  ...base,
  qualities: z.tuple([slugSchema, slugSchema]),
  tension: text,
  examples: textList,
});

const detail = (e: EntryRow, ctx: ServiceContext) => detailOf(ctx.loaders.tradeoff, e);

const resolvers: TradeoffResolvers = {
  ...columns(detail, ['tension', 'examples']),
  qualities: async (e, _a, ctx) => {
    const t = await detail(e, ctx);
    return entriesByIds(ctx, [t.firstQualityId, t.secondQualityId]);
  },
  ends: async (e, args, ctx) => {
    const t = await detail(e, ctx);
    // An explicit `first: null` reaches the resolver despite the SDL default.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    return tradeoffEnds(ctx, t.firstQualityId, t.secondQualityId, checkLimit(args.first ?? 5, ['first']));
  },
};

export const tradeoff = defineKind({
  kind: 'TRADEOFF',
  seedKind: 'tradeoff',
  typeName: 'Tradeoff',
  label: 'Trade-off',
  ...detailTable<Tradeoff>('tradeoff', {
    entryId: 'd.entry_id::text',
    firstQualityId: 'd.first_quality_id::text',
    secondQualityId: 'd.second_quality_id::text',
    tension: 'd.tension',
    examples: 'd.examples',
  }),
  schema,
  checkReferences(entry, check) {
    entry.qualities.forEach((q, i) => check.expect(q, 'quality', `.qualities[${i}]`));
    if (entry.qualities[0] === entry.qualities[1]) {
      check.problem('.qualities', 'a trade-off needs two different qualities');
    }
  },
  writeDetail: (tx, entryId, entry, id) => {
    const data = {
      firstQualityId: id(entry.qualities[0]),
      secondQualityId: id(entry.qualities[1]),
      tension: entry.tension,
      examples: entry.examples,
    };
    return tx.tradeoff.upsert({ where: { entryId }, create: { entryId, ...data }, update: data });
  },
  removeDetail: (tx, entryId) => tx.tradeoff.deleteMany({ where: { entryId } }),
  namedIds: (t) => [t.firstQualityId, t.secondQualityId],
  sharedRows: [],
  resolvers,
  markdown(md, t) {
    md.section(
      'Trade-off',
      md.fields([['Between', `${md.ref(t.firstQualityId)} and ${md.ref(t.secondQualityId)}`]]),
    );
    md.text('Tension', t.tension);
    md.bullets('Examples', t.examples);
  },
});
