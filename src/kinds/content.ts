// The parts of the seed content's shape (seed/content/*.yaml) that every kind shares: slugs,
// levels, citations, relations, facts, quality effects and the fields of every entry.
import { z } from 'zod';

export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case: lowercase letters, digits and single hyphens');

export const text = z.string().trim().min(1, 'must not be empty');
export const textList = z.array(text).default([]);

export const levelSchema = z.enum(['VERY_LOW', 'LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH']);

/** A reference (by slug) backing a claim, with an optional locator and short quotation. */
export const citationSchema = z.strictObject({
  ref: slugSchema,
  locator: text.optional(),
  quote: text.optional(),
});
export const citations = z.array(citationSchema).min(1, 'every claim needs at least one citation');

const relationSchema = z.strictObject({
  to: slugSchema,
  kind: z.enum(['RELATED', 'ALTERNATIVE', 'USES', 'PART_OF', 'EXAMPLE_OF']).default('RELATED'),
  note: z.string().default(''),
});

const factSchema = z
  .strictObject({
    quantity: slugSchema,
    label: text,
    value: z.number().optional(),
    upperValue: z.number().optional(),
    unit: text,
    approximate: z.boolean().default(false),
    note: z.string().default(''),
    citations,
  })
  .refine((f) => f.value !== undefined || f.upperValue === undefined, {
    error: 'upperValue needs a value (the lower end of the range)',
    path: ['upperValue'],
  })
  .refine((f) => f.upperValue === undefined || f.value === undefined || f.upperValue >= f.value, {
    error: 'upperValue must not be below value',
    path: ['upperValue'],
  });

const effectSchema = z.strictObject({
  effect: z.enum(['PROMOTES', 'INHIBITS']),
  rationale: text,
  citations,
});
/** Quality effects keyed by quality slug: one effect per quality. */
export const effects = z.record(slugSchema, effectSchema).default({});

/** The fields every entry has, whatever its kind. */
export const base = {
  slug: slugSchema,
  title: text,
  summary: text,
  body: z.string().default(''),
  /** Other names the entry is known by; shown to readers as "Also known as". */
  aliases: textList,
  /**
   * Phrasings and related terms a practitioner searches with ("notice a server went down"), not
   * names: searched like aliases, never shown as names. Optional rather than defaulted, so an entry
   * without any keeps its content hash and is not rewritten.
   */
  searchTerms: z.array(text).optional(),
  citations,
  related: z.array(relationSchema).default([]),
  facts: z.array(factSchema).default([]),
};

/**
 * Where a judgement comes from: the source lecture says it, the cited literature says it, or it is
 * design-kb's own editorial judgement (its reasoning is the rationale or note beside it).
 */
export const provenanceSchema = z.enum(['LECTURE', 'LITERATURE', 'EDITORIAL']);

/** The tasks an algorithm can serve and a scenario can ask for. */
export const taskSchema = z.enum([
  'classification',
  'regression',
  'clustering',
  'anomaly-detection',
  'ranking',
  'recommendation',
  'sequence-modelling',
  'computer-vision',
  'dimensionality-reduction',
  'forecasting',
]);

/** What every entry's seed shape has in common (the kind-specific fields vary). */
export type SeedBase = {
  kind: string;
} & z.infer<z.ZodObject<typeof base>>;
export type SeedCitation = z.infer<typeof citationSchema>;
export type SeedEffects = z.infer<typeof effects>;
export type SeedFact = z.infer<typeof factSchema>;
export type Level = z.infer<typeof levelSchema>;
export type Provenance = z.infer<typeof provenanceSchema>;
export const LEVELS = levelSchema.options;
