// The HTML of pages and cards: pure functions of what the routes loaded. Every value goes
// through the `html` template (escaped); Markdown is rendered by markdown-it with raw HTML off.
import type { EntryKind } from '../generated/prisma/enums';
import { kindPath } from '../services/entries';
import { KIND_LABEL } from '../kinds';
import { html, jsonForScript, trustedHtml, type Html } from './html';
import { markdownToHtml } from './markdown-html';

export const STYLESHEET_PATH = '/assets/kb.css';

export interface Layout {
  title: string;
  description: string;
  /** Absolute URL of this page's canonical address. */
  canonical: string;
  publicUrl: string;
  /** Extra `<head>` content (OpenGraph, JSON-LD, alternates). */
  head?: Html;
  body: Html;
}

export function layout(page: Layout): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${page.title} · design-kb</title>
        <meta name="description" content="${page.description}" />
        <link rel="canonical" href="${page.canonical}" />
        <link rel="stylesheet" href="${STYLESHEET_PATH}" />
        <link rel="icon" href="data:," />
        ${page.head}
      </head>
      <body>
        <header class="site">
          <a class="brand" href="${page.publicUrl}/kb">design-kb</a>
          <nav aria-label="Site">
            <a href="${page.publicUrl}/kb">Browse</a
            ><a href="${page.publicUrl}/compare">Compare algorithms</a>
          </nav>
          <form class="search" role="search" action="${page.publicUrl}/search" method="get">
            <label for="site-q">Search</label>
            <input id="site-q" type="search" name="q" placeholder="e.g. interpretability" />
            <button type="submit">Search</button>
          </form>
        </header>
        <main id="main">${page.body}</main>
        <footer class="site-footer">
          <p>design-kb: how to architect ML-enabled systems. Content is cited; see each page's references.</p>
        </footer>
      </body>
    </html> `.value;
}

export interface EntryPageData {
  publicUrl: string;
  slug: string;
  kind: EntryKind;
  title: string;
  summary: string;
  revision: number;
  updatedAt: Date;
  permalink: string;
  /** The entry as Markdown (services/markdown): everything it has, numbered references included. */
  markdown: string;
  chart: { src: string; alt: string; caption: string } | null;
  /** "How to cite this page": the entry itself (or, for a reference, the work) in APA. */
  citation: string;
  embedHtml: string;
  oembedUrl: string;
  jsonLd: Record<string, unknown>;
}

/** The heading before which the chart goes, when the rendering has it. */
const CHART_BEFORE = ['<h2>Ratings</h2>', '<h2>Quality effects</h2>'];

/** Wraps tables so a narrow screen scrolls them sideways instead of the page. */
function wrapTables(markup: string): string {
  return markup
    .replace(/<table>/g, '<div class="table-wrap"><table>')
    .replace(/<\/table>/g, '</table></div>');
}

export function entryPage(d: EntryPageData): string {
  let content = wrapTables(markdownToHtml(d.markdown).value);
  if (d.chart) {
    const figure = html`<figure>
      <img src="${d.chart.src}" alt="${d.chart.alt}" width="480" />
      <figcaption>${d.chart.caption}</figcaption>
    </figure>`.value;
    const at = CHART_BEFORE.map((h) => content.indexOf(h)).find((i) => i >= 0);
    content = at === undefined ? content + figure : `${content.slice(0, at)}${figure}${content.slice(at)}`;
  }
  const formats = [
    ['BibTeX', `${d.permalink}.bib`],
    ['RIS', `${d.permalink}.ris`],
    ['CSL-JSON', `${d.permalink}.csl.json`],
    ['Markdown', `${d.permalink}.md`],
  ] as const;
  const body = html`<article>
    <p class="kind">${KIND_LABEL[d.kind]}</p>
    ${trustedHtml(content)}
    <section class="cite" id="cite" aria-labelledby="cite-heading">
      <h2 id="cite-heading">How to cite this page</h2>
      <p>${d.citation}</p>
      <p class="muted">
        Revision ${d.revision}, last changed ${d.updatedAt.toISOString().slice(0, 10)}. Permalink:
        <a href="${d.permalink}">${d.permalink}</a>
      </p>
      <p class="formats">Export: ${formats.map(([label, href]) => html`<a href="${href}">${label}</a> `)}</p>
      <details class="no-print">
        <summary>Embed this entry in a course page</summary>
        <p>Paste this HTML, or give the permalink to any oEmbed consumer (Moodle, WordPress).</p>
        <pre><code>${d.embedHtml}</code></pre>
      </details>
    </section>
  </article>`;
  const head = html`<link
      rel="alternate"
      type="application/json+oembed"
      href="${d.oembedUrl}"
      title="${d.title}"
    />
    <link rel="alternate" type="text/markdown" href="${d.permalink}.md" />
    <link rel="alternate" type="application/x-bibtex" href="${d.permalink}.bib" />
    <link rel="alternate" type="application/x-research-info-systems" href="${d.permalink}.ris" />
    <meta property="og:type" content="article" />
    <meta property="og:site_name" content="design-kb" />
    <meta property="og:title" content="${d.title}" />
    <meta property="og:description" content="${d.summary}" />
    <meta property="og:url" content="${d.permalink}" />
    <meta property="article:modified_time" content="${d.updatedAt.toISOString()}" />
    <script type="application/ld+json">
      ${jsonForScript(d.jsonLd)}
    </script>`;
  return layout({
    title: d.title,
    description: d.summary,
    canonical: d.permalink,
    publicUrl: d.publicUrl,
    head,
    body,
  });
}

export interface CardData {
  publicUrl: string;
  kind: EntryKind;
  title: string;
  summary: string;
  permalink: string;
  fields: [string, string][];
  chart: { src: string; alt: string } | null;
}

/** The embeddable card: a document of its own, framed by other sites. */
export function cardPage(d: CardData): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${d.title} · design-kb</title>
        <link rel="canonical" href="${d.permalink}" />
        <link rel="stylesheet" href="${STYLESHEET_PATH}" />
        <link rel="icon" href="data:," />
      </head>
      <body class="card-body">
        <main class="card">
          <p class="kind">${KIND_LABEL[d.kind]} · design-kb</p>
          <h1><a href="${d.permalink}" target="_blank" rel="noopener">${d.title}</a></h1>
          <p>${d.summary}</p>
          ${
            d.fields.length > 0
              ? html`<dl>
                  ${d.fields.map(
                    ([k, v]) =>
                      html`<dt>${k}</dt>
                        <dd>${v}</dd>`,
                  )}
                </dl>`
              : null
          }
          <a class="more" href="${d.permalink}" target="_blank" rel="noopener"
            >Read the full entry, its sources and how to cite it<span class="visually-hidden">
              (opens in a new tab)</span
            ></a
          >
          ${d.chart ? html`<img src="${d.chart.src}" alt="${d.chart.alt}" width="440" />` : null}
        </main>
      </body>
    </html> `.value;
}

export function kindsIndexPage(publicUrl: string, kinds: { kind: EntryKind; count: number }[]): string {
  const total = kinds.reduce((sum, k) => sum + k.count, 0);
  return layout({
    title: 'Browse the knowledge base',
    description: `design-kb holds ${total} entries on the architecture and design of ML-enabled systems.`,
    canonical: `${publicUrl}/kb`,
    publicUrl,
    body: html`<h1>Browse the knowledge base</h1>
      <p>${total} entries on architecting ML-enabled systems, by kind.</p>
      <ul>
        ${kinds.map((k) => html`<li><a href="${publicUrl}/kb/kind/${kindPath(k.kind)}">${KIND_LABEL[k.kind]}</a> <span class="muted">(${k.count})</span></li> `)}
      </ul>
      <p><a href="${publicUrl}/compare">Compare algorithms on quality attributes</a></p>`,
  });
}

export interface ListItem {
  slug: string;
  title: string;
  summary: string;
}

export function kindListPage(d: {
  publicUrl: string;
  kind: EntryKind;
  items: ListItem[];
  total: number;
  next: string | null;
  previous: string | null;
  canonical: string;
}): string {
  const label = KIND_LABEL[d.kind];
  return layout({
    title: label,
    description: `${d.total} entries of kind ${label} in design-kb.`,
    canonical: d.canonical,
    publicUrl: d.publicUrl,
    body: html`<p class="kind"><a href="${d.publicUrl}/kb">All kinds</a></p>
      <h1>${label}</h1>
      <p class="muted">${d.total} entries.</p>
      ${entryList(d.publicUrl, d.items)} ${pager(d.previous, d.next)}`,
  });
}

function entryList(publicUrl: string, items: readonly ListItem[]): Html {
  return html`<ul class="hits">
    ${items.map((item) => html`<li><a href="${publicUrl}/kb/${item.slug}">${item.title}</a><br /><span>${item.summary}</span></li> `)}
  </ul>`;
}

function pager(previous: string | null, next: string | null): Html | null {
  if (!previous && !next) return null;
  return html`<nav class="pager" aria-label="Pages">
    ${previous ? html`<a href="${previous}" rel="prev">← Previous page</a>` : null}${next ? html`<a href="${next}" rel="next">Next page →</a>` : null}
  </nav>`;
}

/** A search snippet with the matched words (between `**`) marked. */
function snippet(text: string): Html {
  return html`${text.split('**').map((part, i) => (i % 2 === 1 ? html`<mark>${part}</mark>` : part))}`;
}

export function searchPage(d: {
  publicUrl: string;
  query: string;
  hits: { slug: string; title: string; kind: EntryKind; snippet: string }[];
  total: number;
  /** The corrected query the results are for, when a word was misspelt. */
  didYouMean: string | null;
  next: string | null;
  canonical: string;
}): string {
  const results =
    d.query === ''
      ? html`<p>Type words to search titles, summaries, bodies and details of every entry.</p>`
      : html`<p role="status">
            ${d.total} ${d.total === 1 ? 'entry matches' : 'entries match'}
            “${d.didYouMean ?? d.query}”${d.didYouMean ? html`, a close spelling of “${d.query}”` : ''}.
          </p>
          <ol class="hits">
            ${d.hits.map((hit) => html`<li><a href="${d.publicUrl}/kb/${hit.slug}">${hit.title}</a> <span class="muted">· ${KIND_LABEL[hit.kind]}</span><br /><span>${snippet(hit.snippet)}</span></li> `)}
          </ol>
          ${pager(null, d.next)}`;
  return layout({
    title: d.query ? `Search: ${d.query}` : 'Search',
    description: 'Full-text search of design-kb.',
    canonical: d.canonical,
    publicUrl: d.publicUrl,
    body: html`<h1>Search</h1>
      <form class="search" role="search" action="${d.publicUrl}/search" method="get">
        <label for="page-q">Search the knowledge base</label>
        <input id="page-q" type="search" name="q" value="${d.query}" />
        <button type="submit">Search</button>
      </form>
      ${results}`,
  });
}

export interface ComparisonView {
  algorithms: { slug: string; title: string }[];
  qualities: { slug: string; title: string }[];
  /** levels[algorithm][quality]: a level name, or null when not rated. */
  levels: (string | null)[][];
  chartSrc: string;
  chartAlt: string;
}

export function comparePage(d: {
  publicUrl: string;
  algorithms: string;
  qualities: string;
  view: ComparisonView | null;
  canonical: string;
}): string {
  const word = (level: string | null) => (level ? level.replace('_', ' ').toLowerCase() : 'not rated');
  const table = d.view
    ? html`<figure>
          <img src="${d.view.chartSrc}" alt="${d.view.chartAlt}" />
          <figcaption>
            Levels are amounts of a quality, not its goodness: a high training cost means expensive training.
          </figcaption>
        </figure>
        <div class="table-wrap">
          <table>
            <caption>
              Ratings side by side
            </caption>
            <thead>
              <tr>
                <th scope="col">Quality</th>
                ${d.view.algorithms.map((a) => html`<th scope="col"><a href="${d.publicUrl}/kb/${a.slug}">${a.title}</a></th>`)}
              </tr>
            </thead>
            <tbody>
              ${d.view.qualities.map(
                (q, qi) =>
                  html`<tr>
                    <th scope="row"><a href="${d.publicUrl}/kb/${q.slug}">${q.title}</a></th>
                    ${d.view?.algorithms.map((_a, ai) => html`<td>${word(d.view?.levels[ai]?.[qi] ?? null)}</td>`)}
                  </tr> `,
              )}
            </tbody>
          </table>
        </div>`
    : html`<p>
        Name two or more algorithms by slug, separated by commas (for example
        <code>decision-tree,random-forest</code>), and optionally the qualities to show.
      </p>`;
  return layout({
    title: 'Compare algorithms',
    description: 'ML algorithms compared on quality attributes.',
    canonical: d.canonical,
    publicUrl: d.publicUrl,
    body: html`<h1>Compare algorithms</h1>
      <form action="${d.publicUrl}/compare" method="get">
        <p>
          <label for="cmp-a">Algorithms</label><br /><input
            id="cmp-a"
            type="text"
            name="algorithms"
            value="${d.algorithms}"
            size="40"
          />
        </p>
        <p>
          <label for="cmp-q">Qualities (all rated ones when empty)</label><br /><input
            id="cmp-q"
            type="text"
            name="qualities"
            value="${d.qualities}"
            size="40"
          />
        </p>
        <p><button type="submit">Compare</button></p>
      </form>
      ${table}`,
  });
}

export function errorPage(publicUrl: string, status: number, message: string): string {
  const title = status === 404 ? 'Not found' : status === 400 ? 'Bad request' : 'Error';
  return layout({
    title,
    description: message,
    canonical: `${publicUrl}/kb`,
    publicUrl,
    body: html`<h1>${title}</h1>
      <p>${message}</p>
      <p><a href="${publicUrl}/kb">Browse the knowledge base</a> or search above.</p>`,
  });
}
