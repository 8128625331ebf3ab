// The one way texts cite: references are collected as a text is written, de-duplicated, numbered
// in order of first citation and listed in full at its end. The Markdown renderings show the
// numbers ("[2, slide 'X']", src/services/markdown.ts); the MCP answers show author-year labels
// ("Kästner (n.d.), slide 'X'", `Sources` below) with year suffixes where two would read alike.
import type { Reference } from '../generated/prisma/client';
import type { Loaders } from '../loaders';
import { permalink } from './entries';
import { formatCitation, shortReference } from './references';
import type { EntryRow } from './types';

/** A citation as a text needs it: the reference, and where in it (a slide, a page), if anywhere. */
export interface CitationInput {
  referenceId: string;
  locator: string | null;
}

/** One mark of a group of citations: the reference's number (from 1) and the locator, '' for none. */
export interface CitationMark {
  n: number;
  locator: string;
}

/**
 * The references one text cites, numbered from 1 in order of first citation. A text may start
 * with references of its own (an entry's `references`, so that marker `[n]` is its n-th); when
 * titles are given, the new references of one group are numbered by title, otherwise as given.
 */
export class CitationList {
  private readonly numbers = new Map<string, number>();

  constructor(
    own: Iterable<string> = [],
    private readonly titleOf?: (referenceId: string) => string,
  ) {
    for (const id of own) this.number(id);
  }

  /** The number of a reference, which gets the next one when first met. */
  number(referenceId: string): number {
    let n = this.numbers.get(referenceId);
    if (n === undefined) {
      n = this.numbers.size + 1;
      this.numbers.set(referenceId, n);
    }
    return n;
  }

  /** Marks for citations given together: one per reference and locator, by number, then locator. */
  mark(citations: readonly CitationInput[]): CitationMark[] {
    const title = this.titleOf;
    const ordered = title
      ? [...citations].sort(
          (a, b) =>
            title(a.referenceId).localeCompare(title(b.referenceId), 'en') ||
            (a.locator ?? '').localeCompare(b.locator ?? '', 'en') ||
            a.referenceId.localeCompare(b.referenceId),
        )
      : citations;
    const marks = new Map<string, CitationMark>();
    for (const c of ordered) {
      const mark = { n: this.number(c.referenceId), locator: c.locator ?? '' };
      marks.set(`${String(mark.n)}\u0000${mark.locator}`, mark);
    }
    return [...marks.values()].sort((a, b) => a.n - b.n || a.locator.localeCompare(b.locator, 'en'));
  }

  /** Every reference cited so far, in number order (index i holds number i + 1). */
  ids(): string[] {
    return [...this.numbers.keys()];
  }
}

/** " [Kästner (n.d.), slide 'X'; stated in the lecture]": the sources after a claim; nothing without any. */
export const bracketed = (labels: readonly string[]) => (labels.length > 0 ? ` [${labels.join('; ')}]` : '');

/** A reference in full ("Authors (Year). Title. Venue. DOI or URL"); its title alone without its details. */
export function fullReference(entry: EntryRow, reference: Reference | null | undefined): string {
  return reference ? formatCitation(entry, reference) : entry.title;
}

/**
 * Author-year labels of references in list order ("Bass et al. (2012)"). Two references that would
 * read alike get year suffixes in that order, APA style ("Microsoft (2022a)", "(n.d.-b)"), so a
 * label always points at one item of the list.
 */
export function authorYearLabels(
  items: readonly { entry: EntryRow; reference: Reference | null | undefined }[],
): string[] {
  const plain = items.map(({ entry, reference }) =>
    reference
      ? shortReference(entry.title, reference.authors, reference.year, reference.organisationAuthors)
      : entry.title,
  );
  const seen = new Map<string, number>();
  return plain.map((label) => {
    if (plain.filter((other) => other === label).length < 2) return label;
    const k = seen.get(label) ?? 0;
    seen.set(label, k + 1);
    const suffix = `${label.endsWith('n.d.)') ? '-' : ''}${String.fromCharCode(97 + (k % 26))}`;
    return /\)$/.test(label) ? label.replace(/\)$/, `${suffix})`) : `${label} (${suffix})`;
  });
}

/** Around a reference's number in a label not yet final (private-use characters, in no content). */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/** The cited references with their final labels, and how to put those labels into a text. */
export interface ResolvedSources {
  /** The text with every label placeholder replaced by its final label. */
  text: (value: string) => string;
  /** The `## Sources` section: each reference's label, then the reference in full, its slug and permalink. */
  section: string[];
}

/**
 * The references an MCP answer (or any text labelled author-year) cites, collected as it is
 * written. A label is final only once every reference is known (for its year suffix), so until
 * `resolve` or `finish` a label holds a placeholder.
 */
export class Sources {
  private readonly list = new CitationList();

  constructor(private readonly ctx: { loaders: Loaders; publicUrl: string }) {}

  /** Labels with locators for citations given together ("Kästner (n.d.), slide 'X'"), de-duplicated. */
  cite(citations: readonly CitationInput[]): string[] {
    return this.list
      .mark(citations)
      .map(({ n, locator }) => `${OPEN}${String(n)}${CLOSE}${locator ? `, ${locator}` : ''}`);
  }

  /** Labels of whole references (no locators). */
  references(ids: readonly string[]): string[] {
    return this.cite(ids.map((referenceId) => ({ referenceId, locator: null })));
  }

  /** The final labels of everything cited so far. Call it once the text cites nothing more. */
  async resolve(): Promise<ResolvedSources> {
    const ids = this.list.ids();
    const [entries, references] = await Promise.all([
      this.ctx.loaders.entryById.loadMany(ids),
      this.ctx.loaders.reference.loadMany(ids),
    ]);
    const items = ids.map((id, i) => {
      const entry = entries[i];
      if (entry instanceof Error) throw entry;
      if (!entry) throw new Error(`dangling reference to entry ${id}`);
      const found = references[i];
      if (found instanceof Error) throw found;
      return { entry, reference: found };
    });
    const labels = authorYearLabels(items);
    return {
      text: (value) => value.replace(PLACEHOLDER, (_m, n: string) => labels[Number(n) - 1] ?? ''),
      section: [
        '',
        '## Sources',
        '',
        ...(items.length === 0
          ? ['No source is cited here.']
          : items.map(
              ({ entry, reference }, i) =>
                `- ${labels[i] ?? ''}: ${fullReference(entry, reference)} (\`${entry.slug}\`), ${permalink(this.ctx.publicUrl, entry.slug)}`,
            )),
      ],
    };
  }

  /** The answer with final labels and the `## Sources` section, then the closing lines. */
  async finish(lines: readonly string[], closing: readonly string[] = []): Promise<string> {
    const { text, section } = await this.resolve();
    return `${text([...lines, ...section, ...closing].join('\n'))}\n`;
  }
}
