// Design patterns, architectural tactics and ML design patterns, with their quality effects.
import { z } from 'zod';
import type { PatternResolvers } from '../generated/graphql';
import type { ServiceContext } from '../services/context';
import { entriesByIds } from '../services/entries';
import { words } from '../services/presentation';
import type { EntryRow } from '../services/types';
import { base, effects, text, textList } from './content';
import { columns, defineKind, detailOf, detailTable } from './define';
import type { Pattern } from '../generated/prisma/client';

const schema = z.strictObject({
  kind: z.literal('pattern'),
  ...base,
  patternKind: z.enum(['DESIGN_PATTERN', 'ARCHITECTURAL_TACTIC', 'ML_DESIGN_PATTERN']),
  intent: text,
  motivation: z.string().default(''),
  solution: z.string().default(''),
  variants: textList,
  benefits: textList,
  costs: textList,
  tradeoffs: textList,
  alternatives: z.string().default(''),
  effects,
});

/** An entry's quality effects, optionally only promoting or only inhibiting ones. */
export async function effectsOf(entry: EntryRow, effect: string | null | undefined, ctx: ServiceContext) {
  const list = await ctx.loaders.effectsByEntry.load(entry.id);
  return effect ? list.filter((x) => x.effect === effect) : list;
}

/** Patterns linked to `entry` by relations (alternatives or the others), in either direction. */
async function linkedPatterns(entry: EntryRow, ctx: ServiceContext, alternative: boolean) {
  const [from, to] = await Promise.all([
    ctx.loaders.relationsFrom.load(entry.id),
    ctx.loaders.relationsTo.load(entry.id),
  ]);
  const ids = [
    ...from.filter((r) => (r.kind === 'ALTERNATIVE') === alternative).map((r) => r.toId),
    ...to.filter((r) => (r.kind === 'ALTERNATIVE') === alternative).map((r) => r.fromId),
  ];
  const entries = await entriesByIds(ctx, [...new Set(ids)]);
  return entries.filter((e) => e.kind === 'PATTERN');
}

const detail = (e: EntryRow, ctx: ServiceContext) => detailOf(ctx.loaders.pattern, e);

const resolvers: PatternResolvers = {
  ...columns(detail, [
    'patternKind',
    'intent',
    'motivation',
    'solution',
    'variants',
    'benefits',
    'costs',
    'tradeoffs',
  ]),
  alternativesNote: async (e, _a, ctx) => (await detail(e, ctx)).alternatives,
  alternatives: (e, _a, ctx) => linkedPatterns(e, ctx, true),
  relatedPatterns: (e, _a, ctx) => linkedPatterns(e, ctx, false),
  effects: (e, args, ctx) => effectsOf(e, args.effect, ctx),
};

export const pattern = defineKind({
  kind: 'PATTERN',
  seedKind: 'pattern',
  typeName: 'Pattern',
  label: 'Pattern',
  ...detailTable<Pattern>('pattern', {
    entryId: 'd.entry_id::text',
    patternKind: 'd.pattern_kind::text',
    intent: 'd.intent',
    motivation: 'd.motivation',
    solution: 'd.solution',
    variants: 'd.variants',
    benefits: 'd.benefits',
    costs: 'd.costs',
    tradeoffs: 'd.tradeoffs',
    alternatives: 'd.alternatives',
  }),
  schema,
  checkReferences: (entry, check) => check.effects(entry.effects, '.effects'),
  writeDetail: (tx, entryId, entry) => {
    const { patternKind, intent, motivation, solution, variants, benefits, costs, tradeoffs, alternatives } =
      entry;
    const data = {
      patternKind,
      intent,
      motivation,
      solution,
      variants,
      benefits,
      costs,
      tradeoffs,
      alternatives,
    };
    return tx.pattern.upsert({ where: { entryId }, create: { entryId, ...data }, update: data });
  },
  removeDetail: (tx, entryId) => tx.pattern.deleteMany({ where: { entryId } }),
  ownRows: (entry, entryId, rows) => rows.effect(entry.effects, { entryId }),
  sharedRows: ['entryEffects'],
  resolvers,
  markdown(md, p, entry) {
    md.section('Pattern', md.fields([['Pattern kind', words(p.patternKind)]]));
    md.text('Intent', p.intent);
    md.text('Motivation', p.motivation);
    md.text('Solution', p.solution);
    md.bullets('Variants', p.variants);
    md.bullets('Benefits', p.benefits);
    md.bullets('Costs', p.costs);
    md.bullets('Trade-offs', p.tradeoffs);
    md.text('Alternatives', p.alternatives);
    md.section('Quality effects', md.effectsTable(md.loaded.entryEffects.get(entry.id) ?? []));
  },
});
