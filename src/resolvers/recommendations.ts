import type { Resolvers } from '../generated/graphql';
import { recommendArchitecture } from '../services/recommendation/architecture';
import { compareAlgorithms, recommendAlgorithms } from '../services/recommendation/algorithms';
import { levelGoodness } from '../services/algorithms';
import { entryById } from '../services/entries';
import { LEVEL_LABELS } from '../services/levels';

export const recommendationResolvers: Resolvers = {
  Query: {
    recommendAlgorithms: (_p, args, ctx) => recommendAlgorithms(ctx, args.input),
    recommendStyles: (_p, args, ctx) => recommendArchitecture(ctx, 'STYLE', args.input),
    recommendPatterns: (_p, args, ctx) => recommendArchitecture(ctx, 'PATTERN', args.input, args.patternKind),
    compareAlgorithms: (_p, args, ctx) => compareAlgorithms(ctx, args.slugs, args.qualities),
  },
  AlgorithmRecommendation: {
    scenario: (r, _a, ctx) => (r.scenarioId ? entryById(ctx, r.scenarioId) : null),
  },
  AlgorithmCandidate: {
    algorithm: (c, _a, ctx) => entryById(ctx, c.algorithmId),
  },
  ConstraintViolation: { quality: (v, _a, ctx) => entryById(ctx, v.qualityId) },
  ExplanationItem: { quality: (r, _a, ctx) => entryById(ctx, r.qualityId) },
  ScoreContribution: { quality: (c, _a, ctx) => entryById(ctx, c.qualityId) },
  AppliedConstraint: { quality: (c, _a, ctx) => entryById(ctx, c.qualityId) },
  AppliedWeight: { quality: (w, _a, ctx) => entryById(ctx, w.qualityId) },
  ArchitectureCandidate: { entry: (c, _a, ctx) => entryById(ctx, c.entryId) },
  AlgorithmComparison: {
    qualities: (c, _a, ctx) => Promise.all(c.qualityIds.map((id) => entryById(ctx, id))),
  },
  ComparisonRow: { algorithm: (r, _a, ctx) => entryById(ctx, r.algorithmId) },
  ComparisonCell: {
    quality: (c, _a, ctx) => entryById(ctx, c.qualityId),
    levelLabel: (c) => (c.level ? LEVEL_LABELS[c.level] : null),
    goodness: (c, _a, ctx) => (c.value === null ? null : levelGoodness(ctx, c.qualityId, c.value)),
  },
  TradeoffEnd: {
    quality: (t, _a, ctx) => entryById(ctx, t.qualityId),
    algorithms: (t, _a, ctx) => Promise.all(t.algorithmIds.map((id) => entryById(ctx, id))),
  },
};
