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
