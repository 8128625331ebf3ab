// Design challenges of ML-enabled systems, with examples.
import { z } from 'zod';
import type { DesignChallengeResolvers } from '../generated/graphql';
import { base, textList } from './content';
import { byEntryIds, columns, defineKind, detailOf } from './define';

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
  table: 'challenge',
  schema,
  loadDetails: (db, ids) => db.challenge.findMany(byEntryIds(ids)),
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
