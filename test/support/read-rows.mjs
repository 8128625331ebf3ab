// Reads the same rows through readRows (the driver adapter) and through Prisma's $queryRaw, and
// prints what each gave as JSON, for read-rows.test.ts; likewise every kind's detail rows, read by
// the kind's loadDetails and by the Prisma client. Run as `node read-rows.mjs` with the
// database in the environment (DATA_DIR or DATABASE_URL), over the built server (npm run build).
import { createRequire } from 'node:module';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const load = createRequire(import.meta.url);
const dist = (file) => load(path.resolve(import.meta.dirname, '..', '..', 'dist', file));
const { loadConfig } = dist('src/config.js');
const { openDatabase, readRows } = dist('src/db/client.js');
const { Prisma } = dist('src/generated/prisma/client.js');
const { KIND_LIST, camelKind } = dist('src/kinds/index.js');

const typeOf = (value) =>
  value instanceof Date ? 'date' : Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;

const failure = async (read) => {
  try {
    await read();
    return null;
  } catch (error) {
    return { name: error.name, code: error.code ?? null, message: error.message };
  }
};

const database = await openDatabase(loadConfig().database);
const { db } = database;

/** Per kind with a detail table: how many detail rows, and whether loadDetails gives Prisma's rows. */
async function detailsBothWays() {
  const byEntryId = (rows) => [...rows].sort((a, b) => a.entryId.localeCompare(b.entryId));
  const details = {};
  for (const kind of KIND_LIST.filter((k) => k.loadDetails)) {
    const ids = (await db.entry.findMany({ where: { kind: kind.kind }, select: { id: true } })).map(
      (e) => e.id,
    );
    const direct = byEntryId(await kind.loadDetails(db, ids));
    const prisma = byEntryId(await db[camelKind(kind.kind)].findMany({ where: { entryId: { in: ids } } }));
    details[kind.kind] = { rows: direct.length, equal: isDeepStrictEqual(direct, prisma) };
  }
  return details;
}
try {
  const query = Prisma.sql`
    SELECT e.id::text, e.kind::text, e.slug, e.title, e.aliases, e.revision, e.created_at AS "createdAt",
           e.updated_at AS "updatedAt", e.revision::int8 AS "bigRevision",
           json_build_object('slug', e.slug, 'n', 1) AS doc, ${['x', 'y']}::text[] AS list,
           ${3}::int AS three, ${0.5}::float8 AS half, ${true}::boolean AS yes, NULL::text AS nothing
    FROM entry e WHERE e.slug = ANY(${['bulkhead', 'circuit-breaker', 'no-such-entry']}::text[])
    ORDER BY e.slug`;
  const direct = await readRows(db, query);
  const prisma = await db.$queryRaw(query);
  const result = {
    rows: direct.length,
    equal: isDeepStrictEqual(direct, prisma),
    types: Object.fromEntries(Object.entries(direct[0] ?? {}).map(([key, value]) => [key, typeOf(value)])),
    unmapped: await failure(() => readRows(db, Prisma.sql`SELECT 1.5::numeric AS n`)),
    missing: await failure(() => readRows(db, Prisma.sql`SELECT * FROM no_such_table`)),
    details: await detailsBothWays(),
  };
  process.stdout.write(JSON.stringify(result));
} finally {
  await database.close();
}
