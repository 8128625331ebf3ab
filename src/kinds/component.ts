// Components common to ML-enabled systems (inference service, pipeline, monitoring, ...).
import { z } from 'zod';
import type { ComponentResolvers } from '../generated/graphql';
import { base, text, textList } from './content';
import { columns, defineKind, detailOf, detailTable } from './define';
import type { Component } from '../generated/prisma/client';

const schema = z.strictObject({
  kind: z.literal('component'),
  ...base,
  responsibility: text,
  examples: textList,
});

const resolvers: ComponentResolvers = columns(
  (e, ctx) => detailOf(ctx.loaders.component, e),
  ['responsibility', 'examples'],
);

export const component = defineKind({
  kind: 'COMPONENT',
  seedKind: 'component',
  typeName: 'Component',
  label: 'Component',
  ...detailTable<Component>('component', {
    entryId: 'd.entry_id::text',
    responsibility: 'd.responsibility',
    examples: 'd.examples',
  }),
  schema,
  writeDetail: (tx, entryId, entry) => {
    const data = { responsibility: entry.responsibility, examples: entry.examples };
    return tx.component.upsert({ where: { entryId }, create: { entryId, ...data }, update: data });
  },
  removeDetail: (tx, entryId) => tx.component.deleteMany({ where: { entryId } }),
  sharedRows: [],
  resolvers,
  markdown(md, c) {
    md.text('Responsibility', c.responsibility);
    md.bullets('Examples', c.examples);
  },
});
