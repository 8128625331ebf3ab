// What a kind of entry is made of: everything one kind owns, in one module (src/kinds/<kind>.ts),
// collected by the registry (src/kinds/index.ts) that loaders, resolvers, the Markdown renderer,
// the seed schema and writer, codegen and the tests derive from.
import type { z } from 'zod';
import { readRows, selectList, type Db } from '../db/client';
import { Prisma, type EntryKind } from '../generated/prisma/client';
import type { MarkdownData } from '../loaders/markdown';
import type { ServiceContext } from '../services/context';
import type { CitationRow, EffectRow, EntryRow } from '../services/types';
import type { SeedBase, SeedCitation, SeedEffects } from './content';
import type { OwnedRows } from './rows';

export type Tx = Prisma.TransactionClient;

/** Where content problems are reported, and how a kind checks the slugs its entries name. */
export interface ReferenceCheck {
  /** `slug` must name an entry of one of `kinds` (seed kinds, e.g. `quality`). */
  expect(slug: string, kinds: string | readonly string[], where: string): void;
  citations(list: readonly SeedCitation[], where: string): void;
  effects(effects: SeedEffects, where: string): void;
  problem(where: string, message: string): void;
  /** Every entry of the content, for checks across entries (a scenario's task needs an algorithm). */
  all: readonly SeedBase[];
}

/** Shared tables whose rows an entry of a kind owns or is named by; the Markdown loader fetches these. */
export type SharedRows =
  | 'algorithmRatings'
  | 'qualityRatings'
  | 'entryEffects'
  | 'qualityEffects'
  | 'scenarioQualities'
  | 'scenarioConstraints'
  | 'decisions'
  | 'goals'
  | 'qualityTradeoffs'
  | 'citingEntries';

/** What a kind's Markdown section writes with (see src/services/markdown.ts). */
export interface MarkdownWriter {
  readonly loaded: MarkdownData;
  readonly publicUrl: string;
  /** `## title` with these lines; nothing when there are none. */
  section(title: string, lines: readonly string[]): void;
  text(title: string, value: string | null | undefined): void;
  bullets(title: string, items: readonly string[]): void;
  /** `- **Name:** value` lines for the pairs that have a value. */
  fields(pairs: readonly (readonly [string, string | null | undefined])[]): string[];
  /** A table; `optional` columns are left out when empty in every row. */
  table(
    header: readonly string[],
    rows: readonly (readonly string[])[],
    optional?: readonly string[],
  ): string[];
  /** "Accuracy (`accuracy`)": an entry by id, named with its slug (a link to its page for readers). */
  ref(id: string): string;
  /** "Accuracy (`accuracy`), <permalink>": an entry named with where to read it (a link for readers). */
  linked(id: string): string;
  /** The entry with this id (loaded because the rendering names it). */
  named(id: string): EntryRow;
  /** "[1, slide 'X']; [2]": citation markers into the References list. */
  mark(citations: readonly CitationRow[] | undefined): string;
  /** A table of quality effects, by quality title. */
  effectsTable(effects: readonly EffectRow[]): string[];
}

/**
 * One kind of entry. `Seed` is its shape in the content files, `Detail` its detail row (null for
 * a kind without one).
 */
export interface KindDefinition<
  Seed extends SeedBase = SeedBase,
  Detail = unknown,
  Name extends string = string,
> {
  /** The Prisma (and GraphQL) `EntryKind`. */
  kind: EntryKind;
  /** The kind in content files, paths and URIs: `case-study`. */
  seedKind: Seed['kind'];
  /** The GraphQL object type of its entries. */
  typeName: Name;
  /** What a reader calls it: "Case study". */
  label: string;
  /** The detail table, which carries a search trigger (migration 20261129000000_search); null without one. */
  table: string | null;
  /** Its shape in the content files (an object with `kind` as the discriminator). */
  schema: z.ZodType<Seed> & z.core.$ZodTypeDiscriminable;
  /** Entries the detail row names (a trade-off's qualities), so the Markdown rendering can name them. */
  namedIds?(detail: Detail): string[];
  /** Checks the slugs an entry names beyond the shared fields (ratings, effects, constraints). */
  checkReferences?(entry: Seed, check: ReferenceCheck): void;
  /** Detail rows of these entries (any order); null for a kind without a detail table. */
  loadDetails: ((db: Db, entryIds: string[]) => Promise<Detail[]>) | null;
  /**
   * The detail row's fields as SQL over the detail table aliased `d` (`entryId: 'd.entry_id::text'`),
   * each read by `readRows`. A kind that gives them is looked up by slug in one statement: the
   * entry with its detail row (see `entryWithDetailBySlug` in src/loaders/index.ts). `detailTable`
   * gives them together with `table` and `loadDetails`.
   */
  detailFields?: Record<keyof Detail & string, string>;
  /** Creates or updates the detail row in place, so rows referring to it survive. */
  writeDetail(tx: Tx, entryId: string, entry: Seed, id: (slug: string) => string): Promise<unknown>;
  /** Removes the detail row (when an entry changes kind). */
  removeDetail(tx: Tx, entryId: string): Promise<unknown>;
  /** Collects the rows of shared tables the entry owns (ratings, effects, decisions, ...). */
  ownRows?(entry: Seed, entryId: string, rows: OwnedRows): void;
  /** Deletes the owned rows of these entries before they are written anew. */
  removeOwned?(tx: Tx, entryIds: string[]): Promise<unknown>;
  /** Shared rows the Markdown rendering needs, loaded in batches for every entry of this kind. */
  sharedRows: readonly SharedRows[];
  /** Field resolvers of the GraphQL type beyond the Entry interface's (which are inherited). */
  resolvers: object;
  /** The kind's own part of the Markdown rendering, after the summary and body. */
  markdown(md: MarkdownWriter, detail: Detail, entry: EntryRow): void;
}

/** Identity with inference: `defineKind({...})` checks the module against KindDefinition. */
export function defineKind<Seed extends SeedBase, Detail, Name extends string>(
  definition: KindDefinition<Seed, Detail, Name>,
): KindDefinition<Seed, Detail, Name> {
  return definition;
}

/** The kind's detail row; a missing one is a data-integrity failure, not a user error. */
export async function detailOf<T>(
  loader: { load(id: string): Promise<T | null> },
  entry: EntryRow,
): Promise<T> {
  const detail = await loader.load(entry.id);
  if (!detail) throw new Error(`entry "${entry.slug}" (${entry.kind}) has no detail row`);
  return detail;
}

/** Resolvers of fields that are columns of the detail row, under the same names. */
export function columns<Row, K extends keyof Row & string>(
  load: (entry: EntryRow, ctx: ServiceContext) => Promise<Row>,
  keys: readonly K[],
): { [P in K]: (entry: EntryRow, args: unknown, ctx: ServiceContext) => Promise<Row[P]> } {
  return Object.fromEntries(
    keys.map((key) => [
      key,
      async (entry: EntryRow, _args: unknown, ctx: ServiceContext) => (await load(entry, ctx))[key],
    ]),
  ) as { [P in K]: (entry: EntryRow, args: unknown, ctx: ServiceContext) => Promise<Row[P]> };
}

/**
 * A kind's detail table read as plain rows (readRows), without the Prisma client's query planning
 * and result mapping: `fields` gives every field of the detail row (the compiler checks that none
 * is missing) as SQL over the table aliased `d`, cast to what readRows maps as Prisma would (uuid
 * and enum columns `::text`). Gives the kind's `table`, `detailFields` and `loadDetails`.
 */
export function detailTable<Detail>(table: string, fields: Record<keyof Detail & string, string>) {
  const select = Prisma.sql`SELECT ${selectList(fields)} FROM ${Prisma.raw(table)} d`;
  return {
    table,
    detailFields: fields,
    loadDetails: (db: Db, entryIds: string[]) =>
      // <kind> details: the detail rows of the entries a request reads
      readRows<Detail>(db, Prisma.sql`${select} WHERE d.entry_id = ANY(${entryIds}::uuid[])`),
  };
}
