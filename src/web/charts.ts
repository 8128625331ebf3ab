// Charts as SVG, rendered on the server by Vega-Lite and Vega (no canvas, no browser): an
// algorithm's ratings, the quality effects of a pattern or style, and algorithms compared side by
// side. Output depends only on the data: same input, same bytes.
import type { TopLevelSpec } from 'vega-lite';
import { giveWay, type Lane } from '../give-way';
import { LEVELS } from '../services/levels';
import { escapeHtml } from './html';

export interface RatingBar {
  quality: string;
  level: number;
}

export interface EffectBar {
  quality: string;
  effect: 'PROMOTES' | 'INHIBITS';
}

export interface ComparisonBar {
  algorithm: string;
  quality: string;
  level: number;
}

export interface Chart {
  /** Short name read first by a screen reader. */
  title: string;
  /** What the chart shows, in words, so nothing is lost without the picture. */
  description: string;
  spec: TopLevelSpec;
}

const FONT = 'DejaVu Sans, Verdana, sans-serif';
const LEVEL_AXIS = {
  title: 'Level (amount of the quality)',
  values: [1, 2, 3, 4, 5],
  labelExpr: `[${LEVELS.map((l) => `'${l.replace('_', ' ').toLowerCase()}'`).join(',')}][datum.value - 1]`,
  grid: true,
  labelOverlap: false,
  labelFontSize: 11,
};
const CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: { labelFontSize: 12, titleFontSize: 12, labelLimit: 220 },
  legend: { labelFontSize: 12, titleFontSize: 12 },
  background: '#ffffff',
};

const levelWord = (level: number) => (LEVELS[level - 1] ?? String(level)).replace('_', ' ').toLowerCase();

/** An algorithm's ratings: one bar per quality, its length the level. */
export function ratingsChart(algorithm: string, ratings: readonly RatingBar[]): Chart {
  return {
    title: `${algorithm}: ratings on quality attributes`,
    description:
      ratings.length === 0
        ? `${algorithm} has no ratings.`
        : `Levels of ${algorithm}, from very low to very high: ${ratings.map((r) => `${r.quality} ${levelWord(r.level)}`).join('; ')}.`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      width: 380,
      height: { step: 22 },
      data: { values: ratings.map((r) => ({ ...r, word: levelWord(r.level) })) },
      mark: { type: 'bar', color: '#2f6690', cornerRadiusEnd: 2 },
      encoding: {
        y: { field: 'quality', type: 'nominal', sort: null, title: null },
        x: { field: 'level', type: 'quantitative', scale: { domain: [0, 5] }, axis: LEVEL_AXIS },
        tooltip: [{ field: 'quality' }, { field: 'word', title: 'level' }],
      },
      config: CONFIG,
    },
  };
}

/** Quality effects: a bar to the right for each quality promoted, to the left for each inhibited. */
export function effectsChart(entry: string, effects: readonly EffectBar[]): Chart {
  const promoted = effects.filter((e) => e.effect === 'PROMOTES').map((e) => e.quality);
  const inhibited = effects.filter((e) => e.effect === 'INHIBITS').map((e) => e.quality);
  return {
    title: `${entry}: quality effects`,
    description: `${entry} promotes ${promoted.join(', ') || 'no quality'} and inhibits ${inhibited.join(', ') || 'no quality'}.`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      width: 320,
      height: { step: 22 },
      data: {
        values: effects.map((e) => ({
          quality: e.quality,
          value: e.effect === 'PROMOTES' ? 1 : -1,
          effect: e.effect === 'PROMOTES' ? 'promotes' : 'inhibits',
        })),
      },
      mark: { type: 'bar', cornerRadiusEnd: 2 },
      encoding: {
        y: { field: 'quality', type: 'nominal', sort: null, title: null },
        x: {
          field: 'value',
          type: 'quantitative',
          scale: { domain: [-1, 1] },
          axis: { title: 'Inhibits ← → Promotes', values: [-1, 0, 1], labelExpr: "''" },
        },
        color: {
          field: 'effect',
          type: 'nominal',
          scale: { domain: ['promotes', 'inhibits'], range: ['#2a7f62', '#b5442c'] },
          legend: { title: null, orient: 'bottom' },
        },
        tooltip: [{ field: 'quality' }, { field: 'effect' }],
      },
      config: CONFIG,
    },
  };
}

/** Algorithms side by side: for each quality, one bar per algorithm. */
export function comparisonChart(bars: readonly ComparisonBar[]): Chart {
  const algorithms = [...new Set(bars.map((b) => b.algorithm))];
  const qualities = [...new Set(bars.map((b) => b.quality))];
  return {
    title: `Comparison of ${algorithms.join(', ')}`,
    description: qualities
      .map(
        (q) =>
          `${q}: ${bars
            .filter((b) => b.quality === q)
            .map((b) => `${b.algorithm} ${levelWord(b.level)}`)
            .join(', ')}`,
      )
      .join('; ')
      .concat('.'),
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      width: { step: 14 * Math.max(algorithms.length, 1) + 10 },
      height: 220,
      data: { values: bars.map((b) => ({ ...b, word: levelWord(b.level) })) },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'quality', type: 'nominal', sort: null, title: null, axis: { labelAngle: -30 } },
        xOffset: { field: 'algorithm', type: 'nominal', sort: null },
        y: { field: 'level', type: 'quantitative', scale: { domain: [0, 5] }, axis: LEVEL_AXIS },
        color: {
          field: 'algorithm',
          type: 'nominal',
          sort: null,
          scale: { scheme: 'tableau10' },
          legend: { title: 'Algorithm', orient: 'bottom', columns: 2 },
        },
        tooltip: [{ field: 'algorithm' }, { field: 'quality' }, { field: 'word', title: 'level' }],
      },
      config: CONFIG,
    },
  };
}

/**
 * The chart as a standalone SVG document with `<title>` and `<desc>` first, labelled for
 * assistive technology. Vega's renderer escapes the text it writes.
 */
export async function renderSvg(chart: Chart, lane?: Lane): Promise<string> {
  // Loaded on the first chart: Vega and Vega-Lite hold tens of megabytes a server that draws no
  // chart never needs.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  // Compiling, parsing and rendering a large chart each take a while: other requests go in between.
  const spec = compile(chart.spec).spec;
  await giveWay(lane);
  const runtime = vega.parse(spec);
  await giveWay(lane);
  const view = new vega.View(runtime, { renderer: 'none' });
  try {
    const svg = stableClipIds(await view.toSVG());
    const open = svg.indexOf('>', svg.indexOf('<svg')) + 1;
    const head = svg
      .slice(0, open)
      .replace('<svg', '<svg role="img" aria-labelledby="chart-title chart-desc"')
      .replace(/ aria-label="[^"]*"/, '');
    return `${head}<title id="chart-title">${escapeHtml(chart.title)}</title><desc id="chart-desc">${escapeHtml(chart.description)}</desc>${svg.slice(open)}\n`;
  } finally {
    view.finalize();
  }
}

/** Vega numbers clip paths with a process-wide counter; renumbered per document, output is stable. */
function stableClipIds(svg: string): string {
  const ids = new Map<string, number>();
  return svg.replace(/(id="|url\(#)clip(\d+)/g, (_match, prefix: string, n: string) => {
    if (!ids.has(n)) ids.set(n, ids.size + 1);
    return `${prefix}clip${ids.get(n)}`;
  });
}
