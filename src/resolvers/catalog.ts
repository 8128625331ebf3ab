// Components, concepts, design challenges and models: kinds with few fields of their own.
import type { Resolvers } from '../generated/graphql';
import { detailOf, entryFields, listOf, lookupOf } from './shared';

export const catalogResolvers: Resolvers = {
  Query: {
    component: lookupOf('COMPONENT'),
    components: listOf('COMPONENT'),
    concept: lookupOf('CONCEPT'),
    concepts: listOf('CONCEPT'),
    designChallenge: lookupOf('CHALLENGE'),
    designChallenges: listOf('CHALLENGE'),
    mlModel: lookupOf('MODEL'),
    mlModels: listOf('MODEL'),
  },
  Component: {
    ...entryFields,
    responsibility: async (e, _a, ctx) => (await detailOf(ctx.loaders.component, e)).responsibility,
    examples: async (e, _a, ctx) => (await detailOf(ctx.loaders.component, e)).examples,
  },
  Concept: {
    ...entryFields,
    definition: async (e, _a, ctx) => (await detailOf(ctx.loaders.concept, e)).definition,
  },
  DesignChallenge: {
    ...entryFields,
    examples: async (e, _a, ctx) => (await detailOf(ctx.loaders.challenge, e)).examples,
  },
  MlModel: { ...entryFields },
};
