// Query limits, checked before anything executes: depth, aliases and directives (graphql-armor),
// tokens (graphql-js's parser), and a cost that follows list sizes (graphql-query-complexity).
// A rejected document gets QUERY_TOO_COMPLEX naming the limit, its variable and its value.
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  type GraphQLField,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { QueryLimits } from '../config';
import { ErrorCode } from '../errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../services/pagination';

/** What a list without a page size or an `@listSize` is assumed to hold. */
export const ASSUMED_LIST_SIZE = 10;

/** Above this many fields (fragments expanded), a document is refused without estimating further. */
const MAX_EVALUATED_FIELDS = 10_000;

export function queryTooComplex(
  message: string,
  limit: keyof typeof LIMIT_VARIABLES,
  maximum: number,
  actual?: number,
) {
  return new GraphQLError(message, {
    extensions: {
      code: ErrorCode.QUERY_TOO_COMPLEX,
      limit: LIMIT_VARIABLES[limit],
      maximum,
      ...(actual === undefined ? {} : { actual }),
      http: { status: 400 },
    },
  });
}

const LIMIT_VARIABLES = {
  maxDepth: 'MAX_QUERY_DEPTH',
  maxCost: 'MAX_QUERY_COST',
  maxAliases: 'MAX_QUERY_ALIASES',
  maxDirectives: 'MAX_QUERY_DIRECTIVES',
  maxTokens: 'MAX_QUERY_TOKENS',
} as const;

/** Replaces armor's message ("… limit of 10 exceeded, found 14.") with ours, reported in validation. */
function reject(
  limits: QueryLimits,
  limit: 'maxDepth' | 'maxAliases' | 'maxDirectives',
  describe: (actual: number, maximum: number) => string,
): GraphQLArmorRejectCallback {
  return (context, error) => {
    const actual = Number(/found (\d+)/.exec(error.message)?.[1] ?? NaN);
    const maximum = limits[limit];
    const message = `${describe(actual, maximum)} (${LIMIT_VARIABLES[limit]}).`;
    context?.reportError(queryTooComplex(message, limit, maximum, Number.isNaN(actual) ? undefined : actual));
  };
}

/**
 * Rejections as the client sees them. Apollo reports validation errors as
 * GRAPHQL_VALIDATION_FAILED and a parser abort past `maxTokens` as GRAPHQL_PARSE_FAILED; both are
 * given back their QUERY_TOO_COMPLEX code here (called from formatError).
 */
export function formatLimitError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError | null {
  if (!(error instanceof GraphQLError)) return null;
  const original = error.originalError;
  if (original instanceof GraphQLError && original.extensions.code === ErrorCode.QUERY_TOO_COMPLEX) {
    const { http: _http, ...extensions } = original.extensions;
    return { message: original.message, locations: formatted.locations, extensions };
  }
  const tokens = /Document contains more th(?:an|at) (\d+) tokens/.exec(error.message)?.[1];
  if (tokens !== undefined) {
    const { http: _http, ...extensions } = queryTooComplex('', 'maxTokens', Number(tokens)).extensions;
    return {
      message: `Query has more than ${tokens} tokens, the limit (MAX_QUERY_TOKENS).`,
      extensions,
    };
  }
  return null;
}

function argumentNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** A paged field's page size: `first`/`last` (or `input.first`), defaulting like the services do. */
function pageSize(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number | null {
  const input = args.input as Record<string, unknown> | undefined;
  const given = argumentNumber(args.first) ?? argumentNumber(args.last) ?? argumentNumber(input?.first);
  const paged =
    field.args.some((a) => a.name === 'first' || a.name === 'last') ||
    (input !== undefined && 'first' in input);
  if (!paged) return null;
  return Math.min(given ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
}

/** Types returned by paged fields: their lists are the page, already counted by the paged field. */
function pagedTypes(schema: GraphQLSchema): Set<string> {
  const names = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const input = field.args.find((a) => a.name === 'input');
      const inputType = input && getNamedType(input.type);
      const pagedInput = isInputObjectType(inputType) && 'first' in inputType.getFields();
      if (field.args.some((a) => a.name === 'first' || a.name === 'last') || pagedInput) {
        names.add(getNamedType(field.type).name);
      }
    }
  }
  return names;
}

/** `@listSize(assumedSize:)` in the SDL marks lists that grow with the knowledge base. */
function assumedSize(field: GraphQLField<unknown, unknown>): number {
  const directive = field.astNode?.directives?.find((d) => d.name.value === 'listSize');
  const argument = directive?.arguments?.find((a) => a.name.value === 'assumedSize');
  return argument?.value.kind === 'IntValue' ? Number(argument.value.value) : ASSUMED_LIST_SIZE;
}

/**
 * Every field costs 1; what a list holds is multiplied by its size: the page size of a paged field
 * (connections, recommendations), the number of ids asked for, or the list's assumed size.
 * Introspection costs nothing: its size is bounded by the schema's.
 */
function costEstimator(schema: GraphQLSchema): ComplexityEstimator {
  const paged = pagedTypes(schema);
  return ({ type, field, args, childComplexity }) => {
    if (field.name.startsWith('__')) return 0;
    const page = pageSize(field, args);
    if (page !== null) return 1 + page * childComplexity;
    if (!isListType(getNullableType(field.type)) || paged.has(type.name)) return 1 + childComplexity;
    if (Array.isArray(args.ids)) return 1 + args.ids.length * childComplexity;
    return 1 + assumedSize(field) * childComplexity;
  };
}

/** The estimated cost of an operation, or null when its variables are invalid (execution refuses those). */
function operationCost(
  schema: GraphQLSchema,
  estimator: ComplexityEstimator,
  request: {
    document: Parameters<typeof getComplexity>[0]['query'];
    variables?: Record<string, unknown>;
    operationName?: string | null;
  },
): number | null {
  try {
    return getComplexity({
      schema,
      estimators: [estimator],
      query: request.document,
      variables: request.variables,
      operationName: request.operationName ?? undefined,
      maxQueryNodes: MAX_EVALUATED_FIELDS,
    });
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      return Number.POSITIVE_INFINITY;
    }
    return null;
  }
}

function costLimitPlugin(limits: QueryLimits): ApolloServerPlugin {
  let estimator: ComplexityEstimator | undefined;
  let estimatorSchema: GraphQLSchema | undefined;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          if (estimatorSchema !== schema) {
            estimator = costEstimator(schema);
            estimatorSchema = schema;
          }
          const cost = operationCost(schema, estimator as ComplexityEstimator, {
            document,
            variables: request.variables,
            operationName,
          });
          if (cost === null || cost <= limits.maxCost) return;
          throw queryTooComplex(
            Number.isFinite(cost)
              ? `Query cost ${cost} exceeds the limit of ${limits.maxCost} (MAX_QUERY_COST).`
              : `Query cost exceeds the limit of ${limits.maxCost} (MAX_QUERY_COST): it selects more than ${MAX_EVALUATED_FIELDS} fields once fragments are expanded.`,
            'maxCost',
            limits.maxCost,
            Number.isFinite(cost) ? cost : undefined,
          );
        },
      };
    },
  };
}

export interface QueryLimitOptions {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
}

/** Apollo Server options enforcing the limits; field suggestions are hidden in production. */
export function queryLimits(limits: QueryLimits, production: boolean): QueryLimitOptions {
  const armor = new ApolloArmor({
    maxDepth: {
      n: limits.maxDepth,
      // Depth counts fields: `... on Pattern { x }` is no deeper than `x`.
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [
        reject(limits, 'maxDepth', (found, max) => `Query depth ${found} exceeds the limit of ${max}`),
      ],
    },
    maxAliases: {
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [
        reject(
          limits,
          'maxAliases',
          (found, max) => `Query uses ${found} aliases, more than the limit of ${max}`,
        ),
      ],
    },
    maxDirectives: {
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: [
        reject(
          limits,
          'maxDirectives',
          (found, max) => `Query uses ${found} directives, more than the limit of ${max}`,
        ),
      ],
    },
    // Cost: armor's estimate sees neither variables nor list sizes; costLimitPlugin does.
    costLimit: { enabled: false },
    // Tokens: armor's Apollo integration throws from a parsing hook (a 500); the parser's own
    // limit aborts just as early and fails as a syntax error, mapped in formatError.
    maxTokens: { enabled: false },
    // Armor's Apollo plugin replaces `Did you mean "x"` and keeps the `?` that follows.
    blockFieldSuggestion: { enabled: production, mask: 'Did you mean one listed in the schema' },
  });
  const protection = armor.protect();
  return {
    plugins: [...protection.plugins, costLimitPlugin(limits)],
    validationRules: protection.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
