// Full-text search over every entry: weighted fields, English stemming, web-search syntax, prefix
// matching for type-ahead, and typo tolerance through trigrams when full text finds too little.
// The vectors and indexes are maintained by the database (migration 20261129000000_search).
import type { Db } from '../db/client';
import { Prisma } from '../generated/prisma/client';
import type { EntryKind } from '../generated/prisma/enums';
import { badUserInput } from '../errors';
import { checkLimit, DEFAULT_PAGE_SIZE } from './pagination';
import type { EntryRow, PageInfo } from './types';

export const MAX_QUERY_LENGTH = 200;

/** Below this many full-text matches, close spellings of titles and aliases are added. */
const FUZZY_BELOW = 3;

/** The fields of an entry a match can come from, in the order of their weight. */
export type SearchField = 'TITLE' | 'ALIASES' | 'SUMMARY' | 'BODY' | 'DETAILS';

/**
 * How an entry matched: every term of the query, some of its terms (a loosely worded question),
 * or only a close spelling of its title or an alias (a typo).
 */
export type SearchMatch = 'ALL_TERMS' | 'SOME_TERMS' | 'FUZZY';

export interface SearchInput {
  query: string;
  kinds?: readonly EntryKind[] | null;
  first?: number | null;
  after?: string | null;
}

export interface SearchHighlight {
  field: SearchField;
  /** An excerpt of the field with the matched words between `**`. */
  snippet: string;
}

export interface SearchHit {
  entry: EntryRow;
  /** Higher is more relevant; comparable within one result list. */
  rank: number;
  match: SearchMatch;
  highlight: SearchHighlight;
  cursor: string;
}

export interface SearchFacet {
  kind: EntryKind;
  count: number;
}

export interface SearchPage {
  hits: SearchHit[];
  /** Matching entries of the requested kinds. */
  totalCount: number;
  /** Matching entries per kind, whatever `kinds` asked for, so a client can offer the others. */
  facets: SearchFacet[];
  pageInfo: PageInfo;
}

interface ParsedQuery {
  text: string;
  /** The query uses web-search operators: quotes, `-word`, `or`. */
  operators: boolean;
  /** Everything but the last word (plain queries only). */
  head: string;
  /** The last word as a prefix query, e.g. `heartb:*`; empty when the query ends in a space. */
  prefix: string;
}

const OPERATORS = /["]|(^|\s)-[\p{L}\p{N}]|(^|\s)or(\s|$)/iu;
/** A last word that can be a prefix: starts with a letter, stands alone (not `GPT-3`, not `2019`). */
const LAST_WORD = /(?<![\p{L}\p{N}\-'.])\p{L}[\p{L}\p{N}]*$/u;

function parseQuery(raw: string): ParsedQuery {
  const text = raw.trim();
  if (text.length === 0) throw badUserInput('`query` must contain at least one word.', ['query']);
  if (text.length > MAX_QUERY_LENGTH) {
    throw badUserInput(
      `\`query\` is ${text.length} characters long; at most ${MAX_QUERY_LENGTH} are allowed.`,
      ['query'],
    );
  }
  const operators = OPERATORS.test(text);
  const last = operators || /\s$/.test(raw) ? null : LAST_WORD.exec(text);
  return {
    text,
    operators,
    head: last ? text.slice(0, last.index) : text,
    prefix: last ? `${last[0].toLowerCase()}:*` : '',
  };
}

function encodeCursor(offset: number): string {
  return Buffer.from(`search:${offset}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^search:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw badUserInput(
      '`after` is not a cursor issued by `search`; pass an edge cursor or `pageInfo.endCursor`.',
      ['after'],
    );
  }
  return Number(match[1]) + 1;
}

interface HitRow {
  id: string;
  kind: EntryKind;
  slug: string;
  title: string;
  summary: string;
  body: string;
  aliases: string[];
  revision: number;
  contentHash: string;
  createdAt: Date;
  updatedAt: Date;
  match: SearchMatch;
  rank: number;
  field: SearchField;
  snippet: string;
}

interface CountRow {
  kind: EntryKind;
  count: number;
}

/**
 * The queries of one search, shared by its statements: `strict_q` needs every term (or follows the
 * web-search operators), `loose_q` any term. Ranking weights are D, C, B, A (body…title); rank
 * normalisation 1 divides by the log of the document length so long bodies do not win by size.
 */
function searchCte(q: ParsedQuery, kinds: readonly EntryKind[] | null): Prisma.Sql {
  const strict = q.operators
    ? Prisma.sql`websearch_to_tsquery('english', ${q.text})`
    : Prisma.sql`(plainto_tsquery('english', ${q.head}) && to_tsquery('english', ${q.prefix}))`;
  const loose = q.operators
    ? Prisma.sql`strict_q`
    : Prisma.sql`replace(strict_q::text, ' & ', ' | ')::tsquery`;
  const lowered = q.text.toLowerCase();
  const kindFilter = kinds ? Prisma.sql`kind::text = ANY(${kinds as string[]})` : Prisma.sql`TRUE`;
  return Prisma.sql`
    WITH strict AS (SELECT ${strict} AS strict_q),
    q AS (SELECT strict_q, ${loose} AS loose_q FROM strict),
    text_hits AS (
      SELECT e.id, e.kind, e.slug,
        CASE WHEN e.search_vector @@ q.strict_q THEN 'ALL_TERMS' ELSE 'SOME_TERMS' END AS match,
        ts_rank('{0.1, 0.2, 0.4, 1.0}', e.search_vector, q.loose_q, 1)
          + CASE WHEN e.search_vector @@ q.strict_q THEN 1 ELSE 0 END
          + 0.5 * (SELECT max(similarity(${lowered}, lower(name))) FROM unnest(e.title || e.aliases) name)
          AS rank
      FROM entry e, q
      WHERE e.search_vector @@ q.loose_q
    ),
    fuzzy_hits AS (
      SELECT f.entry_id AS id, e.kind, e.slug, 'FUZZY' AS match, f.similarity - 1 AS rank
      FROM kb_fuzzy_entries(${lowered}) f JOIN entry e ON e.id = f.entry_id
      WHERE ${!q.operators} AND (SELECT count(*) FROM text_hits) < ${FUZZY_BELOW}
        AND f.entry_id NOT IN (SELECT id FROM text_hits)
    ),
    hits AS (SELECT * FROM text_hits UNION ALL SELECT * FROM fuzzy_hits),
    wanted AS (SELECT * FROM hits WHERE ${kindFilter})`;
}

/** Searches the knowledge base; see the `search` field of the GraphQL schema for the contract. */
export async function searchEntries(db: Db, input: SearchInput): Promise<SearchPage> {
  const q = parseQuery(input.query);
  const first = checkLimit(input.first ?? DEFAULT_PAGE_SIZE, ['first']);
  const offset = input.after ? decodeCursor(input.after) : 0;
  const kinds = input.kinds && input.kinds.length > 0 ? input.kinds : null;
  const cte = searchCte(q, kinds);

  // search: one page of hits with the excerpt of the field that matched (computed for the page only)
  const rows = await db.$queryRaw<HitRow[]>`${cte}
    SELECT e.id, e.kind::text AS kind, e.slug, e.title, e.summary, e.body, e.aliases, e.revision,
      e.content_hash AS "contentHash", e.created_at AS "createdAt", e.updated_at AS "updatedAt",
      page.match, page.rank::float8 AS rank, x.field,
      CASE WHEN page.match = 'FUZZY' THEN x.plain
        ELSE ts_headline('english', x.plain, (SELECT loose_q FROM q),
          'StartSel=**, StopSel=**, MaxWords=28, MinWords=10, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "')
      END AS snippet
    FROM (
      SELECT * FROM wanted ORDER BY rank DESC, slug LIMIT ${first + 1} OFFSET ${offset}
    ) page
    JOIN entry e ON e.id = page.id
    CROSS JOIN LATERAL (
      SELECT field, plain FROM (VALUES
        (1, 'TITLE', e.title),
        (2, 'ALIASES', array_to_string(e.aliases, ', ')),
        (3, 'SUMMARY', e.summary),
        (4, 'BODY', e.body),
        (5, 'DETAILS', e.detail_text)
      ) AS f(position, field, plain)
      WHERE plain <> '' AND CASE WHEN page.match = 'FUZZY'
        THEN position <= 2 AND word_similarity(${q.text.toLowerCase()}, lower(plain)) >= 0.45
        ELSE to_tsvector('english', plain) @@ (SELECT loose_q FROM q) END
      -- The field with every term when there is one, else the weightiest field with some.
      ORDER BY page.match <> 'FUZZY' AND to_tsvector('english', plain) @@ (SELECT strict_q FROM q) DESC,
        position
      LIMIT 1
    ) x
    ORDER BY page.rank DESC, page.slug`;

  // search: totals per kind (facets ignore `kinds`), from the same CTE
  const counts = await db.$queryRaw<CountRow[]>`${cte}
    SELECT kind::text AS kind, count(*)::int AS count FROM hits GROUP BY kind ORDER BY count DESC, kind`;

  const hasNextPage = rows.length > first;
  const page = rows.slice(0, first);
  const hits = page.map((row, index): SearchHit => {
    const { match, rank, field, snippet, ...entry } = row;
    return {
      entry,
      rank,
      match,
      // Adjacent matches ("GPT" and "-3") come back as **GPT****-3**: one bold run reads better.
      highlight: { field, snippet: snippet.replaceAll('****', '') },
      cursor: encodeCursor(offset + index),
    };
  });
  const facets = counts.map((row) => ({ kind: row.kind, count: Number(row.count) }));
  const totalCount = facets
    .filter((facet) => !kinds || kinds.includes(facet.kind))
    .reduce((sum, facet) => sum + facet.count, 0);
  return {
    hits,
    totalCount,
    facets,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: offset > 0,
      startCursor: hits[0]?.cursor ?? null,
      endCursor: hits[hits.length - 1]?.cursor ?? null,
    },
  };
}
