// ML algorithms: the tasks they serve and one rating per quality, each with rationale, provenance
// and citations.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AlgorithmResolvers } from '../generated/graphql';
import { ratingFor } from '../services/algorithms';
import { slugify } from '../services/facets';
import { levelFromNumber, levelToNumber } from '../services/levels';
import { LEVEL_NOTE, sourcesWithProvenance } from '../services/presentation';
import {
  base,
  citations,
  levelSchema,
  provenanceSchema,
  slugSchema,
  taskSchema,
  text,
  textList,
} from './content';
import { columns, defineKind, detailOf, detailTable } from './define';
import type { Algorithm } from '../generated/prisma/client';

const ratingSchema = z.strictObject({
  level: levelSchema,
  rationale: text,
  provenance: provenanceSchema.optional(),
  citations,
});

const schema = z.strictObject({
  kind: z.literal('algorithm'),
  ...base,
  family: text,
  tasks: z.array(taskSchema).min(1, 'an algorithm serves at least one task'),
  advantages: textList,
  drawbacks: textList,
  /** Ratings keyed by quality slug: one rating per quality. */
  ratings: z.record(slugSchema, ratingSchema),
});

const resolvers: AlgorithmResolvers = {
  ...columns((e, ctx) => detailOf(ctx.loaders.algorithm, e), ['family', 'tasks', 'advantages', 'drawbacks']),
  ratings: (e, _a, ctx) => ctx.loaders.ratingsByAlgorithm.load(e.id),
  rating: (e, args, ctx) => ratingFor(ctx, e.id, args.quality),
  familySlug: async (e, _a, ctx) => slugify((await detailOf(ctx.loaders.algorithm, e)).family),
};

export const algorithm = defineKind({
  kind: 'ALGORITHM',
  seedKind: 'algorithm',
  typeName: 'Algorithm',
  label: 'ML algorithm',
  ...detailTable<Algorithm>('algorithm', {
    entryId: 'd.entry_id::text',
    family: 'd.family',
    tasks: 'd.tasks',
    advantages: 'd.advantages',
    drawbacks: 'd.drawbacks',
  }),
  schema,
  checkReferences(entry, check) {
    for (const [quality, rating] of Object.entries(entry.ratings)) {
      check.expect(quality, 'quality', `.ratings.${quality}`);
      check.citations(rating.citations, `.ratings.${quality}.citations`);
    }
  },
  writeDetail: (tx, entryId, entry) => {
    const { family, tasks, advantages, drawbacks } = entry;
    const data = { family, tasks, advantages, drawbacks };
    return tx.algorithm.upsert({ where: { entryId }, create: { entryId, ...data }, update: data });
  },
  removeDetail: (tx, entryId) => tx.algorithm.deleteMany({ where: { entryId } }),
  ownRows(entry, entryId, rows) {
    for (const [quality, r] of Object.entries(entry.ratings)) {
      const id = randomUUID();
      rows.ratings.push({
        id,
        algorithmId: entryId,
        qualityId: rows.id(quality),
        level: levelToNumber(r.level),
        rationale: r.rationale,
        provenance: r.provenance ?? null,
      });
      rows.cite(r.citations, { ratingId: id });
    }
  },
  removeOwned: (tx, ids) => tx.qualityRating.deleteMany({ where: { algorithmId: { in: ids } } }),
  sharedRows: ['algorithmRatings'],
  resolvers,
  markdown(md, a, entry) {
    md.section(
      'Algorithm',
      md.fields([
        ['Family', a.family],
        ['Tasks', a.tasks.join(', ')],
      ]),
    );
    md.bullets('Advantages', a.advantages);
    md.bullets('Drawbacks', a.drawbacks);
    const ratings = md.loaded.algorithmRatings.get(entry.id) ?? [];
    if (ratings.length > 0) {
      md.section('Ratings', [
        LEVEL_NOTE,
        '',
        ...md.table(
          ['Quality', 'Level', 'Rationale', 'Sources'],
          ratings.map((r) => [
            md.ref(r.qualityId),
            levelFromNumber(r.level),
            r.rationale,
            sourcesWithProvenance(md.mark(md.loaded.ratingCitations.get(r.id)), r.provenance),
          ]),
        ),
      ]);
    }
  },
});
