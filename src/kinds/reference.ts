// References: the books, papers, talks and pages every claim cites.
import { z } from 'zod';
import type { ReferenceResolvers } from '../generated/graphql';
import type { ServiceContext } from '../services/context';
import { formatBibliography, referenceItem } from '../services/citation-export';
import { entriesByIds } from '../services/entries';
import { words } from '../services/presentation';
import { formatCitation } from '../services/references';
import type { EntryRow } from '../services/types';
import { base, citationSchema, text } from './content';
import { columns, defineKind, detailOf, detailTable } from './define';
import type { Reference } from '../generated/prisma/client';

const schema = z.strictObject({
  kind: z.literal('reference'),
  ...base,
  // A reference is its own source; it may still cite others (e.g. the page it was found on).
  citations: z.array(citationSchema).default([]),
  referenceType: z.enum([
    'BOOK',
    'ARTICLE',
    'CONFERENCE_PAPER',
    'PREPRINT',
    'BLOG_POST',
    'TALK',
    'LECTURE',
    'WEB_PAGE',
    'DATASET',
  ]),
  // A person as a string ("Leo Breiman"); an organisation as { organisation: "Lambda Labs" }, so
  // that citations name it whole rather than by its last word.
  authors: z.array(z.union([text, z.strictObject({ organisation: text })])).min(1),
  year: z.number().int().min(1900).max(2100).optional(),
  venue: text.optional(),
  url: z.url().optional(),
  doi: text.optional(),
  readingRole: z.enum(['REQUIRED', 'RECOMMENDED', 'FURTHER', 'SOURCE']).optional(),
});

const detail = (e: EntryRow, ctx: ServiceContext) => detailOf(ctx.loaders.reference, e);

const resolvers: ReferenceResolvers = {
  ...columns(detail, ['referenceType', 'authors', 'year', 'venue', 'doi', 'readingRole']),
  link: async (e, _a, ctx) => (await detail(e, ctx)).url,
  citation: async (e, { style }, ctx) => {
    const details = await detail(e, ctx);
    return style
      ? (await formatBibliography([referenceItem(e, details, ctx.publicUrl)], style)).trim()
      : formatCitation(e, details);
  },
  citedBy: async (e, _a, ctx) =>
    entriesByIds(
      ctx,
      (await ctx.loaders.citingEntryIdsByReference.load(e.id)).map((row) => row.entry_id),
    ),
};

export const reference = defineKind({
  kind: 'REFERENCE',
  seedKind: 'reference',
  typeName: 'Reference',
  label: 'Reference',
  ...detailTable<Reference>('reference', {
    entryId: 'd.entry_id::text',
    referenceType: 'd.reference_type::text',
    authors: 'd.authors',
    organisationAuthors: 'd.organisation_authors',
    year: 'd.year',
    venue: 'd.venue',
    url: 'd.url',
    doi: 'd.doi',
    readingRole: 'd.reading_role::text',
  }),
  schema,
  writeDetail: (tx, entryId, entry) => {
    const { referenceType, authors, year, venue, url, doi, readingRole } = entry;
    const data = {
      referenceType,
      authors: authors.map((a) => (typeof a === 'string' ? a : a.organisation)),
      organisationAuthors: authors.flatMap((a) => (typeof a === 'string' ? [] : [a.organisation])),
      year: year ?? null,
      venue: venue ?? null,
      url: url ?? null,
      doi: doi ?? null,
      readingRole: readingRole ?? null,
    };
    return tx.reference.upsert({ where: { entryId }, create: { entryId, ...data }, update: data });
  },
  removeDetail: (tx, entryId) => tx.reference.deleteMany({ where: { entryId } }),
  sharedRows: ['citingEntries'],
  resolvers,
  markdown(md, r, entry) {
    md.section(
      'Reference',
      md.fields([
        ['Type', words(r.referenceType)],
        ['Authors', r.authors.join('; ')],
        ['Year', r.year === null ? 'n.d.' : String(r.year)],
        ['Venue', r.venue],
        ['Link', r.url],
        ['DOI', r.doi],
        ['Reading role', r.readingRole ? words(r.readingRole) : null],
        ['Cite as', formatCitation(entry, r)],
      ]),
    );
    md.bullets(
      'Cited by',
      (md.loaded.citingEntries.get(entry.id) ?? []).map((row) => md.ref(row.entry_id)),
    );
  },
});
