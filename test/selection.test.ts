// selectsField: what a resolver's selection asks of its result, through fragments.
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { selectsField } from '../src/resolvers/selection';

/** The resolve info of the first root field of `document`'s operation, as far as selectsField reads it. */
function infoOf(document: string) {
  const parsed = parse(document);
  const operation = parsed.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const field = operation?.selectionSet.selections[0];
  if (field?.kind !== Kind.FIELD) throw new Error('the operation starts with no field');
  const fragments = Object.fromEntries(
    parsed.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  return { fieldNodes: [field], fragments };
}

test.each([
  ['{ algorithm(slug: "a") { title ratings { level } } }', true],
  ['{ algorithm(slug: "a") { title } }', false],
  ['{ algorithm(slug: "a") { title rating(quality: "q") { level } } }', false],
  // only the result's own fields count, not those of fields beneath it
  ['{ algorithm(slug: "a") { related { entry { ... on Algorithm { ratings { level } } } } } }', false],
  ['{ algorithm(slug: "a") { ... on Algorithm { ratings { level } } } }', true],
  [
    '{ algorithm(slug: "a") { ...A } } fragment A on Algorithm { ...B } fragment B on Algorithm { ratings { level } }',
    true,
  ],
  ['{ algorithm(slug: "a") { ...A } } fragment A on Algorithm { title }', false],
  // a hint, not an answer: directives are not evaluated
  ['{ algorithm(slug: "a") { ratings @skip(if: true) { level } } }', true],
  // an alias names the same field
  ['{ algorithm(slug: "a") { scores: ratings { level } } }', true],
])('%s selects ratings: %s', (document, expected) => {
  expect(selectsField(infoOf(document), 'ratings')).toBe(expected);
});

test('a fragment spread twice, or spreading itself, is searched once', () => {
  const info = infoOf('{ algorithm(slug: "a") { ...A ...A } } fragment A on Algorithm { title ...A }');
  expect(selectsField(info, 'ratings')).toBe(false);
  expect(selectsField(info, 'title')).toBe(true);
});

test('a field selected in several places at once (fields merged by name) is found in any of them', () => {
  const first = infoOf('{ algorithm(slug: "a") { title } }');
  const second = infoOf('{ algorithm(slug: "a") { ratings { level } } }');
  const merged = { fieldNodes: [...first.fieldNodes, ...second.fieldNodes], fragments: {} };
  expect(selectsField(merged, 'ratings')).toBe(true);
});
