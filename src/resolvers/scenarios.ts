import type { Resolvers } from '../generated/graphql';
import type { Context } from '../server/context';
import { levelFromNumber } from '../services/levels';
import { recommendAlgorithms } from '../services/recommendation/algorithms';
import type { EntryRow } from '../services/types';
import { detailOf, entryById, entryFields, listOf, lookupOf } from './shared';

const scenario = (entry: EntryRow, ctx: Context) => detailOf(ctx.loaders.scenario, entry);
const constraintType = (entry: EntryRow, ctx: Context) => detailOf(ctx.loaders.constraintType, entry);

export const scenarioResolvers: Resolvers = {
  Query: {
    scenario: lookupOf('SCENARIO'),
    scenarios: listOf('SCENARIO'),
    constraintType: lookupOf('CONSTRAINT_TYPE'),
    constraintTypes: listOf('CONSTRAINT_TYPE'),
  },
  Scenario: {
    ...entryFields,
    context: async (e, _a, ctx) => (await scenario(e, ctx)).context,
    task: async (e, _a, ctx) => (await scenario(e, ctx)).task,
    qualities: (e, _a, ctx) => ctx.loaders.scenarioQualities.load(e.id),
    constraints: (e, _a, ctx) => ctx.loaders.scenarioConstraints.load(e.id),
    recommendation: (e, args, ctx) =>
      recommendAlgorithms(ctx, { scenario: e.slug, first: args.first }, ['recommendation']),
  },
  ScenarioQuality: {
    quality: (q, _a, ctx) => entryById(ctx, q.qualityId),
    citations: (q, _a, ctx) => ctx.loaders.citationsByScenarioQuality.load(q.id),
  },
  ScenarioConstraint: {
    type: (c, _a, ctx) => entryById(ctx, c.constraintTypeId),
    quality: (c, _a, ctx) => (c.qualityId ? entryById(ctx, c.qualityId) : null),
    atLeast: (c) => (c.atLeast === null ? null : levelFromNumber(c.atLeast)),
    atMost: (c) => (c.atMost === null ? null : levelFromNumber(c.atMost)),
    citations: (c, _a, ctx) => ctx.loaders.citationsByScenarioConstraint.load(c.id),
  },
  ConstraintType: {
    ...entryFields,
    examples: async (e, _a, ctx) => (await constraintType(e, ctx)).examples,
  },
};
