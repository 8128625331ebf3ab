// Architectural decision records in the shape of MADR: context and problem, decision drivers,
// the options considered (each with pros and cons, often a pattern or style of the knowledge
// base), the chosen option and why, consequences, and the qualities the decision affects.
import { z } from 'zod';
import type { DecisionRecordResolvers } from '../generated/graphql';
import type { ServiceContext } from '../services/context';
import { entriesByIds, entryById } from '../services/entries';
import { words } from '../services/presentation';
import type { EntryRow } from '../services/types';
import { base, effects, slugSchema, text, textList } from './content';
import { columns, defineKind, detailOf, detailTable } from './define';
import type { DecisionRecord } from '../generated/prisma/client';
import { effectsOf } from './pattern';

const optionSchema = z.strictObject({
  title: text,
  description: z.string().default(''),
  /** The pattern, style, algorithm (or other entry) the option amounts to. */
  entry: slugSchema.optional(),
  pros: textList,
  cons: textList,
});

const schema = z
  .strictObject({
    kind: z.literal('decision-record'),
    ...base,
    status: z.enum(['PROPOSED', 'ACCEPTED', 'REJECTED', 'DEPRECATED', 'SUPERSEDED']),
    context: text,
    drivers: textList,
    options: z.array(optionSchema).min(2, 'a decision considers at least two options'),
    /** The title of the option chosen. */
    chosen: text,
    outcome: text,
    consequences: z.strictObject({ good: textList, bad: textList }).default({ good: [], bad: [] }),
    effects,
  })
  .refine((d) => d.options.some((o) => o.title === d.chosen), {
    error: 'must be the title of one of the options',
    path: ['chosen'],
  })
  .refine((d) => new Set(d.options.map((o) => o.title)).size === d.options.length, {
    error: 'option titles must differ',
    path: ['options'],
  });

/** The options as stored, with the entry's id instead of its slug (the JSON is checked when read). */
const storedOptions = z.array(
  z.strictObject({
    title: z.string(),
    description: z.string(),
    entryId: z.string().nullable(),
    pros: z.array(z.string()),
    cons: z.array(z.string()),
  }),
);

async function detail(entry: EntryRow, ctx: ServiceContext) {
  const row = await detailOf(ctx.loaders.decisionRecord, entry);
  return { ...row, options: storedOptions.parse(row.options) };
}

/** The options with the entries they name and whether each is the one chosen. */
async function options(entry: EntryRow, ctx: ServiceContext) {
  const record = await detail(entry, ctx);
  const named = await Promise.all(
    record.options.map(async (o) => (o.entryId ? entryById(ctx, o.entryId) : null)),
  );
  return record.options.map((o, i) => ({
    title: o.title,
    description: o.description,
    pros: o.pros,
    cons: o.cons,
    entry: named[i] ?? null,
    chosen: o.title === record.chosenOption,
  }));
}

const resolvers: DecisionRecordResolvers = {
  ...columns(detail, [
    'status',
    'context',
    'drivers',
    'outcome',
    'positiveConsequences',
    'negativeConsequences',
  ]),
  options: (e, _a, ctx) => options(e, ctx),
  chosenOption: async (e, _a, ctx) => {
    const chosen = (await options(e, ctx)).find((o) => o.chosen);
    if (!chosen) throw new Error(`decision record "${e.slug}" names no option it chose`);
    return chosen;
  },
  effects: (e, args, ctx) => effectsOf(e, args.effect, ctx),
  patterns: async (e, _a, ctx) => {
    const [considered, from, to] = await Promise.all([
      options(e, ctx),
      ctx.loaders.relationsFrom.load(e.id),
      ctx.loaders.relationsTo.load(e.id),
    ]);
    const linked = await entriesByIds(ctx, [...from.map((r) => r.toId), ...to.map((r) => r.fromId)]);
    const patterns = [...considered.flatMap((o) => (o.entry ? [o.entry] : [])), ...linked].filter(
      (x) => x.kind === 'PATTERN',
    );
    return patterns.filter((p, i) => patterns.findIndex((q) => q.id === p.id) === i);
  },
};

export const decisionRecord = defineKind({
  kind: 'DECISION_RECORD',
  seedKind: 'decision-record',
  typeName: 'DecisionRecord',
  label: 'Decision record',
  ...detailTable<DecisionRecord>('decision_record', {
    entryId: 'd.entry_id::text',
    status: 'd.status::text',
    context: 'd.context',
    drivers: 'd.drivers',
    options: 'd.options',
    chosenOption: 'd.chosen_option',
    outcome: 'd.outcome',
    positiveConsequences: 'd.positive_consequences',
    negativeConsequences: 'd.negative_consequences',
  }),
  schema,
  checkReferences(entry, check) {
    entry.options.forEach((o, i) => {
      if (o.entry)
        check.expect(o.entry, ['pattern', 'style', 'algorithm', 'component'], `.options[${i}].entry`);
    });
    check.effects(entry.effects, '.effects');
  },
  writeDetail: (tx, entryId, entry, id) => {
    const data = {
      status: entry.status,
      context: entry.context,
      drivers: entry.drivers,
      options: entry.options.map((o) => ({
        title: o.title,
        description: o.description,
        entryId: o.entry ? id(o.entry) : null,
        pros: o.pros,
        cons: o.cons,
      })),
      chosenOption: entry.chosen,
      outcome: entry.outcome,
      positiveConsequences: entry.consequences.good,
      negativeConsequences: entry.consequences.bad,
    };
    return tx.decisionRecord.upsert({ where: { entryId }, create: { entryId, ...data }, update: data });
  },
  removeDetail: (tx, entryId) => tx.decisionRecord.deleteMany({ where: { entryId } }),
  ownRows: (entry, entryId, rows) => rows.effect(entry.effects, { entryId }),
  namedIds: (row) => storedOptions.parse(row.options).flatMap((o) => (o.entryId ? [o.entryId] : [])),
  sharedRows: ['entryEffects'],
  resolvers,
  markdown(md, row, entry) {
    const considered = storedOptions.parse(row.options);
    md.section('Decision record', md.fields([['Status', words(row.status)]]));
    md.text('Context and problem', row.context);
    md.bullets('Decision drivers', row.drivers);
    md.section(
      'Considered options',
      considered.flatMap((o, i) => {
        return [
          ...(i > 0 ? [''] : []),
          `### ${i + 1}. ${o.title}${o.title === row.chosenOption ? ' (chosen)' : ''}`,
          '',
          ...(o.description.trim() ? [o.description.trim(), ''] : []),
          ...md.fields([['Entry', o.entryId ? md.ref(o.entryId) : null]]),
          ...o.pros.map((p) => `- Good, because ${p.trim()}`),
          ...o.cons.map((c) => `- Bad, because ${c.trim()}`),
        ];
      }),
    );
    md.section('Decision outcome', [`Chosen option: "${row.chosenOption}", because ${row.outcome.trim()}`]);
    md.bullets('Positive consequences', row.positiveConsequences);
    md.bullets('Negative consequences', row.negativeConsequences);
    md.section('Quality effects', md.effectsTable(md.loaded.entryEffects.get(entry.id) ?? []));
  },
});
