// List arguments: every list a client can send has a maximum, and lists whose duplicates mean
// nothing are reduced to their distinct items, so the work a request causes follows what it
// actually asks for. One table serves the services, the MCP tools' schemas and the cost estimate.
import { badUserInput, type ArgumentPath } from '../errors';

/**
 * The most items each list argument may hold, by argument name (GraphQL's names; MCP tools map
 * theirs onto these). Duplicates are dropped before counting where they mean nothing.
 */
export const LIST_LIMITS = {
  /** compareAlgorithms(slugs:), compare_algorithms.algorithms: rows of a comparison. */
  slugs: 50,
  /** compareAlgorithms(qualities:): columns of a comparison. */
  qualities: 100,
  /** nodes(ids:). */
  ids: 100,
  /** entries(kinds:), search(kinds:): there are fewer kinds than this. */
  kinds: 20,
  /** algorithms(where: { satisfies }), recommendAlgorithms(input: { constraints }). */
  satisfies: 100,
  constraints: 100,
  /** recommendAlgorithms(input: { weights }). */
  weights: 100,
  /** recommendAlgorithms(input: { requires }). */
  requires: 100,
  /** recommendStyles/recommendPatterns(input: { promote, protect }), styles/patterns(where: { promotes, inhibits }). */
  promote: 100,
  protect: 100,
  promotes: 100,
  inhibits: 100,
} as const;

export type ListArgument = keyof typeof LIST_LIMITS;

/** The maximum of the list argument `name`, or undefined when `name` is not a list argument. */
export function listLimit(name: string): number | undefined {
  return Object.hasOwn(LIST_LIMITS, name) ? LIST_LIMITS[name as ListArgument] : undefined;
}

/** A list argument's distinct items, with where each was in the list as sent (for error paths). */
export interface Distinct<T> {
  values: T[];
  /** The index in the list as sent of `values[i]`. */
  indexes: number[];
}

/**
 * The distinct items of a list argument in first-seen order (`key` says when two are the same),
 * or BAD_USER_INPUT at `path` when more than its maximum remain.
 */
export function distinctList<T>(
  list: readonly T[] | null | undefined,
  name: ListArgument,
  path: ArgumentPath,
  key: (value: T) => unknown = (value) => value,
): Distinct<T> {
  const seen = new Set<unknown>();
  const result: Distinct<T> = { values: [], indexes: [] };
  (list ?? []).forEach((value, index) => {
    const k = key(value);
    if (seen.has(k)) return;
    seen.add(k);
    result.values.push(value);
    result.indexes.push(index);
  });
  checkListLength(result.values.length, name, path);
  return result;
}

/** BAD_USER_INPUT at `path` when a list argument holds more than its maximum. */
export function checkListLength(length: number, name: ListArgument, path: ArgumentPath): void {
  const max = LIST_LIMITS[name];
  if (length > max) {
    throw badUserInput(`\`${name}\` may hold at most ${max} distinct items; got ${length}.`, path);
  }
}

// A NUL byte, or half of a UTF-16 surrogate pair with no other half: neither can be stored in
// PostgreSQL text (nor encoded as UTF-8), so no argument may hold one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL cannot store this text, or null when it can. */
export function unstorableText(value: string): string | null {
  const nul = value.indexOf('\u0000');
  if (nul >= 0) return `contains a NUL character (U+0000) at position ${nul}`;
  const match = LONE_SURROGATE.exec(value);
  return match ? `contains a lone UTF-16 surrogate at position ${match.index}` : null;
}

/** The first string inside `value` (objects and lists, walked without recursion) that cannot be stored. */
export function findUnstorableText(
  value: unknown,
  path: ArgumentPath,
): { path: ArgumentPath; reason: string } | null {
  const pending: { value: unknown; path: ArgumentPath }[] = [{ value, path }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    if (typeof item.value === 'string') {
      const reason = unstorableText(item.value);
      if (reason) return { path: item.path, reason };
    } else if (Array.isArray(item.value)) {
      for (let i = item.value.length - 1; i >= 0; i -= 1) {
        pending.push({ value: item.value[i], path: [...item.path, i] });
      }
    } else if (item.value !== null && typeof item.value === 'object') {
      for (const [key, inner] of Object.entries(item.value).reverse()) {
        if (unstorableText(key)) return { path: item.path, reason: 'has a key that cannot be stored' };
        pending.push({ value: inner, path: [...item.path, key] });
      }
    }
  }
  return null;
}

/** BAD_USER_INPUT at the first string inside `value` that PostgreSQL cannot store. */
export function checkStorableText(value: unknown, path: ArgumentPath): void {
  const found = findUnstorableText(value, path);
  if (found) {
    throw badUserInput(
      `\`${describePath(found.path)}\` ${found.reason}, which text in this knowledge base cannot hold; remove it.`,
      found.path,
    );
  }
}

/** `input.constraints[0].quality` for ['input', 'constraints', 0, 'quality']. */
export function describePath(path: ArgumentPath): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}

/**
 * How deeply `value` nests objects and lists, counted without recursion and given up past
 * `limit` (so a value nested 10,000 deep costs `limit` steps down one branch at most).
 */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    if (item.value === null || typeof item.value !== 'object') continue;
    const depth = item.depth + 1;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const inner of Object.values(item.value)) pending.push({ value: inner, depth });
  }
  return deepest;
}
