// Case studies: a system's context and problems, its goals, the decisions taken (each with its
// quality effects and sources), the insights and the outcome.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CaseStudyGoalResolvers, CaseStudyResolvers, DecisionResolvers } from '../generated/graphql';
import { entryById } from '../services/entries';
import { base, citations, effects, slugSchema, text, textList } from './content';
import { columns, defineKind, detailOf, detailTable } from './define';
import type { CaseStudy } from '../generated/prisma/client';

const schema = z.strictObject({
  kind: z.literal('case-study'),
  ...base,
  context: z.string().default(''),
  problems: textList,
  goals: z.array(z.strictObject({ quality: slugSchema.optional(), description: text })).default([]),
  decisions: z
    .array(
      z.strictObject({
        title: text,
        before: z.string().default(''),
        after: z.string().default(''),
        rationale: text,
        effects,
        citations,
      }),
    )
    .default([]),
  insights: textList,
  outcome: z.string().default(''),
});

const resolvers: CaseStudyResolvers = {
  ...columns((e, ctx) => detailOf(ctx.loaders.caseStudy, e), ['context', 'problems', 'insights', 'outcome']),
  goals: (e, _a, ctx) => ctx.loaders.goalsByCaseStudy.load(e.id),
  decisions: (e, _a, ctx) => ctx.loaders.decisionsByCaseStudy.load(e.id),
};

/** Resolvers of the rows a case study owns. */
export const caseStudyRowResolvers: { CaseStudyGoal: CaseStudyGoalResolvers; Decision: DecisionResolvers } = {
  CaseStudyGoal: {
    quality: (g, _a, ctx) => (g.qualityId ? entryById(ctx, g.qualityId) : null),
  },
  Decision: {
    effects: (d, _a, ctx) => ctx.loaders.effectsByDecision.load(d.id),
    citations: (d, _a, ctx) => ctx.loaders.citationsByDecision.load(d.id),
    caseStudy: (d, _a, ctx) => entryById(ctx, d.caseStudyId),
  },
};

export const caseStudy = defineKind({
  kind: 'CASE_STUDY',
  seedKind: 'case-study',
  typeName: 'CaseStudy',
  label: 'Case study',
  ...detailTable<CaseStudy>('case_study', {
    entryId: 'd.entry_id::text',
    context: 'd.context',
    problems: 'd.problems',
    insights: 'd.insights',
    outcome: 'd.outcome',
  }),
  schema,
  checkReferences(entry, check) {
    entry.goals.forEach((g, i) => {
      if (g.quality) check.expect(g.quality, 'quality', `.goals[${i}].quality`);
    });
    entry.decisions.forEach((d, i) => {
      check.effects(d.effects, `.decisions[${i}].effects`);
      check.citations(d.citations, `.decisions[${i}].citations`);
    });
  },
  writeDetail: (tx, entryId, entry) => {
    const { context, problems, insights, outcome } = entry;
    const data = { context, problems, insights, outcome };
    return tx.caseStudy.upsert({ where: { entryId }, create: { entryId, ...data }, update: data });
  },
  removeDetail: (tx, entryId) => tx.caseStudy.deleteMany({ where: { entryId } }),
  ownRows(entry, entryId, rows) {
    entry.goals.forEach((g, position) =>
      rows.goals.push({
        caseStudyId: entryId,
        position,
        qualityId: g.quality ? rows.id(g.quality) : null,
        description: g.description,
      }),
    );
    entry.decisions.forEach((d, position) => {
      const id = randomUUID();
      const { effects: decisionEffects, citations: decisionCitations, ...decision } = d;
      rows.decisions.push({ id, caseStudyId: entryId, position, ...decision });
      rows.effect(decisionEffects, { decisionId: id });
      rows.cite(decisionCitations, { decisionId: id });
    });
  },
  removeOwned: async (tx, ids) => {
    await tx.decision.deleteMany({ where: { caseStudyId: { in: ids } } });
    await tx.caseStudyGoal.deleteMany({ where: { caseStudyId: { in: ids } } });
  },
  sharedRows: ['decisions', 'goals'],
  resolvers,
  markdown(md, c, entry) {
    const { loaded } = md;
    md.text('Context', c.context);
    md.bullets('Problems', c.problems);
    md.bullets(
      'Goals',
      (loaded.goals.get(entry.id) ?? []).map((g) =>
        g.qualityId ? `${md.ref(g.qualityId)}: ${g.description}` : g.description,
      ),
    );
    const decisions = loaded.decisions.get(entry.id) ?? [];
    if (decisions.length > 0) {
      md.section(
        'Decisions',
        decisions.flatMap((decision, i) => {
          const cited = md.mark(loaded.decisionCitations.get(decision.id));
          const table = md.effectsTable(loaded.decisionEffects.get(decision.id) ?? []);
          return [
            ...(i > 0 ? [''] : []),
            `### ${i + 1}. ${decision.title}`,
            '',
            ...md.fields([
              ['Before', decision.before],
              ['After', decision.after],
              ['Rationale', decision.rationale],
              ['Sources', cited],
            ]),
            ...(table.length > 0 ? ['', ...table] : []),
          ];
        }),
      );
    }
    md.bullets('Insights', c.insights);
    md.text('Outcome', c.outcome);
  },
});
