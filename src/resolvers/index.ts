// All resolvers: one file per SDL file of src/schema (schema.graphql ↔ schema.ts), each thin over
// src/services, plus each kind's field resolvers from the registry (src/kinds).
import { mergeResolvers } from '@graphql-tools/merge';
import type { Resolvers } from '../generated/graphql';
import { KIND_LIST } from '../kinds';
import { algorithmResolvers } from './algorithms';
import { caseStudyResolvers } from './case-studies';
import { challengeResolvers } from './challenges';
import { componentResolvers } from './components';
import { conceptResolvers } from './concepts';
import { constraintTypeResolvers } from './constraint-types';
import { decisionRecordResolvers } from './decision-records';
import { entryEmbedField } from './embed';
import { modelResolvers } from './models';
import { patternResolvers } from './patterns';
import { qualityResolvers } from './qualities';
import { recommendationResolvers } from './recommendations';
import { referenceResolvers } from './references';
import { scenarioResolvers } from './scenarios';
import { entryInterfaceFields, schemaResolvers } from './schema';
import { searchResolvers } from './search';
import { styleResolvers } from './styles';
import { tradeoffResolvers } from './tradeoffs';

const kindResolvers = Object.fromEntries(KIND_LIST.map((k) => [k.typeName, k.resolvers])) as Resolvers;

export const resolvers: Resolvers = mergeResolvers([
  schemaResolvers,
  // Fields of the Entry interface, inherited by every entry type.
  { Entry: { ...entryInterfaceFields, ...entryEmbedField } } as Resolvers,
  kindResolvers,
  algorithmResolvers,
  caseStudyResolvers,
  challengeResolvers,
  componentResolvers,
  conceptResolvers,
  constraintTypeResolvers,
  decisionRecordResolvers,
  modelResolvers,
  patternResolvers,
  qualityResolvers,
  recommendationResolvers,
  referenceResolvers,
  scenarioResolvers,
  searchResolvers,
  styleResolvers,
  tradeoffResolvers,
]);
