// Executes GraphQL operations with graphql-jit: each operation of a parsed document is compiled
// once into a function that resolves its selection, instead of graphql-js walking the selection
// for every object of every request. Apollo Server 5 has no executor option; its gateway interface
// hands every request that passed parsing, validation and the plugins' checks to an executor, and
// every plugin hook (cost limit, cache policy, logging, metrics, the response cache) still runs.
import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import {
  execute,
  getNamedType,
  getVariableValues,
  GraphQLError,
  isAbstractType,
  isCompositeType,
  isObjectType,
  Kind,
  type GraphQLCompositeType,
  type SelectionSetNode,
  printSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

type Gateway = NonNullable<ApolloServerOptionsWithGateway<never>['gateway']>;

/**
 * graphql-jit's errors have read-only messages; plugins rewrite messages (graphql-armor masks
 * suggestions). Each becomes a graphql-js error with the same message, locations, path, cause
 * and extensions.
 */
function plainError(error: GraphQLError): GraphQLError {
  const cause = error.originalError;
  const plain = new GraphQLError(error.message, {
    path: error.path,
    // A cause that is itself one of graphql-jit's errors (no extensions object) is made plain too.
    originalError: cause instanceof GraphQLError ? plainError(cause) : (cause ?? undefined),
    extensions: error.extensions,
  });
  Object.defineProperty(plain, 'locations', { value: error.locations, enumerable: true, writable: true });
  return plain;
}

function withPlainErrors(result: ExecutionResult): ExecutionResult {
  return result.errors ? { ...result, errors: result.errors.map(plainError) } : result;
}

/**
 * Above this many fields, counted once for every object type an interface field can resolve to,
 * an operation runs on graphql-js: compiled code grows with that count, and a chain of abstract
 * fields (`related { entry { related { entry … } } }`) multiplies it by the kinds at every step.
 */
const MAX_COMPILED_FIELDS = 2000;

/** The fields compiled code would hold for a selection (stops counting past the maximum). */
function compiledSize(
  schema: GraphQLSchema,
  document: DocumentNode,
  selectionSet: SelectionSetNode,
  type: GraphQLCompositeType,
  budget: number,
): number {
  const owners = isAbstractType(type) ? schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
  let size = 0;
  for (const owner of owners) {
    for (const selection of selectionSet.selections) {
      if (size > budget) return size;
      if (selection.kind === Kind.FIELD) {
        size += 1;
        const field = owner.getFields()[selection.name.value];
        const target = field && getNamedType(field.type);
        if (selection.selectionSet && target && isCompositeType(target)) {
          size += compiledSize(schema, document, selection.selectionSet, target, budget - size);
        }
      } else {
        const fragment =
          selection.kind === Kind.INLINE_FRAGMENT
            ? selection
            : document.definitions.find(
                (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
              );
        if (
          !fragment ||
          (fragment.kind !== Kind.INLINE_FRAGMENT && fragment.kind !== Kind.FRAGMENT_DEFINITION)
        ) {
          continue;
        }
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : owner;
        if (condition && isCompositeType(condition) && (condition === owner || isAbstractType(condition))) {
          size += compiledSize(schema, document, fragment.selectionSet, owner, budget - size);
        }
      }
    }
  }
  return size;
}

/** An executor over `schema` presented as an Apollo gateway (one schema, never updated). */
export function compiledExecution(schema: GraphQLSchema): Gateway {
  const compiled = new WeakMap<
    DocumentNode,
    Map<OperationDefinitionNode, CompiledQuery | ExecutionResult | 'interpret'>
  >();
  const compile = (document: DocumentNode, operation: OperationDefinitionNode) => {
    let byOperation = compiled.get(document);
    if (!byOperation) {
      byOperation = new Map();
      compiled.set(document, byOperation);
    }
    let query = byOperation.get(operation);
    if (!query) {
      const root = schema.getRootType(operation.operation);
      const size = root
        ? compiledSize(schema, document, operation.selectionSet, root, MAX_COMPILED_FIELDS)
        : 0;
      query =
        size > MAX_COMPILED_FIELDS ? 'interpret' : compileQuery(schema, document, operation.name?.value);
      byOperation.set(operation, query);
    }
    return query;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    load: () =>
      Promise.resolve({
        executor: async (request) => {
          const query = compile(request.document, request.operation);
          const variables = (request.request.variables ?? {}) as Record<string, unknown>;
          if (query === 'interpret') {
            return execute({
              schema,
              document: request.document,
              contextValue: request.context,
              variableValues: variables,
              operationName: request.operation.name?.value,
            });
          }
          if (!isCompiledQuery(query)) return withPlainErrors(query);
          // Variables are coerced as graphql-js does, so a bad value is refused with its message.
          if (request.operation.variableDefinitions?.length) {
            const coerced = getVariableValues(schema, request.operation.variableDefinitions, variables);
            if (coerced.errors) return { errors: coerced.errors };
          }
          return withPlainErrors(await query.query(undefined, request.context, variables));
        },
      }),
    stop: () => Promise.resolve(),
  };
}
