// MCP prompts: ready-made tasks (review a design against qualities, choose an algorithm, find a
// pattern) that tell the model which tools to call with which arguments and embed the entries
// the task is about as resources.
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ErrorCode as McpErrorCode,
  McpError,
  type GetPromptResult,
  type PromptMessage,
} from '@modelcontextprotocol/sdk/types.js';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { EntryKind } from '../generated/prisma/enums';
import type { Context } from '../server/context';
import { checkTask } from '../services/algorithms';
import { checkListLength, checkStorableText, LIST_LIMITS } from '../services/arguments';
import { kindPath, permalink, slugsStartingWith, unknownSlug } from '../services/entries';
import { entryMarkdown } from '../services/markdown';
import { entryName } from '../services/presentation';
import type { EntryRow } from '../services/types';

/** The longest free text a prompt argument takes (a design description, a problem statement). */
export const MAX_PROMPT_TEXT = 20_000;

/** Comma-separated slugs as given: trimmed, empty items dropped, repeats dropped. */
function slugList(value: string | undefined): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** An invalid prompt argument: a JSON-RPC "invalid params" error naming it. */
const invalid = (argument: string, message: string) =>
  new McpError(McpErrorCode.InvalidParams, `Invalid argument \`${argument}\`: ${message}`);

/** Runs a prompt's body; BAD_USER_INPUT from the services becomes an error naming `argument`. */
async function guarded<T>(argument: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof GraphQLError) throw invalid(argument, error.message);
    throw error;
  }
}

/** The entries of `kind` with these slugs, in order; an unknown one is an error naming `argument`. */
async function entriesOfKind(
  ctx: Context,
  kind: EntryKind,
  slugs: readonly string[],
  argument: string,
  listName: 'promote' | 'protect',
): Promise<EntryRow[]> {
  return guarded(argument, async () => {
    checkListLength(slugs.length, listName, [argument]);
    const entries = await Promise.all(slugs.map((slug) => ctx.loaders.entryBySlug.load(slug)));
    const unknown = entries.findIndex((entry) => entry?.kind !== kind);
    if (unknown >= 0) throw await unknownSlug(ctx, kind, slugs[unknown] ?? '', [argument]);
    return entries as EntryRow[];
  });
}

/** An entry embedded as a kb:// resource, so the model reads it without a round trip. */
async function embedded(ctx: Context, entry: EntryRow): Promise<PromptMessage> {
  return {
    role: 'user',
    content: {
      type: 'resource',
      resource: {
        uri: `kb://${kindPath(entry.kind)}/${entry.slug}`,
        mimeType: 'text/markdown',
        text: await entryMarkdown(ctx, entry),
      },
    },
  };
}

const instruction = (text: string): PromptMessage => ({ role: 'user', content: { type: 'text', text } });

/** Completes the last item of a comma-separated list of slugs of `kind`. */
function completeSlugList(context: () => Context, kind: EntryKind) {
  return async (given: string | undefined) => {
    const value = given ?? '';
    const cut = value.lastIndexOf(',');
    const head = cut >= 0 ? `${value.slice(0, cut + 1)} ` : '';
    const slugs = await slugsStartingWith(context().db, value.slice(cut + 1).trim(), kind);
    return slugs.map((s) => `${head}${s}`);
  };
}

/** A string argument; described last, as an optional one's description must sit on the outer schema. */
const text = (what: string, max = MAX_PROMPT_TEXT) =>
  z.string().min(1).max(max).describe(`${what}; at most ${max} characters.`);
const optionalText = (what: string, max = MAX_PROMPT_TEXT) =>
  z.string().min(1).max(max).optional().describe(`${what}; at most ${max} characters.`);

const CITE =
  'Name every entry you rely on by its slug and permalink, and cite the sources the tools give (e.g. [Kästner (n.d.), slide …]); say so where the knowledge base has nothing on a point rather than filling it in.';

export function registerPrompts(server: McpServer, context: () => Context): void {
  server.registerPrompt(
    'review_design',
    {
      title: 'Review an ML system design against qualities',
      description:
        'Reviews a described ML-enabled system design against the quality attributes it must promote and protect, using recommend_architecture, list_tradeoffs, related_entries and get_entry; the qualities are embedded as resources.',
      argsSchema: {
        design: text('The design to review: its components, how they connect and are deployed'),
        promote: completable(
          text(
            `Comma-separated quality slugs the design must achieve, e.g. "availability, inference-latency": at most ${LIST_LIMITS.promote} distinct ones`,
            2000,
          ),
          completeSlugList(context, 'QUALITY'),
        ),
        protect: completable(
          optionalText(
            `Comma-separated quality slugs the design must not harm, e.g. "resource-requirements": at most ${LIST_LIMITS.protect} distinct ones`,
            2000,
          ),
          completeSlugList(context, 'QUALITY'),
        ),
      },
    },
    async (args): Promise<GetPromptResult> => {
      checkArguments(args);
      const ctx = context();
      const promote = await entriesOfKind(ctx, 'QUALITY', slugList(args.promote), 'promote', 'promote');
      const protect = await entriesOfKind(ctx, 'QUALITY', slugList(args.protect), 'protect', 'protect');
      if (promote.length === 0) throw invalid('promote', 'name at least one quality slug.');
      const list = (entries: EntryRow[]) => JSON.stringify(entries.map((e) => e.slug));
      const names = (entries: EntryRow[]) =>
        entries.map((e) => `${entryName(e)}, ${permalink(ctx.publicUrl, e.slug)}`).join('; ') || 'none';
      return {
        description: `Review of a design against ${promote.map((e) => e.title).join(', ')}`,
        messages: [
          instruction(
            [
              'Review the ML-enabled system design below against the quality attributes listed, using the design-kb tools.',
              '',
              `Qualities to promote: ${names(promote)}.`,
              `Qualities to protect: ${names(protect)}.`,
              '',
              'Design:',
              '"""',
              args.design.trim(),
              '"""',
              '',
              'Steps:',
              `1. Call recommend_architecture with promote: ${list(promote)}${protect.length > 0 ? ` and protect: ${list(protect)}` : ''} to see which architectural styles, patterns and tactics promote these qualities, and which are excluded because they harm a protected one.`,
              `2. Call list_tradeoffs with quality set to each of ${list([...promote, ...protect])} to find the tensions the design has to resolve.`,
              '3. For each style or pattern the design uses or should use, call related_entries with its slug to weigh its alternatives, and get_entry (or read kb://pattern/<slug>) for its costs.',
              '4. Call search_knowledge for parts of the design the steps above did not cover (e.g. "model monitoring", "feature store").',
              '',
              'Answer with, for each quality: whether the design promotes, neglects or harms it, and why; the styles, patterns or tactics to add or replace, with what each costs; and the trade-offs the design accepts. The quality entries follow as resources.',
              CITE,
            ].join('\n'),
          ),
          ...(await Promise.all([...promote, ...protect].map((e) => embedded(ctx, e)))),
        ],
      };
    },
  );

  server.registerPrompt(
    'choose_algorithm',
    {
      title: 'Choose an ML algorithm for a scenario',
      description:
        'Chooses an ML algorithm for a scenario of the knowledge base or a task, with the needs stated in words, using recommend_algorithms, compare_algorithms and list_tradeoffs; the scenario is embedded as a resource.',
      argsSchema: {
        scenario: completable(
          optionalText(
            'A scenario\'s slug, e.g. "credit-card-fraud-detection"; its task, bounds and weights preset the search',
            200,
          ),
          async (value) => (value ? slugsStartingWith(context().db, value, 'SCENARIO') : []),
        ),
        task: optionalText(
          'The ML task, e.g. "classification", when no scenario is given or to override its task',
          200,
        ),
        needs: optionalText(
          'What matters in words, e.g. "decisions must be explained to auditors; runs on a phone"',
        ),
      },
    },
    async (args): Promise<GetPromptResult> => {
      checkArguments(args);
      const ctx = context();
      if (!args.scenario && !args.task) {
        throw invalid('scenario', 'give a scenario slug or a `task` (or both).');
      }
      const scenario = args.scenario
        ? (
            await guarded('scenario', async () => {
              const entry = await ctx.loaders.entryBySlug.load(args.scenario ?? '');
              if (entry?.kind !== 'SCENARIO')
                throw await unknownSlug(ctx, 'SCENARIO', args.scenario ?? '', ['scenario']);
              return [entry];
            })
          )[0]
        : undefined;
      if (args.task) {
        const task = args.task;
        await guarded('task', () => checkTask(ctx, task, ['task']));
      }
      const call = JSON.stringify({
        ...(scenario && { scenario: scenario.slug }),
        ...(args.task && { task: args.task }),
      });
      return {
        description: `Choosing an algorithm${scenario ? ` for ${scenario.title}` : ''}${args.task ? ` (${args.task})` : ''}`,
        messages: [
          instruction(
            [
              `Choose an ML algorithm ${scenario ? `for the scenario ${entryName(scenario)}, ${permalink(ctx.publicUrl, scenario.slug)}` : `for ${args.task ?? ''}`}, using the design-kb tools.`,
              ...(args.task && scenario ? [`The task is ${args.task}.`] : []),
              ...(args.needs ? ['', 'What matters:', '"""', args.needs.trim(), '"""'] : []),
              '',
              'Steps:',
              `1. Translate what matters into quality bounds and weights on quality slugs; list_entries with kind "quality" lists the qualities, and only qualities some algorithm is rated on can bound or rank algorithms.`,
              `2. Call recommend_algorithms with ${call} plus those constraints and weights. Bounds are amounts, not goodness: a training-cost of HIGH means expensive.`,
              '3. Call compare_algorithms on the two or three best candidates and the qualities that matter, to see every rating with its rationale.',
              '4. Call list_tradeoffs on the qualities where the candidates differ most, and say which side the choice takes.',
              '',
              `Answer with the algorithm you recommend and the runner-up, why (the ratings and their rationales), what the choice gives up, and what would change the choice.${scenario ? ' The scenario follows as a resource.' : ''}`,
              CITE,
            ].join('\n'),
          ),
          ...(scenario ? [await embedded(ctx, scenario)] : []),
        ],
      };
    },
  );

  server.registerPrompt(
    'find_pattern',
    {
      title: 'Find a pattern or tactic for a design problem',
      description:
        'Finds design patterns, tactics and architectural styles for a problem stated in words, using search_knowledge, related_entries and recommend_architecture.',
      argsSchema: {
        problem: text('The design problem, e.g. "notice quickly when the inference service goes down"'),
      },
    },
    (args): GetPromptResult => {
      checkArguments(args);
      return {
        description: 'Finding a pattern for a design problem',
        messages: [
          instruction(
            [
              'Find design patterns, architectural tactics or styles from design-kb for the problem below.',
              '',
              'Problem:',
              '"""',
              args.problem.trim(),
              '"""',
              '',
              'Steps:',
              '1. Call search_knowledge with the problem in a few words and kinds ["pattern", "style"].',
              '2. Call related_entries on the best matches to weigh their alternatives (relation type ALTERNATIVE) and what they work with.',
              '3. Name the qualities the problem is about (list_entries with kind "quality" lists them) and call recommend_architecture with them as promote, to see other candidates and what each inhibits.',
              '4. Read the one or two you recommend in full with get_entry, for their solution, costs and trade-offs.',
              '',
              'Answer with the pattern or tactic you recommend, how it solves the problem, what it costs, and its alternatives.',
              CITE,
            ].join('\n'),
          ),
        ],
      };
    },
  );
}

/** Text no argument may hold (NUL, lone surrogates): an error naming the argument. */
function checkArguments(args: Record<string, unknown>): void {
  try {
    checkStorableText(args, []);
  } catch (error) {
    if (error instanceof GraphQLError) {
      const path = (error.extensions as { argumentPath?: (string | number)[] }).argumentPath ?? [];
      throw invalid(String(path[0] ?? 'arguments'), error.message);
    }
    throw error;
  }
}
