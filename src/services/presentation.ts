// How entries and judgements read in text: shared by the Markdown renderings (markdown.ts and the
// kinds' sections) and the MCP answers (src/mcp/text.ts), so both say things the same way.
import type { Polarity, Provenance, RelationKind } from '../generated/prisma/client';
import { permalink } from './entries';
import type { LevelName } from './levels';
import type { RelatedRow } from './types';

/** The sentence that keeps levels from being read as grades. */
export const LEVEL_NOTE =
  'Levels (VERY_LOW to VERY_HIGH) are amounts of a quality, not its goodness: a HIGH training cost means expensive training.';

/** "Decision tree (`decision-tree`)": a title with the slug to look it up by. */
export function entryName(entry: { title: string; slug: string }): string {
  return `${entry.title} (\`${entry.slug}\`)`;
}

/** "Decision tree (`decision-tree`), https://…/kb/decision-tree". */
export function linkedName(publicUrl: string, entry: { title: string; slug: string }): string {
  return `${entryName(entry)}, ${permalink(publicUrl, entry.slug)}`;
}

/** Words for enum values: `ARCHITECTURAL_TACTIC` → `architectural tactic`. */
export const words = (value: string) => value.toLowerCase().replace(/_/g, ' ');

export function polarityText(polarity: Polarity, long = false): string {
  if (polarity === 'HIGHER_IS_BETTER') return 'higher is better';
  return long ? 'lower is better (less of it is better)' : 'lower is better';
}

/** "at least HIGH and at most VERY_HIGH"; empty without a limit. */
export function limitsText(
  atLeast: LevelName | null | undefined,
  atMost: LevelName | null | undefined,
): string {
  return [atLeast && `at least ${atLeast}`, atMost && `at most ${atMost}`].filter(Boolean).join(' and ');
}

/** "Interpretability (`interpretability`) at least MEDIUM"; empty without a limit. */
export function boundText(quality: string, atLeast: LevelName | null, atMost: LevelName | null): string {
  const limits = limitsText(atLeast, atMost);
  return limits ? `${quality} ${limits}` : '';
}

/** Where a judgement comes from, as a table cell: "lecture", "literature", "editorial". */
export function provenanceLabel(provenance: Provenance | null | undefined): string {
  return provenance ? provenance.toLowerCase() : '';
}

/**
 * Where a judgement comes from, as the last item of its source list ("[Breiman (2001); stated in
 * the literature]"); none when its provenance is not stated.
 */
export function provenanceSources(provenance: Provenance | null | undefined): string[] {
  switch (provenance) {
    case 'LECTURE':
      return ['stated in the lecture'];
    case 'LITERATURE':
      return ['stated in the literature'];
    case 'EDITORIAL':
      return ["design-kb's editorial judgement"];
    case null:
    case undefined:
      return [];
  }
}

/** A Sources cell: the citation markers, then where the judgement comes from ("[2]; [4] (literature)"). */
export function sourcesWithProvenance(marks: string, provenance: Provenance | null | undefined): string {
  const label = provenanceLabel(provenance);
  return [marks, label && `(${label})`].filter(Boolean).join(' ');
}

/** A table cell: pipes escaped, line breaks kept as `<br>`, so a cell never breaks the table. */
export function cell(text: string): string {
  return text
    .trim()
    .replace(/\r\n?|\n/g, '<br>')
    .replace(/\|/g, '\\|');
}

/**
 * A Markdown table. Columns named in `optional` are left out when every row's cell in them is
 * empty (a Provenance column where no judgement states one).
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  optional: readonly string[] = [],
): string[] {
  const keep = header.map(
    (name, i) => !optional.includes(name) || rows.some((row) => (row[i] ?? '').trim() !== ''),
  );
  const pick = <T>(list: readonly T[]) => list.filter((_, i) => keep[i]);
  const shown = pick(header);
  return [
    `| ${shown.map(cell).join(' | ')} |`,
    `| ${shown.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${pick(row).map(cell).join(' | ')} |`),
  ];
}

/** How a link reads from the entry it is listed on: [outgoing, incoming] ("Uses", "Used by"). */
export const RELATION_LABEL: Record<RelationKind, readonly [string, string]> = {
  RELATED: ['Related', 'Related'],
  ALTERNATIVE: ['Alternative', 'Alternative'],
  USES: ['Uses', 'Used by'],
  PART_OF: ['Part of', 'Has part'],
  EXAMPLE_OF: ['Example of', 'Has example'],
};

/** "Used by": a link as read from the entry it is listed on. */
export function relationLabel(row: Pick<RelatedRow, 'kind' | 'direction'>): string {
  return RELATION_LABEL[row.kind][row.direction === 'OUTGOING' ? 0 : 1];
}
