// Formatting references for bibliographies and for citing in explanations.
import type { Reference } from '../generated/prisma/client';
import type { Loaders } from '../loaders';
import type { EntryRow } from './types';

function authorList(authors: readonly string[]): string {
  if (authors.length <= 2) return authors.join(' and ');
  return `${authors.slice(0, -1).join(', ')}, and ${authors[authors.length - 1]}`;
}

/** "Authors (Year). Title. Venue. URL" — the parts the reference has. */
export function formatCitation(entry: EntryRow, reference: Reference): string {
  const parts = [
    `${authorList(reference.authors)} (${reference.year ?? 'n.d.'}).`,
    `${entry.title}.`,
    reference.venue ? `${reference.venue}.` : null,
    reference.doi ? `https://doi.org/${reference.doi}` : reference.url,
  ];
  return parts.filter(Boolean).join(' ');
}

const surname = (name: string) => name.trim().split(/\s+/).pop() ?? name;

/** "Breiman (2001)", "Hastie et al. (2009)": a reference as an in-text citation. */
export function shortReference(title: string, authors: readonly string[], year: number | null): string {
  const [first = '', second = ''] = authors;
  const who =
    authors.length === 0
      ? title
      : authors.length === 1
        ? surname(first)
        : authors.length === 2
          ? `${surname(first)} & ${surname(second)}`
          : `${surname(first)} et al.`;
  return `${who} (${year ?? 'n.d.'})`;
}

/**
 * "Kästner (n.d.), slide 'Heartbeat'" for each citation, in order: how explanations and tool
 * answers cite. One batched load of the cited references.
 */
export async function citationLabels(
  ctx: { loaders: Loaders },
  citations: readonly { referenceId: string; locator: string | null }[],
): Promise<string[]> {
  const ids = [...new Set(citations.map((c) => c.referenceId))];
  const [entries, references] = await Promise.all([
    ctx.loaders.entryById.loadMany(ids),
    ctx.loaders.reference.loadMany(ids),
  ]);
  const names = new Map<string, string>();
  ids.forEach((id, i) => {
    const entry = entries[i];
    const reference = references[i];
    if (entry && !(entry instanceof Error) && reference && !(reference instanceof Error)) {
      names.set(id, shortReference(entry.title, reference.authors, reference.year));
    }
  });
  return citations.map(
    (c) => `${names.get(c.referenceId) ?? 'unknown source'}${c.locator ? `, ${c.locator}` : ''}`,
  );
}
