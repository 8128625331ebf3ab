// recommendStyles / recommendPatterns and trade-off ends: ranking by quality effects and ratings.
import type { EntryKind, PatternKind } from '../../generated/prisma/client';
import type { ServiceContext } from '../context';
import { qualityIds } from '../entries';
import { distinctList } from '../arguments';
import type { EffectRow, EntryRow } from '../types';
import { goodness } from './evaluate';
import { ratingSnapshot } from './snapshot';
import type { ArchitectureCandidateResult, ArchitectureResult, TradeoffEndResult } from './types';

export interface ArchitectureInput {
  promote: readonly string[];
  protect?: readonly string[] | null;
}

async function describe(
  ctx: ServiceContext,
  entry: EntryRow,
  promotes: EffectRow[],
  inhibits: EffectRow[],
  wantedInhibited: number,
): Promise<ArchitectureCandidateResult> {
  const name = async (e: EffectRow) => (await ctx.loaders.entryById.load(e.qualityId))?.title ?? '';
  const explanation = [
    `${entry.title} promotes ${promotes.length} of the wanted qualities${wantedInhibited > 0 ? ` and inhibits ${wantedInhibited}` : ''}.`,
    ...(await Promise.all(promotes.map(async (e) => `Promotes ${await name(e)}: ${e.rationale}`))),
    ...(await Promise.all(inhibits.map(async (e) => `Inhibits ${await name(e)}: ${e.rationale}`))),
  ];
  return { entryId: entry.id, score: promotes.length - wantedInhibited, promotes, inhibits, explanation };
}

export async function recommendArchitecture(
  ctx: ServiceContext,
  kind: Extract<EntryKind, 'STYLE' | 'PATTERN'>,
  input: ArchitectureInput,
  patternKind?: PatternKind | null,
): Promise<ArchitectureResult> {
  const promote = distinctList(input.promote, 'promote', ['input', 'promote']);
  const protect = distinctList(input.protect, 'protect', ['input', 'protect']);
  const wanted = new Set(
    await qualityIds(ctx, promote.values, (i) => ['input', 'promote', promote.indexes[i] ?? i]),
  );
  const protectedIds = new Set(
    await qualityIds(ctx, protect.values, (i) => ['input', 'protect', protect.indexes[i] ?? i]),
  );
  const entries = await ctx.db.entry.findMany({
    where: { kind, ...(patternKind && { pattern: { is: { patternKind } } }) },
    orderBy: { slug: 'asc' },
  });
  const effects = await ctx.loaders.effectsByEntry.loadMany(entries.map((e) => e.id));
  const candidates: ArchitectureCandidateResult[] = [];
  const excluded: ArchitectureCandidateResult[] = [];
  for (const [i, entry] of entries.entries()) {
    const list = effects[i];
    const own = Array.isArray(list) ? list : [];
    const promotes = own.filter((e) => e.effect === 'PROMOTES' && wanted.has(e.qualityId));
    const inhibits = own.filter(
      (e) => e.effect === 'INHIBITS' && (wanted.has(e.qualityId) || protectedIds.has(e.qualityId)),
    );
    const wantedInhibited = inhibits.filter((e) => wanted.has(e.qualityId)).length;
    const result = await describe(ctx, entry, promotes, inhibits, wantedInhibited);
    if (inhibits.some((e) => protectedIds.has(e.qualityId))) excluded.push(result);
    else if (promotes.length > 0) candidates.push(result);
  }
  // Entries are in slug order already; a stable sort keeps it for equal scores.
  candidates.sort((a, b) => b.score - a.score);
  return { candidates, excluded };
}

/** For each quality of a trade-off, the algorithms better on it than on the other, biggest gap first. */
export async function tradeoffEnds(
  ctx: ServiceContext,
  firstQualityId: string,
  secondQualityId: string,
  limit: number,
): Promise<TradeoffEndResult[]> {
  const snapshot = await ratingSnapshot(ctx.db, await ctx.loaders.contentRevision());
  const { matrix } = snapshot;
  const Q = matrix.qualities.length;
  const a = snapshot.qualityIndexById.get(firstQualityId);
  const b = snapshot.qualityIndexById.get(secondQualityId);
  if (a === undefined || b === undefined) return [];
  const gaps = matrix.algorithms.flatMap((algorithm, i) => {
    const la = matrix.levels[i * Q + a] ?? 0;
    const lb = matrix.levels[i * Q + b] ?? 0;
    const qa = matrix.qualities[a];
    const qb = matrix.qualities[b];
    if (la === 0 || lb === 0 || !qa || !qb) return [];
    return [{ i, slug: algorithm.slug, gap: goodness(la, qa.polarity) - goodness(lb, qb.polarity) }];
  });
  const end = (sign: 1 | -1, qualityId: string): TradeoffEndResult => ({
    qualityId,
    algorithmIds: gaps
      .filter((g) => sign * g.gap > 0)
      .sort((x, y) => sign * (y.gap - x.gap) || (x.slug < y.slug ? -1 : 1))
      .slice(0, limit)
      .map((g) => snapshot.algorithmIds[g.i] ?? ''),
  });
  return [end(1, firstQualityId), end(-1, secondQualityId)];
}
