// Cache hints computed once per document from the schema's @cacheControl directives, instead of
// once per resolved field: the same rules as Apollo's cache-control plugin (a field returning an
// object, and every root field, gets the default max age unless it or its type says otherwise; a
// PRIVATE hint anywhere makes the response private), applied to every field the operation selects.
// No resolver sets a dynamic hint, so the selection alone decides the policy.
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isObjectType,
  Kind,
  type ConstDirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** What a cache hint says (Apollo's CacheHint). */
export interface CacheHint {
  maxAge?: number;
  scope?: 'PUBLIC' | 'PRIVATE';
}

interface Annotation extends CacheHint {
  inheritMaxAge?: boolean;
}

function annotationOf(directives: readonly ConstDirectiveNode[] | undefined): Annotation | undefined {
  const directive = directives?.find((d) => d.name.value === 'cacheControl');
  if (!directive?.arguments) return undefined;
  const argument = (name: string) => directive.arguments?.find((a) => a.name.value === name)?.value;
  const scopeValue = argument('scope');
  const scope =
    scopeValue?.kind === Kind.ENUM && (scopeValue.value === 'PUBLIC' || scopeValue.value === 'PRIVATE')
      ? scopeValue.value
      : undefined;
  const inherit = argument('inheritMaxAge');
  if (inherit?.kind === Kind.BOOLEAN && inherit.value) return { inheritMaxAge: true, scope };
  const maxAge = argument('maxAge');
  return { maxAge: maxAge?.kind === Kind.INT ? Number(maxAge.value) : undefined, scope };
}

function typeAnnotation(type: GraphQLNamedType): Annotation {
  for (const node of [type.astNode, ...type.extensionASTNodes]) {
    const hint = annotationOf(node?.directives);
    if (hint) return hint;
  }
  return {};
}

/** A policy being narrowed: the smallest max age, PRIVATE over PUBLIC. */
class Policy implements CacheHint {
  maxAge?: number;
  scope?: 'PUBLIC' | 'PRIVATE';

  restrict(hint: CacheHint): void {
    if (hint.maxAge !== undefined && (this.maxAge === undefined || hint.maxAge < this.maxAge)) {
      this.maxAge = hint.maxAge;
    }
    if (hint.scope !== undefined && this.scope !== 'PRIVATE') this.scope = hint.scope;
  }

  replace(hint: CacheHint): void {
    if (hint.maxAge !== undefined) this.maxAge = hint.maxAge;
    if (hint.scope !== undefined) this.scope = hint.scope;
  }
}

/** The hint one field contributes when it resolves (Apollo's willResolveField rules). */
function fieldHint(field: GraphQLField<unknown, unknown>, root: boolean, defaultMaxAge: number): CacheHint {
  const policy = new Policy();
  const target = getNamedType(field.type);
  let inheritMaxAge = false;
  if (isCompositeType(target)) {
    const annotation = typeAnnotation(target);
    policy.replace(annotation);
    inheritMaxAge = annotation.inheritMaxAge === true;
  }
  const annotation = annotationOf(field.astNode?.directives) ?? {};
  if (annotation.inheritMaxAge && policy.maxAge === undefined) {
    inheritMaxAge = true;
    if (annotation.scope) policy.replace({ scope: annotation.scope });
  } else {
    policy.replace(annotation);
  }
  if (policy.maxAge === undefined && ((isCompositeType(target) && !inheritMaxAge) || root)) {
    policy.restrict({ maxAge: defaultMaxAge });
  }
  return policy;
}

/** The policy of one operation of a document: every field it can select restricts it. */
export function staticCachePolicy(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  defaultMaxAge: number,
): CacheHint {
  const overall = new Policy();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const hints = new Map<GraphQLField<unknown, unknown>, CacheHint>();
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, root: boolean): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        // Introspection and __typename are not schema resolvers: they carry no hint.
        if (name.startsWith('__')) continue;
        // On an interface or union the field resolves on one of its object types.
        const owners = isAbstractType(parent)
          ? schema.getPossibleTypes(parent)
          : isObjectType(parent)
            ? [parent]
            : [];
        for (const owner of owners) {
          const field = owner.getFields()[name];
          if (!field) continue;
          let hint = root ? undefined : hints.get(field);
          if (!hint) {
            hint = fieldHint(field, root, defaultMaxAge);
            if (!root) hints.set(field, hint);
          }
          overall.restrict(hint);
          const target = getNamedType(field.type);
          if (selection.selectionSet && isCompositeType(target)) walk(selection.selectionSet, target, false);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) walk(selection.selectionSet, type, root);
      } else {
        const fragment = fragments.get(selection.name.value);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        const visit = `${selection.name.value}:${String(root)}`;
        if (!fragment || !type || !isCompositeType(type) || seen.has(visit)) continue;
        seen.add(visit);
        walk(fragment.selectionSet, type, root);
      }
    }
  };
  const rootType = schema.getRootType(operation.operation);
  if (rootType) walk(operation.selectionSet, rootType, true);
  return overall;
}

/**
 * Sets each request's cache policy from its document (computed once per parsed document and
 * operation; Apollo keeps parsed documents, so repeated queries reuse it) and the Cache-Control
 * header from the policy: `max-age=N, public` for a cacheable answer without errors, else no-store.
 */
export function cachePolicyPlugins(defaultMaxAge: number): ApolloServerPlugin[] {
  const policies = new WeakMap<DocumentNode, Map<OperationDefinitionNode, CacheHint>>();
  const plugin: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async executionDidStart({ schema, document, operation, overallCachePolicy }) {
          let byOperation = policies.get(document);
          if (!byOperation) {
            byOperation = new Map();
            policies.set(document, byOperation);
          }
          let policy = byOperation.get(operation);
          if (!policy) {
            policy = staticCachePolicy(schema, document, operation, defaultMaxAge);
            byOperation.set(operation, policy);
          }
          overallCachePolicy.restrict(policy);
        },
        async willSendResponse({ response, overallCachePolicy }) {
          // A header set earlier (no-store, or a max age) can only make the answer less cacheable.
          const existing = response.http.headers.get('cache-control');
          const parsed = existing === undefined ? null : /^max-age=(\d+), (public|private)$/.exec(existing);
          if (existing !== undefined && existing !== 'no-store' && !parsed) return;
          const policy = new Policy();
          policy.replace(overallCachePolicy);
          if (parsed)
            policy.restrict({
              maxAge: Number(parsed[1]),
              scope: parsed[2] === 'public' ? 'PUBLIC' : 'PRIVATE',
            });
          const cacheable = policy.maxAge !== undefined && policy.maxAge > 0;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          response.http.headers.set(
            'cache-control',
            cacheable && existing !== 'no-store' && response.body.kind === 'single' && !errors
              ? `max-age=${String(policy.maxAge)}, ${(policy.scope ?? 'PUBLIC').toLowerCase()}`
              : 'no-store',
          );
        },
      };
    },
  };
  return [ApolloServerPluginCacheControlDisabled(), plugin];
}
