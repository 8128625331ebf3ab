// The routes readers and course tools use: permalinks by content negotiation (HTML, JSON,
// Markdown, CSL-JSON, BibTeX, RIS, formatted bibliographies), index, kind, search and compare
// pages, embeddable cards and oEmbed, SVG charts, and the stylesheet. Everything is read through
// the services and the request's loaders; responses carry an ETag and answer 304 when unchanged.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Config } from '../config';
import { ErrorCode } from '../errors';
import type { Reference } from '../generated/prisma/client';
import type { EntryKind } from '../generated/prisma/enums';
import { PROJECT_ROOT } from '../paths';
import type { Context } from '../server/context';
import { noteErrorCode } from '../server/observation';
import {
  CITATION_STYLES,
  EXPORT_FORMATS,
  entryItem,
  exportItems,
  formatBibliography,
  referenceItem,
  styleFromName,
  type CitationStyleName,
  type ExportFormat,
} from '../services/citation-export';
import { countEntriesByKind, kindFromPath, listEntries, permalink } from '../services/entries';
import { KIND_LABEL } from '../kinds';
import { entryMarkdown, type MarkdownVariant } from '../services/markdown';
import { searchEntries } from '../services/search';
import type { EntryRow } from '../services/types';
import { comparison, entryChart } from './chart-data';
import { renderSvg } from './charts';
import { embedFor } from './embed';
import {
  STYLESHEET_PATH,
  cardPage,
  comparePage,
  entryPage,
  errorPage,
  kindListPage,
  kindsIndexPage,
  searchPage,
} from './pages';

const STYLESHEET = fs.readFileSync(path.join(PROJECT_ROOT, 'src', 'web', 'assets', 'kb.css'), 'utf8');

/** Pages load nothing but their own stylesheet and images; no script runs, nothing frames them. */
const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'self'";

function cardCsp(config: Config): string {
  const ancestors = config.embedOrigins === '*' ? '*' : config.embedOrigins.join(' ') || "'none'";
  return `default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors ${ancestors}`;
}

/** A client error answered as JSON (one shape for every route) or as an HTML page. */
class WebError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly argument?: string,
  ) {
    super(message);
  }
}

const badParameter = (argument: string, message: string) =>
  new WebError(400, ErrorCode.BAD_USER_INPUT, message, argument);
const notFound = (message: string) => new WebError(404, ErrorCode.NOT_FOUND, message);

/** HTML for a browser; JSON for everyone else. A card (framed, so a browser) prefers HTML. */
function wantsHtml(req: Request): boolean {
  const offers = req.path.startsWith('/embed/')
    ? ['text/html', 'application/json']
    : ['application/json', 'text/html'];
  return req.accepts(offers) === 'text/html';
}

function sendError(req: Request, res: Response, ctx: Context, error: WebError): void {
  noteErrorCode(res, error.code);
  res.status(error.status);
  res.setHeader('Cache-Control', 'no-store');
  if (wantsHtml(req)) {
    res.setHeader('Content-Security-Policy', req.path.startsWith('/embed/') ? cardCsp(ctx.config) : PAGE_CSP);
    if (req.path.startsWith('/embed/')) res.removeHeader('X-Frame-Options');
    res.type('html').send(errorPage(ctx.publicUrl, error.status, error.message));
    return;
  }
  res.json({
    errors: [
      {
        message: error.message,
        extensions: { code: error.code, ...(error.argument && { argumentPath: [error.argument] }) },
      },
    ],
  });
}

/** A service's BAD_USER_INPUT as a WebError naming the query parameter; anything else unchanged. */
function fromServiceError(error: unknown, rename: Record<string, string> = {}): unknown {
  if (!(error instanceof GraphQLError)) return error;
  const code = error.extensions.code;
  if (code !== ErrorCode.BAD_USER_INPUT) return error;
  const pathOf = error.extensions.argumentPath;
  const first = Array.isArray(pathOf) && typeof pathOf[0] === 'string' ? pathOf[0] : 'query';
  const argument = rename[first] ?? first;
  return badParameter(
    argument,
    rename[first] ? error.message.replaceAll(`\`${first}\``, `\`${argument}\``) : error.message,
  );
}

/** One value of a query parameter; repeated or missing → null or a 400. */
function single(req: Request, name: string): string | null {
  const value = req.query[name];
  if (value === undefined) return null;
  if (typeof value !== 'string') throw badParameter(name, `\`${name}\` must be given once, as text.`);
  return value;
}

/** A comma-separated list parameter (or the parameter repeated): trimmed, empty parts dropped. */
function list(req: Request, name: string): string[] | null {
  const value = req.query[name];
  if (value === undefined) return null;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) =>
    typeof v === 'string' ? v.split(',') : [],
  );
  const items = parts.map((p) => p.trim()).filter(Boolean);
  for (const item of items) {
    if (!/^[a-z0-9][a-z0-9-]{0,127}$/.test(item)) {
      throw badParameter(
        name,
        `\`${name}\` holds slugs (lowercase letters, digits, hyphens); got "${item.slice(0, 60)}".`,
      );
    }
  }
  return items;
}

function positiveInt(req: Request, name: string): number | null {
  const value = single(req, name);
  if (value === null || value === '') return null;
  if (!/^\d{1,6}$/.test(value))
    throw badParameter(name, `\`${name}\` must be a positive integer; got "${value.slice(0, 40)}".`);
  return Number(value);
}

/** `?variant=reader` (or `full`, the default) on a Markdown rendering; anything else is a 400. */
function markdownVariant(req: Request): MarkdownVariant {
  onlyParameters(req, ['variant']);
  const value = single(req, 'variant');
  if (value === null || value === 'full') return 'FULL';
  if (value === 'reader') return 'READER';
  throw badParameter('variant', `\`variant\` must be full or reader; got "${value.slice(0, 40)}".`);
}

/** Refuses query parameters a route does not know, so a typo is not silently ignored. */
function onlyParameters(req: Request, allowed: readonly string[]): void {
  const unknown = Object.keys(req.query).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw badParameter(
      unknown,
      `Unknown query parameter \`${unknown.slice(0, 40)}\`; this address takes ${allowed.length ? allowed.map((a) => `\`${a}\``).join(', ') : 'none'}.`,
    );
  }
}

/**
 * Whether If-None-Match names this ETag (weak comparison, RFC 9110). Express's `req.fresh` answers
 * no whenever the request says `Cache-Control: no-cache`, which fetch() adds to every conditional
 * request; an origin server may still answer 304 then.
 */
function notModified(req: Request, etag: string): boolean {
  const header = req.header('if-none-match');
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

function etagOf(...parts: (string | number | bigint)[]): string {
  return `"${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 27)}"`;
}

/**
 * Sends a representation with caching headers: public for CACHE_MAX_AGE seconds, then
 * revalidated by ETag; a matching If-None-Match gets 304 without a body.
 */
function sendCached(
  req: Request,
  res: Response,
  ctx: Context,
  etag: string,
  type: string,
  body: string,
): void {
  res.setHeader('ETag', etag);
  res.setHeader(
    'Cache-Control',
    ctx.config.cacheMaxAge > 0 ? `public, max-age=${ctx.config.cacheMaxAge}` : 'public, no-cache',
  );
  if (notModified(req, etag)) {
    res.status(304).end();
    return;
  }
  res.type(type).send(body);
}

/** What `/kb/<slug>` can answer with, in order of preference for a client that accepts anything. */
const PERMALINK_TYPES = [
  'application/json',
  'text/html',
  'text/markdown',
  EXPORT_FORMATS.csl,
  EXPORT_FORMATS.bibtex,
  EXPORT_FORMATS.ris,
  'text/x-bibliography',
] as const;

type Representation =
  | { kind: 'json' | 'html' | 'markdown' }
  | { kind: 'export'; format: ExportFormat }
  | { kind: 'bibliography'; style: CitationStyleName };

/** The representation the Accept header asks for; null when none can be given (406). */
function negotiate(req: Request): Representation | null {
  // `text/x-bibliography; style=ieee`: Negotiator matches parameters exactly, so the style asked
  // for is offered back as a type of its own.
  const styleParam = /text\/x-bibliography\s*;[^,]*\bstyle\s*=\s*"?([\w-]+)"?/i.exec(
    req.header('accept') ?? '',
  )?.[1];
  const offers = [...PERMALINK_TYPES, ...(styleParam ? [`text/x-bibliography; style=${styleParam}`] : [])];
  const chosen = req.accepts(offers);
  if (chosen === false) return null;
  switch (chosen) {
    case 'application/json':
      return { kind: 'json' };
    case 'text/html':
      return { kind: 'html' };
    case 'text/markdown':
      return { kind: 'markdown' };
    case EXPORT_FORMATS.csl:
      return { kind: 'export', format: 'csl' };
    case EXPORT_FORMATS.bibtex:
      return { kind: 'export', format: 'bibtex' };
    case EXPORT_FORMATS.ris:
      return { kind: 'export', format: 'ris' };
    default: {
      const name = chosen.startsWith('text/x-bibliography; style=') ? (styleParam ?? 'apa') : 'apa';
      const style = styleFromName(name === 'chicago-author-date' ? 'chicago' : name);
      if (!style) {
        throw badParameter(
          'style',
          `Unknown bibliography style "${name.slice(0, 40)}"; styles: ${Object.keys(CITATION_STYLES)
            .map((s) => s.toLowerCase())
            .join(', ')}.`,
        );
      }
      return { kind: 'bibliography', style };
    }
  }
}

/** The public JSON of a permalink (today's shape). */
function entryJson(entry: EntryRow) {
  const { slug, kind, title, summary, body, aliases, revision, updatedAt } = entry;
  return { slug, kind, title, summary, body, aliases, revision, updatedAt };
}

async function entryOrNotFound(ctx: Context, slug: string): Promise<EntryRow> {
  const entry = await ctx.loaders.entryBySlug.load(slug);
  if (!entry) throw notFound(`No entry has slug "${slug.slice(0, 128)}".`);
  return entry;
}

async function referenceRow(ctx: Context, entry: EntryRow): Promise<Reference | null> {
  return entry.kind === 'REFERENCE' ? ctx.loaders.reference.load(entry.id) : null;
}

/**
 * The CSL items an entry exports: a reference is the work itself; any other entry is the page
 * (permalink, title, revision, date) followed by every reference it cites.
 */
async function citationItems(ctx: Context, entry: EntryRow) {
  const own = await referenceRow(ctx, entry);
  if (own) return [referenceItem(entry, own, ctx.publicUrl)];
  const ids = (await ctx.loaders.referenceIdsByEntry.load(entry.id)).map((row) => row.reference_id);
  const [entries, references] = await Promise.all([
    ctx.loaders.entryById.loadMany(ids),
    ctx.loaders.reference.loadMany(ids),
  ]);
  const cited = ids.flatMap((_id, i) => {
    const e = entries[i];
    const r = references[i];
    return e && r && !(e instanceof Error) && !(r instanceof Error)
      ? [referenceItem(e, r, ctx.publicUrl)]
      : [];
  });
  return [entryItem(entry, ctx.publicUrl), ...cited];
}

/** The citation shown under "How to cite": the work for a reference, the page otherwise (APA). */
async function ownCitation(ctx: Context, entry: EntryRow): Promise<string> {
  const own = await referenceRow(ctx, entry);
  const item = own ? referenceItem(entry, own, ctx.publicUrl) : entryItem(entry, ctx.publicUrl);
  return (await formatBibliography([item], 'APA')).trim();
}

const SCHEMA_TYPE: Record<EntryKind, 'LearningResource' | 'DefinedTerm' | 'ScholarlyArticle'> = {
  ALGORITHM: 'LearningResource',
  PATTERN: 'LearningResource',
  STYLE: 'LearningResource',
  SCENARIO: 'LearningResource',
  CASE_STUDY: 'LearningResource',
  TRADEOFF: 'DefinedTerm',
  QUALITY: 'DefinedTerm',
  COMPONENT: 'DefinedTerm',
  CONSTRAINT_TYPE: 'DefinedTerm',
  CONCEPT: 'DefinedTerm',
  CHALLENGE: 'DefinedTerm',
  MODEL: 'DefinedTerm',
  REFERENCE: 'ScholarlyArticle',
  DECISION_RECORD: 'LearningResource',
};

async function jsonLd(ctx: Context, entry: EntryRow, items: Awaited<ReturnType<typeof citationItems>>) {
  const url = permalink(ctx.publicUrl, entry.slug);
  const type = SCHEMA_TYPE[entry.kind];
  const common = {
    '@context': 'https://schema.org',
    '@type': type,
    '@id': url,
    url,
    name: entry.title,
    description: entry.summary,
    version: String(entry.revision),
    dateModified: entry.updatedAt.toISOString(),
    isPartOf: { '@type': 'WebSite', name: 'design-kb', url: `${ctx.publicUrl}/kb` },
  };
  if (type === 'ScholarlyArticle') {
    const reference = await referenceRow(ctx, entry);
    return {
      ...common,
      headline: entry.title,
      author: (reference?.authors ?? []).map((name) => ({
        '@type': reference?.organisationAuthors.includes(name) ? 'Organization' : 'Person',
        name,
      })),
      ...(reference?.year != null && { datePublished: String(reference.year) }),
      ...(reference?.doi && { sameAs: `https://doi.org/${reference.doi}` }),
    };
  }
  const citation = items.slice(1).map((item) => ({
    '@type': 'CreativeWork',
    name: item.title,
    ...(typeof item.URL === 'string' && { url: item.URL }),
  }));
  if (type === 'DefinedTerm') {
    return {
      ...common,
      termCode: entry.slug,
      inDefinedTermSet: { '@type': 'DefinedTermSet', name: `design-kb: ${KIND_LABEL[entry.kind]}` },
      ...(citation.length > 0 && { subjectOf: citation }),
    };
  }
  return {
    ...common,
    learningResourceType: KIND_LABEL[entry.kind],
    educationalLevel: 'university',
    ...(citation.length > 0 && { citation }),
  };
}

/**
 * Where a page's own chart is loaded from: a path on the server that serves the page (the CSP
 * allows images from 'self', which PUBLIC_URL may not be when a proxy or another name is used).
 */
function chartPath(slug: string): string {
  return `/kb/${encodeURIComponent(slug)}/chart.svg`;
}

function oembedUrl(ctx: Context, slug: string): string {
  return `${ctx.publicUrl}/oembed?url=${encodeURIComponent(permalink(ctx.publicUrl, slug))}&format=json`;
}

/** The card's key fields, by kind. */
async function cardFields(ctx: Context, entry: EntryRow): Promise<[string, string][]> {
  switch (entry.kind) {
    case 'ALGORITHM': {
      const a = await ctx.loaders.algorithm.load(entry.id);
      return a
        ? [
            ['Family', a.family],
            ['Tasks', a.tasks.join(', ')],
          ].filter((f): f is [string, string] => Boolean(f[1]))
        : [];
    }
    case 'QUALITY': {
      const q = await ctx.loaders.quality.load(entry.id);
      return q
        ? [
            ['Category', q.category.toLowerCase().replace(/_/g, ' ')],
            ['Polarity', q.polarity === 'HIGHER_IS_BETTER' ? 'higher is better' : 'lower is better'],
          ]
        : [];
    }
    case 'PATTERN': {
      const p = await ctx.loaders.pattern.load(entry.id);
      return p?.intent ? [['Intent', p.intent]] : [];
    }
    case 'REFERENCE':
      return [['Cite as', await ownCitation(ctx, entry)]];
    case 'DECISION_RECORD': {
      const d = await ctx.loaders.decisionRecord.load(entry.id);
      return d ? [['Decision', d.chosenOption]] : [];
    }
    case 'STYLE':
    case 'SCENARIO':
    case 'CASE_STUDY':
    case 'TRADEOFF':
    case 'COMPONENT':
    case 'CONSTRAINT_TYPE':
    case 'CONCEPT':
    case 'CHALLENGE':
    case 'MODEL':
      return [];
  }
}

export interface WebDeps {
  contextOf: (res: Response) => Context;
}

export function webRouter({ contextOf }: WebDeps): express.Router {
  const router = express.Router();

  /** Runs a handler; client errors become 400/404/406 responses, the rest go to the app's handler. */
  const handle =
    (
      handler: (req: Request, res: Response, ctx: Context) => Promise<void>,
      rename?: Record<string, string>,
    ) =>
    async (req: Request, res: Response) => {
      const ctx = contextOf(res);
      try {
        await handler(req, res, ctx);
      } catch (error) {
        const mapped = fromServiceError(error, rename);
        if (mapped instanceof WebError) sendError(req, res, ctx, mapped);
        else throw mapped;
      }
    };

  const htmlPage = (res: Response) => {
    res.setHeader('Content-Security-Policy', PAGE_CSP);
  };

  router.get(STYLESHEET_PATH, (req, res) => {
    const etag = etagOf('css', STYLESHEET);
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    if (notModified(req, etag)) {
      res.status(304).end();
      return;
    }
    res.type('text/css; charset=utf-8').send(STYLESHEET);
  });

  // An entry as Markdown (Entry.markdown), for LLM context windows and reading.
  router.get(
    '/kb/:slug.md',
    handle(async (req, res, ctx) => {
      const variant = markdownVariant(req);
      const entry = await entryOrNotFound(ctx, req.params.slug as string);
      const revision = await ctx.loaders.contentRevision();
      sendCached(
        req,
        res,
        ctx,
        etagOf('md', variant, entry.slug, entry.revision, revision, ctx.publicUrl),
        'text/markdown; charset=utf-8',
        await entryMarkdown(ctx, entry, variant),
      );
    }),
  );

  const exportRoute = (format: ExportFormat) =>
    handle(async (req, res, ctx) => {
      onlyParameters(req, []);
      const entry = await entryOrNotFound(ctx, req.params.slug as string);
      const revision = await ctx.loaders.contentRevision();
      const items = await citationItems(ctx, entry);
      sendCached(
        req,
        res,
        ctx,
        etagOf(format, entry.slug, entry.revision, revision),
        `${EXPORT_FORMATS[format]}; charset=utf-8`,
        await exportItems(items, format),
      );
    });
  router.get('/kb/:slug.bib', exportRoute('bibtex'));
  router.get('/kb/:slug.ris', exportRoute('ris'));
  router.get('/kb/:slug.csl.json', exportRoute('csl'));

  router.get(
    '/kb/:slug/chart.svg',
    handle(async (req, res, ctx) => {
      onlyParameters(req, []);
      const entry = await entryOrNotFound(ctx, req.params.slug as string);
      const chart = await entryChart(ctx, entry);
      if (!chart)
        throw notFound(
          `"${entry.slug}" has no chart: only algorithms with ratings and patterns or styles with quality effects do.`,
        );
      const revision = await ctx.loaders.contentRevision();
      sendCached(
        req,
        res,
        ctx,
        etagOf('chart', entry.slug, entry.revision, revision),
        'image/svg+xml; charset=utf-8',
        await renderSvg(chart, ctx.lane),
      );
    }),
  );

  router.get(
    '/kb',
    handle(async (req, res, ctx) => {
      onlyParameters(req, []);
      const revision = await ctx.loaders.contentRevision();
      const kinds = await countEntriesByKind(ctx.db);
      htmlPage(res);
      sendCached(
        req,
        res,
        ctx,
        etagOf('kb', revision, ctx.publicUrl),
        'html',
        kindsIndexPage(ctx.publicUrl, kinds),
      );
    }),
  );

  router.get(
    '/kb/kind/:kind',
    handle(
      async (req, res, ctx) => {
        onlyParameters(req, ['after', 'before', 'first']);
        const kind = kindFromPath(req.params.kind as string);
        if (!kind) throw notFound(`No kind is called "${String(req.params.kind).slice(0, 40)}".`);
        const after = single(req, 'after');
        const before = single(req, 'before');
        const first = positiveInt(req, 'first') ?? 50;
        const page = await listEntries(ctx, { kind }, before ? { last: first, before } : { first, after });
        const [total, revision] = await Promise.all([page.totalCount, ctx.loaders.contentRevision()]);
        const base = `${ctx.publicUrl}/kb/kind/${String(req.params.kind)}`;
        const sized = first === 50 ? '' : `&first=${first}`;
        const next =
          page.pageInfo.hasNextPage && page.pageInfo.endCursor
            ? `${base}?after=${encodeURIComponent(page.pageInfo.endCursor)}${sized}`
            : null;
        const previous =
          page.pageInfo.hasPreviousPage && page.pageInfo.startCursor
            ? `${base}?before=${encodeURIComponent(page.pageInfo.startCursor)}${sized}`
            : null;
        htmlPage(res);
        sendCached(
          req,
          res,
          ctx,
          etagOf('kind', kind, revision, req.originalUrl, ctx.publicUrl),
          'html',
          kindListPage({
            publicUrl: ctx.publicUrl,
            kind,
            items: page.nodes,
            total,
            next,
            previous,
            canonical: base,
          }),
        );
      },
      { first: 'first', after: 'after', before: 'before', last: 'first' },
    ),
  );

  router.get(
    '/search',
    handle(
      async (req, res, ctx) => {
        onlyParameters(req, ['q', 'kind', 'after']);
        const query = (single(req, 'q') ?? '').trim();
        const kindName = single(req, 'kind');
        const kind = kindName ? kindFromPath(kindName) : null;
        if (kindName && !kind) throw badParameter('kind', `Unknown kind "${kindName.slice(0, 40)}".`);
        const after = single(req, 'after');
        const revision = await ctx.loaders.contentRevision();
        const found = query
          ? await searchEntries(ctx.db, { query, kinds: kind ? [kind] : null, first: 20, after }, revision)
          : null;
        const base = `${ctx.publicUrl}/search?q=${encodeURIComponent(query)}${kindName ? `&kind=${encodeURIComponent(kindName)}` : ''}`;
        const next =
          found?.pageInfo.hasNextPage && found.pageInfo.endCursor
            ? `${base}&after=${encodeURIComponent(found.pageInfo.endCursor)}`
            : null;
        htmlPage(res);
        sendCached(
          req,
          res,
          ctx,
          etagOf('search', revision, req.originalUrl, ctx.publicUrl),
          'html',
          searchPage({
            publicUrl: ctx.publicUrl,
            query,
            hits: (found?.hits ?? []).map((hit) => ({
              slug: hit.entry.slug,
              title: hit.entry.title,
              kind: hit.entry.kind,
              snippet: hit.highlight.snippet,
            })),
            total: found?.totalCount ?? 0,
            didYouMean: found?.didYouMean ?? null,
            next,
            canonical: base,
          }),
        );
      },
      { query: 'q' },
    ),
  );

  const compareArgs = (req: Request) => {
    onlyParameters(req, ['algorithms', 'qualities']);
    const algorithms = list(req, 'algorithms');
    const qualities = list(req, 'qualities');
    return { algorithms, qualities: qualities && qualities.length > 0 ? qualities : null };
  };
  const COMPARE_NAMES = { slugs: 'algorithms', qualities: 'qualities' };

  router.get(
    '/compare',
    handle(async (req, res, ctx) => {
      const { algorithms, qualities } = compareArgs(req);
      const revision = await ctx.loaders.contentRevision();
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      const result =
        algorithms && algorithms.length > 0 ? await comparison(ctx, algorithms, qualities) : null;
      htmlPage(res);
      sendCached(
        req,
        res,
        ctx,
        etagOf('compare', revision, req.originalUrl, ctx.publicUrl),
        'html',
        comparePage({
          publicUrl: ctx.publicUrl,
          algorithms: (algorithms ?? []).join(','),
          qualities: (qualities ?? []).join(','),
          canonical: `${ctx.publicUrl}/compare${query}`,
          view: result && {
            algorithms: result.algorithms,
            qualities: result.qualities,
            levels: result.levels,
            chartSrc: `/compare.svg${query}`,
            chartAlt: result.chart.description,
          },
        }),
      );
    }, COMPARE_NAMES),
  );

  router.get(
    '/compare.svg',
    handle(async (req, res, ctx) => {
      const { algorithms, qualities } = compareArgs(req);
      if (!algorithms || algorithms.length === 0) {
        throw badParameter('algorithms', '`algorithms` is required: algorithm slugs separated by commas.');
      }
      const revision = await ctx.loaders.contentRevision();
      const result = await comparison(ctx, algorithms, qualities);
      sendCached(
        req,
        res,
        ctx,
        etagOf('compare.svg', revision, req.originalUrl),
        'image/svg+xml; charset=utf-8',
        await renderSvg(result.chart, ctx.lane),
      );
    }, COMPARE_NAMES),
  );

  router.get(
    '/embed/:slug',
    handle(async (req, res, ctx) => {
      onlyParameters(req, []);
      const entry = await entryOrNotFound(ctx, req.params.slug as string);
      const [revision, chart, fields] = await Promise.all([
        ctx.loaders.contentRevision(),
        entryChart(ctx, entry),
        cardFields(ctx, entry),
      ]);
      // Framable by the origins EMBED_ORIGINS names; no cookies are ever set.
      res.removeHeader('X-Frame-Options');
      res.setHeader('Content-Security-Policy', cardCsp(ctx.config));
      sendCached(
        req,
        res,
        ctx,
        etagOf('card', entry.slug, entry.revision, revision, ctx.publicUrl),
        'html',
        cardPage({
          publicUrl: ctx.publicUrl,
          kind: entry.kind,
          title: entry.title,
          summary: entry.summary,
          permalink: permalink(ctx.publicUrl, entry.slug),
          fields,
          chart: chart && { src: chartPath(entry.slug), alt: chart.description },
        }),
      );
    }),
  );

  router.get(
    '/oembed',
    handle(
      async (req, res, ctx) => {
        onlyParameters(req, ['url', 'maxwidth', 'maxheight', 'format']);
        const format = single(req, 'format') ?? 'json';
        if (format === 'xml') {
          throw new WebError(501, 'NOT_IMPLEMENTED', 'Only format=json is implemented.', 'format');
        }
        if (format !== 'json')
          throw badParameter('format', `\`format\` must be json; got "${format.slice(0, 20)}".`);
        const url = single(req, 'url');
        if (!url)
          throw badParameter(
            'url',
            '`url` is required: the permalink of an entry, such as /kb/random-forest.',
          );
        let parsed: URL;
        try {
          parsed = new URL(url);
        } catch {
          throw badParameter('url', `\`url\` must be an absolute URL; got "${url.slice(0, 80)}".`);
        }
        const maxWidth = positiveInt(req, 'maxwidth');
        const maxHeight = positiveInt(req, 'maxheight');
        // The permalink under the public URL, or under the address this request came to.
        const origins = new Set([
          new URL(ctx.publicUrl).origin,
          `${req.protocol}://${req.get('host') ?? ''}`,
        ]);
        const slug = /^\/kb\/([^/]+)$/.exec(parsed.pathname)?.[1];
        if (!origins.has(parsed.origin) || !slug)
          throw notFound(`"${url.slice(0, 120)}" is not a design-kb permalink.`);
        const entry = await entryOrNotFound(ctx, decodeURIComponent(slug));
        const embed = embedFor(
          ctx.publicUrl,
          entry,
          { maxWidth, maxHeight },
          { maxWidth: 'maxwidth', maxHeight: 'maxheight' },
        );
        const revision = await ctx.loaders.contentRevision();
        const body = {
          type: 'rich',
          version: '1.0',
          title: entry.title,
          provider_name: 'design-kb',
          provider_url: `${ctx.publicUrl}/kb`,
          cache_age: Math.max(ctx.config.cacheMaxAge, 60),
          html: embed.html,
          width: embed.width,
          height: embed.height,
        };
        sendCached(
          req,
          res,
          ctx,
          etagOf('oembed', entry.slug, entry.revision, revision, req.originalUrl),
          'application/json; charset=utf-8',
          JSON.stringify(body),
        );
      },
      { maxwidth: 'maxwidth', maxheight: 'maxheight' },
    ),
  );

  // The permalink of an entry (Entry.url), by content negotiation.
  router.get(
    '/kb/:slug',
    handle(async (req, res, ctx) => {
      res.vary('Accept');
      const representation = negotiate(req);
      if (!representation) {
        throw new WebError(
          406,
          'NOT_ACCEPTABLE',
          `The permalink is served as ${PERMALINK_TYPES.join(', ')} (text/x-bibliography takes style=apa|ieee|chicago|harvard).`,
        );
      }
      const entry = await entryOrNotFound(ctx, req.params.slug as string);
      const revision = await ctx.loaders.contentRevision();
      const tag = (variant: string) => etagOf(variant, entry.slug, entry.revision, revision, ctx.publicUrl);
      switch (representation.kind) {
        case 'json':
          sendCached(
            req,
            res,
            ctx,
            tag('json'),
            'application/json; charset=utf-8',
            JSON.stringify(entryJson(entry)),
          );
          return;
        case 'markdown': {
          const variant = markdownVariant(req);
          sendCached(
            req,
            res,
            ctx,
            tag(`md-${variant}`),
            'text/markdown; charset=utf-8',
            await entryMarkdown(ctx, entry, variant),
          );
          return;
        }
        case 'export':
          sendCached(
            req,
            res,
            ctx,
            tag(representation.format),
            `${EXPORT_FORMATS[representation.format]}; charset=utf-8`,
            await exportItems(await citationItems(ctx, entry), representation.format),
          );
          return;
        case 'bibliography': {
          const text = await formatBibliography(await citationItems(ctx, entry), representation.style);
          sendCached(
            req,
            res,
            ctx,
            tag(`bib-${representation.style}`),
            `text/x-bibliography; style=${representation.style.toLowerCase()}; charset=utf-8`,
            text,
          );
          return;
        }
        case 'html': {
          const [markdown, chart, items, citation] = await Promise.all([
            entryMarkdown(ctx, entry, 'READER'),
            entryChart(ctx, entry),
            citationItems(ctx, entry),
            ownCitation(ctx, entry),
          ]);
          const page = entryPage({
            publicUrl: ctx.publicUrl,
            slug: entry.slug,
            kind: entry.kind,
            title: entry.title,
            summary: entry.summary,
            revision: entry.revision,
            updatedAt: entry.updatedAt,
            permalink: permalink(ctx.publicUrl, entry.slug),
            markdown,
            chart: chart && { src: chartPath(entry.slug), alt: chart.description, caption: chart.title },
            citation,
            embedHtml: embedFor(ctx.publicUrl, entry, {}).html,
            oembedUrl: oembedUrl(ctx, entry.slug),
            jsonLd: await jsonLd(ctx, entry, items),
          });
          htmlPage(res);
          sendCached(req, res, ctx, tag('html'), 'html', page);
          return;
        }
      }
    }),
  );

  return router;
}
