// What search knows of the knowledge base's own words, loaded once per content revision and kept
// in memory: every entry's title and aliases (for type-ahead suggestions), every word they and the
// entries' search terms use (for correcting a misspelt word of a query), plus every stemmed word of
// any field (to tell a misspelling from a word the knowledge base simply uses elsewhere). Search
// terms are phrasings ("notice a server went down"), not names: type-ahead never offers them.
import { distance } from 'fastest-levenshtein';
import type { Db } from '../db/client';
import { Prisma } from '../generated/prisma/client';
import type { EntryKind } from '../generated/prisma/enums';
import { currentRevision } from './content-revision';

export interface NamedEntry {
  slug: string;
  kind: EntryKind;
  title: string;
  aliases: string[];
  searchPhrases: string[];
}

/** One name (a title or an alias) of an entry, lower-cased, for prefix look-ups. */
interface NameKey {
  /** The name from `start` on: the whole name, or from the start of one of its words. */
  key: string;
  entry: number;
  /** -1 for the title, else the index of the alias. */
  alias: number;
  /** Where in the name `key` starts (0: the name's start). */
  start: number;
}

export interface Vocabulary {
  revision: bigint;
  entries: NamedEntry[];
  /** Every name and every word start of a name, sorted by `key`. */
  keys: NameKey[];
  /** Words of titles, aliases and search terms, with how many names and terms use them. */
  nameWords: Map<string, number>;
  /** Stemmed words (lexemes) of every field of every entry. */
  lexemes: Set<string>;
}

const WORD = /[\p{L}\p{N}]+/gu;

export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

const cache = new WeakMap<Db, { revision: bigint; vocabulary: Promise<Vocabulary> }>();

async function load(db: Db): Promise<Vocabulary> {
  const [revisionRows, names, lexemeRows] = await db.$transaction(
    [
      db.$queryRaw<{ revision: bigint }[]>`SELECT revision FROM kb_state WHERE id = 1`,
      // searchVocabulary: names
      db.$queryRaw<NamedEntry[]>(Prisma.sql`
        SELECT slug, kind::text AS kind, title, aliases, search_phrases AS "searchPhrases"
        FROM entry ORDER BY slug`),
      // searchVocabulary: lexemes
      db.$queryRaw<{ word: string }[]>(
        Prisma.sql`SELECT word FROM ts_stat('SELECT search_vector FROM entry')`,
      ),
    ],
    { isolationLevel: 'RepeatableRead' },
  );
  const keys: NameKey[] = [];
  const nameWords = new Map<string, number>();
  const countWord = (word: string) => nameWords.set(word, (nameWords.get(word) ?? 0) + 1);
  names.forEach((entry, index) => {
    [entry.title, ...entry.aliases].forEach((name, position) => {
      const lowered = name.toLowerCase();
      for (const match of lowered.matchAll(WORD)) {
        const start = match.index;
        keys.push({ key: lowered.slice(start), entry: index, alias: position - 1, start });
        countWord(match[0]);
      }
    });
    for (const phrase of entry.searchPhrases) wordsOf(phrase).forEach(countWord);
  });
  keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    revision: revisionRows[0]?.revision ?? 0n,
    entries: names,
    keys,
    nameWords,
    lexemes: new Set(lexemeRows.map((row) => row.word)),
  };
}

/** The vocabulary of the current content revision (cached; none loaded when the revision is known). */
export async function searchVocabulary(db: Db, revision?: bigint): Promise<Vocabulary> {
  const current = revision ?? (await currentRevision(db));
  const cached = cache.get(db);
  if (cached && cached.revision === current) return cached.vocabulary;
  const vocabulary = load(db);
  cache.set(db, { revision: current, vocabulary });
  vocabulary.catch(() => cache.delete(db));
  return vocabulary;
}

/** The first index in the sorted keys whose key is not below `prefix`. */
function lowerBound(keys: NameKey[], prefix: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((keys[middle] as NameKey).key < prefix) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Names (whole or from a word on) that start with `prefix`, in key order. */
export function namesStartingWith(vocabulary: Vocabulary, prefix: string): NameKey[] {
  const found: NameKey[] = [];
  for (let i = lowerBound(vocabulary.keys, prefix); i < vocabulary.keys.length; i++) {
    const key = vocabulary.keys[i] as NameKey;
    if (!key.key.startsWith(prefix)) break;
    found.push(key);
  }
  return found;
}

/** How many edits a word of this length may be from the word meant: none below 4 letters. */
export function allowedEdits(word: string): number {
  if (word.length < 4) return 0;
  return word.length < 8 ? 1 : 2;
}

/**
 * The word of titles, aliases and search terms closest to `word` within its allowed edits (the more common one
 * on a tie), or null. A correction must keep the first letter unless it is one edit away.
 */
export function closestNameWord(vocabulary: Vocabulary, word: string): string | null {
  const limit = allowedEdits(word);
  if (limit === 0) return null;
  let best: { word: string; edits: number; uses: number } | null = null;
  for (const [candidate, uses] of vocabulary.nameWords) {
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const edits = distance(word, candidate);
    if (edits === 0 || edits > limit) continue;
    if (edits > 1 && candidate[0] !== word[0]) continue;
    if (
      !best ||
      edits < best.edits ||
      (edits === best.edits && (uses > best.uses || (uses === best.uses && candidate < best.word)))
    ) {
      best = { word: candidate, edits, uses };
    }
  }
  return best?.word ?? null;
}

/** Words starting within `edits` edits of `prefix` (compared over the prefix's length). */
export function nameWordsNear(vocabulary: Vocabulary, prefix: string, edits: number): string[] {
  const near: string[] = [];
  for (const candidate of vocabulary.nameWords.keys()) {
    if (candidate.length < prefix.length - edits) continue;
    const head = candidate.slice(0, prefix.length);
    if (head !== prefix && distance(prefix, head) <= edits) near.push(candidate);
  }
  return near.sort();
}
