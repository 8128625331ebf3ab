// All resolvers, merged: one file per domain, each thin over src/services.
import type { Resolvers } from '../generated/graphql';
import { algorithmResolvers } from './algorithms';
import { caseStudyResolvers } from './case-studies';
import { catalogResolvers } from './catalog';
import { dateTimeScalar } from './scalars';
import { entryResolvers } from './entries';
import { patternResolvers } from './patterns';
import { qualityResolvers } from './qualities';
import { recommendationResolvers } from './recommendations';
import { referenceResolvers } from './references';
import { scenarioResolvers } from './scenarios';
import { searchResolvers } from './search';
import { tradeoffResolvers } from './tradeoffs';

const parts: Resolvers[] = [
  entryResolvers,
  qualityResolvers,
  algorithmResolvers,
  patternResolvers,
  scenarioResolvers,
  caseStudyResolvers,
  tradeoffResolvers,
  catalogResolvers,
  referenceResolvers,
  recommendationResolvers,
  searchResolvers,
];

export const resolvers: Resolvers = {
  DateTime: dateTimeScalar,
  ...Object.fromEntries(
    [...new Set(parts.flatMap((p) => Object.keys(p)))].map((type) => [
      type,
      Object.assign({}, ...parts.map((p) => (p as Record<string, object | undefined>)[type] ?? {})),
    ]),
  ),
};
