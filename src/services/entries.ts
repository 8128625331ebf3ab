// Looking entries up (by slug, global id, kind) and listing them with per-kind filters.
import type { Db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { EntryKind } from '../generated/prisma/enums';
import type { ServiceContext } from './context';
import { badUserInput, type ArgumentPath, listAllowed } from '../errors';
import { fromGlobalId } from './ids';
import { paginateEntries, type PageArgs } from './pagination';
import { checkListLength, distinctList, LIST_LIMITS } from './arguments';
import type { EntryPage, EntryRow } from './types';

export const MAX_NODE_IDS = LIST_LIMITS.ids;

/** An entry's stable permalink (Entry.url), under the public base URL. */
export function permalink(publicUrl: string, slug: string): string {
  return `${publicUrl}/kb/${slug}`;
}

/** A kind as it appears in paths and URIs: `CASE_STUDY` → `case-study`. */
export function kindPath(kind: EntryKind): string {
  return kind.toLowerCase().replace(/_/g, '-');
}

/** The kinds, as they appear in paths and URIs. */
export const KIND_PATHS = Object.values(EntryKind).map(kindPath);

/** The kind a path segment names (`case-study` → `CASE_STUDY`); null for anything else. */
export function kindFromPath(path: string): EntryKind | null {
  return Object.values(EntryKind).find((kind) => kindPath(kind) === path) ?? null;
}

/** Kind, slug, title and summary of every entry, by kind and slug (for listings such as MCP resources). */
export function listEntryHeadings(db: Db) {
  return db.entry.findMany({
    select: { kind: true, slug: true, title: true, summary: true },
    orderBy: [{ kind: 'asc' }, { slug: 'asc' }],
  });
}

/** Up to `limit` slugs starting with `prefix`, optionally of one kind, in order (for completion). */
export async function slugsStartingWith(
  db: Db,
  prefix: string,
  kind: EntryKind | null,
  limit = 100,
): Promise<string[]> {
  const rows = await db.entry.findMany({
    where: { slug: { startsWith: prefix }, ...(kind && { kind }) },
    select: { slug: true },
    orderBy: { slug: 'asc' },
    take: limit,
  });
  return rows.map((row) => row.slug);
}

/** Any entry by slug, or null. */
export function entryBySlug(ctx: ServiceContext, slug: string): Promise<EntryRow | null> {
  return ctx.loaders.entryBySlug.load(slug);
}

/** The public fields of an entry by slug, for its permalink; null when the slug is unknown. */
export function findEntryBySlug(db: Db, slug: string) {
  return db.entry.findUnique({
    where: { slug },
    select: {
      slug: true,
      kind: true,
      title: true,
      summary: true,
      body: true,
      aliases: true,
      revision: true,
      updatedAt: true,
    },
  });
}

/** An entry of one kind by slug; null when the slug is unknown or names another kind. */
export async function entryOfKind(
  ctx: ServiceContext,
  kind: EntryKind,
  slug: string,
): Promise<EntryRow | null> {
  // A kind with detail fields reads the entry and its detail row in one statement.
  const withDetail = ctx.loaders.entryWithDetailBySlug.get(kind);
  if (withDetail) return withDetail.load(slug);
  const entry = await ctx.loaders.entryBySlug.load(slug);
  return entry?.kind === kind ? entry : null;
}

export async function nodeById(
  ctx: ServiceContext,
  globalId: string,
  path: ArgumentPath,
): Promise<EntryRow | null> {
  const parsed = fromGlobalId(globalId);
  if (!parsed) {
    throw badUserInput(`"${globalId}" is not a valid id; pass an id returned by this API.`, path);
  }
  const entry = await ctx.loaders.entryById.load(parsed.id);
  return entry?.kind === parsed.kind ? entry : null;
}

export function nodesByIds(ctx: ServiceContext, ids: readonly string[]): Promise<(EntryRow | null)[]> {
  // One answer per id asked for, in order (Relay); a repeated id is looked up once (the loader).
  checkListLength(ids.length, 'ids', ['ids']);
  return Promise.all(ids.map((id, i) => nodeById(ctx, id, ['ids', i])));
}

export function listEntries(
  ctx: ServiceContext,
  where: Prisma.EntryWhereInput,
  args: PageArgs,
): Promise<EntryPage> {
  return paginateEntries(ctx.db, where, args);
}

/** `entries(kinds:)`: entries of some kinds (all when none are given), paged. */
export function listEntriesOfKinds(
  ctx: ServiceContext,
  kindList: readonly EntryKind[] | null | undefined,
  args: PageArgs,
): Promise<EntryPage> {
  const kinds = distinctList(kindList, 'kinds', ['kinds']).values;
  return listEntries(ctx, kinds.length > 0 ? { kind: { in: kinds } } : {}, args);
}

const NOUNS: Partial<Record<EntryKind, [string, string]>> = {
  QUALITY: ['quality', 'qualities'],
  SCENARIO: ['scenario', 'scenarios'],
  ALGORITHM: ['algorithm', 'algorithms'],
};

/** BAD_USER_INPUT for a slug that names no entry of `kind`, listing the slugs that do. */
export async function unknownSlug(ctx: ServiceContext, kind: EntryKind, slug: string, path: ArgumentPath) {
  const valid = await ctx.db.entry.findMany({
    where: { kind },
    select: { slug: true },
    orderBy: { slug: 'asc' },
  });
  const [one, many] = NOUNS[kind] ?? [kind.toLowerCase(), `${kind.toLowerCase()} entries`];
  return badUserInput(
    `Unknown ${one} "${slug}". Valid ${many}: ${listAllowed(valid.map((entry) => entry.slug))}.`,
    path,
  );
}

/**
 * Database ids of qualities by slug, in the order given. Throws BAD_USER_INPUT naming the first
 * unknown slug (at `pathOf(index)`) and listing the valid ones.
 */
export async function qualityIds(
  ctx: ServiceContext,
  slugs: readonly string[],
  pathOf: (index: number) => ArgumentPath,
): Promise<string[]> {
  if (slugs.length === 0) return [];
  const entries = await Promise.all(slugs.map((slug) => ctx.loaders.entryBySlug.load(slug)));
  const unknown = entries.findIndex((entry) => entry?.kind !== 'QUALITY');
  if (unknown >= 0) throw await unknownSlug(ctx, 'QUALITY', slugs[unknown] ?? '', pathOf(unknown));
  return entries.map((entry) => (entry as EntryRow).id);
}

/** Entry filter for "promotes all of / inhibits all of" these qualities (styles and patterns). */
export async function effectFilters(
  ctx: ServiceContext,
  filter: { promotes?: readonly string[] | null; inhibits?: readonly string[] | null },
): Promise<Prisma.EntryWhereInput[]> {
  const promoted = distinctList(filter.promotes, 'promotes', ['where', 'promotes']);
  const inhibited = distinctList(filter.inhibits, 'inhibits', ['where', 'inhibits']);
  const promotes = await qualityIds(ctx, promoted.values, (i) => [
    'where',
    'promotes',
    promoted.indexes[i] ?? i,
  ]);
  const inhibits = await qualityIds(ctx, inhibited.values, (i) => [
    'where',
    'inhibits',
    inhibited.indexes[i] ?? i,
  ]);
  return [
    ...promotes.map((qualityId) => ({ effects: { some: { qualityId, effect: 'PROMOTES' as const } } })),
    ...inhibits.map((qualityId) => ({ effects: { some: { qualityId, effect: 'INHIBITS' as const } } })),
  ];
}

/** The entry with this id; a missing one is a dangling reference (a data-integrity failure). */
export async function entryById(ctx: ServiceContext, id: string): Promise<EntryRow> {
  const entry = await ctx.loaders.entryById.load(id);
  if (!entry) throw new Error(`dangling reference to entry ${id}`);
  return entry;
}

export function entriesByIds(ctx: ServiceContext, ids: readonly string[]): Promise<EntryRow[]> {
  return Promise.all(ids.map((id) => entryById(ctx, id)));
}

/** Entries of one kind, with the kind's filters already translated, paged. */
export function listOfKind(
  ctx: ServiceContext,
  kind: EntryKind,
  filters: readonly Prisma.EntryWhereInput[],
  page: PageArgs,
): Promise<EntryPage> {
  return listEntries(ctx, { AND: [{ kind }, ...filters] }, page);
}

/** How many entries each kind has (kinds without entries are left out). */
export async function countEntriesByKind(db: Db): Promise<{ kind: EntryKind; count: number }[]> {
  const groups = await db.entry.groupBy({ by: ['kind'], _count: { _all: true }, orderBy: { kind: 'asc' } });
  return groups.map((group) => ({ kind: group.kind, count: group._count._all }));
}
