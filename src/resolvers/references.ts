import type { ReferenceFilter, Resolvers } from '../generated/graphql';
import type { Context } from '../server/context';
import { formatBibliography, referenceItem } from '../services/citation-export';
import { formatCitation } from '../services/references';
import type { EntryRow } from '../services/types';
import { detailOf, entriesByIds, entryFields, listOf, lookupOf } from './shared';

const reference = (entry: EntryRow, ctx: Context) => detailOf(ctx.loaders.reference, entry);

export const referenceResolvers: Resolvers = {
  Query: {
    reference: lookupOf('REFERENCE'),
    references: listOf('REFERENCE', async (_ctx, where: ReferenceFilter) => [
      {
        reference: {
          is: {
            ...(where.readingRole && { readingRole: where.readingRole }),
            ...(where.referenceType && { referenceType: where.referenceType }),
          },
        },
      },
    ]),
  },
  Reference: {
    ...entryFields,
    referenceType: async (e, _a, ctx) => (await reference(e, ctx)).referenceType,
    authors: async (e, _a, ctx) => (await reference(e, ctx)).authors,
    year: async (e, _a, ctx) => (await reference(e, ctx)).year,
    venue: async (e, _a, ctx) => (await reference(e, ctx)).venue,
    link: async (e, _a, ctx) => (await reference(e, ctx)).url,
    doi: async (e, _a, ctx) => (await reference(e, ctx)).doi,
    readingRole: async (e, _a, ctx) => (await reference(e, ctx)).readingRole,
    citation: async (e, { style }, ctx) => {
      const details = await reference(e, ctx);
      return style
        ? (await formatBibliography([referenceItem(e, details, ctx.publicUrl)], style)).trim()
        : formatCitation(e, details);
    },
    citedBy: async (e, _a, ctx) =>
      entriesByIds(
        ctx,
        (await ctx.loaders.citingEntryIdsByReference.load(e.id)).map((row) => row.entry_id),
      ),
  },
};
