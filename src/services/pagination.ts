// Relay connections over entries with keyset cursors: stable under inserts, O(page) per request.
import type { Db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { badUserInput } from '../errors';
import { unstorableText } from './arguments';
import type { EntryPage, EntryRow } from './types';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export type OrderField = 'TITLE' | 'SLUG' | 'UPDATED_AT';
export type Direction = 'ASC' | 'DESC';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  orderBy?: { field: OrderField; direction?: Direction | null } | null;
}

const COLUMN = { TITLE: 'title', SLUG: 'slug', UPDATED_AT: 'updatedAt' } as const;

interface CursorKey {
  /** The order field the cursor was issued for. */
  f: OrderField;
  /** The row's value of that field (ISO string for timestamps). */
  v: string;
  /** The row's slug: the tie-breaker. */
  s: string;
}

function encodeCursor(field: OrderField, row: EntryRow): string {
  const value = field === 'UPDATED_AT' ? row.updatedAt.toISOString() : row[COLUMN[field]];
  const key: CursorKey = { f: field, v: value, s: row.slug };
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, field: OrderField, argument: 'after' | 'before'): CursorKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  const k = key as Partial<CursorKey> | null;
  if (!k || typeof k.v !== 'string' || typeof k.s !== 'string' || typeof k.f !== 'string') {
    throw badUserInput(
      `\`${argument}\` is not a valid cursor; pass a cursor from a previous page's pageInfo or edges.`,
      [argument],
    );
  }
  if (unstorableText(k.v) || unstorableText(k.s) || (k.f === 'UPDATED_AT' && Number.isNaN(Date.parse(k.v)))) {
    throw badUserInput(
      `\`${argument}\` is not a valid cursor; pass a cursor from a previous page's pageInfo or edges.`,
      [argument],
    );
  }
  if (k.f !== field) {
    throw badUserInput(
      `\`${argument}\` was issued for ordering by ${k.f}, but this request orders by ${field}; use the same orderBy on every page.`,
      [argument],
    );
  }
  return k as CursorKey;
}

/** A list limit between 1 and MAX_PAGE_SIZE, or BAD_USER_INPUT at `path`. */
export function checkLimit(value: number, path: readonly (string | number)[]): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badUserInput(
      `\`${String(path[path.length - 1])}\` must be between 1 and ${MAX_PAGE_SIZE}; got ${value}.`,
      path,
    );
  }
  return value;
}

/** A page size is 1 to MAX_PAGE_SIZE, as the schema documents (`totalCount` is there with `first: 1`). */
function checkSize(value: number | null | undefined, argument: 'first' | 'last'): void {
  if (value === null || value === undefined) return;
  checkLimit(value, [argument]);
}

/** Rows strictly beyond the cursor in the given direction of travel. */
function beyond(field: OrderField, key: CursorKey, ascending: boolean): Prisma.EntryWhereInput {
  const op = ascending ? 'gt' : 'lt';
  const value = field === 'UPDATED_AT' ? new Date(key.v) : key.v;
  if (field === 'SLUG') return { slug: { [op]: key.s } };
  const column = COLUMN[field];
  return {
    OR: [{ [column]: { [op]: value } }, { [column]: value, slug: { [op]: key.s } }],
  };
}

export function validatePageArgs(args: PageArgs): void {
  checkSize(args.first, 'first');
  checkSize(args.last, 'last');
  if (args.first != null && args.last != null) {
    throw badUserInput('Pass either `first` or `last`, not both.', ['last']);
  }
}

/** One page of the entries matching `where`, ordered and bounded by the Relay arguments. */
export async function paginateEntries(
  db: Db,
  where: Prisma.EntryWhereInput,
  args: PageArgs,
): Promise<EntryPage> {
  validatePageArgs(args);
  const field = args.orderBy?.field ?? 'TITLE';
  const ascending = (args.orderBy?.direction ?? 'ASC') === 'ASC';
  const bounds: Prisma.EntryWhereInput[] = [];
  if (args.after) bounds.push(beyond(field, decodeCursor(args.after, field, 'after'), ascending));
  if (args.before) bounds.push(beyond(field, decodeCursor(args.before, field, 'before'), !ascending));

  const backwards = args.last != null && args.first == null;
  const size = (backwards ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
  // Walking backwards reads the page in reverse order, then flips it.
  const travel = ascending !== backwards ? 'asc' : 'desc';
  const rows = await db.entry.findMany({
    where: bounds.length > 0 ? { AND: [where, ...bounds] } : where,
    orderBy: [{ [COLUMN[field]]: travel }, { slug: travel }],
    take: size + 1,
  });
  const more = rows.length > size;
  const page = rows.slice(0, size);
  if (backwards) page.reverse();

  const edges = page.map((node) => ({ cursor: encodeCursor(field, node), node }));
  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage: backwards ? args.before != null : more,
      hasPreviousPage: backwards ? more : args.after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      return db.entry.count({ where });
    },
  };
}
