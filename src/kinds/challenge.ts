// Design challenges of ML-enabled systems, with examples.
import { z } from 'zod';
import type { DesignChallengeResolvers } from '../generated/graphql';
import { base, textList } from './content';
import { columns, defineKind, detailOf, detailTable } from './define';
import type { Challenge } from '../generated/prisma/client';

const schema = z.strictObject({ kind: z.literal('challenge'), ...base, examples: textList });

const resolvers: DesignChallengeResolvers = columns(
  (e, ctx) => detailOf(ctx.loaders.challenge, e),
  ['examples'],
);

export const challenge = defineKind({
  kind: 'CHALLENGE',
  seedKind: 'challenge',
  typeName: 'DesignChallenge',
  label: 'Design challenge',
  ...detailTable<Challenge>('challenge', {
    entryId: 'd.entry_id::text',
    examples: 'd.examples',
  }),
  schema,
  writeDetail: (tx, entryId, entry) =>
    tx.challenge.upsert({
      where: { entryId },
      create: { entryId, examples: entry.examples },
      update: { examples: entry.examples },
    }),
  removeDetail: (tx, entryId) => tx.challenge.deleteMany({ where: { entryId } }),
  sharedRows: [],
  resolvers,
  markdown: (md, c) => md.bullets('Examples', c.examples),
});
