import type { PatternFilter, Resolvers } from '../generated/graphql';
import type { Context } from '../server/context';
import { effectFilters } from '../services/entries';
import type { EntryRow } from '../services/types';
import { detailOf, entriesByIds, entryById, entryFields, listOf, lookupOf } from './shared';

const pattern = (entry: EntryRow, ctx: Context) => detailOf(ctx.loaders.pattern, entry);
const style = (entry: EntryRow, ctx: Context) => detailOf(ctx.loaders.style, entry);

interface EffectFilter {
  promotes?: readonly string[] | null;
  inhibits?: readonly string[] | null;
}

const effectsOf = async (entry: EntryRow, effect: string | null | undefined, ctx: Context) => {
  const effects = await ctx.loaders.effectsByEntry.load(entry.id);
  return effect ? effects.filter((x) => x.effect === effect) : effects;
};

/** Patterns linked to `entry` by relations of the given kinds, in either direction. */
async function linkedPatterns(entry: EntryRow, ctx: Context, alternative: boolean) {
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

export const patternResolvers: Resolvers = {
  Query: {
    pattern: lookupOf('PATTERN'),
    patterns: listOf('PATTERN', async (ctx, where: PatternFilter) => [
      ...(where.patternKind ? [{ pattern: { is: { patternKind: where.patternKind } } }] : []),
      ...(await effectFilters(ctx, where)),
    ]),
    style: lookupOf('STYLE'),
    styles: listOf('STYLE', (ctx, where: EffectFilter) => effectFilters(ctx, where)),
  },
  Pattern: {
    ...entryFields,
    patternKind: async (e, _a, ctx) => (await pattern(e, ctx)).patternKind,
    intent: async (e, _a, ctx) => (await pattern(e, ctx)).intent,
    motivation: async (e, _a, ctx) => (await pattern(e, ctx)).motivation,
    solution: async (e, _a, ctx) => (await pattern(e, ctx)).solution,
    variants: async (e, _a, ctx) => (await pattern(e, ctx)).variants,
    benefits: async (e, _a, ctx) => (await pattern(e, ctx)).benefits,
    costs: async (e, _a, ctx) => (await pattern(e, ctx)).costs,
    tradeoffs: async (e, _a, ctx) => (await pattern(e, ctx)).tradeoffs,
    alternativesNote: async (e, _a, ctx) => (await pattern(e, ctx)).alternatives,
    alternatives: (e, _a, ctx) => linkedPatterns(e, ctx, true),
    relatedPatterns: (e, _a, ctx) => linkedPatterns(e, ctx, false),
    effects: (e, args, ctx) => effectsOf(e, args.effect, ctx),
  },
  Style: {
    ...entryFields,
    structure: async (e, _a, ctx) => (await style(e, ctx)).structure,
    whenToUse: async (e, _a, ctx) => (await style(e, ctx)).whenToUse,
    examples: async (e, _a, ctx) => (await style(e, ctx)).examples,
    effects: (e, args, ctx) => effectsOf(e, args.effect, ctx),
  },
  QualityEffect: {
    quality: (x, _a, ctx) => entryById(ctx, x.qualityId),
    source: (x, _a, ctx) => (x.entryId ? entryById(ctx, x.entryId) : null),
    decision: (x, _a, ctx) => (x.decisionId ? ctx.loaders.decisionById.load(x.decisionId) : null),
    citations: (x, _a, ctx) => ctx.loaders.citationsByEffect.load(x.id),
  },
};
