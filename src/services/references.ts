// Formatting references for bibliographies and for citing in explanations.
import type { Reference } from '../generated/prisma/client';
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
