// What filter controls offer: tasks and algorithm families with counts, and which qualities have
// ratings. Derived from the content, so a new task or family appears
// without a list to keep up to date.
import { Prisma } from '../generated/prisma/client';
import { badUserInput, listAllowed, type ArgumentPath } from '../errors';
import type { ServiceContext } from './context';
import { ratingSnapshot, type Snapshot } from './recommendation/snapshot';

export interface FilterOption {
  slug: string;
  title: string;
  count: number;
}

/** `Tree-based models (online)` → `tree-based-models-online`. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `computer-vision` → `Computer vision`. */
function taskTitle(task: string): string {
  const words = task.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Every task some algorithm performs, by slug, with how many algorithms perform it. */
export async function taskOptions(ctx: ServiceContext): Promise<FilterOption[]> {
  // taskOptions: Query.tasks
  const rows = await ctx.db.$queryRaw<{ task: string; count: number }[]>(Prisma.sql`
    SELECT t.task, count(*)::int AS count FROM algorithm a, unnest(a.tasks) AS t(task)
    GROUP BY t.task ORDER BY t.task`);
  return rows.map((r) => ({ slug: r.task, title: taskTitle(r.task), count: r.count }));
}

/** Every algorithm family, by title, with its slug and how many algorithms it has. */
export async function familyOptions(ctx: ServiceContext): Promise<FilterOption[]> {
  // familyOptions: Query.algorithmFamilies and the family filter
  const rows = await ctx.db.$queryRaw<{ family: string; count: number }[]>(Prisma.sql`
    SELECT family, count(*)::int AS count FROM algorithm GROUP BY family ORDER BY family`);
  return rows.map((r) => ({ slug: slugify(r.family), title: r.family, count: r.count }));
}

/**
 * The stored family names a family filter selects: the family with that slug, or with that title
 * (case-insensitive); BAD_USER_INPUT at `path` naming the known slugs otherwise.
 */
export async function familyTitles(
  ctx: ServiceContext,
  family: string,
  path: ArgumentPath,
): Promise<string[]> {
  const families = await familyOptions(ctx);
  const wanted = family.trim().toLowerCase();
  const titles = families
    .filter((f) => f.slug === wanted || f.title.toLowerCase() === wanted)
    .map((f) => f.title);
  if (titles.length === 0) {
    throw badUserInput(
      `Unknown algorithm family "${family.slice(0, 80)}". Known families (by slug): ${listAllowed(families.map((f) => f.slug))}.`,
      path,
    );
  }
  return titles;
}

/** How many algorithms are rated on each quality of the snapshot, by quality index. */
const ratingCounts = new WeakMap<Snapshot, Uint32Array>();
function countsOf(snapshot: Snapshot): Uint32Array {
  let counts = ratingCounts.get(snapshot);
  if (!counts) {
    const Q = snapshot.matrix.qualities.length;
    counts = new Uint32Array(Q);
    const { levels } = snapshot.matrix;
    for (let i = 0; i < levels.length; i += 1) if (levels[i] !== 0) counts[i % Q] = (counts[i % Q] ?? 0) + 1;
    ratingCounts.set(snapshot, counts);
  }
  return counts;
}

/** How many algorithms are rated on the quality with this id (from the in-memory rating matrix). */
export async function ratingCount(ctx: ServiceContext, qualityId: string): Promise<number> {
  const snapshot = await ratingSnapshot(ctx.db, await ctx.loaders.contentRevision());
  const index = snapshot.qualityIndexById.get(qualityId);
  return index === undefined ? 0 : (countsOf(snapshot)[index] ?? 0);
}

/** The ids of the qualities some algorithm is rated on. */
export async function ratedQualityIds(ctx: ServiceContext): Promise<string[]> {
  const snapshot = await ratingSnapshot(ctx.db, await ctx.loaders.contentRevision());
  const counts = countsOf(snapshot);
  return snapshot.qualityIds.filter((_id, i) => (counts[i] ?? 0) > 0);
}

/** The slugs of the qualities some algorithm is rated on, for error messages. */
export function ratedQualitySlugs(snapshot: Snapshot): string[] {
  const counts = countsOf(snapshot);
  return snapshot.matrix.qualities.flatMap((q, i) => ((counts[i] ?? 0) > 0 ? [q.slug] : []));
}

/** True when some algorithm is rated on the quality at this snapshot index. */
export function isRated(snapshot: Snapshot, index: number): boolean {
  return (countsOf(snapshot)[index] ?? 0) > 0;
}

/**
 * BAD_USER_INPUT at `path` when no algorithm is rated on the quality: a bound on it would select
 * nothing, silently.
 */
export function checkRated(snapshot: Snapshot, index: number, path: ArgumentPath): void {
  if (isRated(snapshot, index)) return;
  const slug = snapshot.matrix.qualities[index]?.slug ?? '';
  throw badUserInput(
    `No algorithm is rated on "${slug}", so a bound on it would exclude every algorithm. Qualities with ratings: ${listAllowed(ratedQualitySlugs(snapshot))}.`,
    path,
  );
}
