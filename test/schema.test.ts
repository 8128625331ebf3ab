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
import fs from 'node:fs';
import path from 'node:path';
import { EntryKind } from '../src/generated/prisma/enums';
import { KIND_LIST, KINDS } from '../src/kinds';
import { buildSchema } from '../src/server/schema';
import { createDatabase, querySql } from './support/databases';

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
  // One per kind in the registry, under the registry's type name.
  expect([...implementations].sort()).toEqual(KIND_LIST.map((k) => k.typeName).sort());
  const query = schema.getQueryType()?.getFields() ?? {};
  for (const name of implementations) {
    const type = schema.getType(name);
    expect(isObjectType(type) && type.getInterfaces().map((i) => i.name)).toEqual(['Node', 'Entry']);
    expect(schema.getType(`${name}Connection`)).toBeDefined();
    const lookups = Object.values(query).filter((f) => f.type.toString() === name);
    expect(lookups.map((f) => f.args.map((a) => a.name))).toEqual([['slug']]);
  }
});

test("GraphQL's EntryKind is Prisma's, and the registry has every kind", () => {
  const kind = schema.getType('EntryKind');
  if (!isEnumType(kind)) throw new Error('EntryKind is not an enum');
  const prisma = Object.values(EntryKind).sort();
  expect(
    kind
      .getValues()
      .map((v) => v.name)
      .sort(),
  ).toEqual(prisma);
  expect(Object.keys(KINDS).sort()).toEqual(prisma);
  for (const [name, definition] of Object.entries(KINDS)) expect(definition.kind).toBe(name);
});

test('every SDL file has its resolver file', () => {
  const root = path.join(__dirname, '..', 'src');
  const sdl = fs.readdirSync(path.join(root, 'schema')).filter((f) => f.endsWith('.graphql'));
  const resolvers = new Set(fs.readdirSync(path.join(root, 'resolvers')));
  expect(sdl.filter((f) => !resolvers.has(f.replace(/\.graphql$/, '.ts')))).toEqual([]);
});

test('every detail table is a kind of the registry and has its search trigger', async () => {
  const database = await createDatabase('empty');
  // Detail tables are those whose primary key is entry_id (class-table inheritance).
  const tables = await querySql<{ table_name: string }>(
    database,
    `SELECT tc.table_name FROM information_schema.table_constraints tc
     JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name
     WHERE tc.constraint_type = 'PRIMARY KEY' AND k.column_name = 'entry_id' AND tc.table_schema = 'public'
     ORDER BY tc.table_name`,
  );
  const triggers = await querySql<{ table_name: string }>(
    database,
    `SELECT c.relname AS table_name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE t.tgname = c.relname || '_search_sync' AND NOT t.tgisinternal ORDER BY c.relname`,
  );
  const registered = KIND_LIST.flatMap((k) => (k.table ? [k.table] : [])).sort();
  expect(tables.map((t) => t.table_name)).toEqual(registered);
  expect(triggers.map((t) => t.table_name)).toEqual(registered);
  expect(registered.length).toBeGreaterThanOrEqual(12);
});
