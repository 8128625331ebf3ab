// Algorithms: filters by task, family and quality bounds (`satisfies`), and rating lookups.
import type { Prisma } from '../generated/prisma/client';
import type { ServiceContext } from './context';
import { badUserInput, type ArgumentPath, listAllowed } from '../errors';
import { levelToNumber, type LevelName } from './levels';
import { goodness } from './recommendation/evaluate';
import type { EntryRow, RatingRow } from './types';
import { entryOfKind, qualityIds } from './entries';
import { distinctList } from './arguments';
import { checkRated, familyTitles } from './facets';
import { ratingSnapshot } from './recommendation/snapshot';

export interface QualityConstraintInput {
  quality: string;
  atLeast?: LevelName | null;
  atMost?: LevelName | null;
}

export interface AlgorithmFilterInput {
  task?: string | null;
  family?: string | null;
  satisfies?: readonly QualityConstraintInput[] | null;
}

/** A validated bound: the quality's database id and inclusive numeric limits. */
export interface Bound {
  qualityId: string;
  quality: string;
  min: number | null;
  max: number | null;
}

/** Tasks some algorithm can perform, sorted. */
export async function knownTasks(ctx: ServiceContext): Promise<string[]> {
  // knownTasks: validation of task arguments
  const rows = await ctx.db.$queryRaw<{ task: string }[]>`
    SELECT DISTINCT unnest(tasks) AS task FROM algorithm ORDER BY task`;
  return rows.map((r) => r.task);
}

export async function checkTask(ctx: ServiceContext, task: string, path: ArgumentPath): Promise<void> {
  const tasks = await knownTasks(ctx);
  if (!tasks.includes(task)) {
    throw badUserInput(`Unknown task "${task}". Valid tasks: ${listAllowed(tasks)}.`, path);
  }
}

/**
 * The numeric limits of one quality constraint; BAD_USER_INPUT at `at` when it has neither limit
 * or its limits leave no level.
 */
export function checkConstraint(
  c: QualityConstraintInput,
  at: ArgumentPath,
): { min: number | null; max: number | null } {
  if (c.atLeast == null && c.atMost == null) {
    throw badUserInput(`Give \`atLeast\`, \`atMost\` or both for quality "${c.quality}".`, at);
  }
  const min = c.atLeast ? levelToNumber(c.atLeast) : null;
  const max = c.atMost ? levelToNumber(c.atMost) : null;
  if (min !== null && max !== null && min > max) {
    throw badUserInput(
      `\`atLeast\` (${c.atLeast}) is above \`atMost\` (${c.atMost}) for quality "${c.quality}"; no level satisfies both.`,
      [...at, 'atLeast'],
    );
  }
  return { min, max };
}

/**
 * Validates quality bounds: known qualities some algorithm is rated on, at least one limit,
 * atLeast ≤ atMost, one bound per quality.
 */
export async function resolveBounds(
  ctx: ServiceContext,
  list: readonly QualityConstraintInput[],
  path: ArgumentPath,
): Promise<Bound[]> {
  // A bound repeated word for word adds nothing; two different bounds on one quality conflict.
  const distinct = distinctList(list, 'satisfies', path, (c) =>
    JSON.stringify([c.quality, c.atLeast ?? null, c.atMost ?? null]),
  );
  const constraints = distinct.values;
  const at = (i: number) => distinct.indexes[i] ?? i;
  const seen = new Map<string, number>();
  constraints.forEach((c, i) => {
    const first = seen.get(c.quality);
    if (first !== undefined) {
      throw badUserInput(
        `Quality "${c.quality}" is constrained twice (at ${at(first)} and ${at(i)}); combine atLeast and atMost in one constraint.`,
        [...path, at(i), 'quality'],
      );
    }
    seen.set(c.quality, i);
  });
  const limits = constraints.map((c, i) => checkConstraint(c, [...path, at(i)]));
  const ids = await qualityIds(
    ctx,
    constraints.map((c) => c.quality),
    (i) => [...path, at(i), 'quality'],
  );
  if (ids.length > 0) {
    // A bound on a quality no algorithm is rated on would select nothing without saying why.
    const snapshot = await ratingSnapshot(ctx.db, await ctx.loaders.contentRevision());
    ids.forEach((id, i) => {
      const index = snapshot.qualityIndexById.get(id);
      if (index !== undefined) checkRated(snapshot, index, [...path, at(i), 'quality']);
    });
  }
  return constraints.map((c, i) => ({
    qualityId: ids[i] as string,
    quality: c.quality,
    min: limits[i]?.min ?? null,
    max: limits[i]?.max ?? null,
  }));
}

export async function algorithmWhere(
  ctx: ServiceContext,
  filter: AlgorithmFilterInput | null | undefined,
): Promise<Prisma.EntryWhereInput> {
  const conditions: Prisma.AlgorithmWhereInput[] = [];
  if (filter?.task != null) {
    await checkTask(ctx, filter.task, ['where', 'task']);
    conditions.push({ tasks: { has: filter.task } });
  }
  if (filter?.family != null) {
    conditions.push({ family: { in: await familyTitles(ctx, filter.family, ['where', 'family']) } });
  }
  const bounds = await resolveBounds(ctx, filter?.satisfies ?? [], ['where', 'satisfies']);
  for (const b of bounds) {
    conditions.push({
      ratings: {
        some: {
          qualityId: b.qualityId,
          level: { ...(b.min !== null && { gte: b.min }), ...(b.max !== null && { lte: b.max }) },
        },
      },
    });
  }
  return { kind: 'ALGORITHM', ...(conditions.length > 0 && { algorithm: { is: { AND: conditions } } }) };
}

/**
 * `algorithm(slug:)`; `withRatings` when the caller reads its ratings, which then come in the same
 * statement as the algorithm. Null when the slug names no algorithm.
 */
export function algorithmBySlug(
  ctx: ServiceContext,
  slug: string,
  withRatings: boolean,
): Promise<EntryRow | null> {
  return withRatings
    ? ctx.loaders.algorithmWithRatingsBySlug.load(slug)
    : entryOfKind(ctx, 'ALGORITHM', slug);
}

export async function ratingFor(ctx: ServiceContext, algorithmId: string, qualitySlug: string) {
  const [quality] = await qualityIds(ctx, [qualitySlug], () => ['quality']);
  const ratings = await ctx.loaders.ratingsByAlgorithm.load(algorithmId);
  return ratings.find((r) => r.qualityId === quality) ?? null;
}

/** How good a level (1-5) of a quality is, 0 worst .. 1 best, with the quality's polarity applied. */
export async function levelGoodness(ctx: ServiceContext, qualityId: string, level: number): Promise<number> {
  const quality = await ctx.loaders.quality.load(qualityId);
  if (!quality) throw new Error(`quality ${qualityId} has no detail row`);
  return goodness(level, quality.polarity);
}

/** How good a rating's level is, 0 worst .. 1 best, with its quality's polarity applied. */
export function ratingGoodness(ctx: ServiceContext, rating: RatingRow): Promise<number> {
  return levelGoodness(ctx, rating.qualityId, rating.level);
}
