// Answers of recommend_architecture, list_entries and related_entries as Markdown: every entry
// named with its slug and permalink, every claim with its sources, and a Sources list at the end
// giving each cited reference in full (URL or DOI).
import { KIND_LABEL } from '../kinds';
import type { ServiceContext } from '../services/context';
import { kindPath, permalink } from '../services/entries';
import { bracketed, Sources } from '../services/citations';
import { entryName, linkedName, polarityText, relationLabel, words } from '../services/presentation';
import type { ArchitectureCandidateResult, ArchitectureResult } from '../services/recommendation/types';
import type { EffectRow, EntryPage, EntryRow, RelatedRow } from '../services/types';
import { entriesById, entrySourceLines, referenceIdsOf } from './text';

/** "architectural tactic", "classification, regression; Tree-based models": what sets an entry apart in a list. */
async function kindNote(ctx: ServiceContext, entry: EntryRow): Promise<string> {
  if (entry.kind === 'PATTERN') {
    const pattern = await ctx.loaders.pattern.load(entry.id);
    if (pattern) return words(pattern.patternKind);
  } else if (entry.kind === 'ALGORITHM') {
    const algorithm = await ctx.loaders.algorithm.load(entry.id);
    if (algorithm) return `${algorithm.tasks.join(', ')}; ${algorithm.family}`;
  } else if (entry.kind === 'QUALITY') {
    const quality = await ctx.loaders.quality.load(entry.id);
    if (quality) return `${words(quality.category)} quality, ${polarityText(quality.polarity)}`;
  }
  return KIND_LABEL[entry.kind].toLowerCase();
}

export interface ArchitectureAnswer {
  promote: readonly string[];
  protect: readonly string[];
  styles: ArchitectureResult | null;
  patterns: ArchitectureResult | null;
  patternKind: string | null;
  limit: number;
}

export async function architectureText(ctx: ServiceContext, answer: ArchitectureAnswer): Promise<string> {
  const sources = new Sources(ctx);
  const qualities = await Promise.all(
    [...answer.promote, ...answer.protect].map((slug) => ctx.loaders.entryBySlug.load(slug)),
  );
  const bySlug = new Map(qualities.flatMap((q) => (q ? [[q.slug, q] as const] : [])));
  const quality = (slug: string) => {
    const q = bySlug.get(slug);
    return q ? entryName(q) : `\`${slug}\``;
  };
  const considered = [
    answer.styles && 'architectural styles',
    answer.patterns &&
      (answer.patternKind ? `patterns of kind ${words(answer.patternKind)}` : 'patterns and tactics'),
  ].filter(Boolean);
  const out = [
    '# Architecture recommendation',
    '',
    `- **Promote:** ${answer.promote.map(quality).join(', ')}`,
    `- **Protect:** ${answer.protect.map(quality).join(', ') || 'none'}`,
    `- **Considered:** ${considered.join(' and ')}`,
    '',
    'Each candidate is ranked by how many of the qualities to promote it promotes, minus how many of them it inhibits (ties by slug); one that inhibits a protected quality is excluded and listed with why. Effects come from the knowledge base, each with its rationale and sources.',
  ];

  const effectLines = async (candidate: ArchitectureCandidateResult) => {
    const effects: EffectRow[] = [...candidate.promotes, ...candidate.inhibits];
    const [names, cited] = await Promise.all([
      entriesById(
        ctx,
        effects.map((e) => e.qualityId),
      ),
      Promise.all(effects.map(async (e) => sources.cite(await ctx.loaders.citationsByEffect.load(e.id)))),
    ]);
    return effects.map(
      (e, i) =>
        `- ${e.effect === 'PROMOTES' ? 'Promotes' : 'Inhibits'} ${entryName(names.get(e.qualityId) as EntryRow)}: ${e.rationale.trim()}${bracketed(cited[i] ?? [])}`,
    );
  };

  const section = async (title: string, result: ArchitectureResult) => {
    const shown = result.candidates.slice(0, answer.limit);
    const excluded = result.excluded.slice(0, answer.limit);
    const entries = await entriesById(
      ctx,
      [...shown, ...excluded].map((c) => c.entryId),
    );
    const entry = (c: ArchitectureCandidateResult) => entries.get(c.entryId) as EntryRow;
    // All at once, so each loader answers every candidate with one query.
    const [notes, shownLines, excludedLines] = await Promise.all([
      Promise.all(shown.map((c) => kindNote(ctx, entry(c)))),
      Promise.all(shown.map(effectLines)),
      Promise.all(excluded.map(effectLines)),
    ]);
    out.push('', `## ${title}`);
    if (shown.length === 0) {
      out.push(
        '',
        answer.protect.length > 0
          ? 'None promotes a quality to promote without inhibiting a protected one.'
          : 'None promotes a quality to promote.',
      );
    }
    shown.forEach((candidate, i) => {
      const e = entry(candidate);
      out.push(
        '',
        `### ${i + 1}. ${entryName(e)}, ${notes[i] ?? ''}`,
        '',
        `- **Permalink:** ${permalink(ctx.publicUrl, e.slug)}`,
        `- **Score:** ${candidate.score} (${candidate.explanation[0] ?? ''})`,
        ...(shownLines[i] ?? []),
      );
    });
    if (result.candidates.length > shown.length) {
      out.push(
        '',
        `${result.candidates.length - shown.length} more candidates: raise \`limit\` to see them.`,
      );
    }
    if (excluded.length > 0) {
      out.push('', `**Excluded: they inhibit a protected quality (${result.excluded.length}).**`);
      excluded.forEach((candidate, i) => {
        out.push(
          '',
          `- ${linkedName(ctx.publicUrl, entry(candidate))}`,
          ...(excludedLines[i] ?? []).map((l) => `  ${l}`),
        );
      });
    }
  };
  if (answer.styles) await section('Architectural styles', answer.styles);
  if (answer.patterns) await section('Patterns and tactics', answer.patterns);
  return sources.finish(out, [
    '',
    'Read any entry in full with get_entry or kb://<kind>/<slug>; walk its alternatives with related_entries.',
  ]);
}

export async function entryListText(
  ctx: ServiceContext,
  kind: EntryRow['kind'],
  where: object,
  page: EntryPage,
): Promise<string> {
  const sources = new Sources(ctx);
  const [total, references, notes] = await Promise.all([
    page.totalCount,
    ctx.loaders.referenceIdsByEntry.loadMany(page.nodes.map((e) => e.id)),
    Promise.all(page.nodes.map((e) => kindNote(ctx, e))),
  ]);
  const filters = Object.entries(where).filter(([, v]) => v !== null && v !== undefined);
  const out = [
    `# ${KIND_LABEL[kind]} entries (\`${kindPath(kind)}\`)`,
    '',
    `- **Filters:** ${filters.length > 0 ? filters.map(([k, v]) => `\`${k}\` = ${JSON.stringify(v)}`).join('; ') : 'none'}`,
    `- **Matching:** ${total}; showing ${page.nodes.length}, by title`,
  ];
  if (page.nodes.length === 0) out.push('', 'No entry of this kind matches.');
  page.nodes.forEach((entry, i) => {
    out.push(
      '',
      `${i + 1}. **${entry.title}** (\`${entry.slug}\`), ${notes[i] ?? ''}: ${permalink(ctx.publicUrl, entry.slug)}`,
      `   ${entry.summary.trim()}`,
      ...entrySourceLines(sources, entry, referenceIdsOf(references[i]), '   '),
    );
  });
  if (page.pageInfo.hasNextPage && page.pageInfo.endCursor) {
    out.push('', `More entries match: call list_entries again with \`after\`: "${page.pageInfo.endCursor}".`);
  }
  return sources.finish(out);
}

/** Where the other end of a link is, in words: "it links here", "this links to it", "both ways". */
const DIRECTION = { OUTGOING: 'this entry → it', INCOMING: 'it → this entry', BOTH: 'both ways' };

export async function relatedText(
  ctx: ServiceContext,
  entry: EntryRow,
  rows: readonly RelatedRow[],
  kinds: readonly string[],
): Promise<string> {
  const sources = new Sources(ctx);
  // A symmetric link stored from both ends is listed once, as going both ways.
  const links: (RelatedRow & { both: boolean })[] = [];
  for (const row of rows) {
    const twin = links.find(
      (l) => l.entryId === row.entryId && l.kind === row.kind && relationLabel(l) === relationLabel(row),
    );
    if (twin) {
      twin.both = true;
      if (!twin.note.trim()) twin.note = row.note;
    } else links.push({ ...row, both: false });
  }
  const [others, own, note, references] = await Promise.all([
    entriesById(
      ctx,
      links.map((l) => l.entryId),
    ),
    ctx.loaders.citationsByEntry.load(entry.id),
    kindNote(ctx, entry),
    ctx.loaders.referenceIdsByEntry.loadMany(links.map((l) => l.entryId)),
  ]);
  const out = [
    `# Related entries of ${entryName(entry)}`,
    '',
    `- **Kind:** ${note}`,
    `- **Permalink:** ${permalink(ctx.publicUrl, entry.slug)}`,
    `- **Relation types:** ${kinds.length > 0 ? kinds.join(', ') : 'all'}`,
    `- **Sources:** ${sources.cite(own).join('; ') || 'none'}`,
    '',
    entry.summary.trim(),
  ];
  if (entry.kind === 'PATTERN') {
    const pattern = await ctx.loaders.pattern.load(entry.id);
    if (pattern?.alternatives.trim())
      out.push('', `**Alternatives, as the entry describes them:** ${pattern.alternatives.trim()}`);
  }
  if (links.length === 0) out.push('', 'No entry is linked to this one by the relation types asked for.');
  const groups = new Map<string, { kind: string; items: typeof links }>();
  links.forEach((link) => {
    const label = relationLabel(link);
    const group = groups.get(label) ?? { kind: link.kind, items: [] };
    group.items.push(link);
    groups.set(label, group);
  });
  const referenceIds = new Map(links.map((link, i) => [link.entryId, referenceIdsOf(references[i])]));
  for (const [label, group] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'en'))) {
    out.push('', `## ${label} (\`${group.kind}\`)`);
    const items = [...group.items].sort((a, b) =>
      (others.get(a.entryId)?.title ?? '').localeCompare(others.get(b.entryId)?.title ?? '', 'en'),
    );
    for (const link of items) {
      const other = others.get(link.entryId) as EntryRow;
      out.push(
        '',
        `- **${other.title}** (\`${other.slug}\`), ${kindPath(other.kind)}, ${DIRECTION[link.both ? 'BOTH' : link.direction]}: ${permalink(ctx.publicUrl, other.slug)}`,
        `  ${other.summary.trim()}`,
        ...(link.note.trim() ? [`  Why linked: ${link.note.trim()}`] : []),
        ...entrySourceLines(sources, other, referenceIds.get(link.entryId) ?? [], '  '),
      );
    }
  }
  return sources.finish(out, [
    '',
    'Walk further with related_entries on any slug above; read one in full with get_entry.',
  ]);
}
