// Reading ahead in a resolver: what the selection of the field being resolved asks of its result,
// so a loader can fetch a relation together with its parent.
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the selection of the field being resolved names the field `name` of its result,
 * directly or inside fragments. It is a hint for reading ahead, never an answer: directives are
 * not evaluated, so a field under `@skip(if: true)` counts as selected (one read too many, the
 * same response).
 */
export function selectsField(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, name: string) {
  const visited = new Set<string>();
  const names = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((selection) => {
      switch (selection.kind) {
        case Kind.FIELD:
          return selection.name.value === name;
        case Kind.INLINE_FRAGMENT:
          return names(selection.selectionSet);
        case Kind.FRAGMENT_SPREAD: {
          const fragment = selection.name.value;
          if (visited.has(fragment)) return false;
          visited.add(fragment);
          return names(info.fragments[fragment]?.selectionSet);
        }
      }
    });
  return info.fieldNodes.some((node) => names(node.selectionSet));
}
