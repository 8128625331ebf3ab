// Types of constraint a scenario can impose (problem, project, design).
import { z } from 'zod';
import type { ConstraintTypeResolvers } from '../generated/graphql';
import { base, textList } from './content';
import { columns, defineKind, detailOf, detailTable } from './define';
import type { ConstraintType } from '../generated/prisma/client';

const schema = z.strictObject({ kind: z.literal('constraint-type'), ...base, examples: textList });

const resolvers: ConstraintTypeResolvers = columns(
  (e, ctx) => detailOf(ctx.loaders.constraintType, e),
  ['examples'],
);

export const constraintType = defineKind({
  kind: 'CONSTRAINT_TYPE',
  seedKind: 'constraint-type',
  typeName: 'ConstraintType',
  label: 'Constraint type',
  ...detailTable<ConstraintType>('constraint_type', {
    entryId: 'd.entry_id::text',
    examples: 'd.examples',
  }),
  schema,
  writeDetail: (tx, entryId, entry) =>
    tx.constraintType.upsert({
      where: { entryId },
      create: { entryId, examples: entry.examples },
      update: { examples: entry.examples },
    }),
  removeDetail: (tx, entryId) => tx.constraintType.deleteMany({ where: { entryId } }),
  sharedRows: [],
  resolvers,
  markdown: (md, c) => md.bullets('Examples', c.examples),
});
