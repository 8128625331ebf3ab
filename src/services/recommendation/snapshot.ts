// The rating matrix the engine evaluates, loaded once per content revision and kept in memory:
// evaluating 10,000 algorithms × 30 qualities is a few milliseconds of arithmetic, while reading
// 300,000 ratings per request would dominate every answer.
import type { Db } from '../../db/client';
import { Prisma } from '../../generated/prisma/client';
import { currentRevision } from '../content-revision';
import type { Matrix, PolarityName } from './evaluate';

export interface Snapshot {
  revision: bigint;
  matrix: Matrix;
  algorithmIds: string[];
  qualityIds: string[];
  qualityIndexBySlug: Map<string, number>;
  qualityIndexById: Map<string, number>;
  algorithmIndexById: Map<string, number>;
  tasks: string[];
}

const cache = new WeakMap<Db, { revision: bigint; snapshot: Promise<Snapshot> }>();

async function load(db: Db): Promise<Snapshot> {
  // One repeatable-read transaction, so the matrix and its revision agree.
  const [revisionRows, qualities, algorithms, ratings] = await db.$transaction(
    [
      db.$queryRaw<{ revision: bigint }[]>`SELECT revision FROM kb_state WHERE id = 1`,
      // loadSnapshot: qualities
      db.$queryRaw<{ id: string; slug: string; polarity: PolarityName }[]>(Prisma.sql`
        SELECT e.id::text, e.slug, q.polarity::text AS polarity
        FROM entry e JOIN quality q ON q.entry_id = e.id ORDER BY e.slug`),
      // loadSnapshot: algorithms
      db.$queryRaw<{ id: string; slug: string; tasks: string[] }[]>(Prisma.sql`
        SELECT e.id::text, e.slug, a.tasks FROM entry e JOIN algorithm a ON a.entry_id = e.id ORDER BY e.slug`),
      // loadSnapshot: ratings, one row per algorithm ("qualityIndex:level,…"), indexes in the slug
      // order of the qualities query above: far fewer rows and objects than one per rating.
      db.$queryRaw<{ a: string; levels: string }[]>(Prisma.sql`
        WITH q AS (
          SELECT e.id, (row_number() OVER (ORDER BY e.slug) - 1)::int AS i
          FROM entry e JOIN quality ON quality.entry_id = e.id
        )
        SELECT r.algorithm_id::text AS a, string_agg(q.i::text || ':' || r.level::text, ',') AS levels
        FROM quality_rating r JOIN q ON q.id = r.quality_id
        GROUP BY r.algorithm_id`),
    ],
    { isolationLevel: 'RepeatableRead' },
  );
  const qualityIndexById = new Map(qualities.map((q, i) => [q.id, i]));
  const algorithmIndexById = new Map(algorithms.map((a, i) => [a.id, i]));
  const levels = new Uint8Array(algorithms.length * qualities.length);
  for (const row of ratings) {
    const a = algorithmIndexById.get(row.a);
    if (a === undefined) continue;
    for (const pair of row.levels.split(',')) {
      const [q, level] = pair.split(':').map(Number);
      if (q !== undefined && level !== undefined && q < qualities.length)
        levels[a * qualities.length + q] = level;
    }
  }
  return {
    revision: revisionRows[0]?.revision ?? 0n,
    matrix: {
      qualities: qualities.map((q) => ({ slug: q.slug, polarity: q.polarity })),
      algorithms: algorithms.map((a) => ({ slug: a.slug, tasks: a.tasks })),
      levels,
    },
    algorithmIds: algorithms.map((a) => a.id),
    qualityIds: qualities.map((q) => q.id),
    qualityIndexBySlug: new Map(qualities.map((q, i) => [q.slug, i])),
    qualityIndexById,
    algorithmIndexById,
    tasks: [...new Set(algorithms.flatMap((a) => a.tasks))].sort(),
  };
}

/**
 * The matrix for the current content revision (one cheap query when it is cached; none when the
 * caller has read the revision already).
 */
export async function ratingSnapshot(db: Db, revision?: bigint): Promise<Snapshot> {
  const current = revision ?? (await currentRevision(db));
  const cached = cache.get(db);
  if (cached && cached.revision === current) return cached.snapshot;
  const snapshot = load(db);
  cache.set(db, { revision: current, snapshot });
  snapshot.catch(() => cache.delete(db));
  return snapshot;
}
