// recommendAlgorithms and compareAlgorithms: input validation, scenario presets, and explanations
// that cite the ratings' rationales and references. The ranking itself is evaluate.ts.
import { Prisma, type Provenance } from '../../generated/prisma/client';
import type { CitationRow } from '../types';
import { provenanceSources } from '../presentation';
import type { ServiceContext } from '../context';
import { badUserInput, listAllowed, type ArgumentPath } from '../../errors';
import { checkConstraint } from '../algorithms';
import { bracketed, Sources, type CitationInput } from '../citations';
import { unknownSlug } from '../entries';
import { checkLimit } from '../pagination';
import { distinctList, LIST_LIMITS } from '../arguments';
import { betweenUnits, checkDeadline } from '../deadline';
import { levelFromNumber, levelToNumber, type LevelName } from '../levels';
import { evaluate, goodness, type Bound, type Evaluated, type Weight } from './evaluate';
import { ratingSnapshot, type Snapshot } from './snapshot';
import { checkRated } from '../facets';
import type {
  AppliedConstraintResult,
  AppliedWeightResult,
  CandidateResult,
  ComparisonResult,
  ExplanationItemResult,
  RecommendationResult,
  Source,
} from './types';

export interface RecommendInput {
  scenario?: string | null;
  task?: string | null;
  constraints?: readonly { quality: string; atLeast?: LevelName | null; atMost?: LevelName | null }[] | null;
  requires?: readonly string[] | null;
  weights?: readonly { quality: string; weight: number }[] | null;
  first?: number | null;
}

/** Weight given to a scenario's quality by its importance. */
export const IMPORTANCE_WEIGHT = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1 } as const;
/** The largest weight: a score (at most 100 weights × goodness 1) then stays far from overflowing. */
export const MAX_WEIGHT = 1_000_000;
/** A required capability is a rating of at least this level. */
const CAPABILITY_LEVEL = levelToNumber('MEDIUM');

interface AppliedBound extends Bound {
  source: Source;
}
interface AppliedWeight extends Weight {
  source: Source;
}

function qualityIndex(snapshot: Snapshot, slug: string, path: ArgumentPath): number {
  const index = snapshot.qualityIndexBySlug.get(slug);
  if (index === undefined) {
    throw badUserInput(
      `Unknown quality "${slug}". Valid qualities: ${listAllowed([...snapshot.qualityIndexBySlug.keys()])}.`,
      path,
    );
  }
  return index;
}

interface Preset {
  scenarioId: string;
  task: string | null;
  bounds: AppliedBound[];
  weights: AppliedWeight[];
}

async function scenarioPreset(
  ctx: ServiceContext,
  snapshot: Snapshot,
  slug: string,
  path: ArgumentPath,
): Promise<Preset> {
  const entry = await ctx.loaders.entryBySlug.load(slug);
  if (entry?.kind !== 'SCENARIO') throw await unknownSlug(ctx, 'SCENARIO', slug, path);
  const [scenario, qualities, constraints] = await Promise.all([
    ctx.loaders.scenario.load(entry.id),
    ctx.loaders.scenarioQualities.load(entry.id),
    ctx.loaders.scenarioConstraints.load(entry.id),
  ]);
  const bounds = new Map<number, AppliedBound>();
  for (const c of constraints) {
    const quality = c.qualityId ? snapshot.qualityIndexById.get(c.qualityId) : undefined;
    if (quality === undefined || (c.atLeast === null && c.atMost === null)) continue;
    const previous = bounds.get(quality);
    // Two preset bounds on one quality combine into the narrower range.
    const min = Math.max(previous?.min ?? 0, c.atLeast ?? 0);
    const max = Math.min(previous?.max ?? Infinity, c.atMost ?? Infinity);
    bounds.set(quality, {
      quality,
      min: min || null,
      max: Number.isFinite(max) ? max : null,
      source: 'SCENARIO',
    });
  }
  const weights: AppliedWeight[] = [];
  for (const q of qualities) {
    const quality = snapshot.qualityIndexById.get(q.qualityId);
    if (quality !== undefined)
      weights.push({ quality, weight: IMPORTANCE_WEIGHT[q.importance], source: 'SCENARIO' });
  }
  return { scenarioId: entry.id, task: scenario?.task ?? null, bounds: [...bounds.values()], weights };
}

function inputBounds(snapshot: Snapshot, input: RecommendInput, path: ArgumentPath): AppliedBound[] {
  const bounds: AppliedBound[] = [];
  const seen = new Map<number, string>();
  const claim = (quality: number, where: string, at: ArgumentPath) => {
    const previous = seen.get(quality);
    if (previous) {
      throw badUserInput(
        `Quality "${snapshot.matrix.qualities[quality]?.slug}" is constrained twice (${previous} and ${where}); give one bound per quality.`,
        at,
      );
    }
    seen.set(quality, where);
  };
  // Repeating a bound or a capability word for word adds nothing; two different ones conflict.
  const constraints = distinctList(input.constraints, 'constraints', [...path, 'constraints'], (c) =>
    JSON.stringify([c.quality, c.atLeast ?? null, c.atMost ?? null]),
  );
  const requires = distinctList(input.requires, 'requires', [...path, 'requires']);
  constraints.values.forEach((c, k) => {
    const i = constraints.indexes[k] ?? k;
    const at = [...path, 'constraints', i];
    const quality = qualityIndex(snapshot, c.quality, [...at, 'quality']);
    claim(quality, `constraints[${i}]`, [...at, 'quality']);
    checkRated(snapshot, quality, [...at, 'quality']);
    const { min, max } = checkConstraint(c, at);
    bounds.push({ quality, min, max, source: 'INPUT' });
  });
  requires.values.forEach((slug, k) => {
    const i = requires.indexes[k] ?? k;
    const at = [...path, 'requires', i];
    const quality = qualityIndex(snapshot, slug, at);
    claim(quality, `requires[${i}]`, at);
    checkRated(snapshot, quality, at);
    if (snapshot.matrix.qualities[quality]?.polarity !== 'HIGHER_IS_BETTER') {
      throw badUserInput(
        `"${slug}" is not a capability (less of it is better); bound it with \`constraints\` and \`atMost\` instead.`,
        at,
      );
    }
    bounds.push({ quality, min: CAPABILITY_LEVEL, max: null, capability: true, source: 'INPUT' });
  });
  return bounds;
}

function inputWeights(snapshot: Snapshot, input: RecommendInput, path: ArgumentPath): AppliedWeight[] {
  const seen = new Set<number>();
  const weights = distinctList(input.weights, 'weights', [...path, 'weights'], (w) =>
    JSON.stringify([w.quality, w.weight]),
  );
  return weights.values.map((w, k) => {
    const i = weights.indexes[k] ?? k;
    const at = [...path, 'weights', i];
    const quality = qualityIndex(snapshot, w.quality, [...at, 'quality']);
    if (seen.has(quality)) {
      throw badUserInput(`Quality "${w.quality}" is weighted twice; give one weight per quality.`, [
        ...at,
        'quality',
      ]);
    }
    seen.add(quality);
    if (!Number.isFinite(w.weight) || w.weight < 0 || w.weight > MAX_WEIGHT) {
      throw badUserInput(
        `The weight of "${w.quality}" must be between 0 and ${MAX_WEIGHT}; got ${w.weight}.`,
        [...at, 'weight'],
      );
    }
    return { quality, weight: w.weight, source: 'INPUT' as const };
  });
}

function describeBound(bound: Bound): string {
  if (bound.capability) return 'supported (at least MEDIUM)';
  const min = bound.min === null ? null : levelFromNumber(bound.min);
  const max = bound.max === null ? null : levelFromNumber(bound.max);
  if (min && max) return min === max ? `exactly ${min}` : `between ${min} and ${max}`;
  return min ? `at least ${min}` : `at most ${max}`;
}

interface RatingDetail {
  level: number;
  rationale: string;
  provenance: Provenance | null;
  /** The citations in the order the explanation cites them. */
  cited: CitationInput[];
  /** The citation rows themselves, for the structured reasons. */
  citations: CitationRow[];
}

/**
 * Everything an explanation needs, fetched in a fixed number of statements: the ratings (with
 * their citations) of the returned candidates on the bounded and weighted qualities, and the
 * titles of those algorithms, qualities and references.
 */
async function explanationData(ctx: ServiceContext, algorithmIds: string[], qualityIds: string[]) {
  // explanationData: ratings and citations behind an explanation
  const rows =
    algorithmIds.length === 0 || qualityIds.length === 0
      ? []
      : await ctx.db.$queryRaw<
          {
            id: string;
            algorithm_id: string;
            quality_id: string;
            level: number;
            rationale: string;
            provenance: Provenance | null;
            citations: { referenceId: string; locator: string | null }[];
          }[]
        >(Prisma.sql`
          SELECT r.id::text, r.algorithm_id::text, r.quality_id::text, r.level, r.rationale, r.provenance::text AS provenance,
            coalesce(json_agg(json_build_object('referenceId', c.reference_id, 'locator', c.locator)
                     ORDER BY c.id) FILTER (WHERE c.id IS NOT NULL), '[]'::json) AS citations
          FROM quality_rating r LEFT JOIN citation c ON c.rating_id = r.id
          WHERE r.algorithm_id = ANY(${algorithmIds}::uuid[]) AND r.quality_id = ANY(${qualityIds}::uuid[])
          GROUP BY r.id`);
  const [entries, citationRows] = await Promise.all([
    ctx.loaders.entryById.loadMany([...algorithmIds, ...qualityIds]),
    ctx.loaders.citationsByRating.loadMany(rows.map((r) => r.id)),
  ]);
  const titles = new Map<string, string>();
  for (const entry of entries) if (entry && !(entry instanceof Error)) titles.set(entry.id, entry.title);
  const details = new Map<string, RatingDetail>();
  rows.forEach((row, i) => {
    const cited = citationRows[i];
    if (cited instanceof Error) throw cited;
    details.set(`${row.algorithm_id}:${row.quality_id}`, {
      level: row.level,
      rationale: row.rationale,
      provenance: row.provenance,
      cited: row.citations,
      citations: cited ?? [],
    });
  });
  return {
    title: (id: string) => titles.get(id) ?? id,
    detail: (a: string, q: string) => details.get(`${a}:${q}`),
  };
}

type Explained = Awaited<ReturnType<typeof explanationData>>;

const round = (value: number) => Math.round(value * 1000) / 1000;

function describeCandidate(
  snapshot: Snapshot,
  data: Explained,
  c: Evaluated,
  rank: number,
  bounds: readonly Bound[],
  sources: Sources,
): CandidateResult {
  const algorithmId = snapshot.algorithmIds[c.algorithm] ?? '';
  const title = data.title(algorithmId);
  const qualityId = (q: number) => snapshot.qualityIds[q] ?? '';
  const qualityName = (q: number) => data.title(qualityId(q));
  const detail = (q: number) => data.detail(algorithmId, qualityId(q));
  const { violations, contributions } = c;

  const explanation: string[] = [];
  if (violations.length === 0) {
    explanation.push(
      bounds.length === 0
        ? `${title} can perform the task; no bounds were given.`
        : `${title} satisfies all ${bounds.length} bound${bounds.length === 1 ? '' : 's'}.`,
    );
  } else {
    const broken = violations.map(
      (v) =>
        `${qualityName(v.bound.quality)} is ${v.actual === 0 ? 'not rated' : levelFromNumber(v.actual)} but must be ${describeBound(v.bound)}`,
    );
    explanation.push(
      `${title} breaks ${violations.length} of ${bounds.length} bounds: ${broken.join('; ')}.`,
    );
  }
  if (contributions.length > 0) {
    const terms = contributions.map(
      (k) =>
        `${qualityName(k.quality)} ${round(k.weight)} × ${round(k.goodness)}${k.level === 0 ? ' (not rated)' : ''}`,
    );
    explanation.push(`Score ${round(c.score)} = ${terms.join(' + ')} (weight × goodness, 1 best).`);
  }
  // The reasons: the rated qualities the bounds and weights are about, weightiest first.
  const relevant = new Set([
    ...[...contributions].sort((a, b) => b.value - a.value).map((k) => k.quality),
    ...violations.map((v) => v.bound.quality),
    ...bounds.map((b) => b.quality),
  ]);
  const reasons: ExplanationItemResult[] = [];
  const broken = new Set(violations.map((v) => v.bound.quality));
  for (const q of relevant) {
    const rating = detail(q);
    if (!rating) continue;
    const labels = [...sources.cite(rating.cited), ...provenanceSources(rating.provenance)];
    explanation.push(
      `${qualityName(q)} is ${levelFromNumber(rating.level)}: ${rating.rationale}${bracketed(labels)}`,
    );
    const polarity = snapshot.matrix.qualities[q]?.polarity ?? 'HIGHER_IS_BETTER';
    reasons.push({
      qualityId: qualityId(q),
      level: levelFromNumber(rating.level),
      value: rating.level,
      goodness: round(goodness(rating.level, polarity)),
      violatesBound: broken.has(q),
      weight: contributions.find((k) => k.quality === q)?.weight ?? null,
      text: rating.rationale,
      provenance: rating.provenance,
      citations: rating.citations,
    });
  }
  if (c.satisfiesAll && contributions.length > 0) {
    if (c.paretoOptimal) {
      explanation.push(
        'No other satisfying candidate is at least as good on every weighted quality and better on one.',
      );
    } else if (c.dominatedBy !== null) {
      const other = data.title(snapshot.algorithmIds[c.dominatedBy] ?? '');
      explanation.push(`${other} is at least as good on every weighted quality and better on one.`);
    }
  }

  return {
    rank,
    algorithmId,
    score: round(c.score),
    satisfiesAll: c.satisfiesAll,
    nearMiss: violations.length === 1,
    paretoOptimal: c.paretoOptimal,
    violations: violations.map((v) => ({
      qualityId: qualityId(v.bound.quality),
      required: describeBound(v.bound),
      atLeast: v.bound.min === null ? null : levelFromNumber(v.bound.min),
      atMost: v.bound.max === null ? null : levelFromNumber(v.bound.max),
      capability: v.bound.capability ?? false,
      actual: v.actual === 0 ? null : levelFromNumber(v.actual),
    })),
    contributions: contributions.map((k) => ({
      qualityId: qualityId(k.quality),
      weight: k.weight,
      level: k.level === 0 ? null : levelFromNumber(k.level),
      goodness: round(k.goodness),
      contribution: round(k.value),
      rationale: detail(k.quality)?.rationale ?? null,
      provenance: detail(k.quality)?.provenance ?? null,
      citations: detail(k.quality)?.citations ?? [],
    })),
    explanation,
    reasons,
  };
}

/**
 * The recommendation for `input`. Its explanations cite with author-year labels: into `cited`
 * when given (the labels are then placeholders until `cited` resolves them), otherwise final.
 */
export async function recommendAlgorithms(
  ctx: ServiceContext,
  input: RecommendInput,
  path: ArgumentPath = ['input'],
  cited?: Sources,
): Promise<RecommendationResult> {
  const snapshot = await ratingSnapshot(ctx.db, await ctx.loaders.contentRevision());
  const first = checkLimit(input.first ?? 10, [...path, 'first']);
  const preset = input.scenario
    ? await scenarioPreset(ctx, snapshot, input.scenario, [...path, 'scenario'])
    : null;

  const task = input.task ?? preset?.task ?? null;
  if (input.task != null && !snapshot.tasks.includes(input.task)) {
    throw badUserInput(`Unknown task "${input.task}". Valid tasks: ${listAllowed(snapshot.tasks)}.`, [
      ...path,
      'task',
    ]);
  }
  const given = inputBounds(snapshot, input, path);
  const givenWeights = inputWeights(snapshot, input, path);
  // Explicit input overrides the preset quality by quality.
  const bounds = [
    ...given,
    ...(preset?.bounds ?? []).filter((b) => !given.some((g) => g.quality === b.quality)),
  ];
  const weights = [
    ...givenWeights,
    ...(preset?.weights ?? []).filter((w) => !givenWeights.some((g) => g.quality === w.quality)),
  ];

  const evaluation = evaluate(snapshot.matrix, {
    task,
    bounds,
    weights,
    checkpoint: () => checkDeadline(ctx),
  });
  checkDeadline(ctx);
  const shown = [...evaluation.ranked.slice(0, first), ...evaluation.nearMisses.slice(0, first)];
  const rankOf = new Map(shown.map((c) => [c.algorithm, 0]));
  evaluation.ranked.forEach((c, i) => {
    if (rankOf.has(c.algorithm)) rankOf.set(c.algorithm, i + 1);
  });
  const data = await explanationData(
    ctx,
    [...new Set(shown.map((c) => snapshot.algorithmIds[c.algorithm] ?? ''))],
    [...new Set([...bounds, ...weights].map((x) => snapshot.qualityIds[x.quality] ?? ''))],
  );
  await betweenUnits(ctx);
  // The explanations cite into the caller's Sources (an answer that lists them at its end), or
  // into their own, whose final labels they then carry.
  const sources = cited ?? new Sources(ctx);
  const describe = (c: Evaluated) =>
    describeCandidate(snapshot, data, c, rankOf.get(c.algorithm) ?? 0, bounds, sources);
  let candidates = evaluation.ranked.slice(0, first).map(describe);
  let nearMisses = evaluation.nearMisses.slice(0, first).map(describe);
  if (!cited) {
    const { text } = await sources.resolve();
    const labelled = (c: CandidateResult) => ({ ...c, explanation: c.explanation.map(text) });
    candidates = candidates.map(labelled);
    nearMisses = nearMisses.map(labelled);
  }

  const summary: string[] = [
    `${evaluation.satisfyingCount} of ${evaluation.ranked.length} algorithms${task ? ` that can perform ${task}` : ''} satisfy all ${bounds.length} bound${bounds.length === 1 ? '' : 's'}.`,
  ];
  const best = candidates[0];
  if (best?.satisfiesAll) summary.push(`Best: ${data.title(best.algorithmId)} (score ${best.score}).`);
  const bestScore = best?.satisfiesAll ? best.score : null;
  for (const miss of nearMisses.slice(0, 3)) {
    const violation = miss.violations[0];
    if (!violation) continue;
    summary.push(
      `Relaxing ${data.title(violation.qualityId)} (must be ${violation.required}) would admit ${data.title(miss.algorithmId)}, ${violation.actual ?? 'not rated'} there, scoring ${miss.score}${bestScore === null ? '' : ` against the best satisfying ${bestScore}`}.`,
    );
  }

  const applied = (b: AppliedBound): AppliedConstraintResult => ({
    qualityId: snapshot.qualityIds[b.quality] ?? '',
    atLeast: b.min === null ? null : levelFromNumber(b.min),
    atMost: b.max === null ? null : levelFromNumber(b.max),
    capability: b.capability ?? false,
    source: b.source,
  });
  const appliedWeight = (w: AppliedWeight): AppliedWeightResult => ({
    qualityId: snapshot.qualityIds[w.quality] ?? '',
    weight: w.weight,
    source: w.source,
  });
  return {
    task,
    scenarioId: preset?.scenarioId ?? null,
    constraints: bounds.map(applied),
    weights: weights.map(appliedWeight),
    candidates,
    nearMisses,
    evaluatedCount: evaluation.ranked.length,
    satisfyingCount: evaluation.satisfyingCount,
    summary,
  };
}

export const MAX_COMPARED = LIST_LIMITS.slugs;

export async function compareAlgorithms(
  ctx: ServiceContext,
  slugList: readonly string[],
  qualityList: readonly string[] | null | undefined,
): Promise<ComparisonResult> {
  // A repeated slug would repeat a row, a repeated quality a column: nothing new in either.
  const rowSlugs = distinctList(slugList, 'slugs', ['slugs']);
  const slugs = rowSlugs.values;
  if (slugs.length === 0) {
    throw badUserInput(`\`slugs\` must hold 1 to ${MAX_COMPARED} algorithm slugs; got none.`, ['slugs']);
  }
  const columns = qualityList == null ? null : distinctList(qualityList, 'qualities', ['qualities']);
  const snapshot = await ratingSnapshot(ctx.db, await ctx.loaders.contentRevision());
  const entries = await Promise.all(slugs.map((slug) => ctx.loaders.entryBySlug.load(slug)));
  const unknown = entries.findIndex((e) => e?.kind !== 'ALGORITHM');
  if (unknown >= 0) {
    throw await unknownSlug(ctx, 'ALGORITHM', slugs[unknown] ?? '', [
      'slugs',
      rowSlugs.indexes[unknown] ?? unknown,
    ]);
  }
  const algorithmIds = entries.map((e) => e?.id ?? '');
  const ratings = await ctx.loaders.ratingsByAlgorithm.loadMany(algorithmIds);
  const rows = ratings.map((r) => (r instanceof Error ? [] : r));
  const qualityIds =
    columns === null
      ? [...new Set(rows.flat().map((r) => r.qualityId))].sort(
          (a, b) => (snapshot.qualityIndexById.get(a) ?? 0) - (snapshot.qualityIndexById.get(b) ?? 0),
        )
      : columns.values.map(
          (slug, k) =>
            snapshot.qualityIds[qualityIndex(snapshot, slug, ['qualities', columns.indexes[k] ?? k])] ?? '',
        );
  return {
    qualityIds,
    rows: await Promise.all(
      algorithmIds.map(async (algorithmId, i) => {
        const byQuality = new Map((rows[i] ?? []).map((r) => [r.qualityId, r]));
        checkDeadline(ctx);
        return {
          algorithmId,
          cells: await Promise.all(
            qualityIds.map(async (qualityId) => {
              const rating = byQuality.get(qualityId);
              return {
                qualityId,
                level: rating ? levelFromNumber(rating.level) : null,
                value: rating?.level ?? null,
                rationale: rating?.rationale ?? null,
                provenance: rating?.provenance ?? null,
                citations: rating ? await ctx.loaders.citationsByRating.load(rating.id) : [],
              };
            }),
          ),
        };
      }),
    ),
  };
}
