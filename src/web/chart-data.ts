// What the charts show, loaded through the request's loaders and the comparison service.
import type { Context } from '../server/context';
import { compareAlgorithms } from '../services/recommendation/algorithms';
import type { EntryRow } from '../services/types';
import { comparisonChart, effectsChart, ratingsChart, type Chart } from './charts';

async function titles(ctx: Context, ids: readonly string[]): Promise<Map<string, EntryRow>> {
  const rows = await ctx.loaders.entryById.loadMany([...new Set(ids)]);
  return new Map(rows.flatMap((row) => (row && !(row instanceof Error) ? [[row.id, row] as const] : [])));
}

/** The chart of an entry: an algorithm's ratings or a pattern's or style's effects; null for others. */
export async function entryChart(ctx: Context, entry: EntryRow): Promise<Chart | null> {
  if (entry.kind === 'ALGORITHM') {
    const ratings = await ctx.loaders.ratingsByAlgorithm.load(entry.id);
    if (ratings.length === 0) return null;
    const named = await titles(
      ctx,
      ratings.map((r) => r.qualityId),
    );
    const bars = ratings
      .map((r) => ({ quality: named.get(r.qualityId)?.title ?? '', level: r.level }))
      .sort((a, b) => a.quality.localeCompare(b.quality, 'en'));
    return ratingsChart(entry.title, bars);
  }
  if (entry.kind === 'PATTERN' || entry.kind === 'STYLE') {
    const effects = await ctx.loaders.effectsByEntry.load(entry.id);
    if (effects.length === 0) return null;
    const named = await titles(
      ctx,
      effects.map((e) => e.qualityId),
    );
    const bars = effects
      .map((e) => ({ quality: named.get(e.qualityId)?.title ?? '', effect: e.effect }))
      .sort((a, b) => a.effect.localeCompare(b.effect) || a.quality.localeCompare(b.quality, 'en'));
    return effectsChart(entry.title, bars);
  }
  return null;
}

export interface Comparison {
  chart: Chart;
  algorithms: EntryRow[];
  qualities: EntryRow[];
  levels: (string | null)[][];
}

/** Algorithms compared on qualities (all they are rated on when `qualities` is null). */
export async function comparison(
  ctx: Context,
  algorithms: readonly string[],
  qualities: readonly string[] | null,
): Promise<Comparison> {
  const result = await compareAlgorithms(ctx, algorithms, qualities);
  const named = await titles(ctx, [...result.rows.map((r) => r.algorithmId), ...result.qualityIds]);
  const entry = (id: string) => {
    const row = named.get(id);
    if (!row) throw new Error(`dangling reference to entry ${id}`);
    return row;
  };
  const bars = result.rows.flatMap((row) =>
    row.cells.flatMap((cell) =>
      cell.value === null
        ? []
        : [
            {
              algorithm: entry(row.algorithmId).title,
              quality: entry(cell.qualityId).title,
              level: cell.value,
            },
          ],
    ),
  );
  return {
    chart: comparisonChart(bars),
    algorithms: result.rows.map((row) => entry(row.algorithmId)),
    qualities: result.qualityIds.map(entry),
    levels: result.rows.map((row) => row.cells.map((cell) => cell.level)),
  };
}
