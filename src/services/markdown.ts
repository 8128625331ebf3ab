// Entries rendered as self-contained Markdown for an LLM's context window: the entry's text, its
// kind's fields, ratings and effects as tables, related entries, and a numbered list of every
// reference the rendering cites. Loading is batched over many entries at once (a fixed number of
// statements however many entries are rendered); rendering is a pure function of what was loaded.
import { betweenUnits, type Deadline } from './deadline';
import { KINDS } from '../kinds';
import type { KindDefinition, MarkdownWriter } from '../kinds/define';
import type { Loaders } from '../loaders';
import type { MarkdownData } from '../loaders/markdown';
import { permalink } from './entries';
import { entryName, markdownTable, RELATION_LABEL } from './presentation';
import { CitationList, fullReference } from './citations';
import type { CitationRow, EffectRow, EntryRow, FactRow } from './types';

type Loaded = MarkdownData;

/** What rendering needs from a request: its loaders and the base of permalinks. */
export interface MarkdownContext extends Deadline {
  loaders: Loaders;
  publicUrl: string;
}

/**
 * FULL: for an LLM's context window (a header with kind, slug, permalink and revision; names with
 * their slugs). READER: for people (no header block; names and citation markers are links).
 */
export type MarkdownVariant = 'FULL' | 'READER';

/** The anchor of reference `n` in the References list (`ref-3`); the HTML pages give items these ids. */
export const referenceAnchor = (n: number) => `ref-${String(n)}`;

/** One entry as Markdown. Concurrent calls in one request share their queries (see the loaders). */
export async function entryMarkdown(
  ctx: MarkdownContext,
  entry: EntryRow,
  variant: MarkdownVariant = 'FULL',
): Promise<string> {
  const data = await ctx.loaders.markdownData.load(entry);
  // Rendering is the CPU-bound part: a page of entries renders one at a time, within the deadline.
  await betweenUnits(ctx);
  return render(data, entry, ctx.publicUrl, variant);
}

/** The Markdown of the entry with this slug; null when no entry has it. */
export async function markdownBySlug(
  ctx: MarkdownContext,
  slug: string,
  variant: MarkdownVariant = 'FULL',
): Promise<string | null> {
  const entry = await ctx.loaders.entryBySlug.load(slug);
  return entry ? entryMarkdown(ctx, entry, variant) : null;
}

// -------------------------------------------------------------------------------- rendering --

function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/**
 * The citation markers of one rendering: the references are numbered first the entry's own in
 * `Entry.references` order (so marker `[n]` is `references[n - 1]`), then, in order of first
 * citation, those cited only by other entries' judgements the rendering shows (a quality's table
 * of ratings). "[1, slide 'X']; [2]" for a group, linked to the References list in READER.
 */
function citationMarker(citations: CitationList, linkMarkers: boolean) {
  const number = (n: number) => (linkMarkers ? `[${String(n)}](#${referenceAnchor(n)})` : String(n));
  return (group: readonly CitationRow[] | undefined) =>
    citations
      .mark(group ?? [])
      .map(({ n, locator }) => `[${number(n)}${locator ? `, ${locator}` : ''}]`)
      .join('; ');
}

function render(loaded: Loaded, entry: EntryRow, publicUrl: string, variant: MarkdownVariant): string {
  const out: string[] = [];
  const reader = variant === 'READER';
  const citations = new CitationList(
    (loaded.entryReferences.get(entry.id) ?? []).map((row) => row.reference_id),
    (id) => loaded.entries.get(id)?.title ?? '',
  );
  const mark = citationMarker(citations, reader);
  const named = (id: string) => {
    const e = loaded.entries.get(id);
    if (!e) throw new Error(`dangling reference to entry ${id}`);
    return e;
  };
  const pageLink = (e: EntryRow) => `[${linkText(e.title)}](${permalink(publicUrl, e.slug)})`;
  const ref = (id: string) => (reader ? pageLink(named(id)) : entryName(named(id)));
  const linked = (id: string) =>
    reader ? pageLink(named(id)) : `${entryName(named(id))}, ${permalink(publicUrl, named(id).slug)}`;
  const section = (title: string, lines: readonly string[]) => {
    if (lines.length > 0) out.push('', `## ${title}`, '', ...lines);
  };
  const fields = (pairs: readonly (readonly [string, string | null | undefined])[]) =>
    pairs.filter(([, v]) => v?.trim()).map(([k, v]) => `- **${k}:** ${v?.trim()}`);
  const table = markdownTable;
  const md: MarkdownWriter = {
    loaded,
    publicUrl,
    section,
    text: (title, value) => {
      if (value?.trim()) section(title, [value.trim()]);
    },
    bullets: (title, items) =>
      section(
        title,
        items.map((item) => `- ${item.trim()}`),
      ),
    fields,
    table,
    ref,
    linked,
    named,
    mark,
    effectsTable: (effects: readonly EffectRow[]) =>
      effects.length === 0
        ? []
        : table(
            ['Quality', 'Effect', 'Rationale', 'Sources'],
            [...effects]
              .sort((a, b) => named(a.qualityId).title.localeCompare(named(b.qualityId).title, 'en'))
              .map((e) => [
                ref(e.qualityId),
                e.effect === 'PROMOTES' ? 'Promotes' : 'Inhibits',
                e.rationale,
                mark(loaded.effectCitations.get(e.id)),
              ]),
          ),
  };
  const kind: KindDefinition = KINDS[entry.kind];

  // Header: what the entry is and where it lives.
  out.push(`# ${entry.title}`);
  const header = reader
    ? fields([['Also known as', entry.aliases.join('; ')]])
    : fields([
        ['Kind', kind.label],
        ['Slug', `\`${entry.slug}\``],
        ['Permalink', permalink(publicUrl, entry.slug)],
        ['Also known as', entry.aliases.join('; ')],
        ['Revision', String(entry.revision)],
      ]);
  if (header.length > 0) out.push('', ...header);
  out.push('', entry.summary.trim());
  if (entry.body.trim()) out.push('', entry.body.trim());
  const sources = mark(loaded.entryCitations.get(entry.id));
  if (sources) out.push('', `**Sources:** ${sources}`);

  // The kind's own fields.
  const detail = loaded.details.get(entry.id) ?? null;
  if (kind.loadDetails && detail === null) {
    throw new Error(`entry "${entry.slug}" (${entry.kind}) has no detail row`);
  }
  kind.markdown(md, detail, entry);

  const facts = loaded.facts.get(entry.id) ?? [];
  if (facts.length > 0) {
    section(
      'Facts',
      table(
        ['Fact', 'Value', 'Note', 'Sources'],
        facts.map((f: FactRow) => [f.label, factValue(f), f.note, mark(loaded.factCitations.get(f.id))]),
      ),
    );
  }

  const related = [
    ...(loaded.relationsFrom.get(entry.id) ?? []).map((r) => ({
      r,
      id: r.toId,
      label: RELATION_LABEL[r.kind][0],
    })),
    ...(loaded.relationsTo.get(entry.id) ?? []).map((r) => ({
      r,
      id: r.fromId,
      label: RELATION_LABEL[r.kind][1],
    })),
  ]
    .map((x) => ({ ...x, entry: named(x.id) }))
    // A symmetric link stored in both directions is listed once.
    .filter((x, i, list) => list.findIndex((y) => y.id === x.id && y.label === x.label) === i);
  related.sort(
    (a, b) =>
      a.label.localeCompare(b.label, 'en') ||
      a.entry.title.localeCompare(b.entry.title, 'en') ||
      a.entry.slug.localeCompare(b.entry.slug),
  );
  md.bullets(
    'Related entries',
    related.map((x) => `${x.label}: ${linked(x.id)}${x.r.note.trim() ? ` (${x.r.note.trim()})` : ''}`),
  );

  const cited = citations.ids();
  if (cited.length > 0) {
    section(
      'References',
      cited.map((id, i) => {
        const n = i + 1;
        const reference = named(id);
        const citation = fullReference(reference, loaded.references.get(id));
        return reader
          ? `${String(n)}. ${citation} ([entry](${permalink(publicUrl, reference.slug)}))`
          : `${String(n)}. ${citation} (\`${reference.slug}\`)`;
      }),
    );
  }
  return `${out.join('\n')}\n`;
}

function factValue(f: FactRow): string {
  if (f.value === null) return 'not given';
  const range =
    f.upperValue === null ? formatNumber(f.value) : `${formatNumber(f.value)}–${formatNumber(f.upperValue)}`;
  return `${f.approximate ? '≈' : ''}${range} ${f.unit}`.trim();
}

/** Text inside a Markdown link: brackets escaped so a title cannot end the link early. */
function linkText(text: string): string {
  return text.replace(/[[\]\\]/g, (c) => `\\${c}`);
}
