// The shape of the knowledge content in seed/content/*.yaml, checked before anything is written:
// the union of every kind's shape (src/kinds), each entry discriminated by its `kind`.
import { z } from 'zod';
import { KIND_LIST, type SeedEntry } from '../src/kinds';

export * from '../src/kinds/content';
export type { SeedEntry, SeedKind } from '../src/kinds';

const [first, ...rest] = KIND_LIST.map((k) => k.schema);
if (!first) throw new Error('no kinds are registered');

/** Any entry; what it parses to is typed by the registry (one kind's shape per `kind`). */
export const entrySchema = z.discriminatedUnion('kind', [first, ...rest]) as z.ZodType<SeedEntry>;

/** One content file: a list of entries. */
export const contentFileSchema = z.strictObject({ entries: z.array(entrySchema) });
