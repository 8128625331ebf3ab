// Concepts: terms of the field with their definitions.
import { z } from 'zod';
import type { ConceptResolvers } from '../generated/graphql';
import { base, text } from './content';
import { columns, defineKind, detailOf, detailTable } from './define';
import type { Concept } from '../generated/prisma/client';

const schema = z.strictObject({ kind: z.literal('concept'), ...base, definition: text });

const resolvers: ConceptResolvers = columns((e, ctx) => detailOf(ctx.loaders.concept, e), ['definition']);

export const concept = defineKind({
  kind: 'CONCEPT',
  seedKind: 'concept',
  typeName: 'Concept',
  label: 'Concept',
  ...detailTable<Concept>('concept', {
    entryId: 'd.entry_id::text',
    definition: 'd.definition',
  }),
  schema,
  writeDetail: (tx, entryId, entry) =>
    tx.concept.upsert({
      where: { entryId },
      create: { entryId, definition: entry.definition },
      update: { definition: entry.definition },
    }),
  removeDetail: (tx, entryId) => tx.concept.deleteMany({ where: { entryId } }),
  sharedRows: [],
  resolvers,
  markdown: (md, c) => md.text('Definition', c.definition),
});
