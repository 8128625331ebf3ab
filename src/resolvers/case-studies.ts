import type { Resolvers } from '../generated/graphql';
import type { Context } from '../server/context';
import type { EntryRow } from '../services/types';
import { detailOf, entryById, entryFields, listOf, lookupOf } from './shared';

const caseStudy = (entry: EntryRow, ctx: Context) => detailOf(ctx.loaders.caseStudy, entry);

export const caseStudyResolvers: Resolvers = {
  Query: {
    caseStudy: lookupOf('CASE_STUDY'),
    caseStudies: listOf('CASE_STUDY'),
  },
  CaseStudy: {
    ...entryFields,
    context: async (e, _a, ctx) => (await caseStudy(e, ctx)).context,
    problems: async (e, _a, ctx) => (await caseStudy(e, ctx)).problems,
    insights: async (e, _a, ctx) => (await caseStudy(e, ctx)).insights,
    outcome: async (e, _a, ctx) => (await caseStudy(e, ctx)).outcome,
    goals: (e, _a, ctx) => ctx.loaders.goalsByCaseStudy.load(e.id),
    decisions: (e, _a, ctx) => ctx.loaders.decisionsByCaseStudy.load(e.id),
  },
  CaseStudyGoal: {
    quality: (g, _a, ctx) => (g.qualityId ? entryById(ctx, g.qualityId) : null),
  },
  Decision: {
    effects: (d, _a, ctx) => ctx.loaders.effectsByDecision.load(d.id),
    citations: (d, _a, ctx) => ctx.loaders.citationsByDecision.load(d.id),
    caseStudy: (d, _a, ctx) => entryById(ctx, d.caseStudyId),
  },
};
