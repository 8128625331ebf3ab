// Property-based tests for the recommendation engine's pure core, over generated rating matrices.
import fc from 'fast-check';
import {
  evaluate,
  goodness,
  type Bound,
  type Evaluated,
  type Evaluation,
  type Matrix,
  type PolarityName,
  type Query,
  type Weight,
} from '../src/services/recommendation/evaluate';

const TASKS = ['classification', 'regression'] as const;
const POLARITIES: readonly PolarityName[] = ['HIGHER_IS_BETTER', 'LOWER_IS_BETTER'];
const RUNS = { numRuns: 200 };

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** A matrix with 1..8 qualities, 0..30 algorithms with unique slugs in shuffled order, levels 0..5. */
const matrixArb: fc.Arbitrary<Matrix> = fc
  .record({ qualityCount: fc.integer({ min: 1, max: 8 }), algorithmCount: fc.integer({ min: 0, max: 30 }) })
  .chain(({ qualityCount, algorithmCount }) => {
    const indices = Array.from({ length: algorithmCount }, (_, i) => i);
    return fc
      .record({
        polarities: fc.array(fc.constantFrom(...POLARITIES), {
          minLength: qualityCount,
          maxLength: qualityCount,
        }),
        slugOrder: fc.shuffledSubarray(indices, { minLength: algorithmCount, maxLength: algorithmCount }),
        tasks: fc.array(fc.subarray([...TASKS]), { minLength: algorithmCount, maxLength: algorithmCount }),
        levels: fc.array(fc.integer({ min: 0, max: 5 }), {
          minLength: algorithmCount * qualityCount,
          maxLength: algorithmCount * qualityCount,
        }),
      })
      .map(({ polarities, slugOrder, tasks, levels }): Matrix => ({
        qualities: polarities.map((polarity, q) => ({ slug: `q-${q}`, polarity })),
        algorithms: slugOrder.map((n, a) => ({ slug: `alg-${n}`, tasks: tasks[a] ?? [] })),
        levels: Uint8Array.from(levels),
      }));
  });

/** A bound on the given quality: min/max possibly null, min ≤ max when both are set. */
function boundArb(quality: number): fc.Arbitrary<Bound> {
  const level = fc.option(fc.integer({ min: 1, max: 5 }), { nil: null });
  return fc.record({ a: level, b: level }).map(({ a, b }) => {
    if (a !== null && b !== null) return { quality, min: Math.min(a, b), max: Math.max(a, b) };
    return { quality, min: a, max: b };
  });
}

/** Weights whose products with goodness (multiples of 1/4) and their sums are exact in floating point. */
const exactWeightArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 40 }).map((n) => n / 4),
);
/** Any non-negative finite weight, with zero frequent. */
const weightValueArb = fc.oneof(
  fc.constant(0),
  exactWeightArb,
  fc.double({ min: 0, max: 1000, noNaN: true, noDefaultInfinity: true }),
);

function distinctQualities(qualityCount: number): fc.Arbitrary<number[]> {
  return fc.uniqueArray(fc.integer({ min: 0, max: qualityCount - 1 }), { maxLength: qualityCount });
}

function queryArb(matrix: Matrix, weightValue: fc.Arbitrary<number> = weightValueArb): fc.Arbitrary<Query> {
  const Q = matrix.qualities.length;
  return fc.record({
    task: fc.constantFrom<string | null | undefined>(undefined, null, ...TASKS),
    bounds: distinctQualities(Q).chain((qs): fc.Arbitrary<Bound[]> =>
      qs.length === 0 ? fc.constant([]) : fc.tuple(...qs.map(boundArb)),
    ),
    weights: distinctQualities(Q).chain((qs): fc.Arbitrary<Weight[]> =>
      qs.length === 0
        ? fc.constant([])
        : fc.tuple(...qs.map((quality) => weightValue.map((weight): Weight => ({ quality, weight })))),
    ),
  });
}

const caseArb = matrixArb.chain((matrix) => queryArb(matrix).map((query) => ({ matrix, query })));
const exactCaseArb = matrixArb.chain((matrix) =>
  queryArb(matrix, exactWeightArb).map((query) => ({ matrix, query })),
);

// ---------------------------------------------------------------------------------------------
// Independent reference helpers (computed straight from the matrix)

function levelOf(matrix: Matrix, algorithm: number, quality: number): number {
  return matrix.levels[algorithm * matrix.qualities.length + quality] ?? 0;
}

function polarityOf(matrix: Matrix, quality: number): PolarityName {
  const q = matrix.qualities[quality];
  if (!q) throw new Error(`no quality ${quality}`);
  return q.polarity;
}

function slugOf(matrix: Matrix, algorithm: number): string {
  const a = matrix.algorithms[algorithm];
  if (!a) throw new Error(`no algorithm ${algorithm}`);
  return a.slug;
}

function breaks(level: number, bound: Bound): boolean {
  if (level === 0) return true;
  if (bound.min !== null && level < bound.min) return true;
  if (bound.max !== null && level > bound.max) return true;
  return false;
}

function brokenBounds(matrix: Matrix, query: Query, algorithm: number): Bound[] {
  return query.bounds.filter((b) => breaks(levelOf(matrix, algorithm, b.quality), b));
}

function canPerform(matrix: Matrix, algorithm: number, task: string | null | undefined): boolean {
  if (task === null || task === undefined) return true;
  return matrix.algorithms[algorithm]?.tasks.includes(task) ?? false;
}

/** Pareto comparison value: rated levels by goodness, unrated strictly worse than any rated level. */
function paretoValue(matrix: Matrix, algorithm: number, quality: number): number {
  const level = levelOf(matrix, algorithm, quality);
  return level === 0 ? -1 : goodness(level, polarityOf(matrix, quality));
}

function dominates(matrix: Matrix, weighted: readonly number[], a: number, b: number): boolean {
  let strictly = false;
  for (const q of weighted) {
    const va = paretoValue(matrix, a, q);
    const vb = paretoValue(matrix, b, q);
    if (va < vb) return false;
    if (va > vb) strictly = true;
  }
  return strictly;
}

function positivelyWeighted(query: Query): number[] {
  return [...new Set(query.weights.filter((w) => w.weight > 0).map((w) => w.quality))];
}

function slugs(matrix: Matrix, list: readonly Evaluated[]): string[] {
  return list.map((c) => slugOf(matrix, c.algorithm));
}

function satisfyingSet(result: Evaluation): Set<number> {
  return new Set(result.ranked.filter((c) => c.satisfiesAll).map((c) => c.algorithm));
}

// ---------------------------------------------------------------------------------------------
// Properties

describe('evaluate: properties over generated knowledge bases', () => {
  test('1. satisfying candidates meet every bound; the others have real violations', () => {
    fc.assert(
      fc.property(caseArb, ({ matrix, query }) => {
        const result = evaluate(matrix, query);
        for (const c of result.ranked) {
          const broken = brokenBounds(matrix, query, c.algorithm);
          if (c.satisfiesAll) {
            expect(broken).toEqual([]);
            expect(c.violations).toEqual([]);
            for (const b of query.bounds) {
              const level = levelOf(matrix, c.algorithm, b.quality);
              expect(level).toBeGreaterThanOrEqual(b.min ?? 1);
              expect(level).toBeLessThanOrEqual(b.max ?? 5);
              expect(level).not.toBe(0);
            }
          } else {
            expect(c.violations.length).toBeGreaterThanOrEqual(1);
            for (const v of c.violations) {
              expect(v.actual).toBe(levelOf(matrix, c.algorithm, v.bound.quality));
              expect(breaks(v.actual, v.bound)).toBe(true);
            }
          }
          // Violations are exactly the broken bounds.
          expect(c.violations.map((v) => v.bound)).toEqual(broken);
        }
        expect(result.satisfyingCount).toBe(result.ranked.filter((c) => c.satisfiesAll).length);
      }),
      RUNS,
    );
  });

  test('2. adding a bound never adds satisfying candidates', () => {
    const arb = caseArb.chain(({ matrix, query }) =>
      fc
        .integer({ min: 0, max: matrix.qualities.length - 1 })
        .chain(boundArb)
        .map((extra) => ({ matrix, query, extra })),
    );
    fc.assert(
      fc.property(arb, ({ matrix, query, extra }) => {
        const without = satisfyingSet(evaluate(matrix, query));
        const withExtra = satisfyingSet(evaluate(matrix, { ...query, bounds: [...query.bounds, extra] }));
        for (const a of withExtra) expect(without.has(a)).toBe(true);
        expect(withExtra.size).toBeLessThanOrEqual(without.size);
      }),
      RUNS,
    );
  });

  test('3. Pareto-optimal candidates are undominated; the other satisfying ones are dominated', () => {
    fc.assert(
      fc.property(caseArb, ({ matrix, query }) => {
        const result = evaluate(matrix, query);
        const weighted = positivelyWeighted(query);
        const satisfying = result.ranked.filter((c) => c.satisfiesAll);
        for (const c of result.ranked) {
          if (!c.satisfiesAll) expect(c.paretoOptimal).toBe(false);
        }
        for (const c of satisfying) {
          const dominators = satisfying.filter((o) => dominates(matrix, weighted, o.algorithm, c.algorithm));
          if (c.paretoOptimal) {
            expect(dominators).toEqual([]);
            expect(c.dominatedBy).toBeNull();
          } else {
            expect(dominators.length).toBeGreaterThan(0);
            // The reported dominator is a satisfying candidate that really dominates.
            expect(dominators.map((o) => o.algorithm)).toContain(c.dominatedBy);
          }
        }
      }),
      RUNS,
    );
  });

  test('4. raising one quality’s weight never lowers the rank of the candidate best on it', () => {
    const arb = exactCaseArb.chain(({ matrix, query }) =>
      fc
        .record({
          quality: fc.integer({ min: 0, max: matrix.qualities.length - 1 }),
          raise: fc.integer({ min: 1, max: 40 }).map((n) => n / 4),
        })
        .map(({ quality, raise }) => ({ matrix, query, quality, raise })),
    );
    fc.assert(
      fc.property(arb, ({ matrix, query, quality, raise }) => {
        const before = evaluate(matrix, query);
        fc.pre(before.ranked.length > 0);
        const best = Math.max(
          ...before.ranked.map((c) =>
            goodness(levelOf(matrix, c.algorithm, quality), polarityOf(matrix, quality)),
          ),
        );
        const champion = before.ranked.find(
          (c) => goodness(levelOf(matrix, c.algorithm, quality), polarityOf(matrix, quality)) === best,
        );
        if (!champion) throw new Error('no champion');
        const existing = query.weights.some((w) => w.quality === quality);
        const weights: Weight[] = existing
          ? query.weights.map((w) => (w.quality === quality ? { quality, weight: w.weight + raise } : w))
          : [...query.weights, { quality, weight: raise }];
        const after = evaluate(matrix, { ...query, weights });
        const rankBefore = before.ranked.findIndex((c) => c.algorithm === champion.algorithm);
        const rankAfter = after.ranked.findIndex((c) => c.algorithm === champion.algorithm);
        expect(rankAfter).toBeGreaterThanOrEqual(0);
        expect(rankAfter).toBeLessThanOrEqual(rankBefore);
      }),
      RUNS,
    );
  });

  test('5. results are deterministic and independent of the algorithms’ order', () => {
    const arb = caseArb.chain(({ matrix, query }) => {
      const indices = Array.from({ length: matrix.algorithms.length }, (_, i) => i);
      return fc
        .shuffledSubarray(indices, { minLength: indices.length, maxLength: indices.length })
        .map((permutation) => ({ matrix, query, permutation }));
    });
    fc.assert(
      fc.property(arb, ({ matrix, query, permutation }) => {
        expect(evaluate(matrix, query)).toEqual(evaluate(matrix, query));
        const Q = matrix.qualities.length;
        const levels = new Uint8Array(matrix.levels.length);
        permutation.forEach((from, to) =>
          levels.set(matrix.levels.subarray(from * Q, (from + 1) * Q), to * Q),
        );
        const permuted: Matrix = {
          qualities: matrix.qualities,
          algorithms: permutation.map((from) => {
            const a = matrix.algorithms[from];
            if (!a) throw new Error(`no algorithm ${from}`);
            return a;
          }),
          levels,
        };
        const original = evaluate(matrix, query);
        const reordered = evaluate(permuted, query);
        expect(slugs(permuted, reordered.ranked)).toEqual(slugs(matrix, original.ranked));
        expect(slugs(permuted, reordered.nearMisses)).toEqual(slugs(matrix, original.nearMisses));
        expect(reordered.ranked.map((c) => c.score)).toEqual(original.ranked.map((c) => c.score));
        const pareto = (m: Matrix, r: Evaluation) =>
          slugs(
            m,
            r.ranked.filter((c) => c.paretoOptimal),
          ).sort();
        expect(pareto(permuted, reordered)).toEqual(pareto(matrix, original));
      }),
      RUNS,
    );
  });

  test('6. score is the sum of contributions; ranked order is satisfying, score desc, slug asc', () => {
    fc.assert(
      fc.property(caseArb, ({ matrix, query }) => {
        const result = evaluate(matrix, query);
        const positive = query.weights.filter((w) => w.weight > 0);
        for (const c of result.ranked) {
          expect(c.score).toBe(c.contributions.reduce((sum, x) => sum + x.value, 0));
          // Contributions are computed from the matrix, for exactly the positive weights.
          expect(c.contributions.map((x) => ({ quality: x.quality, weight: x.weight }))).toEqual(positive);
          for (const x of c.contributions) {
            const level = levelOf(matrix, c.algorithm, x.quality);
            expect(x.level).toBe(level);
            const g =
              level === 0
                ? 0
                : polarityOf(matrix, x.quality) === 'HIGHER_IS_BETTER'
                  ? (level - 1) / 4
                  : 1 - (level - 1) / 4;
            expect(x.goodness).toBe(g);
            expect(x.value).toBe(x.weight * g);
          }
        }
        for (let i = 1; i < result.ranked.length; i++) {
          const a = result.ranked[i - 1];
          const b = result.ranked[i];
          if (!a || !b) throw new Error('missing candidate');
          if (a.satisfiesAll !== b.satisfiesAll) {
            expect(a.satisfiesAll).toBe(true);
          } else if (a.score !== b.score) {
            expect(a.score).toBeGreaterThan(b.score);
          } else {
            expect(slugOf(matrix, a.algorithm) < slugOf(matrix, b.algorithm)).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  test('7. nearMisses are exactly the candidates with one violation', () => {
    fc.assert(
      fc.property(caseArb, ({ matrix, query }) => {
        const result = evaluate(matrix, query);
        const expected = result.ranked
          .filter((c) => brokenBounds(matrix, query, c.algorithm).length === 1)
          .map((c) => c.algorithm)
          .sort((x, y) => x - y);
        const actual = result.nearMisses.map((c) => c.algorithm).sort((x, y) => x - y);
        expect(actual).toEqual(expected);
        for (const c of result.nearMisses) {
          expect(c.satisfiesAll).toBe(false);
          expect(c.violations).toHaveLength(1);
        }
      }),
      RUNS,
    );
  });

  test('8. ranked holds exactly the algorithms that can perform the task', () => {
    fc.assert(
      fc.property(caseArb, ({ matrix, query }) => {
        const result = evaluate(matrix, query);
        for (const c of result.ranked) expect(canPerform(matrix, c.algorithm, query.task)).toBe(true);
        const expected = matrix.algorithms.map((_, a) => a).filter((a) => canPerform(matrix, a, query.task));
        expect(result.ranked.map((c) => c.algorithm).sort((x, y) => x - y)).toEqual(expected);
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-computed examples

describe('evaluate: examples', () => {
  // accuracy: higher is better; latency: lower is better.
  const qualities = [
    { slug: 'accuracy', polarity: 'HIGHER_IS_BETTER' as const },
    { slug: 'latency', polarity: 'LOWER_IS_BETTER' as const },
  ];

  test('goodness respects polarity and treats unrated as 0', () => {
    expect(goodness(5, 'HIGHER_IS_BETTER')).toBe(1);
    expect(goodness(3, 'HIGHER_IS_BETTER')).toBe(0.5);
    expect(goodness(1, 'LOWER_IS_BETTER')).toBe(1);
    expect(goodness(4, 'LOWER_IS_BETTER')).toBe(0.25);
    expect(goodness(0, 'LOWER_IS_BETTER')).toBe(0);
  });

  test('an algorithm better on every weighted quality dominates and ranks first', () => {
    const matrix: Matrix = {
      qualities,
      algorithms: [
        { slug: 'b-middling', tasks: ['classification'] },
        { slug: 'a-strong', tasks: ['classification'] },
      ],
      // b-middling: accuracy 3, latency 3; a-strong: accuracy 5, latency 1.
      levels: Uint8Array.from([3, 3, 5, 1]),
    };
    const result = evaluate(matrix, {
      bounds: [],
      weights: [
        { quality: 0, weight: 2 },
        { quality: 1, weight: 1 },
      ],
    });
    // a-strong: 2·1 + 1·1 = 3; b-middling: 2·0.5 + 1·0.5 = 1.5.
    expect(result.ranked.map((c) => [c.algorithm, c.score, c.paretoOptimal, c.dominatedBy])).toEqual([
      [1, 3, true, null],
      [0, 1.5, false, 1],
    ]);
    expect(result.satisfyingCount).toBe(2);
    expect(result.nearMisses).toEqual([]);
  });

  test('bounds: a violator ranks after satisfying ones and an unrated one violates with actual 0', () => {
    const matrix: Matrix = {
      qualities,
      algorithms: [
        { slug: 'fast', tasks: ['regression'] },
        { slug: 'accurate', tasks: ['regression'] },
        { slug: 'unknown', tasks: ['regression'] },
      ],
      // fast: acc 2, lat 1; accurate: acc 5, lat 4; unknown: unrated on both.
      levels: Uint8Array.from([2, 1, 5, 4, 0, 0]),
    };
    const accuracyAtLeast4: Bound = { quality: 0, min: 4, max: null };
    const latencyAtMost3: Bound = { quality: 1, min: null, max: 3 };
    const result = evaluate(matrix, {
      task: 'regression',
      bounds: [accuracyAtLeast4, latencyAtMost3],
      weights: [{ quality: 1, weight: 4 }],
    });
    // Nobody satisfies both: fast breaks accuracy, accurate breaks latency, unknown breaks both.
    // Scores (latency weight 4): fast 4·1 = 4, accurate 4·0.25 = 1, unknown 0.
    expect(result.satisfyingCount).toBe(0);
    expect(result.ranked.map((c) => [c.algorithm, c.score])).toEqual([
      [0, 4],
      [1, 1],
      [2, 0],
    ]);
    expect(result.ranked.map((c) => c.violations)).toEqual([
      [{ bound: accuracyAtLeast4, actual: 2 }],
      [{ bound: latencyAtMost3, actual: 4 }],
      [
        { bound: accuracyAtLeast4, actual: 0 },
        { bound: latencyAtMost3, actual: 0 },
      ],
    ]);
    expect(result.nearMisses.map((c) => c.algorithm)).toEqual([0, 1]);
    expect(result.ranked.every((c) => !c.paretoOptimal)).toBe(true);
  });

  test('task filtering, slug tie-break, and unrated worse than the worst rated level', () => {
    const matrix: Matrix = {
      qualities,
      algorithms: [
        { slug: 'zeta', tasks: ['classification', 'regression'] },
        { slug: 'alpha', tasks: ['classification'] },
        { slug: 'beta', tasks: ['classification'] },
        { slug: 'gamma', tasks: ['regression'] },
      ],
      // Latency only matters: zeta and alpha at 5 (goodness 0), beta unrated, gamma at 1.
      levels: Uint8Array.from([3, 5, 3, 5, 3, 0, 3, 1]),
    };
    const result = evaluate(matrix, {
      task: 'classification',
      bounds: [],
      weights: [
        { quality: 0, weight: 0 },
        { quality: 1, weight: 1 },
      ],
    });
    // gamma cannot classify. All scores are 0, so order is by slug: alpha, beta, zeta.
    expect(result.ranked.map((c) => c.algorithm)).toEqual([1, 2, 0]);
    expect(result.ranked.map((c) => c.score)).toEqual([0, 0, 0]);
    // Zero-weighted accuracy contributes nothing.
    expect(result.ranked.map((c) => c.contributions.length)).toEqual([1, 1, 1]);
    // alpha and zeta tie (neither dominates); both dominate the unrated beta.
    expect(result.ranked.map((c) => c.paretoOptimal)).toEqual([true, false, true]);
    expect([1, 0]).toContain(result.ranked[1]?.dominatedBy);
  });
});
