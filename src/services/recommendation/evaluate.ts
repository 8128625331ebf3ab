// The constraint and trade-off engine's core: pure functions over a rating matrix, so the rules
// can be property-tested without a database. Levels are 1..5 (VERY_LOW..VERY_HIGH), 0 = unrated.

export type PolarityName = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';

export interface Matrix {
  qualities: readonly { slug: string; polarity: PolarityName }[];
  algorithms: readonly { slug: string; tasks: readonly string[] }[];
  /** `levels[a * qualities.length + q]`: algorithm a's level on quality q, 0 when unrated. */
  levels: Uint8Array;
}

/** An inclusive bound on a quality's level; `capability` marks a required capability. */
export interface Bound {
  quality: number;
  min: number | null;
  max: number | null;
  capability?: boolean;
}

export interface Weight {
  quality: number;
  weight: number;
}

export interface Query {
  task?: string | null;
  bounds: readonly Bound[];
  weights: readonly Weight[];
}

export interface Violation {
  bound: Bound;
  /** The algorithm's level, or 0 when it is not rated on the quality. */
  actual: number;
}

export interface Contribution {
  quality: number;
  weight: number;
  level: number;
  /** How good the level is, 0..1, respecting the quality's polarity; 0 when unrated. */
  goodness: number;
  /** weight × goodness: the candidate's score is the sum of these. */
  value: number;
}

export interface Evaluated {
  algorithm: number;
  score: number;
  satisfiesAll: boolean;
  violations: Violation[];
  contributions: Contribution[];
  paretoOptimal: boolean;
  /** A satisfying candidate that dominates this one, when there is one. */
  dominatedBy: number | null;
}

export interface Evaluation {
  /** Candidates that can perform the task: satisfying first, then by score (high first), then slug. */
  ranked: Evaluated[];
  /** Candidates that break exactly one bound, by score then slug. */
  nearMisses: Evaluated[];
  satisfyingCount: number;
}

export const LEVEL_COUNT = 5;

/** How good a level is (0 worst .. 1 best) given the quality's polarity; 0 when unrated. */
export function goodness(level: number, polarity: PolarityName): number {
  if (level === 0) return 0;
  const fraction = (level - 1) / (LEVEL_COUNT - 1);
  return polarity === 'HIGHER_IS_BETTER' ? fraction : 1 - fraction;
}

export function meets(level: number, bound: Bound): boolean {
  return (
    level !== 0 && (bound.min === null || level >= bound.min) && (bound.max === null || level <= bound.max)
  );
}

function compareRanked(matrix: Matrix) {
  return (a: Evaluated, b: Evaluated) =>
    Number(b.satisfiesAll) - Number(a.satisfiesAll) ||
    b.score - a.score ||
    compareSlugs(matrix, a.algorithm, b.algorithm);
}

function compareSlugs(matrix: Matrix, a: number, b: number): number {
  const sa = matrix.algorithms[a]?.slug ?? '';
  const sb = matrix.algorithms[b]?.slug ?? '';
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Marks the Pareto-optimal satisfying candidates: those no other satisfying candidate matches or
 * beats on every weighted quality while beating it on at least one. Unrated counts as worst.
 */
function markPareto(matrix: Matrix, satisfying: Evaluated[], weighted: number[]): void {
  const Q = matrix.qualities.length;
  const vectorOf = (c: Evaluated) =>
    weighted.map((q) => {
      const level = matrix.levels[c.algorithm * Q + q] ?? 0;
      const quality = matrix.qualities[q];
      return level === 0 || !quality ? -1 : goodness(level, quality.polarity);
    });
  // Many candidates share a goodness vector; compare each distinct vector once.
  const groups = new Map<string, { vector: number[]; members: Evaluated[] }>();
  for (const c of satisfying) {
    const vector = vectorOf(c);
    const key = vector.join(',');
    const group = groups.get(key);
    if (group) group.members.push(c);
    else groups.set(key, { vector, members: [c] });
  }
  // A dominator has a strictly larger goodness sum, and whatever dominates a dominated vector is
  // itself dominated by a skyline vector; so visiting vectors by falling sum and comparing each
  // only with the skyline found so far is enough.
  const sum = (vector: number[]) => vector.reduce((total, v) => total + v, 0);
  const distinct = [...groups.values()].sort((a, b) => sum(b.vector) - sum(a.vector));
  const skyline: typeof distinct = [];
  for (const group of distinct) {
    const dominator = skyline.find(
      (other) =>
        other.vector.every((v, i) => v >= (group.vector[i] ?? 0)) &&
        other.vector.some((v, i) => v > (group.vector[i] ?? 0)),
    );
    if (!dominator) skyline.push(group);
    for (const member of group.members) {
      member.paretoOptimal = !dominator;
      member.dominatedBy = dominator?.members[0]?.algorithm ?? null;
    }
  }
}

export function evaluate(matrix: Matrix, query: Query): Evaluation {
  const Q = matrix.qualities.length;
  const weights = query.weights.filter((w) => w.weight > 0);
  const candidates: Evaluated[] = [];
  matrix.algorithms.forEach((algorithm, a) => {
    if (query.task && !algorithm.tasks.includes(query.task)) return;
    const violations: Violation[] = [];
    for (const bound of query.bounds) {
      const actual = matrix.levels[a * Q + bound.quality] ?? 0;
      if (!meets(actual, bound)) violations.push({ bound, actual });
    }
    const contributions = weights.map(({ quality, weight }) => {
      const level = matrix.levels[a * Q + quality] ?? 0;
      const good = goodness(level, matrix.qualities[quality]?.polarity ?? 'HIGHER_IS_BETTER');
      return { quality, weight, level, goodness: good, value: weight * good };
    });
    candidates.push({
      algorithm: a,
      score: contributions.reduce((sum, c) => sum + c.value, 0),
      satisfiesAll: violations.length === 0,
      violations,
      contributions,
      paretoOptimal: false,
      dominatedBy: null,
    });
  });
  const satisfying = candidates.filter((c) => c.satisfiesAll);
  markPareto(
    matrix,
    satisfying,
    weights.map((w) => w.quality),
  );
  const order = compareRanked(matrix);
  return {
    ranked: candidates.sort(order),
    nearMisses: candidates.filter((c) => c.violations.length === 1).sort(order),
    satisfyingCount: satisfying.length,
  };
}
