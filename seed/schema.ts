// The shape of the knowledge content in seed/content/*.yaml, checked before anything is written.
import { z } from 'zod';

export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case: lowercase letters, digits and single hyphens');

const text = z.string().trim().min(1, 'must not be empty');
const textList = z.array(text).default([]);

export const levelSchema = z.enum(['VERY_LOW', 'LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH']);

/** A reference (by slug) backing a claim, with an optional locator and short quotation. */
export const citationSchema = z.strictObject({
  ref: slugSchema,
  locator: text.optional(),
  quote: text.optional(),
});
const citations = z.array(citationSchema).min(1, 'every claim needs at least one citation');

const relationSchema = z.strictObject({
  to: slugSchema,
  kind: z.enum(['RELATED', 'ALTERNATIVE', 'USES', 'PART_OF', 'EXAMPLE_OF']).default('RELATED'),
  note: z.string().default(''),
});

const factSchema = z
  .strictObject({
    quantity: slugSchema,
    label: text,
    value: z.number().finite().optional(),
    upperValue: z.number().finite().optional(),
    unit: text,
    approximate: z.boolean().default(false),
    note: z.string().default(''),
    citations,
  })
  .refine((f) => f.value !== undefined || f.upperValue === undefined, {
    message: 'upperValue needs a value (the lower end of the range)',
    path: ['upperValue'],
  })
  .refine((f) => f.upperValue === undefined || f.value === undefined || f.upperValue >= f.value, {
    message: 'upperValue must not be below value',
    path: ['upperValue'],
  });

const effectSchema = z.strictObject({
  effect: z.enum(['PROMOTES', 'INHIBITS']),
  rationale: text,
  citations,
});
/** Quality effects keyed by quality slug: one effect per quality. */
const effects = z.record(slugSchema, effectSchema).default({});

const base = {
  slug: slugSchema,
  title: text,
  summary: text,
  body: z.string().default(''),
  aliases: textList,
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

const ratingSchema = z.strictObject({
  level: levelSchema,
  rationale: text,
  provenance: provenanceSchema.optional(),
  citations,
});

export const qualityEntry = z.strictObject({
  kind: z.literal('quality'),
  ...base,
  category: z.enum(['SYSTEM', 'MODEL', 'ML_COMPONENT', 'RESPONSIBLE_AI', 'PROJECT']),
  polarity: z.enum(['HIGHER_IS_BETTER', 'LOWER_IS_BETTER']),
  measurement: text,
});

export const algorithmEntry = z.strictObject({
  kind: z.literal('algorithm'),
  ...base,
  family: text,
  tasks: z.array(taskSchema).min(1, 'an algorithm serves at least one task'),
  advantages: textList,
  drawbacks: textList,
  /** Ratings keyed by quality slug: one rating per quality. */
  ratings: z.record(slugSchema, ratingSchema),
});

export const patternEntry = z.strictObject({
  kind: z.literal('pattern'),
  ...base,
  patternKind: z.enum(['DESIGN_PATTERN', 'ARCHITECTURAL_TACTIC', 'ML_DESIGN_PATTERN']),
  intent: text,
  motivation: z.string().default(''),
  solution: z.string().default(''),
  variants: textList,
  benefits: textList,
  costs: textList,
  tradeoffs: textList,
  alternatives: z.string().default(''),
  effects,
});

export const styleEntry = z.strictObject({
  kind: z.literal('style'),
  ...base,
  structure: text,
  whenToUse: textList,
  examples: textList,
  effects,
});

const constraintSchema = z
  .strictObject({
    type: slugSchema,
    description: text,
    quality: slugSchema.optional(),
    atLeast: levelSchema.optional(),
    atMost: levelSchema.optional(),
    provenance: provenanceSchema.optional(),
    /** Why this bound, when the lecture does not state it (editorial) or the literature does. */
    rationale: text.optional(),
    citations: z.array(citationSchema).default([]),
  })
  .refine((c) => (c.atLeast === undefined && c.atMost === undefined) || c.quality !== undefined, {
    message: 'atLeast/atMost need a quality',
    path: ['quality'],
  });

export const scenarioEntry = z.strictObject({
  kind: z.literal('scenario'),
  ...base,
  context: z.string().default(''),
  task: taskSchema.optional(),
  /** Relevant qualities keyed by quality slug. */
  qualities: z.record(
    slugSchema,
    z.strictObject({
      importance: z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']),
      note: text,
      provenance: provenanceSchema.optional(),
      citations: z.array(citationSchema).default([]),
    }),
  ),
  constraints: z.array(constraintSchema).default([]),
});

export const caseStudyEntry = z.strictObject({
  kind: z.literal('case-study'),
  ...base,
  context: z.string().default(''),
  problems: textList,
  goals: z.array(z.strictObject({ quality: slugSchema.optional(), description: text })).default([]),
  decisions: z
    .array(
      z.strictObject({
        title: text,
        before: z.string().default(''),
        after: z.string().default(''),
        rationale: text,
        effects,
        citations,
      }),
    )
    .default([]),
  insights: textList,
  outcome: z.string().default(''),
});

export const tradeoffEntry = z.strictObject({
  kind: z.literal('tradeoff'),
  ...base,
  qualities: z.tuple([slugSchema, slugSchema]),
  tension: text,
  examples: textList,
});

export const componentEntry = z.strictObject({
  kind: z.literal('component'),
  ...base,
  responsibility: text,
  examples: textList,
});

export const constraintTypeEntry = z.strictObject({
  kind: z.literal('constraint-type'),
  ...base,
  examples: textList,
});

export const conceptEntry = z.strictObject({
  kind: z.literal('concept'),
  ...base,
  definition: text,
});

export const challengeEntry = z.strictObject({
  kind: z.literal('challenge'),
  ...base,
  examples: textList,
});

export const modelEntry = z.strictObject({
  kind: z.literal('model'),
  ...base,
});

export const referenceEntry = z.strictObject({
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
  authors: z.array(text).min(1),
  year: z.number().int().min(1900).max(2100).optional(),
  venue: text.optional(),
  url: z.url().optional(),
  doi: text.optional(),
  readingRole: z.enum(['REQUIRED', 'RECOMMENDED', 'FURTHER', 'SOURCE']).optional(),
});

export const entrySchema = z.discriminatedUnion('kind', [
  qualityEntry,
  algorithmEntry,
  patternEntry,
  styleEntry,
  scenarioEntry,
  caseStudyEntry,
  tradeoffEntry,
  componentEntry,
  constraintTypeEntry,
  conceptEntry,
  challengeEntry,
  modelEntry,
  referenceEntry,
]);

/** One content file: a list of entries. */
export const contentFileSchema = z.strictObject({ entries: z.array(entrySchema) });

export type SeedEntry = z.infer<typeof entrySchema>;
export type SeedKind = SeedEntry['kind'];
export type SeedCitation = z.infer<typeof citationSchema>;
export type SeedEffects = z.infer<typeof effects>;
export type SeedFact = z.infer<typeof factSchema>;
export type Level = z.infer<typeof levelSchema>;
export type Provenance = z.infer<typeof provenanceSchema>;
export const LEVELS = levelSchema.options;
