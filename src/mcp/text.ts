// Service results as Markdown text an LLM can quote: every entry named with its slug and
// permalink, every claim with its sources ("Kästner (n.d.), slide …"), and a Sources list at the
// end giving each cited reference in full.
import { bracketed, Sources } from '../services/citations';
import type { ServiceContext } from '../services/context';
import { kindPath, permalink } from '../services/entries';
import { tradeoffEnds } from '../services/recommendation/architecture';
import type {
  AppliedConstraintResult,
  CandidateResult,
  ComparisonResult,
  RecommendationResult,
} from '../services/recommendation/types';
import {
  cell,
  entryName as named,
  LEVEL_NOTE,
  limitsText,
  linkedName,
  polarityText,
  provenanceSources,
} from '../services/presentation';
import type { SearchPage } from '../services/search';
import type { EntryRow } from '../services/types';

/** The entries with these ids, by id; a missing one is a data-integrity failure. */
export async function entriesById(
  ctx: ServiceContext,
  ids: Iterable<string>,
): Promise<Map<string, EntryRow>> {
  const unique = [...new Set(ids)];
  const rows = await ctx.loaders.entryById.loadMany(unique);
  const map = new Map<string, EntryRow>();
  rows.forEach((row, i) => {
    if (row instanceof Error) throw row;
    if (!row) throw new Error(`dangling reference to entry ${unique[i]}`);
    map.set(row.id, row);
  });
  return map;
}

const linked = (ctx: ServiceContext, entry: EntryRow) => linkedName(ctx.publicUrl, entry);

/** The reference ids of one `referenceIdsByEntry` result (a failed load is thrown, not read as none). */
export function referenceIdsOf(found: readonly { reference_id: string }[] | Error | undefined): string[] {
  if (found instanceof Error) throw found;
  return (found ?? []).map((row) => row.reference_id);
}

/**
 * The source lines under an entry in a list: "Cite as" when it is a reference (a source itself,
 * listed in full under Sources), then the references it cites.
 */
export function entrySourceLines(
  sources: Sources,
  entry: EntryRow,
  referenceIds: readonly string[],
  indent: string,
): string[] {
  const self = entry.kind === 'REFERENCE' ? sources.references([entry.id]) : [];
  const cited = sources.references(referenceIds);
  return [
    ...(self.length > 0 ? [`${indent}Cite as: ${self.join('')}`] : []),
    ...(cited.length > 0 ? [`${indent}Sources: ${cited.join('; ')}`] : []),
  ];
}

function bound(c: AppliedConstraintResult): string {
  if (c.capability) return 'supported (at least MEDIUM)';
  return limitsText(c.atLeast, c.atMost);
}

/** A recommendation's answer; `sources` is what its explanations cite into (see recommendAlgorithms). */
export async function recommendationText(
  ctx: ServiceContext,
  result: RecommendationResult,
  sources: Sources,
): Promise<string> {
  const shown = [...result.candidates, ...result.nearMisses];
  const entries = await entriesById(ctx, [
    ...(result.scenarioId ? [result.scenarioId] : []),
    ...result.constraints.map((c) => c.qualityId),
    ...result.weights.map((w) => w.qualityId),
    ...shown.map((c) => c.algorithmId),
    ...shown.flatMap((c) => c.violations.map((v) => v.qualityId)),
  ]);
  const title = (id: string) => entries.get(id)?.title ?? id;
  const scenario = result.scenarioId ? entries.get(result.scenarioId) : undefined;
  const from = (source: string) => (source === 'SCENARIO' ? ' (from the scenario)' : '');

  const out = ['# Algorithm recommendation', ''];
  if (result.task) out.push(`- **Task:** ${result.task}`);
  if (scenario) out.push(`- **Scenario:** ${linked(ctx, scenario)}`);
  out.push(
    `- **Bounds:** ${result.constraints.map((c) => `${title(c.qualityId)} ${bound(c)}${from(c.source)}`).join('; ') || 'none'}`,
    `- **Weights:** ${result.weights.map((w) => `${title(w.qualityId)} ${w.weight}${from(w.source)}`).join('; ') || 'none'}`,
    `- **Evaluated:** ${result.evaluatedCount} algorithms, ${result.satisfyingCount} satisfying every bound`,
    '',
    ...result.summary,
  );
  const candidate = (c: CandidateResult, heading: string) => {
    const algorithm = entries.get(c.algorithmId);
    const violations = c.violations.map(
      (v) => `${title(v.qualityId)} is ${v.actual ?? 'not rated'} but must be ${v.required}`,
    );
    out.push(
      '',
      `### ${heading}${algorithm ? named(algorithm) : c.algorithmId}`,
      '',
      `- **Rank:** ${c.rank} · **Score:** ${c.score} · **Satisfies all bounds:** ${c.satisfiesAll ? 'yes' : 'no'} · **Pareto-optimal:** ${c.paretoOptimal ? 'yes' : 'no'}`,
      `- **Violated bounds:** ${violations.join('; ') || 'none'}`,
      ...(algorithm ? [`- **Permalink:** ${permalink(ctx.publicUrl, algorithm.slug)}`] : []),
      '',
      ...c.explanation.map((line) => `- ${line}`),
    );
  };
  out.push('', '## Candidates');
  if (result.candidates.length === 0) out.push('', 'No algorithm can perform the task.');
  result.candidates.forEach((c, i) => candidate(c, `${i + 1}. `));
  if (result.nearMisses.length > 0) {
    out.push('', '## Near misses (each breaks exactly one bound)');
    for (const c of result.nearMisses) candidate(c, '');
  }
  return sources.finish(out);
}

export async function comparisonText(ctx: ServiceContext, result: ComparisonResult): Promise<string> {
  const sources = new Sources(ctx);
  const [entries, qualities] = await Promise.all([
    entriesById(ctx, [...result.qualityIds, ...result.rows.map((r) => r.algorithmId)]),
    ctx.loaders.quality.loadMany(result.qualityIds),
  ]);
  const entry = (id: string) => entries.get(id) as EntryRow;
  const out = [
    `# ${result.rows.length} algorithms compared on ${result.qualityIds.length} qualities`,
    '',
    LEVEL_NOTE,
    '',
    ...result.qualityIds.map((id, i) => {
      const quality = qualities[i];
      const polarity =
        quality && !(quality instanceof Error) ? polarityText(quality.polarity) : 'polarity unknown';
      return `- ${named(entry(id))}: ${polarity}`;
    }),
    '',
    `| ${['Algorithm', ...result.qualityIds.map((id) => entry(id).title)].map(cell).join(' | ')} |`,
    `| ${['Algorithm', ...result.qualityIds].map(() => '---').join(' | ')} |`,
    ...result.rows.map(
      (r) =>
        `| ${[named(entry(r.algorithmId)), ...r.cells.map((c) => c.level ?? 'not rated')].map(cell).join(' | ')} |`,
    ),
    '',
    '## Rationales and sources',
  ];
  for (const r of result.rows) {
    out.push('', `### ${linked(ctx, entry(r.algorithmId))}`, '');
    for (const c of r.cells) {
      out.push(
        c.level === null
          ? `- ${entry(c.qualityId).title}: not rated`
          : `- ${entry(c.qualityId).title}: ${c.level}. ${c.rationale ?? ''}${bracketed([...sources.cite(c.citations), ...provenanceSources(c.provenance)])}`,
      );
    }
  }
  return sources.finish(out);
}

/** How many algorithms each end of a trade-off lists. */
const ENDS = 5;

export async function tradeoffsText(
  ctx: ServiceContext,
  tradeoffs: readonly EntryRow[],
  quality: string | null,
): Promise<string> {
  const sources = new Sources(ctx);
  const details = await Promise.all(
    tradeoffs.map(async (entry) => {
      const [tradeoff, citations] = await Promise.all([
        ctx.loaders.tradeoff.load(entry.id),
        ctx.loaders.citationsByEntry.load(entry.id),
      ]);
      if (!tradeoff) throw new Error(`entry "${entry.slug}" (TRADEOFF) has no detail row`);
      const [ends, sides] = await Promise.all([
        tradeoffEnds(ctx, tradeoff.firstQualityId, tradeoff.secondQualityId, ENDS),
        entriesById(ctx, [tradeoff.firstQualityId, tradeoff.secondQualityId]),
      ]);
      const favouring = await Promise.all(
        ends.map(async (end) => ({
          quality: sides.get(end.qualityId) as EntryRow,
          algorithms: [...(await entriesById(ctx, end.algorithmIds)).values()],
        })),
      );
      return { entry, tradeoff, citations, sides, favouring };
    }),
  );
  const out = [`# Trade-offs${quality ? ` involving \`${quality}\`` : ''}`];
  if (details.length === 0) out.push('', 'No trade-off matches.');
  for (const { entry, tradeoff, citations, sides, favouring } of details) {
    const side = (id: string) => named(sides.get(id) as EntryRow);
    out.push(
      '',
      `## ${named(entry)}`,
      '',
      `- **Between:** ${side(tradeoff.firstQualityId)} and ${side(tradeoff.secondQualityId)}`,
      `- **Permalink:** ${permalink(ctx.publicUrl, entry.slug)}`,
      `- **Sources:** ${
        sources
          .cite(citations)
          .map((l) => `[${l}]`)
          .join('; ') || 'none'
      }`,
      '',
      entry.summary.trim(),
      '',
      `**Tension:** ${tradeoff.tension.trim()}`,
    );
    if (tradeoff.examples.length > 0) {
      out.push('', '**Examples:**', ...tradeoff.examples.map((e) => `- ${e.trim()}`));
    }
    for (const end of favouring) {
      if (end.algorithms.length === 0) continue;
      out.push(
        '',
        `**Algorithms favouring ${end.quality.title.toLowerCase()} over the other side:** ${end.algorithms.map(named).join(', ')}`,
      );
    }
  }
  return sources.finish(out);
}

const MATCH_NOTE = {
  ALL_TERMS: '',
  SOME_TERMS: ' (matches some of the words)',
  FUZZY: ' (a close spelling)',
};

export async function searchText(ctx: ServiceContext, query: string, page: SearchPage): Promise<string> {
  const sources = new Sources(ctx);
  const references = await ctx.loaders.referenceIdsByEntry.loadMany(page.hits.map((hit) => hit.entry.id));
  const facets = page.facets.map((f) => `${kindPath(f.kind)} ${f.count}`).join(', ');
  const out = [`# Search: ${JSON.stringify(query)}`, ''];
  if (page.hits.length === 0) {
    out.push(
      page.facets.length === 0
        ? 'Nothing matches. Try other words, a synonym, or fewer words.'
        : `Nothing of the kinds asked for matches; other kinds do: ${facets}.`,
    );
    return sources.finish(out);
  }
  if (page.didYouMean)
    out.push(`Showing results for ${JSON.stringify(page.didYouMean)} (a close spelling).`, '');
  if (page.comparing) {
    out.push(
      `Comparing ${page.comparing.map((side) => JSON.stringify(side)).join(' and ')}: results alternate.`,
      '',
    );
  }
  out.push(
    `${page.totalCount} ${page.totalCount === 1 ? 'entry matches' : 'entries match'}, most relevant first; showing ${page.hits.length}. By kind: ${facets}.`,
  );
  page.hits.forEach((hit, i) => {
    const { entry } = hit;
    out.push(
      '',
      `${i + 1}. **${entry.title}** (\`${entry.slug}\`), ${kindPath(entry.kind)}${MATCH_NOTE[hit.match]}: ${permalink(ctx.publicUrl, entry.slug)}`,
      `   ${entry.summary.trim()}`,
      `   Matched in the ${hit.highlight.field.toLowerCase()}: ${hit.highlight.snippet.replace(/\s+/g, ' ').trim()}`,
      ...entrySourceLines(sources, entry, referenceIdsOf(references[i]), '   '),
    );
  });
  const closing = [
    '',
    'Read an entry in full, with its sources, with get_entry or the resource kb://<kind>/<slug>.',
    ...(page.pageInfo.hasNextPage ? ['More entries match: raise `limit` or narrow with `kinds`.'] : []),
  ];
  return sources.finish(out, closing);
}
