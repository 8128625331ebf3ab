// Type-ahead: names of entries that start like what has been typed, from the search vocabulary
// in memory (titles before aliases, whole names before word starts), typo-tolerant.
import { distinctList } from './arguments';
import type { Db } from '../db/client';
import type { EntryKind } from '../generated/prisma/enums';
import { badUserInput } from '../errors';
import { allowedEdits, namesStartingWith, nameWordsNear, searchVocabulary } from './search-vocabulary';

export const MAX_PREFIX_LENGTH = 100;
export const MAX_SUGGESTIONS = 20;
const DEFAULT_SUGGESTIONS = 8;

export interface SuggestInput {
  prefix: string;
  kinds?: readonly EntryKind[] | null;
  first?: number | null;
}

export interface SuggestionResult {
  text: string;
  field: 'TITLE' | 'ALIASES';
  fuzzy: boolean;
  slug: string;
  kind: EntryKind;
  title: string;
}

interface Candidate {
  entry: number;
  alias: number;
  /** Lower is better: title start 0, alias start 1, title word 2, alias word 3, fuzzy +4. */
  order: number;
  length: number;
}

export async function suggestEntries(
  db: Db,
  input: SuggestInput,
  revision?: bigint,
): Promise<SuggestionResult[]> {
  const prefix = input.prefix.trim().toLowerCase().replace(/\s+/g, ' ');
  if (prefix.length === 0) throw badUserInput('`prefix` must contain at least one character.', ['prefix']);
  if (prefix.length > MAX_PREFIX_LENGTH) {
    throw badUserInput(`\`prefix\` is longer than ${MAX_PREFIX_LENGTH} characters.`, ['prefix']);
  }
  const first = input.first ?? DEFAULT_SUGGESTIONS;
  if (!Number.isInteger(first) || first < 1 || first > MAX_SUGGESTIONS) {
    throw badUserInput(`\`first\` must be between 1 and ${MAX_SUGGESTIONS}; got ${first}.`, ['first']);
  }
  const distinctKinds = distinctList(input.kinds, 'kinds', ['kinds']).values;
  const kinds = distinctKinds.length > 0 ? new Set(distinctKinds) : null;
  const vocabulary = await searchVocabulary(db, revision);

  const best = new Map<number, Candidate>();
  const consider = (entry: number, alias: number, order: number) => {
    const named = vocabulary.entries[entry];
    if (!named || (kinds && !kinds.has(named.kind))) return;
    const name = alias < 0 ? named.title : (named.aliases[alias] ?? named.title);
    const candidate = { entry, alias, order, length: name.length };
    const previous = best.get(entry);
    if (!previous || order < previous.order || (order === previous.order && name.length < previous.length)) {
      best.set(entry, candidate);
    }
  };
  for (const key of namesStartingWith(vocabulary, prefix)) {
    consider(key.entry, key.alias, (key.start === 0 ? 0 : 2) + (key.alias < 0 ? 0 : 1));
  }
  // Only the last word may be unfinished; close spellings of it, after the words before it.
  const words = prefix.split(' ');
  const last = words[words.length - 1] ?? '';
  const edits = allowedEdits(last);
  if (best.size < first && edits > 0) {
    const head = words.slice(0, -1).join(' ');
    for (const word of nameWordsNear(vocabulary, last, edits)) {
      for (const key of namesStartingWith(vocabulary, head ? `${head} ${word}` : word)) {
        consider(key.entry, key.alias, 4 + (key.start === 0 ? 0 : 2) + (key.alias < 0 ? 0 : 1));
      }
    }
  }
  return [...best.values()]
    .sort((a, b) => a.order - b.order || a.length - b.length || a.entry - b.entry)
    .slice(0, first)
    .map((candidate) => {
      const named = vocabulary.entries[candidate.entry] as (typeof vocabulary.entries)[number];
      return {
        text: candidate.alias < 0 ? named.title : (named.aliases[candidate.alias] ?? named.title),
        field: candidate.alias < 0 ? 'TITLE' : 'ALIASES',
        fuzzy: candidate.order >= 4,
        slug: named.slug,
        kind: named.kind,
        title: named.title,
      };
    });
}
