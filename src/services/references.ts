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

/** "Breiman" for "Leo Breiman"; an organisation ("Lambda Labs") by its whole name. */
function citedName(name: string, organisations: readonly string[]): string {
  const trimmed = name.trim();
  if (organisations.includes(name)) return trimmed;
  return trimmed.split(/\s+/).pop() ?? trimmed;
}

/**
 * "Breiman (2001)", "Hastie et al. (2009)", "Lambda Labs (2020)": a reference as an in-text
 * citation. `organisations` are the authors that are organisations, named whole.
 */
export function shortReference(
  title: string,
  authors: readonly string[],
  year: number | null,
  organisations: readonly string[] = [],
): string {
  const [first = '', second = ''] = authors;
  const name = (author: string) => citedName(author, organisations);
  const who =
    authors.length === 0
      ? title
      : authors.length === 1
        ? name(first)
        : authors.length === 2
          ? `${name(first)} & ${name(second)}`
          : `${name(first)} et al.`;
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
      names.set(
        id,
        shortReference(entry.title, reference.authors, reference.year, reference.organisationAuthors),
      );
    }
  });
  return citations.map(
    (c) => `${names.get(c.referenceId) ?? 'unknown source'}${c.locator ? `, ${c.locator}` : ''}`,
  );
}
