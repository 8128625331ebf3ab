// Query limits, checked before anything executes: depth, aliases and directives (graphql-armor),
// tokens (graphql-js's parser), and a cost that follows list sizes (graphql-query-complexity).
// A rejected document gets QUERY_TOO_COMPLEX naming the limit, its variable and its value.
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import {
  GraphQLError,
  getArgumentValues,
  getNamedType,
  getNullableType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ConstValueNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { QueryLimits } from '../config';
import { ErrorCode } from '../errors';
import { noteErrorCode } from './observation';
import { listLimit } from '../services/arguments';
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
  maxResponseBytes: 'MAX_RESPONSE_BYTES',
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

/** A directive's literal argument on a field definition (`@listSize(assumedSize: 100)`). */
function directiveArgument(
  field: GraphQLField<unknown, unknown>,
  directive: string,
  argument: string,
): ConstValueNode | undefined {
  return field.astNode?.directives
    ?.find((d) => d.name.value === directive)
    ?.arguments?.find((a) => a.name.value === argument)?.value;
}

/** `@listSize(assumedSize:)` in the SDL marks lists that grow with the knowledge base. */
function assumedSize(field: GraphQLField<unknown, unknown>): number {
  const value = directiveArgument(field, 'listSize', 'assumedSize');
  return value?.kind === Kind.INT ? Number(value.value) : ASSUMED_LIST_SIZE;
}

/** `@listSize(sizedBy: "input.constraints,input.requires")`: arguments that size the list, as paths. */
function sizedBy(field: GraphQLField<unknown, unknown>): string[][] | null {
  const value = directiveArgument(field, 'listSize', 'sizedBy');
  if (value?.kind !== Kind.STRING) return null;
  return value.value.split(',').map((part) => part.trim().split('.'));
}

/**
 * A field's own cost: its `@cost(weight:)`, or that of the interface field it implements
 * (`Entry.markdown` costs the same on every kind), or 1.
 */
function fieldWeight(type: GraphQLCompositeType, field: GraphQLField<unknown, unknown>): number {
  const interfaces = isObjectType(type) || isInterfaceType(type) ? type.getInterfaces() : [];
  for (const candidate of [field, ...interfaces.map((i) => i.getFields()[field.name])]) {
    const value = candidate && directiveArgument(candidate, 'cost', 'weight');
    if (value?.kind === Kind.INT) return Number(value.value);
  }
  return 1;
}

/** How many distinct items a list argument holds (the services drop repeats before working). */
function distinctCount(value: unknown): number {
  if (!Array.isArray(value)) return value === undefined || value === null ? 0 : 1;
  return new Set(value.map((item) => JSON.stringify(item))).size;
}

type Enclosing = { node: FieldNode; field: GraphQLField<unknown, unknown> | null };

/**
 * The size of a `sizedBy` list: what the nearest enclosing field's arguments hold, or its assumed
 * size when they are omitted. Inside a named fragment the enclosing field is out of sight: the
 * arguments' documented maximum counts.
 */
function sizeFromArguments(
  field: GraphQLField<unknown, unknown>,
  paths: string[][],
  stack: readonly Enclosing[],
  variables: Record<string, unknown> | undefined,
  inFragment: boolean,
): number {
  const maximum = paths.reduce((sum, path) => sum + (listLimit(path.at(-1) ?? '') ?? ASSUMED_LIST_SIZE), 0);
  const argument = paths[0]?.[0] ?? '';
  const enclosing = [...stack].reverse().find((e) => e.field?.args.some((a) => a.name === argument));
  if (!enclosing?.field) return inFragment ? Math.max(maximum, assumedSize(field)) : assumedSize(field);
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(enclosing.field, enclosing.node, variables);
  } catch {
    return maximum; // invalid variables: execution refuses them
  }
  let given = false;
  let count = 0;
  for (const path of paths) {
    let value: unknown = args;
    for (const key of path) value = (value as Record<string, unknown> | null | undefined)?.[key];
    if (value === undefined || value === null) continue;
    given = true;
    count += distinctCount(value);
  }
  return given ? Math.max(count, 1) : assumedSize(field);
}

/** The sizes of the lists marked `@listSize(sizedBy:)` in a request, by field node. */
function sizedLists(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): Map<FieldNode, number> {
  const sizes = new Map<FieldNode, number>();
  const typeInfo = new TypeInfo(schema);
  const stack: Enclosing[] = [];
  let inFragment = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      FragmentDefinition: {
        enter() {
          inFragment = true;
        },
        leave() {
          inFragment = false;
        },
      },
      Field: {
        enter(node) {
          const field = typeInfo.getFieldDef() as GraphQLField<unknown, unknown> | null;
          const paths = field && sizedBy(field);
          if (field && paths) {
            const size = sizeFromArguments(field, paths, stack, variables, inFragment);
            // A fragment used in several places keeps the largest.
            sizes.set(node, Math.max(sizes.get(node) ?? 0, size));
          }
          stack.push({ node, field });
        },
        leave() {
          stack.pop();
        },
      },
    }),
  );
  return sizes;
}

/** Sizes of the introspection lists, derived from the schema: what `__schema { types { fields … } }` returns. */
function introspectionSizes(schema: GraphQLSchema): Record<string, number> {
  const types = Object.values(schema.getTypeMap());
  const average = (counts: number[]) =>
    Math.max(1, Math.ceil(counts.reduce((sum, n) => sum + n, 0) / Math.max(1, counts.length)));
  const fieldsOf = (t: (typeof types)[number]) =>
    isObjectType(t) || isInterfaceType(t) ? Object.values(t.getFields()) : [];
  const fields = types.flatMap(fieldsOf);
  return {
    types: types.length,
    directives: schema.getDirectives().length,
    fields: average(types.map((t) => fieldsOf(t).length)),
    inputFields: average(types.map((t) => (isInputObjectType(t) ? Object.keys(t.getFields()).length : 0))),
    enumValues: average(types.map((t) => (isEnumType(t) ? t.getValues().length : 0))),
    args: average(fields.map((f) => f.args.length)),
    interfaces: average(
      types.map((t) => (isObjectType(t) || isInterfaceType(t) ? t.getInterfaces().length : 0)),
    ),
    possibleTypes: average(types.map((t) => (isAbstractType(t) ? schema.getPossibleTypes(t).length : 0))),
    locations: 4,
  };
}

/** What the estimator needs of one request, passed through getComplexity's context. */
interface CostContext {
  sizes: Map<FieldNode, number>;
}

/**
 * Every field costs its weight (1, or its `@cost(weight:)`); what a list holds is multiplied by
 * its size: the page size of a paged field (connections, recommendations), the number of ids
 * asked for, the distinct items of the argument that sizes it (`@listSize(sizedBy:)`), or its
 * assumed size. Introspection lists count what the schema holds, so introspection is bounded
 * like any other query.
 */
function costEstimator(schema: GraphQLSchema): ComplexityEstimator {
  const paged = pagedTypes(schema);
  const introspection = introspectionSizes(schema);
  return ({ type, field, node, args, childComplexity, context }) => {
    if (field.name === '__typename') return 0;
    const list = isListType(getNullableType(field.type));
    if (type.name.startsWith('__') || field.name.startsWith('__')) {
      // The schema is in memory: a name or description costs its bytes, counted once per object.
      if (isLeafType(getNamedType(field.type))) return 0;
      return (list ? (introspection[field.name] ?? ASSUMED_LIST_SIZE) : 1) * (1 + childComplexity);
    }
    const weight = fieldWeight(type, field);
    const page = pageSize(field, args);
    if (page !== null) return weight + page * childComplexity;
    const sized = list ? (context as CostContext | undefined)?.sizes.get(node) : undefined;
    if (sized !== undefined) return weight + sized * childComplexity;
    if (!list || paged.has(type.name)) return weight + childComplexity;
    if (Array.isArray(args.ids)) return weight + args.ids.length * childComplexity;
    return weight + assumedSize(field) * childComplexity;
  };
}

const estimators = new WeakMap<GraphQLSchema, ComplexityEstimator>();

/** The estimated cost of an operation, or null when its variables are invalid (execution refuses those). */
export function operationCost(
  schema: GraphQLSchema,
  request: {
    document: Parameters<typeof getComplexity>[0]['query'];
    variables?: Record<string, unknown>;
    operationName?: string | null;
  },
): number | null {
  let estimator = estimators.get(schema);
  if (!estimator) {
    estimator = costEstimator(schema);
    estimators.set(schema, estimator);
  }
  try {
    const context: CostContext = { sizes: sizedLists(schema, request.document, request.variables) };
    return getComplexity({
      schema,
      estimators: [estimator],
      query: request.document,
      variables: request.variables,
      context,
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

/** Most variable sets whose costs are kept per document (a document asked with ever-new variables). */
const COSTS_PER_DOCUMENT = 64;
const MAX_COST_KEY_LENGTH = 2048;

/**
 * Costs of the operations of parsed documents, per operation name and variables: Apollo keeps
 * parsed documents, so a repeated query (the usual case: a client's fixed queries with their
 * variables) is estimated once.
 */
class CostCache {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, number | null>>();

  cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown> | undefined,
    operationName: string | null,
  ): number | null {
    let costs = this.byDocument.get(document);
    if (!costs) {
      costs = new Map();
      this.byDocument.set(document, costs);
    }
    const key = `${operationName ?? ''}\u0000${variables ? JSON.stringify(variables) : ''}`;
    if (costs.has(key)) return costs.get(key) ?? null;
    const cost = operationCost(schema, { document, variables, operationName });
    // Large variables (long lists) are estimated afresh rather than held.
    if (key.length > MAX_COST_KEY_LENGTH) return cost;
    if (costs.size >= COSTS_PER_DOCUMENT) costs.clear();
    costs.set(key, cost);
    return cost;
  }
}

function costLimitPlugin(limits: QueryLimits): ApolloServerPlugin {
  const costs = new CostCache();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          const cost = costs.cost(schema, document, request.variables, operationName);
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
    parseOptions: { maxLexicalTokens: limits.maxTokens },
  };
}

/**
 * MAX_RESPONSE_BYTES for GraphQL: an answer larger than the limit is replaced by a 400 with
 * QUERY_TOO_COMPLEX before a byte of it is sent. The cost limit bounds the work; this bounds what
 * one request can make the server hold and send.
 */
export function responseSizeLimit(maxBytes: number): RequestHandler {
  return (_req, res, next) => {
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      const size = typeof body === 'string' || Buffer.isBuffer(body) ? Buffer.byteLength(body) : 0;
      if (size <= maxBytes || res.headersSent) return send(body);
      noteErrorCode(res, ErrorCode.QUERY_TOO_COMPLEX);
      const { http: _http, ...extensions } = queryTooComplex(
        '',
        'maxResponseBytes',
        maxBytes,
        size,
      ).extensions;
      res.status(400).set('cache-control', 'no-store').type('application/json');
      return send(
        JSON.stringify({
          errors: [
            {
              message: `The answer would be ${size} bytes, more than the limit of ${maxBytes} (MAX_RESPONSE_BYTES); ask for fewer fields, aliases or a smaller page.`,
              extensions,
            },
          ],
        }),
      );
    };
    next();
  };
}
