// Architectural styles: structure, when to use them, examples and quality effects.
import { z } from 'zod';
import type { StyleResolvers } from '../generated/graphql';
import { base, effects, text, textList } from './content';
import { columns, defineKind, detailOf, detailTable } from './define';
import type { Style } from '../generated/prisma/client';
import { effectsOf } from './pattern';

const schema = z.strictObject({
  kind: z.literal('style'),
  ...base,
  structure: text,
  whenToUse: textList,
  examples: textList,
  effects,
});

const resolvers: StyleResolvers = {
  ...columns((e, ctx) => detailOf(ctx.loaders.style, e), ['structure', 'whenToUse', 'examples']),
  effects: (e, args, ctx) => effectsOf(e, args.effect, ctx),
};

export const style = defineKind({
  kind: 'STYLE',
  seedKind: 'style',
  typeName: 'Style',
  label: 'Architectural style',
  ...detailTable<Style>('style', {
    entryId: 'd.entry_id::text',
    structure: 'd.structure',
    whenToUse: 'd.when_to_use',
    examples: 'd.examples',
  }),
  schema,
  checkReferences: (entry, check) => check.effects(entry.effects, '.effects'),
  writeDetail: (tx, entryId, entry) => {
    const data = { structure: entry.structure, whenToUse: entry.whenToUse, examples: entry.examples };
    return tx.style.upsert({ where: { entryId }, create: { entryId, ...data }, update: data });
  },
  removeDetail: (tx, entryId) => tx.style.deleteMany({ where: { entryId } }),
  ownRows: (entry, entryId, rows) => rows.effect(entry.effects, { entryId }),
  sharedRows: ['entryEffects'],
  resolvers,
  markdown(md, s, entry) {
    md.text('Structure', s.structure);
    md.bullets('When to use', s.whenToUse);
    md.bullets('Examples', s.examples);
    md.section('Quality effects', md.effectsTable(md.loaded.entryEffects.get(entry.id) ?? []));
  },
});
