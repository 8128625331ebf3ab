// The MCP server: tools and resources over the same services GraphQL uses. Transports (stdio,
// Streamable HTTP) are attached by src/mcp/stdio.ts and src/mcp/http.ts.
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode as McpErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { badUserInput, ErrorCode, type ArgumentPath } from '../errors';
import type { Logger } from '../logger';
import type { Context } from '../server/context';
import { isDatabaseUnavailable } from '../server/errors';
import {
  kindFromPath,
  kindPath,
  KIND_PATHS,
  listEntryHeadings,
  slugsStartingWith,
} from '../services/entries';
import { Sources } from '../services/citations';
import { LEVELS } from '../services/levels';
import { entryMarkdown } from '../services/markdown';
import { checkStorableText, describePath, LIST_LIMITS } from '../services/arguments';
import { compareAlgorithms, recommendAlgorithms } from '../services/recommendation/algorithms';
import { searchEntries } from '../services/search';
import { listTradeoffs } from '../services/tradeoffs';
import { registerPatternTools, slug } from './pattern-tools';
import { registerPrompts } from './prompts';
import { comparisonText, recommendationText, searchText, tradeoffsText } from './text';

export interface McpDependencies {
  /** A fresh context (new loaders, a request id) for one tool call or resource read. */
  context(): Context;
  logger: Logger;
}

export const SERVER_INFO = { name: 'design-kb', version: '0.1.0' };

const INSTRUCTIONS = `design-kb is a knowledge base of how to architect ML-enabled systems: quality attributes, ML algorithms rated on them (with rationales and sources), design patterns and tactics, architectural styles, trade-offs, scenarios and case studies.
Find entries with search_knowledge or list them by kind and filters with list_entries, read one with get_entry (or the kb://<kind>/<slug> resources), and walk its alternatives and links with related_entries.
Ask which styles, patterns and tactics promote some qualities without harming others with recommend_architecture, which algorithms fit constraints with recommend_algorithms, put algorithms side by side with compare_algorithms, and see qualities in tension with list_tradeoffs.
The prompts review_design, choose_algorithm and find_pattern lay out these steps for common tasks.
Every answer names entries by slug and permalink and cites its sources; quote them.`;

const level = z.enum(LEVELS);

/**
 * `constraints[0].quality` from an argument path, with GraphQL argument names mapped to the
 * tool's; a name mapped to '' is dropped (`input.promote[0]` → `promote[0]`).
 */
function fieldName(path: ArgumentPath, renames: Record<string, string>): string {
  const [head, ...rest] = path;
  const first = typeof head === 'string' ? (renames[head] ?? head) : head;
  return describePath(first === '' ? rest : first === undefined ? [] : [first, ...rest]);
}

const text = (value: string): CallToolResult => ({ content: [{ type: 'text', text: value }] });
const failure = (value: string): CallToolResult => ({
  content: [{ type: 'text', text: value }],
  isError: true,
});

export function createMcpServer(deps: McpDependencies): McpServer {
  const server = new McpServer(SERVER_INFO, {
    instructions: INSTRUCTIONS,
    // A bound on the size of one call's arguments, like the HTTP body limit.
    maxToolInputElements: 1000,
  });

  /**
   * Runs a tool on a fresh context. Bad input comes back as a tool error naming the field (the
   * services' BAD_USER_INPUT messages); anything unexpected is logged and masked.
   */
  const run =
    <A>(
      tool: string,
      body: (ctx: Context, args: A) => Promise<string>,
      renames: Record<string, string> = {},
    ) =>
    async (args: A): Promise<CallToolResult> => {
      const ctx = deps.context();
      try {
        checkStorableText(args, []);
        const answer = await body(ctx, args);
        const size = Buffer.byteLength(answer);
        if (size > ctx.config.maxResponseBytes) {
          return failure(
            `The answer would be ${size} bytes, more than the limit of ${ctx.config.maxResponseBytes} (MAX_RESPONSE_BYTES); ask for fewer algorithms, qualities or results.`,
          );
        }
        return text(answer);
      } catch (error) {
        if (error instanceof GraphQLError) {
          const { code, argumentPath } = error.extensions as { code?: string; argumentPath?: ArgumentPath };
          if (code === ErrorCode.BAD_USER_INPUT && argumentPath?.length) {
            return failure(`Invalid \`${fieldName(argumentPath, renames)}\`: ${error.message}`);
          }
          if (code && code !== ErrorCode.INTERNAL_SERVER_ERROR) return failure(error.message);
        }
        if (isDatabaseUnavailable(error)) return failure('The database is unavailable; retry shortly.');
        deps.logger.error({ err: error, requestId: ctx.requestId, tool }, 'unexpected error in an MCP tool');
        return failure(`Internal error in ${tool}; it has been logged with request id ${ctx.requestId}.`);
      }
    };

  server.registerTool(
    'search_knowledge',
    {
      title: 'Search the knowledge base',
      description:
        'Full-text search over every entry (patterns, algorithms, qualities, styles, trade-offs, scenarios, case studies, references, …), most relevant first, with an excerpt of the field that matched. Understands loosely worded questions, synonyms, prefixes and typos, and web-search syntax ("exact phrase", -excluded, or).',
      inputSchema: {
        query: z
          .string()
          .describe(
            'What to look for: words, a question ("how do I detect a crashed service"), or a "quoted phrase"; 1 to 200 characters.',
          ),
        kinds: z
          .array(z.enum(KIND_PATHS as [string, ...string[]]))
          .describe(
            `Only entries of these kinds (${KIND_PATHS.join(', ')}; repeats ignored); all kinds when omitted.`,
          )
          .optional(),
        limit: z
          .number()
          .int()
          .min(1)
          .max(50)
          .describe('How many results to return (1 to 50; 10 by default).')
          .optional(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    run(
      'search_knowledge',
      async (ctx, args: { query: string; kinds?: string[]; limit?: number }) => {
        const kinds = (args.kinds ?? []).flatMap((k) => kindFromPath(k) ?? []);
        const page = await searchEntries(
          ctx.db,
          { query: args.query, kinds, first: args.limit ?? 10 },
          await ctx.loaders.contentRevision(),
        );
        return searchText(ctx, args.query, page);
      },
      { first: 'limit' },
    ),
  );

  server.registerTool(
    'get_entry',
    {
      title: 'Get an entry',
      description:
        'One entry of the knowledge base as self-contained Markdown: summary, body, its fields, ratings or quality effects as tables, related entries and a numbered list of the references it cites.',
      inputSchema: {
        slug: slug('The entry\'s slug, e.g. "random-forest", "heartbeat" or "twitter-redesign".'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    run('get_entry', async (ctx, args: { slug: string }) => {
      const entry = await ctx.loaders.entryBySlug.load(args.slug);
      if (!entry) {
        throw badUserInput(`No entry has slug "${args.slug}"; find slugs with search_knowledge.`, ['slug']);
      }
      return entryMarkdown(ctx, entry);
    }),
  );

  server.registerTool(
    'recommend_algorithms',
    {
      title: 'Recommend ML algorithms',
      description:
        "Which ML algorithms satisfy these constraints? Ranks the algorithms that can perform the task: those meeting every bound first, then by a weighted score. Every candidate explains itself with the ratings' rationales and sources. A scenario presets task, bounds and weights; explicit fields override it per quality.",
      inputSchema: {
        scenario: slug(
          'A scenario\'s slug (e.g. "credit-card-fraud-detection") whose task, quality bounds and importances preset the input.',
        ).optional(),
        task: z
          .string()
          .min(1)
          .describe('The ML task the algorithm must perform, e.g. "classification" or "regression".')
          .optional(),
        constraints: z
          .array(
            z.object({
              quality: slug('The quality\'s slug, e.g. "interpretability" or "inference-latency".'),
              atLeast: level.describe('The lowest acceptable level, inclusive.').optional(),
              atMost: level.describe('The highest acceptable level, inclusive.').optional(),
            }),
          )
          .describe(
            `Hard bounds on rating levels (amounts, not goodness: a training-cost of HIGH means expensive). At most one per quality, at most ${LIST_LIMITS.constraints}.`,
          )
          .optional(),
        weights: z
          .array(
            z.object({
              quality: slug("The quality's slug."),
              weight: z
                .number()
                .describe('How much the quality matters: a number from 0 to 1,000,000; 0 ignores it.'),
            }),
          )
          .describe(
            `Soft preferences: how much each quality matters. At most one per quality, at most ${LIST_LIMITS.weights}.`,
          )
          .optional(),
        requires: z
          .array(slug('A quality slug such as "incremental-training".'))
          .describe(
            `Capabilities the algorithm must have: a rating of at least MEDIUM. At most ${LIST_LIMITS.requires}, repeats ignored.`,
          )
          .optional(),
        limit: z
          .number()
          .int()
          .min(1)
          .max(100)
          .describe('How many candidates and near misses to return (1 to 100; 5 by default).')
          .optional(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    run(
      'recommend_algorithms',
      async (ctx, args: Parameters<typeof recommendAlgorithms>[1] & { limit?: number }) => {
        const sources = new Sources(ctx);
        const result = await recommendAlgorithms(ctx, { ...args, first: args.limit ?? 5 }, [], sources);
        return recommendationText(ctx, result, sources);
      },
      { first: 'limit' },
    ),
  );

  server.registerTool(
    'compare_algorithms',
    {
      title: 'Compare ML algorithms',
      description:
        "A table of algorithms by qualities with each rating level, then every rating's rationale and sources.",
      inputSchema: {
        algorithms: z
          .array(slug('An algorithm\'s slug, e.g. "decision-tree".'))
          .describe(
            `Algorithm slugs, in the row order wanted: 1 to ${LIST_LIMITS.slugs} distinct ones (repeats ignored).`,
          ),
        qualities: z
          .array(slug('A quality\'s slug, e.g. "accuracy".'))
          .describe(
            `Quality slugs, in the column order wanted (at most ${LIST_LIMITS.qualities} distinct ones, repeats ignored); all qualities the algorithms are rated on when omitted.`,
          )
          .optional(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    run(
      'compare_algorithms',
      async (ctx, args: { algorithms: string[]; qualities?: string[] }) =>
        comparisonText(ctx, await compareAlgorithms(ctx, args.algorithms, args.qualities)),
      { slugs: 'algorithms' },
    ),
  );

  server.registerTool(
    'list_tradeoffs',
    {
      title: 'List trade-offs',
      description:
        'Pairs of qualities in tension (e.g. accuracy vs interpretability), each with why they pull against each other, examples, the algorithms that favour each side, and sources.',
      inputSchema: {
        quality: slug('Only trade-offs with this quality (slug, e.g. "accuracy") on one side.').optional(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    run('list_tradeoffs', async (ctx, args: { quality?: string }) => {
      const page = await listTradeoffs(ctx, args, { first: 100 }, ['quality']);
      return tradeoffsText(ctx, page.nodes, args.quality ?? null);
    }),
  );

  registerPatternTools(server, run);
  registerPrompts(server, () => deps.context());

  server.registerResource(
    'entry',
    new ResourceTemplate('kb://{kind}/{slug}', {
      list: async () => {
        const entries = await listEntryHeadings(deps.context().db);
        return {
          resources: entries.map((e) => ({
            uri: `kb://${kindPath(e.kind)}/${e.slug}`,
            name: e.slug,
            title: e.title,
            description: e.summary,
            mimeType: 'text/markdown',
          })),
        };
      },
      complete: {
        kind: (value) => KIND_PATHS.filter((k) => k.startsWith(value)),
        slug: (value, context) =>
          slugsStartingWith(deps.context().db, value, kindFromPath(context?.arguments?.kind ?? '')),
      },
    }),
    {
      title: 'Knowledge-base entry',
      description: `An entry as Markdown, addressed by kind and slug, e.g. kb://algorithm/random-forest. Kinds: ${KIND_PATHS.join(', ')}.`,
      mimeType: 'text/markdown',
    },
    async (uri, variables) => {
      const [kindValue, slugValue] = [variables.kind, variables.slug].map((v) =>
        Array.isArray(v) ? v[0] : v,
      );
      const kind = kindFromPath(kindValue ?? '');
      if (!kind) {
        throw new McpError(
          McpErrorCode.InvalidParams,
          `Unknown kind "${kindValue}" in ${uri.href}; kinds are ${KIND_PATHS.join(', ')}.`,
        );
      }
      const ctx = deps.context();
      const entry = await ctx.loaders.entryBySlug.load(slugValue ?? '');
      if (entry?.kind !== kind) {
        throw new McpError(
          McpErrorCode.InvalidParams,
          entry
            ? `Resource ${uri.href} not found: "${entry.slug}" is a ${kindPath(entry.kind)}, at kb://${kindPath(entry.kind)}/${entry.slug}.`
            : `Resource ${uri.href} not found: no entry has slug "${slugValue}".`,
        );
      }
      return {
        contents: [{ uri: uri.href, mimeType: 'text/markdown', text: await entryMarkdown(ctx, entry) }],
      };
    },
  );

  return server;
}
