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
  /** Called between slices of algorithms; throws to stop (the request's deadline has passed). */
  checkpoint?: () => void;
}

/** Algorithms evaluated between two checkpoints. */
const SLICE = 4096;

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
  readonly algorithm: number;
  readonly score: number;
  readonly satisfiesAll: boolean;
  readonly violations: Violation[];
  readonly contributions: Contribution[];
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

/** Each algorithm's position in slug order, computed once per matrix. */
const slugOrders = new WeakMap<Matrix, Int32Array>();
function slugOrder(matrix: Matrix): Int32Array {
  let order = slugOrders.get(matrix);
  if (!order) {
    const indexes = matrix.algorithms.map((_, i) => i);
    indexes.sort((a, b) => {
      const sa = matrix.algorithms[a]?.slug ?? '';
      const sb = matrix.algorithms[b]?.slug ?? '';
      return sa < sb ? -1 : sa > sb ? 1 : 0;
    });
    order = new Int32Array(indexes.length);
    indexes.forEach((algorithm, position) => {
      if (order) order[algorithm] = position;
    });
    slugOrders.set(matrix, order);
  }
  return order;
}

function compareRanked(matrix: Matrix) {
  const order = slugOrder(matrix);
  return (a: Evaluated, b: Evaluated) =>
    Number(b.satisfiesAll) - Number(a.satisfiesAll) ||
    b.score - a.score ||
    (order[a.algorithm] ?? 0) - (order[b.algorithm] ?? 0);
}

/**
 * Marks the Pareto-optimal satisfying candidates: those no other satisfying candidate matches or
 * beats on every weighted quality while beating it on at least one. Unrated counts as worst.
 */
function markPareto(matrix: Matrix, satisfying: readonly Evaluated[], weighted: readonly number[]): void {
  const Q = matrix.qualities.length;
  const polarities = weighted.map((q) => matrix.qualities[q]?.polarity ?? 'HIGHER_IS_BETTER');
  interface Group {
    vector: number[];
    sum: number;
    members: Evaluated[];
  }
  // Many candidates share a goodness vector; compare each distinct vector once. Levels are single
  // digits, so the levels written one after another identify the vector.
  const groups = new Map<string, Group>();
  for (const c of satisfying) {
    const row = c.algorithm * Q;
    let key = '';
    for (const q of weighted) key += String(matrix.levels[row + q] ?? 0);
    const group = groups.get(key);
    if (group) {
      group.members.push(c);
      continue;
    }
    const vector = weighted.map((q, i) => {
      const level = matrix.levels[row + q] ?? 0;
      return level === 0 ? -1 : goodness(level, polarities[i] ?? 'HIGHER_IS_BETTER');
    });
    groups.set(key, { vector, sum: vector.reduce((total, v) => total + v, 0), members: [c] });
  }
  // A dominator has a strictly larger goodness sum, and whatever dominates a dominated vector is
  // itself dominated by a skyline vector; so visiting vectors by falling sum and comparing each
  // only with the skyline found so far is enough.
  const distinct = [...groups.values()].sort((a, b) => b.sum - a.sum);
  const skyline: Group[] = [];
  for (const group of distinct) {
    const dominator = skyline.find((other) => dominates(other.vector, group.vector));
    if (!dominator) skyline.push(group);
    for (const member of group.members) {
      member.paretoOptimal = !dominator;
      member.dominatedBy = dominator?.members[0]?.algorithm ?? null;
    }
  }
}

/** At least as good everywhere and better somewhere. */
function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x < y) return false;
    if (x > y) better = true;
  }
  return better;
}

/** Computes a candidate's violations and contributions when asked, from the matrix. */
class Scoring {
  private readonly Q: number;
  constructor(
    private readonly matrix: Matrix,
    private readonly bounds: readonly Bound[],
    private readonly weights: readonly Weight[],
    private readonly polarities: readonly PolarityName[],
  ) {
    this.Q = matrix.qualities.length;
  }

  level(algorithm: number, quality: number): number {
    return this.matrix.levels[algorithm * this.Q + quality] ?? 0;
  }

  violations(algorithm: number): Violation[] {
    const violations: Violation[] = [];
    for (const bound of this.bounds) {
      const actual = this.level(algorithm, bound.quality);
      if (!meets(actual, bound)) violations.push({ bound, actual });
    }
    return violations;
  }

  contributions(algorithm: number): Contribution[] {
    return this.weights.map(({ quality, weight }, k) => {
      const level = this.level(algorithm, quality);
      const good = goodness(level, this.polarities[k] ?? 'HIGHER_IS_BETTER');
      return { quality, weight, level, goodness: good, value: weight * good };
    });
  }
}

/**
 * One evaluated algorithm. Only the ranking keys are stored; violations and contributions are
 * derived on access, because tens of thousands of short-lived detail objects per request would
 * cost more in garbage collection than the arithmetic itself.
 */
class Candidate implements Evaluated {
  paretoOptimal = false;
  dominatedBy: number | null = null;

  constructor(
    readonly algorithm: number,
    readonly score: number,
    private readonly violationCount: number,
    private readonly scoring: Scoring,
  ) {}

  get satisfiesAll(): boolean {
    return this.violationCount === 0;
  }

  get violations(): Violation[] {
    return this.scoring.violations(this.algorithm);
  }

  get contributions(): Contribution[] {
    return this.scoring.contributions(this.algorithm);
  }

  /** How many bounds the candidate breaks (without building the violations). */
  get brokenCount(): number {
    return this.violationCount;
  }
}

export function evaluate(matrix: Matrix, query: Query): Evaluation {
  const Q = matrix.qualities.length;
  const weights = query.weights.filter((w) => w.weight > 0);
  const polarities = weights.map((w) => matrix.qualities[w.quality]?.polarity ?? 'HIGHER_IS_BETTER');
  const { bounds } = query;
  const scoring = new Scoring(matrix, bounds, weights, polarities);
  const candidates: Candidate[] = [];
  // A plain indexed loop: this runs for every algorithm (10,000 and more) on every request.
  for (let a = 0; a < matrix.algorithms.length; a += 1) {
    if (a % SLICE === SLICE - 1) query.checkpoint?.();
    const algorithm = matrix.algorithms[a];
    if (!algorithm || (query.task && !algorithm.tasks.includes(query.task))) continue;
    const row = a * Q;
    let broken = 0;
    for (const bound of bounds) if (!meets(matrix.levels[row + bound.quality] ?? 0, bound)) broken += 1;
    let score = 0;
    for (let k = 0; k < weights.length; k += 1) {
      const weight = weights[k] as Weight;
      score +=
        weight.weight *
        goodness(matrix.levels[row + weight.quality] ?? 0, polarities[k] ?? 'HIGHER_IS_BETTER');
    }
    candidates.push(new Candidate(a, score, broken, scoring));
  }
  const satisfying = candidates.filter((c) => c.satisfiesAll);
  markPareto(
    matrix,
    satisfying,
    weights.map((w) => w.quality),
  );
  const ranked = candidates.sort(compareRanked(matrix));
  return {
    ranked,
    // Near misses never satisfy all, so the ranking's order (score, then slug) is theirs too.
    nearMisses: ranked.filter((c) => c.brokenCount === 1),
    satisfyingCount: satisfying.length,
  };
}
