// Scenarios: a system to build, the qualities that matter for it and the constraints it imposes,
// each judgement with its provenance and sources; its preset runs through the recommender.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type {
  ScenarioConstraintResolvers,
  ScenarioQualityResolvers,
  ScenarioResolvers,
} from '../generated/graphql';
import { entryById } from '../services/entries';
import { levelFromNumber, levelToNumber } from '../services/levels';
import { boundText, provenanceLabel } from '../services/presentation';
import { recommendAlgorithms } from '../services/recommendation/algorithms';
import { base, citationSchema, levelSchema, provenanceSchema, slugSchema, taskSchema, text } from './content';
import { columns, defineKind, detailOf, detailTable } from './define';
import type { Scenario } from '../generated/prisma/client';

const constraintSchema = z
  .strictObject({
    type: slugSchema,
    description: text,
    quality: slugSchema.optional(),
    atLeast: levelSchema.optional(),
    atMost: levelSchema.optional(),
    provenance: provenanceSchema.optional(),
    /** Why this bound, when the lecture does not state it (editorial) or the literature does. */
    rationale: text.optional(),
    citations: z.array(citationSchema).default([]),
  })
  .refine((c) => (c.atLeast === undefined && c.atMost === undefined) || c.quality !== undefined, {
    error: 'atLeast/atMost need a quality',
    path: ['quality'],
  });

const schema = z.strictObject({
  kind: z.literal('scenario'),
  ...base,
  context: z.string().default(''),
  task: taskSchema.optional(),
  /** Relevant qualities keyed by quality slug. */
  qualities: z.record(
    slugSchema,
    z.strictObject({
      importance: z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']),
      note: text,
      provenance: provenanceSchema.optional(),
      citations: z.array(citationSchema).default([]),
    }),
  ),
  constraints: z.array(constraintSchema).default([]),
});

const resolvers: ScenarioResolvers = {
  ...columns((e, ctx) => detailOf(ctx.loaders.scenario, e), ['context', 'task']),
  qualities: (e, _a, ctx) => ctx.loaders.scenarioQualities.load(e.id),
  constraints: (e, _a, ctx) => ctx.loaders.scenarioConstraints.load(e.id),
  recommendation: (e, args, ctx) =>
    recommendAlgorithms(ctx, { scenario: e.slug, first: args.first }, ['recommendation']),
};

/** Resolvers of the rows a scenario owns. */
export const scenarioRowResolvers: {
  ScenarioQuality: ScenarioQualityResolvers;
  ScenarioConstraint: ScenarioConstraintResolvers;
} = {
  ScenarioQuality: {
    quality: (q, _a, ctx) => entryById(ctx, q.qualityId),
    citations: (q, _a, ctx) => ctx.loaders.citationsByScenarioQuality.load(q.id),
  },
  ScenarioConstraint: {
    type: (c, _a, ctx) => entryById(ctx, c.constraintTypeId),
    quality: (c, _a, ctx) => (c.qualityId ? entryById(ctx, c.qualityId) : null),
    atLeast: (c) => (c.atLeast === null ? null : levelFromNumber(c.atLeast)),
    atMost: (c) => (c.atMost === null ? null : levelFromNumber(c.atMost)),
    citations: (c, _a, ctx) => ctx.loaders.citationsByScenarioConstraint.load(c.id),
  },
};

export const scenario = defineKind({
  kind: 'SCENARIO',
  seedKind: 'scenario',
  typeName: 'Scenario',
  label: 'Scenario',
  ...detailTable<Scenario>('scenario', {
    entryId: 'd.entry_id::text',
    context: 'd.context',
    task: 'd.task',
  }),
  schema,
  checkReferences(entry, check) {
    Object.entries(entry.qualities).forEach(([q, relevance]) => {
      check.expect(q, 'quality', `.qualities.${q}`);
      check.citations(relevance.citations, `.qualities.${q}.citations`);
    });
    entry.constraints.forEach((c, i) => {
      check.expect(c.type, 'constraint-type', `.constraints[${i}].type`);
      if (c.quality) check.expect(c.quality, 'quality', `.constraints[${i}].quality`);
      check.citations(c.citations, `.constraints[${i}].citations`);
    });
    const tasks = new Set(
      check.all.flatMap((e) => (e.kind === 'algorithm' && 'tasks' in e ? (e.tasks as string[]) : [])),
    );
    if (entry.task && !tasks.has(entry.task)) {
      check.problem(
        '.task',
        `no algorithm serves task "${entry.task}"; known tasks: ${[...tasks].sort().join(', ')}`,
      );
    }
  },
  writeDetail: (tx, entryId, entry) => {
    const data = { context: entry.context, task: entry.task ?? null };
    return tx.scenario.upsert({ where: { entryId }, create: { entryId, ...data }, update: data });
  },
  removeDetail: (tx, entryId) => tx.scenario.deleteMany({ where: { entryId } }),
  ownRows(entry, entryId, rows) {
    for (const [quality, q] of Object.entries(entry.qualities)) {
      const id = randomUUID();
      rows.scenarioQualities.push({
        id,
        scenarioId: entryId,
        qualityId: rows.id(quality),
        importance: q.importance,
        note: q.note,
        provenance: q.provenance ?? null,
      });
      rows.cite(q.citations, { scenarioQualityId: id });
    }
    entry.constraints.forEach((c, position) => {
      const id = randomUUID();
      rows.scenarioConstraints.push({
        id,
        scenarioId: entryId,
        position,
        constraintTypeId: rows.id(c.type),
        description: c.description,
        qualityId: c.quality ? rows.id(c.quality) : null,
        atLeast: c.atLeast ? levelToNumber(c.atLeast) : null,
        atMost: c.atMost ? levelToNumber(c.atMost) : null,
        provenance: c.provenance ?? null,
        rationale: c.rationale ?? null,
      });
      rows.cite(c.citations, { scenarioConstraintId: id });
    });
  },
  removeOwned: async (tx, ids) => {
    await tx.scenarioQuality.deleteMany({ where: { scenarioId: { in: ids } } });
    await tx.scenarioConstraint.deleteMany({ where: { scenarioId: { in: ids } } });
  },
  sharedRows: ['scenarioQualities', 'scenarioConstraints'],
  resolvers,
  markdown(md, s, entry) {
    const { loaded } = md;
    md.section('Scenario', md.fields([['ML task', s.task]]));
    md.text('Context', s.context);
    const qualities = loaded.scenarioQualities.get(entry.id) ?? [];
    if (qualities.length > 0) {
      md.section(
        'Qualities that matter',
        md.table(
          ['Quality', 'Importance', 'Why', 'Provenance', 'Sources'],
          qualities.map((q) => [
            md.ref(q.qualityId),
            q.importance,
            q.note,
            provenanceLabel(q.provenance),
            md.mark(loaded.scenarioQualityCitations.get(q.id)),
          ]),
          ['Provenance', 'Sources'],
        ),
      );
    }
    const constraints = loaded.scenarioConstraints.get(entry.id) ?? [];
    if (constraints.length > 0) {
      md.section(
        'Constraints',
        md.table(
          ['Type', 'Constraint', 'Bound', 'Provenance', 'Rationale', 'Sources'],
          constraints.map((c) => [
            md.ref(c.constraintTypeId),
            c.description,
            c.qualityId
              ? boundText(
                  md.ref(c.qualityId),
                  c.atLeast === null ? null : levelFromNumber(c.atLeast),
                  c.atMost === null ? null : levelFromNumber(c.atMost),
                )
              : '',
            provenanceLabel(c.provenance),
            c.rationale ?? '',
            md.mark(loaded.scenarioConstraintCitations.get(c.id)),
          ]),
          ['Provenance', 'Rationale', 'Sources'],
        ),
      );
    }
  },
});
