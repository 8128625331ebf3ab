// readRows: the loaders' raw reads go straight to the driver adapter, and give exactly the rows
// Prisma's $queryRaw gives (dates as Date, int8 as bigint, json parsed), on both databases; and
// every kind's detail rows, read as plain rows, are those the Prisma client reads.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { KIND_LIST } from '../src/kinds';
import { createDatabase, createPostgresDatabase, ROOT, type DatabaseEnv } from './support/databases';

interface Result {
  rows: number;
  equal: boolean;
  types: Record<string, string>;
  unmapped: { message: string } | null;
  missing: { name: string; code: string | null; message: string } | null;
  details: Record<string, { rows: number; equal: boolean }>;
}

function readBothWays(env: DatabaseEnv): Result {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'test', 'support', 'read-rows.mjs')], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: undefined, DATABASE_URL: undefined, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`read-rows.mjs failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Result;
}

describe.each([
  ['the embedded database', () => createDatabase('seeded')],
  ['PostgreSQL', createPostgresDatabase],
] as const)('on %s', (_name, create) => {
  let result: Result;
  beforeAll(async () => {
    result = readBothWays(await create());
  });

  test('readRows gives the rows $queryRaw gives, value for value', () => {
    expect(result.rows).toBe(2);
    expect(result.equal).toBe(true);
    expect(result.types).toMatchObject({
      id: 'string',
      aliases: 'array',
      revision: 'number',
      createdAt: 'date',
      updatedAt: 'date',
      bigRevision: 'bigint',
      doc: 'object',
      list: 'array',
      three: 'number',
      half: 'number',
      yes: 'boolean',
      nothing: 'null',
    });
  });

  test("every kind's detail rows, read as plain rows, are the rows the Prisma client reads", () => {
    const kinds = KIND_LIST.filter((k) => k.loadDetails).map((k) => k.kind);
    expect(Object.keys(result.details).sort()).toEqual([...kinds].sort());
    for (const kind of kinds) {
      // every kind with a detail table has entries in the seeded knowledge base
      expect({ kind, ...result.details[kind] }).toEqual({
        kind,
        rows: expect.any(Number) as number,
        equal: true,
      });
      expect(result.details[kind]?.rows).toBeGreaterThan(0);
    }
  });

  test('a column type it does not map is refused by name, and a database error keeps its code', () => {
    expect(result.unmapped?.message).toMatch(/readRows does not map column "n"/);
    expect(result.missing).toMatchObject({ name: 'DatabaseReadError', code: '42P01' });
    expect(result.missing?.message).toMatch(/no_such_table/);
  });
});
