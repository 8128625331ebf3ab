// Models (ResNet-50, GPT-3, ...): described by their facts; no detail table.
import { z } from 'zod';
import type { MlModelResolvers } from '../generated/graphql';
import { base } from './content';
import { defineKind } from './define';

const schema = z.strictObject({ kind: z.literal('model'), ...base });

const resolvers: MlModelResolvers = {};

export const model = defineKind<z.infer<typeof schema>, null, 'MlModel'>({
  kind: 'MODEL',
  seedKind: 'model',
  typeName: 'MlModel',
  label: 'Model',
  table: null,
  schema,
  loadDetails: null,
  writeDetail: () => Promise.resolve(),
  removeDetail: () => Promise.resolve(),
  sharedRows: [],
  resolvers,
  markdown: () => undefined, // A model is described by its facts.
});
