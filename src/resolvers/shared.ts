// Helpers shared by the resolver files: common Entry fields, detail rows, per-kind list fields.
import type DataLoader from 'dataloader';
import type { EntryKind, Prisma } from '../generated/prisma/client';
import type { Context } from '../server/context';
import { entryOfKind, listEntries, permalink } from '../services/entries';
import { entryMarkdown } from '../services/markdown';
import { toGlobalId } from '../services/ids';
import type { PageArgs } from '../services/pagination';
import type { EntryRow, RelatedRow } from '../services/types';
import { embedFor, type EmbedLimits } from '../web/embed';

/** The GraphQL type of each kind of entry. */
export const TYPE_OF_KIND = {
  QUALITY: 'Quality',
  ALGORITHM: 'Algorithm',
  PATTERN: 'Pattern',
  STYLE: 'Style',
  SCENARIO: 'Scenario',
  CASE_STUDY: 'CaseStudy',
  TRADEOFF: 'Tradeoff',
  COMPONENT: 'Component',
  CONSTRAINT_TYPE: 'ConstraintType',
  CONCEPT: 'Concept',
  CHALLENGE: 'DesignChallenge',
  MODEL: 'MlModel',
  REFERENCE: 'Reference',
} as const satisfies Record<EntryKind, string>;

/** The kind's detail row; a missing one is a data-integrity failure, not a user error. */
export async function detailOf<T>(loader: DataLoader<string, T | null>, entry: EntryRow): Promise<T> {
  const detail = await loader.load(entry.id);
  if (!detail) throw new Error(`entry "${entry.slug}" (${entry.kind}) has no detail row`);
  return detail;
}

export async function entryById(ctx: Context, id: string): Promise<EntryRow> {
  const entry = await ctx.loaders.entryById.load(id);
  if (!entry) throw new Error(`dangling reference to entry ${id}`);
  return entry;
}

export function entriesByIds(ctx: Context, ids: readonly string[]): Promise<EntryRow[]> {
  return Promise.all(ids.map((id) => entryById(ctx, id)));
}

/** Resolvers of the fields every entry type shares (the rest are plain columns). */
export const entryFields = {
  id: (entry: EntryRow) => toGlobalId(entry.kind, entry.id),
  url: (entry: EntryRow, _args: unknown, ctx: Context) => permalink(ctx.publicUrl, entry.slug),
  markdown: (entry: EntryRow, _args: unknown, ctx: Context) => entryMarkdown(ctx, entry),
  embed: (entry: EntryRow, args: EmbedLimits, ctx: Context) => embedFor(ctx.publicUrl, entry, args),
  citations: (entry: EntryRow, _args: unknown, ctx: Context) => ctx.loaders.citationsByEntry.load(entry.id),
  references: async (entry: EntryRow, _args: unknown, ctx: Context) =>
    entriesByIds(
      ctx,
      (await ctx.loaders.referenceIdsByEntry.load(entry.id)).map((row) => row.reference_id),
    ),
  related: async (
    entry: EntryRow,
    args: { kind?: RelatedRow['kind'] | null },
    ctx: Context,
  ): Promise<RelatedRow[]> => {
    const [outgoing, incoming] = await Promise.all([
      ctx.loaders.relationsFrom.load(entry.id),
      ctx.loaders.relationsTo.load(entry.id),
    ]);
    const rows: RelatedRow[] = [
      ...outgoing.map((r) => ({
        kind: r.kind,
        direction: 'OUTGOING' as const,
        note: r.note,
        entryId: r.toId,
      })),
      ...incoming.map((r) => ({
        kind: r.kind,
        direction: 'INCOMING' as const,
        note: r.note,
        entryId: r.fromId,
      })),
    ];
    return args.kind ? rows.filter((r) => r.kind === args.kind) : rows;
  },
  facts: (entry: EntryRow, _args: unknown, ctx: Context) => ctx.loaders.factsByEntry.load(entry.id),
};

/** `Query.<kind>(slug)`. */
export const lookupOf = (kind: EntryKind) => (_parent: unknown, args: { slug: string }, ctx: Context) =>
  entryOfKind(ctx, kind, args.slug);

/** `Query.<kinds>(where, orderBy, first, after, last, before)`. */
export const listOf =
  <W>(kind: EntryKind, filter?: (ctx: Context, where: W) => Promise<Prisma.EntryWhereInput[]>) =>
  async (_parent: unknown, args: PageArgs & { where?: W | null }, ctx: Context) => {
    const extra = filter && args.where ? await filter(ctx, args.where) : [];
    return listEntries(ctx, { AND: [{ kind }, ...extra] }, args);
  };
