// MCP tools for retrieving architecture knowledge: styles, patterns and tactics by the qualities
// to promote and protect, entries of a kind with the filters GraphQL has, and an entry's links.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { badUserInput } from '../errors';
import {
  type EntryKind,
  DecisionStatus,
  PatternKind,
  Polarity,
  QualityCategory,
  ReadingRole,
  ReferenceType,
  RelationKind,
} from '../generated/prisma/enums';
import type { Context } from '../server/context';
import { distinctList, LIST_LIMITS } from '../services/arguments';
import { kindFromPath, kindPath, KIND_PATHS } from '../services/entries';
import { LEVELS } from '../services/levels';
import { listEntriesOfKind, LIST_FILTERS, type ListFilterInput } from '../services/listings';
import { MAX_PAGE_SIZE } from '../services/pagination';
import { recommendArchitecture } from '../services/recommendation/architecture';
import { relatedRows } from '../services/relations';
import { architectureText, entryListText, relatedText } from './pattern-text';

/**
 * Wraps a tool's body: a fresh context, size and error handling (see createMcpServer). `renames`
 * maps the first element of a service's argument path onto the tool's field name; '' drops it
 * (`input.promote[0]` → `promote[0]`).
 */
export type Run = <A>(
  tool: string,
  body: (ctx: Context, args: A) => Promise<string>,
  renames?: Record<string, string>,
) => (args: A) => Promise<CallToolResult>;

/** A slug argument: 1 to 200 characters (shared by every tool). */
export const slug = (what: string) => z.string().min(1).max(200).describe(what);
const slugs = (what: string, max: number) =>
  z.array(slug(what)).describe(`${what}: at most ${max} distinct ones, repeats ignored.`);

/** Which kinds' lists take a filter, for its description: "patterns and styles". */
const takenBy = (name: keyof ListFilterInput) =>
  (Object.keys(LIST_FILTERS) as EntryKind[])
    .filter((kind) => LIST_FILTERS[kind].includes(name))
    .map((kind) => `\`${kindPath(kind)}\``)
    .join(' and ');

const only = (name: keyof ListFilterInput, what: string) => `${what} (${takenBy(name)} only).`;

/** `where` of list_entries: the union of the GraphQL list queries' `where` inputs. */
const whereShape = {
  task: z
    .string()
    .min(1)
    .max(200)
    .describe(only('task', 'Only algorithms that can perform this task, e.g. "classification"'))
    .optional(),
  family: z
    .string()
    .min(1)
    .max(200)
    .describe(
      only(
        'family',
        'Only algorithms of this family: its slug, e.g. "tree-based-models" (a title also works, case-insensitive)',
      ),
    )
    .optional(),
  satisfies: z
    .array(
      z.object({
        quality: slug('The quality\'s slug, e.g. "interpretability".'),
        atLeast: z.enum(LEVELS).describe('The lowest acceptable level, inclusive.').optional(),
        atMost: z.enum(LEVELS).describe('The highest acceptable level, inclusive.').optional(),
      }),
    )
    .describe(
      only(
        'satisfies',
        `Only algorithms whose ratings meet every bound (at most ${LIST_LIMITS.satisfies}; an algorithm not rated on a quality fails a bound on it)`,
      ),
    )
    .optional(),
  category: z.enum(QualityCategory).describe(only('category', 'Only qualities of this category')).optional(),
  polarity: z.enum(Polarity).describe(only('polarity', 'Only qualities with this polarity')).optional(),
  rated: z
    .boolean()
    .describe(only('rated', 'true: only qualities some algorithm is rated on; false: only those none is'))
    .optional(),
  patternKind: z.enum(PatternKind).describe(only('patternKind', 'Only patterns of this kind')).optional(),
  promotes: slugs('Quality slugs every listed entry must promote', LIST_LIMITS.promotes)
    .describe(
      only(
        'promotes',
        `Only entries that promote every one of these qualities (slugs; at most ${LIST_LIMITS.promotes}, repeats ignored)`,
      ),
    )
    .optional(),
  inhibits: slugs('Quality slugs every listed entry must inhibit', LIST_LIMITS.inhibits)
    .describe(
      only(
        'inhibits',
        `Only entries that inhibit every one of these qualities (slugs; at most ${LIST_LIMITS.inhibits}, repeats ignored)`,
      ),
    )
    .optional(),
  quality: slug(only('quality', 'Only trade-offs with this quality (slug) on one side')).optional(),
  readingRole: z
    .enum(ReadingRole)
    .describe(only('readingRole', 'Only references with this reading role'))
    .optional(),
  referenceType: z
    .enum(ReferenceType)
    .describe(only('referenceType', 'Only references of this type'))
    .optional(),
  status: z
    .enum(DecisionStatus)
    .describe(only('status', 'Only decision records with this status'))
    .optional(),
} satisfies Record<keyof ListFilterInput, z.ZodType>;

const ARCHITECTURE_KINDS = ['style', 'pattern'] as const;

export function registerPatternTools(server: McpServer, run: Run): void {
  server.registerTool(
    'recommend_architecture',
    {
      title: 'Recommend architectural styles, patterns and tactics',
      description:
        'Which architectural styles, design patterns and tactics fit the qualities to promote (e.g. availability) without harming those to protect (e.g. resource-requirements)? Ranks them by the wanted qualities each promotes minus those it inhibits; one inhibiting a protected quality is excluded and listed with why. Every effect comes with its rationale and sources; the answer ends with the sources in full.',
      inputSchema: {
        promote: slugs(
          'Quality slugs the architecture should promote, e.g. "availability"',
          LIST_LIMITS.promote,
        ).min(1),
        protect: slugs(
          'Quality slugs that must not be inhibited, e.g. "inference-latency"; entries inhibiting any are excluded',
          LIST_LIMITS.protect,
        ).optional(),
        kinds: z
          .array(z.enum(ARCHITECTURE_KINDS))
          .describe('What to recommend: "style", "pattern" or both (the default); repeats ignored.')
          .optional(),
        patternKind: z
          .enum(PatternKind)
          .describe('Only patterns of this kind, e.g. ARCHITECTURAL_TACTIC; styles are unaffected.')
          .optional(),
        limit: z
          .number()
          .int()
          .min(1)
          .max(MAX_PAGE_SIZE)
          .describe(
            `How many candidates (and excluded entries) to show per kind (1 to ${MAX_PAGE_SIZE}; 10 by default).`,
          )
          .optional(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    run(
      'recommend_architecture',
      async (
        ctx,
        args: {
          promote: string[];
          protect?: string[];
          kinds?: (typeof ARCHITECTURE_KINDS)[number][];
          patternKind?: PatternKind;
          limit?: number;
        },
      ) => {
        const kinds = new Set(args.kinds?.length ? args.kinds : ARCHITECTURE_KINDS);
        const input = { promote: args.promote, protect: args.protect ?? [] };
        // One after the other: both validate the same qualities, and the first error should win.
        const styles = kinds.has('style') ? await recommendArchitecture(ctx, 'STYLE', input) : null;
        const patterns = kinds.has('pattern')
          ? await recommendArchitecture(ctx, 'PATTERN', input, args.patternKind)
          : null;
        return architectureText(ctx, {
          promote: distinctList(input.promote, 'promote', ['promote']).values,
          protect: distinctList(input.protect, 'protect', ['protect']).values,
          styles,
          patterns,
          patternKind: kinds.has('pattern') ? (args.patternKind ?? null) : null,
          limit: args.limit ?? 10,
        });
      },
      { input: '' },
    ),
  );

  server.registerTool(
    'list_entries',
    {
      title: 'List entries of a kind',
      description:
        'Entries of one kind, by title, with the filters its GraphQL list query takes (e.g. patterns by patternKind or by qualities they promote; algorithms by task, family or rating bounds; qualities by category). Paged: an answer with more ends with the `after` cursor for the next page. Every entry comes with its slug, permalink, summary and sources.',
      inputSchema: {
        kind: z.enum(KIND_PATHS as [string, ...string[]]).describe(
          `The kind to list: ${KIND_PATHS.join(', ')}. Filters by kind: ${Object.entries(LIST_FILTERS)
            .filter(([, names]) => names.length > 0)
            .map(([kind, names]) => `${kind.toLowerCase().replace(/_/g, '-')}: ${names.join(', ')}`)
            .join('; ')}.`,
        ),
        where: z
          .object(whereShape)
          .describe('Filters, all of which must hold; only those the kind takes (see `kind`).')
          .optional(),
        limit: z
          .number()
          .int()
          .min(1)
          .max(MAX_PAGE_SIZE)
          .describe(`How many entries to return (1 to ${MAX_PAGE_SIZE}; 20 by default).`)
          .optional(),
        after: z
          .string()
          .min(1)
          .max(1000)
          .describe('The cursor a previous answer ended with, for the next page (same kind and filters).')
          .optional(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    run(
      'list_entries',
      async (ctx, args: { kind: string; where?: ListFilterInput; limit?: number; after?: string }) => {
        const kind = kindFromPath(args.kind);
        if (!kind)
          throw badUserInput(`Unknown kind "${args.kind}"; kinds are ${KIND_PATHS.join(', ')}.`, ['kind']);
        const where = args.where ?? {};
        const page = await listEntriesOfKind(ctx, kind, where, {
          first: args.limit ?? 20,
          after: args.after ?? null,
        });
        return entryListText(ctx, kind, where, page);
      },
      { first: 'limit' },
    ),
  );

  server.registerTool(
    'related_entries',
    {
      title: 'Related entries',
      description:
        "An entry's links in both directions, grouped by relation type (ALTERNATIVE, USES/used by, PART_OF/has part, EXAMPLE_OF/has example, RELATED): for a pattern, its alternatives and the patterns, components and trade-offs it works with. Each linked entry comes with its slug, permalink, summary, why it is linked and its sources; a pattern's own description of its alternatives comes first.",
      inputSchema: {
        slug: slug('The entry\'s slug, e.g. "heartbeat", "microservices" or "feature-store".'),
        relations: z
          .array(z.enum(RelationKind))
          .describe(
            `Only links of these types (${Object.values(RelationKind).join(', ')}; repeats ignored); all when omitted.`,
          )
          .optional(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    run('related_entries', async (ctx, args: { slug: string; relations?: RelationKind[] }) => {
      const entry = await ctx.loaders.entryBySlug.load(args.slug);
      if (!entry) {
        throw badUserInput(`No entry has slug "${args.slug}"; find slugs with search_knowledge.`, ['slug']);
      }
      const kinds = [...new Set(args.relations ?? [])];
      return relatedText(ctx, entry, await relatedRows(ctx, entry.id, kinds), kinds);
    }),
  );
}
