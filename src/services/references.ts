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
