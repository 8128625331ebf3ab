// The schema is the documentation frontends and chatbots read: everything in it is described.
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLNamedType,
} from 'graphql';
import { buildSchema } from '../src/server/schema';

const schema = buildSchema();
const ownTypes = Object.values(schema.getTypeMap()).filter(
  (type: GraphQLNamedType) =>
    !type.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name),
);

test('every type, field, argument, input field and enum value has a description', () => {
  const missing: string[] = [];
  const check = (path: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(path);
  };
  for (const type of ownTypes) {
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    } else {
      // Scalars and unions have nothing inside to describe.
      expect(isScalarType(type) || isUnionType(type)).toBe(true);
    }
  }
  expect(missing).toEqual([]);
  expect(ownTypes.length).toBeGreaterThan(50);
});

test('every entry kind has a type implementing Node and Entry, with a lookup and a connection', () => {
  const entry = schema.getType('Entry');
  if (!isInterfaceType(entry)) throw new Error('Entry is not an interface');
  const implementations = schema.getImplementations(entry).objects.map((t) => t.name);
  expect(implementations).toHaveLength(13);
  const query = schema.getQueryType()?.getFields() ?? {};
  for (const name of implementations) {
    const type = schema.getType(name);
    expect(isObjectType(type) && type.getInterfaces().map((i) => i.name)).toEqual(['Node', 'Entry']);
    expect(schema.getType(`${name}Connection`)).toBeDefined();
    const lookups = Object.values(query).filter((f) => f.type.toString() === name);
    expect(lookups.map((f) => f.args.map((a) => a.name))).toEqual([['slug']]);
  }
});
