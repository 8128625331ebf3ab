import type { Resolvers } from '../generated/graphql';
import { caseStudyRowResolvers } from '../kinds/case-study';
import { entryOfKind, listOfKind } from '../services/entries';

export const caseStudyResolvers: Resolvers = {
  Query: {
    caseStudy: (_p, args, ctx) => entryOfKind(ctx, 'CASE_STUDY', args.slug),
    caseStudies: (_p, args, ctx) => listOfKind(ctx, 'CASE_STUDY', [], args),
  },
  ...caseStudyRowResolvers,
};
