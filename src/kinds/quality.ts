// Quality attributes: what algorithms are rated on and styles, patterns and decisions affect.
import { z } from 'zod';
import type { QualityResolvers } from '../generated/graphql';
import { entriesByIds } from '../services/entries';
import { ratingCount } from '../services/facets';
import { levelFromNumber } from '../services/levels';
import { polarityText, sourcesWithProvenance, words } from '../services/presentation';
import type { EffectRow } from '../services/types';
import { base, text } from './content';
import { columns, defineKind, detailOf, detailTable } from './define';
import type { Quality } from '../generated/prisma/client';

const schema = z.strictObject({
  kind: z.literal('quality'),
  ...base,
  category: z.enum(['SYSTEM', 'MODEL', 'ML_COMPONENT', 'RESPONSIBLE_AI', 'PROJECT']),
  polarity: z.enum(['HIGHER_IS_BETTER', 'LOWER_IS_BETTER']),
  measurement: text,
});

const resolvers: QualityResolvers = {
  ...columns((e, ctx) => detailOf(ctx.loaders.quality, e), ['category', 'polarity', 'measurement']),
  ratings: (e, _a, ctx) => ctx.loaders.ratingsByQuality.load(e.id),
  ratingCount: (e, _a, ctx) => ratingCount(ctx, e.id),
  effects: async (e, args, ctx) => {
    const effects = await ctx.loaders.effectsByQuality.load(e.id);
    return args.effect ? effects.filter((x) => x.effect === args.effect) : effects;
  },
  tradeoffs: async (e, _a, ctx) => entriesByIds(ctx, await ctx.loaders.tradeoffsByQuality.load(e.id)),
};

export const quality = defineKind({
  kind: 'QUALITY',
  seedKind: 'quality',
  typeName: 'Quality',
  label: 'Quality attribute',
  ...detailTable<Quality>('quality', {
    entryId: 'd.entry_id::text',
    category: 'd.category::text',
    polarity: 'd.polarity::text',
    measurement: 'd.measurement',
  }),
  schema,
  writeDetail: (tx, entryId, entry) => {
    const data = { category: entry.category, polarity: entry.polarity, measurement: entry.measurement };
    return tx.quality.upsert({ where: { entryId }, create: { entryId, ...data }, update: data });
  },
  removeDetail: (tx, entryId) => tx.quality.deleteMany({ where: { entryId } }),
  sharedRows: ['qualityRatings', 'qualityEffects', 'qualityTradeoffs'],
  resolvers,
  markdown(md, q, entry) {
    const { loaded } = md;
    md.section(
      'Quality attribute',
      md.fields([
        ['Category', words(q.category)],
        ['Polarity', polarityText(q.polarity, true)],
        ['Measurement', q.measurement],
      ]),
    );
    const ratings = loaded.qualityRatings.get(entry.id) ?? [];
    if (ratings.length > 0) {
      md.section(
        'How algorithms rate',
        md.table(
          ['Algorithm', 'Level', 'Rationale', 'Sources'],
          ratings.map((r) => [
            md.ref(r.algorithmId),
            levelFromNumber(r.level),
            r.rationale,
            sourcesWithProvenance(md.mark(loaded.ratingCitations.get(r.id)), r.provenance),
          ]),
        ),
      );
    }
    const source = (e: EffectRow) => {
      if (e.entryId) return md.ref(e.entryId);
      const decision = e.decisionId ? loaded.effectDecisions.get(e.decisionId) : null;
      return decision ? `Decision "${decision.title}" in ${md.ref(decision.caseStudyId)}` : '';
    };
    const effects = [...(loaded.qualityEffects.get(entry.id) ?? [])].map((e) => ({ e, by: source(e) }));
    effects.sort((x, y) => x.by.localeCompare(y.by, 'en'));
    if (effects.length > 0) {
      md.section(
        'Styles, patterns and decisions that affect it',
        md.table(
          ['Source', 'Effect', 'Rationale', 'Sources'],
          effects.map(({ e, by }) => [
            by,
            e.effect === 'PROMOTES' ? 'Promotes' : 'Inhibits',
            e.rationale,
            md.mark(loaded.effectCitations.get(e.id)),
          ]),
        ),
      );
    }
    md.bullets(
      'Trade-offs',
      (loaded.qualityTradeoffs.get(entry.id) ?? []).map((id) => md.linked(id)),
    );
  },
});
