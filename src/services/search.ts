// Full-text search over every entry: weighted fields, English stemming, web-search syntax, prefix
// matching for type-ahead, and typo tolerance through trigrams when full text finds too little.
// The vectors and indexes are maintained by the database (migration 20261129000000_search).
import type { Db } from '../db/client';
import { Prisma } from '../generated/prisma/client';
import type { EntryKind } from '../generated/prisma/enums';
import { badUserInput } from '../errors';
import { checkLimit, DEFAULT_PAGE_SIZE } from './pagination';
import { distinctList } from './arguments';
import {
  closestNameWord,
  namesStartingWith,
  searchVocabulary,
  wordsOf,
  type Vocabulary,
} from './search-vocabulary';
import type { EntryRow, PageInfo } from './types';

export const MAX_QUERY_LENGTH = 200;

/**
 * Below this many matches with every term, matches with some terms are added; below this many
 * of either, close spellings of titles, aliases and search terms.
 */
const TOO_FEW = 3;

/**
 * Below this many matches in titles and aliases, summaries are searched; below this many in either,
 * bodies and detail text.
 */
const BODY_BELOW = 20;

/**
 * Entries with only some of the terms are a fallback for loosely worded questions; in a large
 * knowledge base a common word in such a question matches thousands. At most this many are
 * ranked per tier, so the fallback costs a bounded time.
 */
const SOME_TERMS_CAP = 300;

/**
 * Of the entries with every term only in their bodies and details, at most this many are ranked
 * by their whole text: ranking reads the whole vector, and a common pair of words can match
 * thousands of long texts. Those that share the most words with the query in their titles and
 * summaries are ranked; the rest follow them, in that order, still counted and reachable.
 */
const BODY_RANKED = 100;

/** What naming an entry's kind adds to its rank ("heartbeat tactic"): less than a tier's gap. */
const KIND_BONUS = 0.45;

/**
 * What a reference gives up against a knowledge entry of the same name ("The Netflix Prize", the
 * case study and the paper): a source comes after what it is a source for, unless the query asks
 * for a paper or a book.
 */
const SOURCE_PENALTY = 0.1;

/** Words that name a kind of entry rather than a topic: "observer pattern", "heartbeat tactic". */
const KIND_WORDS: Record<string, EntryKind> = {
  pattern: 'PATTERN',
  patterns: 'PATTERN',
  tactic: 'PATTERN',
  tactics: 'PATTERN',
  style: 'STYLE',
  styles: 'STYLE',
  algorithm: 'ALGORITHM',
  algorithms: 'ALGORITHM',
  quality: 'QUALITY',
  qualities: 'QUALITY',
  scenario: 'SCENARIO',
  tradeoff: 'TRADEOFF',
  component: 'COMPONENT',
  concept: 'CONCEPT',
  challenge: 'CHALLENGE',
  paper: 'REFERENCE',
  book: 'REFERENCE',
};

/** The word similarity kb_fuzzy_entries accepts (migration 20261129000000_search). */
const FUZZY_THRESHOLD = 0.45;

/**
 * The fields of an entry a match can come from, in the order of their weight. Aliases and search
 * terms weigh the same (B) but are told apart, so a phrasing is never presented as a name.
 */
export type SearchField = 'TITLE' | 'ALIASES' | 'SEARCH_TERMS' | 'SUMMARY' | 'BODY' | 'DETAILS';

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
  /** The query with its misspelt words corrected, when the results are for that query. */
  didYouMean: string | null;
  /** The two sides of a comparison ("X vs Y"), when the query is one. */
  comparing: [string, string] | null;
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

interface Row {
  /** Matches per kind, on every row (the only row when the page is empty). */
  facets: { kind: EntryKind; count: number }[] | null;
  id: string | null;
  kind: EntryKind;
  slug: string;
  title: string;
  summary: string;
  body: string;
  aliases: string[];
  searchPhrases: string[];
  revision: number;
  contentHash: string;
  createdAt: Date;
  updatedAt: Date;
  match: SearchMatch;
  rank: number;
  field: SearchField;
  snippet: string;
}

const HEADLINE_OPTIONS =
  'StartSel=**, StopSel=**, MaxWords=28, MinWords=10, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "';

/**
 * One statement: the matches, their facets, and one page with the excerpt of the field that matched,
 * run by the database function kb_search (migration 20261201050000_search_function), whose plan
 * is made once per connection.
 *
 * `strict_q` needs every term (or follows the web-search operators), `loose_q` any term. Results
 * come in tiers, each looked at only when the ones before found too little, so a common word
 * never makes a search read every long vector:
 *   1. every term in the title or aliases (the small `name_vector`);
 *   2. every term in the summary too (`head_vector`), when tier 1 has fewer than BODY_BELOW;
 *      then in bodies and detail text (`search_vector`), when tiers 1-2 have fewer than BODY_BELOW
 *      (BODY_RANKED of them ranked by their whole text, the rest after them);
 *   3. some terms in the head, then 4. some terms anywhere, when tiers 1-2 have fewer than TOO_FEW
 *      (at most SOME_TERMS_CAP candidates each);
 *   5. close spellings of titles and aliases (trigrams), when tiers 1-4 have fewer than TOO_FEW.
 * Tiers are 2 apart. Within a tier, relevance is 0 to 1.95: ts_rank with weights D, C, B, A
 * (body … title) and normalisation 1 (divided by the log of the length, so long texts do not win
 * by size), at most 1; plus 0.5 when the title is the query, 0.4 when an alias or a search term
 * is, 0.25 when the title starts with it (Heartbeat outranks a trade-off titled "… (heartbeat)",
 * and Observer is the answer to "pub-sub"); plus KIND_BONUS for the kind the query named
 * ("observer pattern"), minus SOURCE_PENALTY for a reference. No bonus lifts an entry over a tier.
 * (String comparisons: a trigram similarity per row would dominate when a word is common.) The
 * field that matched is read off the stored vector's weights, so excerpts cost one ts_headline
 * per row shown. The last word counts as a prefix only when the words as typed match nothing:
 * type-ahead (`heartb`) still works, and a finished query does not pay for expanding a common prefix.
 */
function searchStatement(
  q: ParsedQuery,
  kinds: readonly EntryKind[] | null,
  prefer: readonly EntryKind[],
  limit: number,
  offset: number,
  narrow: boolean,
): Prisma.Sql {
  // search: matches, facets and one page of results
  return Prisma.sql`
    SELECT facets, id, kind, slug, title, summary, body, aliases, search_phrases AS "searchPhrases",
      revision, content_hash AS "contentHash", created_at AS "createdAt", updated_at AS "updatedAt",
      match, rank, field, snippet
    FROM kb_search(
      ${q.text}, ${q.text.toLowerCase()}, ${q.head}, ${q.prefix}, ${q.operators},
      ${kinds ? [...kinds] : null}::text[], ${narrow}, ${[...prefer]}::text[], ${limit}::int, ${offset}::int,
      ${TOO_FEW}::int, ${BODY_BELOW}::int, ${BODY_RANKED}::int, ${SOME_TERMS_CAP}::int,
      ${KIND_BONUS}::float8, ${SOURCE_PENALTY}::float8, ${FUZZY_THRESHOLD}::float8, ${HEADLINE_OPTIONS})`;
}

/** What one search statement is asked for. */
interface Scope {
  kinds: readonly EntryKind[] | null;
  first: number;
  offset: number;
  /** Kinds the query named ("observer pattern"), ranked higher. */
  prefer: readonly EntryKind[];
  /**
   * Only entries of `kinds` with every term: no facets of other kinds, no fallback to some terms
   * or close spellings (a search beside the one asked for).
   */
  narrow: boolean;
}

/** One search statement's page of results, for the query as parsed. */
async function runSearch(db: Db, q: ParsedQuery, scope: Scope): Promise<SearchPage> {
  const { kinds, first, offset } = scope;
  const rows = await db.$queryRaw<Row[]>(
    searchStatement(q, kinds, scope.prefer, first + 1, offset, scope.narrow),
  );

  const facets = (rows[0]?.facets ?? []).map((facet) => ({ kind: facet.kind, count: facet.count }));
  const found = rows.filter((row) => row.id !== null);
  const hits = found.slice(0, first).map((row, index): SearchHit => {
    const { facets: _facets, match, rank, field, snippet, ...entry } = row;
    return {
      entry: { ...entry, id: row.id as string },
      rank,
      match,
      // Adjacent matches ("GPT" and "-3") come back as **GPT****-3**: one bold run reads better.
      highlight: { field, snippet: snippet.replaceAll('****', '') },
      cursor: encodeCursor(offset + index),
    };
  });
  const totalCount = facets
    .filter((facet) => !kinds || kinds.includes(facet.kind))
    .reduce((sum, facet) => sum + facet.count, 0);
  return {
    hits,
    totalCount,
    facets,
    pageInfo: {
      hasNextPage: found.length > first,
      hasPreviousPage: offset > 0,
      startCursor: hits[0]?.cursor ?? null,
      endCursor: hits[hits.length - 1]?.cursor ?? null,
    },
    didYouMean: null,
    comparing: null,
  };
}

/** "X vs Y", "X versus Y", "X or Y", "X compared to Y": two things to find side by side. */
const COMPARISON = /^(.+?)\s+(?:vs\.?|versus|or|compared\s+(?:to|with))\s+(.+?)\s*\??$/iu;

function comparedTerms(raw: string): [string, string] | null {
  const text = raw.trim();
  if (/["]|(^|\s)-[\p{L}\p{N}]/u.test(text)) return null;
  const match = COMPARISON.exec(text);
  if (!match?.[1] || !match[2]) return null;
  const sides: [string, string] = [match[1].trim(), match[2].trim()];
  // "X or Y or Z" and "either or" are web-search alternatives, not a comparison of two things.
  if (sides.some((side) => wordsOf(side).length === 0 || /(^|\s)or(\s|$)/iu.test(side))) return null;
  return sides;
}

/**
 * The query with each word that no entry uses, in any field, replaced by the closest word of a
 * title or an alias; null when nothing needs correcting. A last word that starts a name is left
 * alone: it is type-ahead, not a typo.
 */
async function correctedQuery(db: Db, vocabulary: Vocabulary, q: ParsedQuery): Promise<string | null> {
  const words = wordsOf(q.text);
  const last = q.prefix === '' ? null : words[words.length - 1];
  const suspects = [...new Set(words)].filter(
    (word) =>
      !vocabulary.nameWords.has(word) &&
      closestNameWord(vocabulary, word) !== null &&
      !(word === last && namesStartingWith(vocabulary, word).length > 0),
  );
  if (suspects.length === 0) return null;
  // search: stemmed forms of the words that may be misspelt (stop words have none)
  const stems = await db.$queryRaw<{ word: string; lexemes: string[] }[]>(Prisma.sql`
    SELECT w AS word, tsvector_to_array(to_tsvector('english', w)) AS lexemes
    FROM unnest(${suspects}::text[]) AS w`);
  const unknown = new Set(
    stems
      .filter(
        (row) => row.lexemes.length > 0 && row.lexemes.every((lexeme) => !vocabulary.lexemes.has(lexeme)),
      )
      .map((row) => row.word),
  );
  if (unknown.size === 0) return null;
  return q.text.replace(/[\p{L}\p{N}]+/gu, (word) => {
    const lowered = word.toLowerCase();
    return unknown.has(lowered) ? (closestNameWord(vocabulary, lowered) ?? word) : word;
  });
}

/**
 * A plain query that names a kind besides its topic ("observer pattern", "case study of Twitter"):
 * the topic words, and the kinds to prefer. Null when the words are a name themselves ("design
 * patterns") or nothing but kind words.
 */
function kindHint(vocabulary: Vocabulary, q: ParsedQuery): { text: string; prefer: EntryKind[] } | null {
  if (q.operators) return null;
  const text = q.text
    .replace(/\btrade-offs?\b/giu, 'tradeoff')
    .replace(/\bcase stud(?:y|ies)\b/giu, 'casestudy');
  const words = wordsOf(text);
  const prefer = new Set<EntryKind>();
  const topic = words.filter((word) => {
    const kind = word === 'casestudy' ? 'CASE_STUDY' : KIND_WORDS[word];
    if (kind) prefer.add(kind);
    return !kind;
  });
  if (prefer.size === 0 || topic.length === 0) return null;
  if (namesStartingWith(vocabulary, q.text.toLowerCase()).length > 0) return null;
  return { text: topic.join(' '), prefer: [...prefer] };
}

/** One query, corrected when that finds what the words as typed cannot. */
async function searchOne(
  db: Db,
  vocabulary: Vocabulary,
  text: string,
  scope: Omit<Scope, 'prefer'>,
): Promise<SearchPage> {
  const typed = parseQuery(text);
  const hint = kindHint(vocabulary, typed);
  const q = hint ? parseQuery(hint.text) : typed;
  const hinted = { ...scope, prefer: hint?.prefer ?? [] };
  const corrected = q.operators ? null : await correctedQuery(db, vocabulary, q);
  if (corrected !== null) {
    const page = await runSearch(db, parseQuery(corrected), hinted);
    // Every result matched a close spelling of what was typed, not the words themselves.
    if (page.hits.length > 0 || scope.offset > 0) {
      return {
        ...page,
        hits: page.hits.map((hit) => ({ ...hit, match: 'FUZZY' })),
        didYouMean: hint ? typed.text.replace(q.text, corrected) : corrected,
      };
    }
  }
  const page = await runSearch(db, q, hinted);
  // A topic that matches nothing on its own is searched with the kind words as typed.
  return hint && page.hits.length === 0 && scope.offset === 0
    ? runSearch(db, typed, { ...scope, prefer: [] })
    : page;
}

/**
 * Both sides of a comparison, alternating (the best of each first), with a trade-off that names
 * both after the first pair. Counts add up each side's matches.
 */
async function searchComparison(
  db: Db,
  vocabulary: Vocabulary,
  sides: [string, string],
  kinds: readonly EntryKind[] | null,
  first: number,
  offset: number,
): Promise<SearchPage> {
  const needed = offset + first + 1;
  const [left, right] = await Promise.all(
    sides.map((side) =>
      searchOne(db, vocabulary, side, { kinds, first: needed, offset: 0, narrow: false }),
    ) as [Promise<SearchPage>, Promise<SearchPage>],
  );
  const between =
    kinds && !kinds.includes('TRADEOFF')
      ? []
      : (
          await searchOne(db, vocabulary, `${sides[0]} ${sides[1]}`, {
            kinds: ['TRADEOFF'],
            first: 2,
            offset: 0,
            narrow: true,
          })
        ).hits.filter((hit) => hit.match === 'ALL_TERMS');
  const merged: SearchHit[] = [];
  const seen = new Set<string>();
  const take = (hit: SearchHit | undefined) => {
    if (hit && !seen.has(hit.entry.slug)) {
      seen.add(hit.entry.slug);
      merged.push(hit);
    }
  };
  for (let i = 0; i < Math.max(left.hits.length, right.hits.length); i++) {
    take(left.hits[i]);
    take(right.hits[i]);
    if (i === 0) between.forEach(take);
  }
  // Ranks follow the alternating order, so "higher is better" holds within the list.
  const hits = merged.slice(offset, offset + first).map((hit, index) => ({
    ...hit,
    rank: (merged.length - offset - index) / merged.length,
    cursor: encodeCursor(offset + index),
  }));
  const counts = new Map<EntryKind, number>();
  for (const facet of [...left.facets, ...right.facets]) {
    counts.set(facet.kind, (counts.get(facet.kind) ?? 0) + facet.count);
  }
  const facets = [...counts]
    .map(([kind, count]) => ({ kind, count }))
    .sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : 1));
  const corrections = [left.didYouMean ?? sides[0], right.didYouMean ?? sides[1]];
  return {
    hits,
    totalCount: facets
      .filter((facet) => !kinds || kinds.includes(facet.kind))
      .reduce((sum, facet) => sum + facet.count, 0),
    facets,
    pageInfo: {
      hasNextPage: merged.length > offset + first,
      hasPreviousPage: offset > 0,
      startCursor: hits[0]?.cursor ?? null,
      endCursor: hits[hits.length - 1]?.cursor ?? null,
    },
    didYouMean: left.didYouMean || right.didYouMean ? `${corrections[0]} vs ${corrections[1]}` : null,
    comparing: sides,
  };
}

/**
 * Searches the knowledge base; see the `search` field of the GraphQL schema for the contract.
 * `revision` is the content revision when the caller has read it (the vocabulary is kept per revision).
 */
export async function searchEntries(db: Db, input: SearchInput, revision?: bigint): Promise<SearchPage> {
  parseQuery(input.query);
  const first = checkLimit(input.first ?? DEFAULT_PAGE_SIZE, ['first']);
  const offset = input.after ? decodeCursor(input.after) : 0;
  const distinctKinds = distinctList(input.kinds, 'kinds', ['kinds']).values;
  const kinds = distinctKinds.length > 0 ? distinctKinds : null;
  const vocabulary = await searchVocabulary(db, revision);
  const sides = comparedTerms(input.query);
  if (sides) return searchComparison(db, vocabulary, sides, kinds, first, offset);
  return searchOne(db, vocabulary, input.query, { kinds, first, offset, narrow: false });
}
